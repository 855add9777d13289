//! awsprof: manage AWS named profiles in `~/.aws/credentials` and `~/.aws/config`.
//!
//! The layers, top down; each imports only from the layers below it:
//! - [`cmd`]: one module per subcommand, and the dispatch;
//! - [`cli`]: the command line (clap types, completion candidates, man pages);
//! - [`aws`]: the network: carries out the resolver's plan (STS, `credential_process`, MFA,
//!   the AWS CLI's credential cache, endpoints);
//! - [`lint`]: the `doctor` checks;
//! - [`resolve`]: offline, which profile and which credential source botocore would use;
//! - [`legacy`]: the boto files and IAM console CSVs that `import` migrates;
//! - [`store`]: everything that touches the disk (locations, locks, atomic commits);
//! - [`profiles`]: what the sections mean to the AWS SDKs, and every edit rule and value check;
//! - [`ini`]: the lossless document model of the AWS INI dialect, no I/O.
//!
//! Beside them, used by any layer: [`env`](mod@env) (the environment snapshot), [`output`] (stderr
//! messages, tables, JSON), [`shell`] (quoting for each shell), [`secret`] (masks) and
//! [`terminal`] (questions on a terminal, with the Ctrl-C guard).

#![warn(missing_docs)]

#[cfg(not(unix))]
compile_error!(
    "awsprof builds on Unix only (Linux, macOS, the BSDs): its store relies on Unix file \
     modes, ownership and O_NOFOLLOW to keep the AWS files safe. See README, \"Platforms\"."
);

pub mod aws;
pub mod cli;
pub mod cmd;
pub mod env;
pub mod ini;
pub mod legacy;
pub mod lint;
pub mod output;
pub mod profiles;
pub mod resolve;
pub mod secret;
pub mod shell;
pub mod store;
pub mod terminal;

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
        .var(cli::COMPLETE_VAR)
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
            let message = format!("{error:#}");
            let _ = writeln!(
                io::stderr(),
                "awsprof: error: {}",
                output::visible(&message)
            );
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
