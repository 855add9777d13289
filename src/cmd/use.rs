//! `awsprof use NAME`: shell code that makes NAME the profile of the current shell.

use std::io::Write;

use anyhow::Result;

use super::{Context, find_profile};
use crate::cli::UseArgs;
use crate::output;
use crate::shell::Shell;

/// Variables that would beat `AWS_PROFILE`, unset on a switch.
const OVERRIDING: [&str; 4] = [
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];

/// Runs `awsprof use`.
pub fn run(context: &Context, args: &UseArgs, out: &mut dyn Write) -> Result<()> {
    let shell = args.shell.unwrap_or_else(|| {
        context
            .env
            .non_empty("SHELL")
            .map_or(Shell::Sh, Shell::from_path)
    });
    let mut lines = Vec::new();
    match &args.name {
        Some(name) if !args.unset => {
            let files = context.load()?;
            let set = context.profiles(&files);
            let profile = find_profile(&set, name)?;
            lines.push(shell.set("AWS_PROFILE", name)?);
            lines.extend(OVERRIDING.iter().map(|var| shell.unset(var)));
            if let Some(region) = context.env.non_empty("AWS_DEFAULT_REGION")
                && profile.get("region").is_some_and(|own| own != region)
            {
                output::hint(format_args!(
                    "AWS_DEFAULT_REGION={region} is set and beats the region of profile {name:?}; \
                     unset it to use the profile's"
                ));
            }
        }
        _ => {
            lines.push(shell.unset("AWS_PROFILE"));
            lines.push(shell.unset("AWS_DEFAULT_PROFILE"));
        }
    }
    let mut code = lines.join("\n");
    code.push('\n');
    out.write_all(code.as_bytes())?;
    if context.terminal.stdout {
        output::hint(
            "this is shell code: run eval \"$(awsprof use NAME)\", or add the line from \
             `awsprof init --help` to your shell's start-up file so that `awsprof use NAME` \
             switches the shell directly",
        );
    }
    Ok(())
}
