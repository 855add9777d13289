//! The `awsprof` binary: parse the command line, run it, report errors.

use std::process::ExitCode;

fn main() -> ExitCode {
    awsprof::main_with_args(std::env::args_os())
}
