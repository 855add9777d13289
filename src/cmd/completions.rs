//! `awsprof completions SHELL`: a static completion script, generated from the clap
//! definitions (the same text as the committed `completions/` folder).

use std::io::Write;

use anyhow::Result;

use super::Context;
use crate::cli::CompletionsArgs;
use crate::cli::generate;

/// Runs `awsprof completions`.
pub fn run(_context: &Context, args: &CompletionsArgs, out: &mut dyn Write) -> Result<()> {
    out.write_all(&generate::completion_script(args.shell))?;
    Ok(())
}
