//! Output: where it goes, colour, tables, JSON and warnings.

use std::io::{self, IsTerminal, Write};

use std::borrow::Cow;

use comfy_table::{ContentArrangement, Row, Table, presets};

use crate::env::Env;

/// How this run prints: terminals, colour, and the two output streams.
#[derive(Clone, Copy, Debug)]
pub struct Terminal {
    /// Whether stdout is a terminal.
    pub stdout: bool,
    /// Whether stdin is a terminal (prompts are allowed).
    pub stdin: bool,
    /// Whether stderr is a terminal.
    pub stderr: bool,
    /// Whether to use colour on stdout: a terminal, and no `NO_COLOR` variable (whatever
    /// its value: the contract says never when it is set).
    pub color: bool,
    /// The width tables must fit when stdout is a terminal: `COLUMNS` when set, else the
    /// terminal's; `None` when stdout is not a terminal (tables then print cells in full).
    pub width: Option<u16>,
}

impl Terminal {
    /// Detects terminals for this process.
    pub fn detect(env: &Env) -> Terminal {
        let stdout = io::stdout().is_terminal();
        Terminal {
            stdout,
            stdin: io::stdin().is_terminal(),
            stderr: io::stderr().is_terminal(),
            color: stdout && env.get("NO_COLOR").is_none(),
            width: stdout.then(|| terminal_width(env)),
        }
    }
}

/// The width of the terminal on stdout: `COLUMNS` when it holds a number, else the
/// terminal's own, else 80.
fn terminal_width(env: &Env) -> u16 {
    let from_env = env
        .get("COLUMNS")
        .and_then(|c| c.trim().parse::<u16>().ok());
    #[cfg(unix)]
    let from_terminal = rustix::termios::tcgetwinsize(io::stdout())
        .ok()
        .map(|size| size.ws_col)
        .filter(|&columns| columns > 0);
    #[cfg(not(unix))]
    let from_terminal = None;
    from_env.filter(|&c| c > 0).or(from_terminal).unwrap_or(80)
}

/// Prints a warning to stderr as `awsprof: warning: ...`.
pub fn warn(message: impl std::fmt::Display) {
    let _ = writeln!(
        io::stderr(),
        "awsprof: warning: {}",
        visible(&message.to_string())
    );
}

/// Prints a hint to stderr as `awsprof: hint: ...`.
pub fn hint(message: impl std::fmt::Display) {
    let _ = writeln!(
        io::stderr(),
        "awsprof: hint: {}",
        visible(&message.to_string())
    );
}

/// `text` with every control character but line breaks and tabs written as an escape
/// (`\u{1b}`). Messages carry what servers, processes and files said (an AWS error
/// message, a credential process's stderr); raw, an escape sequence there could rewrite
/// the screen or, through OSC 52, the clipboard the user pastes from next.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if hidden(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// How a cell is shown on a colour terminal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// As is.
    #[default]
    Plain,
    /// Bold green: the profile in force.
    Highlight,
}

/// Writes a borderless table (comfy-table's `NOTHING` preset): a leading space, columns
/// separated by two spaces, no trailing spaces, a bold header and the highlighted row in
/// bold green on colour terminals. On a terminal the table fits its width: long cells are
/// cut to one line ending in `…`; piped, every cell is printed in full.
pub fn write_table<R, const N: usize>(
    out: &mut dyn Write,
    header: [&str; N],
    rows: &[R],
    terminal: &Terminal,
    cells: impl Fn(&R) -> [(Cow<'_, str>, Style); N],
) -> io::Result<()> {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_header(header);
    let mut highlighted = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let cells = cells(row);
        if cells.iter().any(|(_, style)| *style == Style::Highlight) {
            highlighted.push(index);
        }
        let mut row = Row::from(cells.map(|(cell, _)| cell.into_owned()));
        if terminal.width.is_some() {
            row.max_height(1);
        }
        table.add_row(row);
    }
    match terminal.width {
        Some(width) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    let mut text = String::new();
    for (index, line) in table.lines().enumerate() {
        let line = line.trim_end();
        let (open, close) = match index {
            _ if !terminal.color || line.is_empty() => ("", ""),
            0 => ("\x1b[1m", "\x1b[0m"),
            row if highlighted.contains(&(row - 1)) => ("\x1b[1;32m", "\x1b[0m"),
            _ => ("", ""),
        };
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        text.push_str(indent);
        text.push_str(open);
        text.push_str(body);
        text.push_str(close);
        text.push('\n');
    }
    out.write_all(text.as_bytes())
}

/// Plain cells (no style) for [`write_table`].
pub fn plain<const N: usize>(cells: [&str; N]) -> [(Cow<'_, str>, Style); N] {
    cells.map(|cell| (Cow::Borrowed(cell), Style::Plain))
}

/// Writes pretty JSON and a final newline.
pub fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
