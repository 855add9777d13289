//! `awsprof man`: the man pages, built into the binary so that `cargo install` users have
//! them: print one (`awsprof man add | man -l -`) or install them all into a folder.

use std::io::Write;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::ManArgs;
use crate::cli::generate::man_pages;

/// Runs `awsprof man`.
pub fn run(_context: &Context, args: &ManArgs, out: &mut dyn Write) -> Result<()> {
    let pages = man_pages()?;
    if let Some(dir) = &args.install {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
        for (name, page) in &pages {
            let path = dir.join(name);
            std::fs::write(&path, page)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        writeln!(
            out,
            "Installed {} man pages in {}; try: man awsprof",
            pages.len(),
            dir.display()
        )?;
        return Ok(());
    }
    let wanted = match &args.command {
        Some(command) => format!("awsprof-{command}.1"),
        None => "awsprof.1".to_string(),
    };
    let Some((_, page)) = pages.iter().find(|(name, _)| *name == wanted) else {
        bail!(
            "there is no subcommand {:?}; see awsprof --help",
            args.command.as_deref().unwrap_or_default()
        );
    };
    out.write_all(page)?;
    Ok(())
}
