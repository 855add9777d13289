//! `awsprof use NAME`: shell code that makes NAME the profile of the current shell.

use std::io::Write;

use anyhow::Result;

use super::Context;
use crate::cli::UseArgs;
use crate::output;
use crate::shell::Shell;

/// Variables that would beat `AWS_PROFILE`, unset on a switch (`AWS_SECURITY_TOKEN` is
/// botocore's older name of the session token, which it reads first).
const OVERRIDING: [&str; 5] = [
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
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
            let profile_region = context.with_profile(name, |_, profile| {
                Ok(profile.get("region").map(str::to_string))
            })?;
            lines.push(shell.set("AWS_PROFILE", name)?);
            lines.extend(OVERRIDING.iter().map(|var| shell.unset(var)));
            if let Some(region) = context.env.non_empty("AWS_DEFAULT_REGION")
                && let Some(own) = profile_region.filter(|own| own != region)
            {
                output::hint(format_args!(
                    "AWS_DEFAULT_REGION={region} is set and beats the region {own} of profile \
                     {name:?}; unset it to use the profile's"
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
    if !context.terminal.stdout {
        // Said on stderr, which the shell integration's `$(...)` leaves on the screen.
        match args.name.as_deref().filter(|_| !args.unset) {
            Some(name) => eprintln!("awsprof: now using profile {name:?} (AWS_PROFILE={name})"),
            None => eprintln!("awsprof: back to profile \"default\" (AWS_PROFILE unset)"),
        }
    } else {
        output::hint(
            "this is shell code: run eval \"$(awsprof use NAME)\", or add the line from \
             `awsprof init --help` to your shell's start-up file so that `awsprof use NAME` \
             switches the shell directly",
        );
    }
    Ok(())
}
