//! `awsprof init SHELL`: the shell integration: a wrapper so that `awsprof use NAME`
//! switches the current shell, and completion with live profile names.

use std::io::Write;

use anyhow::{Context as _, Result};
use clap_complete::env::Shells;

use super::Context;
use crate::cli::{COMPLETE_VAR, InitArgs};

/// Runs `awsprof init`.
pub fn run(_context: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<()> {
    let mut script = args.shell.wrapper();
    let completer = std::env::current_exe()
        .context("cannot find the path of the awsprof binary for completion")?;
    let shells = Shells::builtins();
    let shell = shells
        .completer(args.shell.completion_name())
        .context("clap_complete does not know this shell")?;
    let mut registration = Vec::new();
    shell.write_registration(
        COMPLETE_VAR,
        "awsprof",
        "awsprof",
        &completer.to_string_lossy(),
        &mut registration,
    )?;
    script.push_str(&String::from_utf8_lossy(&registration));
    out.write_all(script.as_bytes())?;
    Ok(())
}
