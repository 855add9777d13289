//! Files generated from the clap definitions and committed: completion scripts
//! (`completions/`) and man pages (`man/`). A test fails when the committed copies are stale.

use clap::Command;
use clap_complete::Shell;
use clap_mangen::Man;

use crate::cli;

/// The shells with a committed static completion script, and the file name of each.
pub const COMPLETION_FILES: [(Shell, &str); 5] = [
    (Shell::Bash, "awsprof.bash"),
    (Shell::Zsh, "_awsprof"),
    (Shell::Fish, "awsprof.fish"),
    (Shell::PowerShell, "_awsprof.ps1"),
    (Shell::Elvish, "awsprof.elv"),
];

/// The static completion script for a shell.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut command = cli::command();
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut command, "awsprof", &mut buffer);
    buffer
}

/// Every man page: `awsprof.1` and one `awsprof-SUBCOMMAND.1` per subcommand, each with
/// its SYNOPSIS as typed (`awsprof add ...`), the global options, NOTES and EXAMPLES
/// sections from the help text (examples unwrapped), and SEE ALSO.
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    // Built first, so that each subcommand knows its full name and the global options.
    // `awsprof help` is clap's and has no page of its own.
    let mut command = cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = vec![("awsprof.1".to_string(), man_page(&command)?)];
    for sub in command.get_subcommands() {
        let title = format!("awsprof-{}", sub.get_name());
        pages.push((format!("{title}.1"), man_page(sub)?));
    }
    Ok(pages)
}

/// One man page. The `after_help` text becomes NOTES (before its `Examples:` line) and
/// EXAMPLES (after it, one command per line, never filled or wrapped).
fn man_page(command: &Command) -> std::io::Result<Vec<u8>> {
    let after_help = command
        .get_after_help()
        .map(|text| text.to_string())
        .unwrap_or_default();
    let (notes, examples) = match after_help.split_once("Examples:\n") {
        Some((notes, examples)) => (notes.trim(), examples),
        None => (after_help.trim(), ""),
    };
    let man = Man::new(command.clone()).source(concat!("awsprof ", env!("CARGO_PKG_VERSION")));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if command.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    let subcommands: Vec<&str> = command.get_subcommands().map(Command::get_name).collect();
    if !subcommands.is_empty() {
        man.render_subcommands_section(&mut page)?;
    }
    if !notes.is_empty() {
        page.extend_from_slice(b".SH NOTES\n");
        for paragraph in notes.split("\n\n") {
            page.extend_from_slice(b".PP\n");
            for line in paragraph.lines() {
                page.extend_from_slice(roff_line(line.trim()).as_bytes());
            }
        }
    }
    if !examples.trim().is_empty() {
        page.extend_from_slice(b".SH EXAMPLES\n.nf\n");
        for line in examples.lines() {
            page.extend_from_slice(roff_line(line.trim()).as_bytes());
        }
        page.extend_from_slice(b".fi\n");
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    page.extend_from_slice(b".SH \"SEE ALSO\"\n");
    let see_also: Vec<String> = if subcommands.is_empty() {
        vec!["awsprof(1)".to_string()]
    } else {
        subcommands
            .iter()
            .map(|name| format!("awsprof\\-{name}(1)"))
            .collect()
    };
    page.extend_from_slice(format!("{}\n", see_also.join(", ")).as_bytes());
    Ok(page)
}

/// A line of text for roff: backslashes and dashes escaped, and a leading `.` or `'` kept
/// from being read as a request.
fn roff_line(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}\n")
    } else {
        format!("{escaped}\n")
    }
}
