//! `awsprof get NAME KEY`: one property, as the AWS SDKs merge the files.

use std::io::Write;

use anyhow::{Result, bail};

use super::{Context, find_profile};
use crate::cli::GetArgs;
use crate::profiles::is_secret_key;
use crate::secret::SECRET_MASK;

/// Runs `awsprof get`.
pub fn run(context: &Context, args: &GetArgs, out: &mut dyn Write) -> Result<()> {
    let files = context.load()?;
    let set = context.profiles(&files);
    let profile = find_profile(&set, &args.name)?;
    let Some(value) = profile.properties.get(&args.key.to_ascii_lowercase()) else {
        bail!("profile {:?} has no {}", args.name, args.key);
    };
    if is_secret_key(&args.key) && !args.reveal {
        writeln!(out, "{SECRET_MASK}")?;
        crate::output::hint("the value is a secret; pass --reveal to print it");
        return Ok(());
    }
    match value.sub_properties() {
        Some(pairs) => {
            for (key, sub_value) in pairs {
                writeln!(out, "{key} = {sub_value}")?;
            }
        }
        None => writeln!(out, "{}", value.text)?,
    }
    Ok(())
}
