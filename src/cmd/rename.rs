//! `awsprof rename OLD NEW`: both files, the attached comments (they move with the header,
//! which is rewritten in place), and every `source_profile = OLD`, in one locked update.

use std::io::Write;

use anyhow::{Result, bail};

use super::{Context, find_profile, warn_if_in_force};
use crate::cli::RenameArgs;
use crate::profiles::FileKind;
use crate::profiles::edit;
use crate::profiles::validate;

/// Runs `awsprof rename`.
pub fn run(context: &Context, args: &RenameArgs, out: &mut dyn Write) -> Result<()> {
    validate::profile_name(&args.new)?;
    let repointed = context.update(|files| {
        let set = files.profiles();
        find_profile(&set, &args.old)?;
        if args.new == args.old {
            bail!(
                "profile {:?} already has that name; give rename the new name as its second argument",
                args.old
            );
        }
        if set.get(&args.new).is_some() {
            bail!(
                "profile {:?} already exists; remove it first (awsprof remove {}) or pick another name",
                args.new,
                args.new
            );
        }
        let mut repointed = 0;
        for file in [FileKind::Credentials, FileKind::Config] {
            let document = files.get_mut(file);
            edit::rename_profile(document, file, &args.old, &args.new)?;
            repointed += edit::repoint_source_profile(document, file, &args.old, &args.new)?;
        }
        Ok(repointed)
    })?;
    warn_if_in_force(context, &args.old, "renamed");
    write!(out, "Renamed profile {:?} to {:?}", args.old, args.new)?;
    match repointed {
        0 => writeln!(out, ".")?,
        1 => writeln!(out, "; 1 source_profile now names it.")?,
        n => writeln!(out, "; {n} source_profile settings now name it.")?,
    }
    Ok(())
}
