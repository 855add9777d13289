//! `awsprof exec NAME -- CMD ...`: runs CMD with the variables `export` would set, and
//! without `AWS_PROFILE`/`AWS_DEFAULT_PROFILE`. On Unix awsprof replaces itself with the
//! command, so signals and the exit code pass straight through.

use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::{Result, bail};

use super::Context;
use super::fetch;
use crate::cli::ExecArgs;

/// Runs `awsprof exec`; returns only when the command could not be started.
pub fn run(context: &Context, args: &ExecArgs) -> Result<()> {
    let fetched = fetch::fetch(context, Some(&args.name), &args.fetch)?;
    let Some((program, arguments)) = args.command.split_first() else {
        bail!(
            "no command given; write it after `--`: awsprof exec {} -- CMD",
            args.name
        );
    };
    let mut command = Command::new(program);
    command.args(arguments);
    command
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_DEFAULT_PROFILE");
    for (name, value) in fetched.variables() {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let error = command.exec();
    bail!("cannot run {}: {error}", program.to_string_lossy())
}
