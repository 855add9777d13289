//! `awsprof unset NAME KEY`: remove one property from every section of a profile.

use std::io::Write;

use anyhow::Result;

use super::{Context, checked_key, require_profile};
use crate::cli::UnsetArgs;
use crate::profiles::FileKind;
use crate::profiles::edit;

/// Runs `awsprof unset`.
pub fn run(context: &Context, args: &UnsetArgs, out: &mut dyn Write) -> Result<()> {
    let key = checked_key(&args.key, args.any_key)?;
    let removed = context.update(|files| {
        require_profile(files, &args.name)?;
        let mut removed = false;
        for file in [FileKind::Credentials, FileKind::Config] {
            removed |= edit::remove_properties(files.get_mut(file), file, &args.name, &[&key]);
        }
        Ok(removed)
    })?;
    if removed {
        writeln!(out, "Removed {key} from profile {:?}.", args.name)?;
    } else {
        writeln!(out, "Profile {:?} has no {key}; nothing to do.", args.name)?;
    }
    Ok(())
}
