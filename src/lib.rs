//! awsprof: manage AWS named profiles in `~/.aws/credentials` and `~/.aws/config`.
//!
//! The layers, bottom up: [`ini`] (the lossless document model, no I/O), [`profiles`] (what
//! the sections mean to the AWS SDKs), [`store`] (paths, lock, atomic writes), [`resolve`]
//! (which profile and credentials are in force), [`cmd`] (one module per subcommand) and
//! [`cli`] (the clap definitions).

pub mod boto;
pub mod cli;
pub mod cmd;
pub mod edit;
pub mod generate;
pub mod iam_csv;
pub mod ini;
pub mod lint;
pub mod output;
pub mod profiles;
pub mod resolve;
pub mod secret;
pub mod shell;
pub mod store;
pub mod validate;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

/// Runs awsprof with the given arguments (the first is the program name) and returns the
/// exit code: 0 success, 1 failure, 2 bad usage. Errors go to stderr as `awsprof: error: ...`.
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    // Shell completion requests (`COMPLETE=bash awsprof -- ...`) are answered first.
    let completion = clap_complete::CompleteEnv::with_factory(cli::command)
        .var(cmd::COMPLETE_VAR)
        .try_complete(args.clone(), std::env::current_dir().ok().as_deref());
    match completion {
        Ok(true) => return ExitCode::SUCCESS,
        Ok(false) => {}
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(2);
        }
    }
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match cmd::run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(io::stderr(), "awsprof: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether an error is only the reader of our output going away (`awsprof list | head -1`),
/// which is no failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
