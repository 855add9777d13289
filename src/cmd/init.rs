//! `awsprof init SHELL`: the shell integration: a wrapper so that `awsprof use NAME`
//! switches the current shell, and completion with live profile names.

use std::io::Write;

use anyhow::{Context as _, Result};
use clap_complete::env::Shells;

use super::Context;
use crate::cli::{COMPLETE_VAR, InitArgs};
use crate::shell::InitShell;

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
    let registration = String::from_utf8_lossy(&registration);
    match args.shell {
        InitShell::Zsh => script.push_str(&zsh_without_compinit(&registration)),
        _ => script.push_str(&registration),
    }
    out.write_all(script.as_bytes())?;
    Ok(())
}

/// clap_complete's zsh registration ends with `compdef`, which exists only after `compinit`
/// has run: in a zsh without it (or with the init line above `compinit` in ~/.zshrc) every
/// start printed `command not found: compdef`. The `compdef` line is therefore run at once
/// when it can be, else at the first prompt, after the rest of ~/.zshrc; when nothing ran
/// `compinit` by then (a ~/.zshrc with only this line, as many distributions ship zsh),
/// the hook runs it, so completion works without a line of the user's own.
fn zsh_without_compinit(registration: &str) -> String {
    let mut script = String::new();
    for line in registration.lines() {
        match line.strip_prefix("compdef ") {
            Some(arguments) => script.push_str(&format!(
                "_awsprof_compdef() {{\n  \
                 if (( ! $+functions[compdef] )); then\n    \
                 autoload -Uz compinit && compinit -i || return 0\n  \
                 fi\n  \
                 compdef {arguments}\n  \
                 add-zsh-hook -d precmd _awsprof_compdef 2>/dev/null\n  \
                 unfunction _awsprof_compdef\n}}\n\
                 if (( $+functions[compdef] )); then\n  \
                 _awsprof_compdef\n\
                 else\n  \
                 autoload -Uz add-zsh-hook && add-zsh-hook precmd _awsprof_compdef\n\
                 fi\n"
            )),
            None => {
                script.push_str(line);
                script.push('\n');
            }
        }
    }
    script
}
