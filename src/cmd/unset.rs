//! `awsprof unset NAME KEY`: remove one property from every section of a profile.

use std::io::Write;

use anyhow::Result;

use super::{Context, find_profile};
use crate::cli::UnsetArgs;
use crate::profiles::FileKind;
use crate::profiles::edit;

/// Runs `awsprof unset`.
pub fn run(context: &Context, args: &UnsetArgs, out: &mut dyn Write) -> Result<()> {
    let removed = context.update(|files| {
        find_profile(&files.profiles(), &args.name)?;
        let mut removed = false;
        for file in [FileKind::Credentials, FileKind::Config] {
            removed |= edit::remove_properties(files.get_mut(file), file, &args.name, &[&args.key]);
        }
        Ok(removed)
    })?;
    if removed {
        writeln!(out, "Removed {} from profile {:?}.", args.key, args.name)?;
    } else {
        writeln!(
            out,
            "Profile {:?} has no {}; nothing to do.",
            args.name, args.key
        )?;
    }
    Ok(())
}
