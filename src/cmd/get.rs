//! `awsprof get NAME KEY`: one property, as the AWS SDKs merge the files.

use std::io::Write;

use anyhow::{Result, bail};

use super::{Context, checked_key};
use crate::cli::GetArgs;
use crate::profiles::is_secret_key;
use crate::secret::SECRET_MASK;

/// Runs `awsprof get`. A secret without `--reveal` is masked on a terminal and an error
/// otherwise, so that a script never captures the mask as if it were the secret.
pub fn run(context: &Context, args: &GetArgs, out: &mut dyn Write) -> Result<()> {
    let key = checked_key(&args.key, args.any_key)?;
    context.with_profile(&args.name, |_, profile| {
        let Some(value) = profile.properties.get(&key) else {
            bail!("profile {:?} has no {key}", args.name);
        };
        if is_secret_key(&key) && !args.reveal {
            if !context.terminal.stdout {
                bail!(
                    "{key} is a secret and stdout is not a terminal; pass --reveal to print \
                     it (a script would otherwise capture a mask)"
                );
            }
            writeln!(out, "{SECRET_MASK}")?;
            crate::output::hint("the value is a secret; pass --reveal to print it");
            return Ok(());
        }
        match value.sub_properties() {
            Some(pairs) => {
                for (sub_key, sub_value) in pairs {
                    writeln!(out, "{sub_key} = {sub_value}")?;
                }
            }
            None => writeln!(out, "{}", value.text)?,
        }
        Ok(())
    })
}
