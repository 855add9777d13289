//! `awsprof remove NAME`: delete a profile's sections from both files, each with the
//! comment block directly above its header. Asks first on a terminal (a whole answer line:
//! `y` or `yes`, then Enter).

use std::io::Write;

use anyhow::{Result, bail};

use super::{Context, prompt, require_profile, warn_if_in_force};
use crate::cli::RemoveArgs;
use crate::profiles::{self, FileKind, sections_naming};
use crate::store::Files;

/// Runs `awsprof remove`. `--force` does not ask either, as `rm -f` does not.
pub fn run(context: &Context, args: &RemoveArgs, out: &mut dyn Write) -> Result<()> {
    let asks = !args.yes && !args.force && context.terminal.stdin && context.terminal.stderr;
    if asks {
        // Before asking: fail early on an unknown or still-used profile. (Scripts skip this
        // read; the locked update checks again.)
        let files = context.load()?;
        check(&files, &args.name, args.force)?;
        warn_if_in_force(context, &args.name, "removing");
        let question = format!(
            "Remove profile {:?} from both files? Its keys cannot be recovered",
            args.name
        );
        if !prompt::confirm(&question)? {
            writeln!(out, "Kept profile {:?}; nothing was removed.", args.name)?;
            return Ok(());
        }
    }
    let removed_from = context.update(|files| {
        check(files, &args.name, args.force)?;
        let mut removed_from = Vec::new();
        for file in [FileKind::Credentials, FileKind::Config] {
            let document = files.get_mut(file);
            let mut removed = false;
            while let Some((section, _)) = sections_naming(document, file, &args.name).pop() {
                document.remove_section(&section);
                removed = true;
            }
            if removed {
                removed_from.push(file.as_str());
            }
        }
        Ok(removed_from)
    })?;
    writeln!(
        out,
        "Removed profile {:?} from the {} file{}.",
        args.name,
        removed_from.join(" and "),
        if removed_from.len() > 1 { "s" } else { "" }
    )?;
    if !asks {
        warn_if_in_force(context, &args.name, "removed");
    }
    Ok(())
}

/// Refuses an unknown profile (suggesting names), and one that others use as
/// `source_profile` unless forced.
fn check(files: &Files, name: &str, force: bool) -> Result<()> {
    require_profile(files, name)?;
    let users = profiles::source_profile_users(&files.config, &files.credentials, name);
    if !users.is_empty() && !force {
        bail!(
            "profile {name:?} is the source_profile of {}; change or remove {} first, or pass --force",
            users.join(", "),
            if users.len() == 1 { "it" } else { "them" }
        );
    }
    Ok(())
}
