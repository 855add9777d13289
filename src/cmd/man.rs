//! `awsprof man`: the man pages, built into the binary so that `cargo install` users have
//! them: show one (formatted by `man` on a terminal, as roff when piped) or install them
//! all into a folder.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::ManArgs;
use crate::cli::generate::man_pages;
use crate::output;

/// Runs `awsprof man`.
pub fn run(context: &Context, args: &ManArgs, out: &mut dyn Write) -> Result<()> {
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
            "Installed {} man pages in {}.",
            pages.len(),
            dir.display()
        )?;
        tell_how_to_read(dir);
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
    if context.terminal.stdout && show_with_man(page) {
        return Ok(());
    }
    out.write_all(page)?;
    Ok(())
}

/// Formats and pages `page` with the system's `man -l -` (man-db, mandoc). Returns
/// whether it did; without a `man` that reads a page from stdin, the caller prints the
/// roff source.
fn show_with_man(page: &[u8]) -> bool {
    let Ok(mut child) = Command::new("man")
        .args(["-l", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A reader that quits early (q in the pager) closes the pipe: not a failure.
        let _ = stdin.write_all(page);
    }
    child.wait().is_ok_and(|status| status.success())
}

/// Says how to read the installed pages: `man awsprof` when `man` already searches the
/// folder, else the `MANPATH` that makes it.
fn tell_how_to_read(dir: &Path) {
    // man searches the folder that holds the man1 folder.
    let root = match dir.file_name() {
        Some(name) if name == "man1" => dir.parent().unwrap_or(dir),
        _ => dir,
    };
    let searched = Command::new("manpath")
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|result| result.status.success())
        .map(|result| String::from_utf8_lossy(&result.stdout).into_owned());
    match searched {
        Some(paths) if paths.trim().split(':').any(|p| Path::new(p) == root) => {
            output::hint("read them with: man awsprof");
        }
        _ => output::hint(format_args!(
            "man does not search {} yet: add export MANPATH=\"{}:$MANPATH\" to your shell's \
             start-up file, then: man awsprof",
            root.display(),
            root.display()
        )),
    }
}
