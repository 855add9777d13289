//! Output: where it goes, colour, tables, JSON and warnings.

use std::io::{self, IsTerminal, Write};

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

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
        }
    }
}

/// Prints a warning to stderr as `awsprof: warning: ...`.
pub fn warn(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "awsprof: warning: {message}");
}

/// Prints a hint to stderr as `awsprof: hint: ...`.
pub fn hint(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "awsprof: hint: {message}");
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

/// Writes a borderless table of aligned columns: a leading space, columns separated by
/// two spaces, no trailing spaces, a bold header on colour terminals. `cells` gives a row's
/// cells; it is called twice per row (widths, then text), so no table is held in memory.
///
/// Written here rather than with comfy-table: for the 10,000-profile lists of SSO
/// organisations comfy-table spent 50 ms (200M instructions) building per-cell objects
/// for borders we do not draw; this writes the same text in a fraction of that.
pub fn write_table<R, const N: usize>(
    out: &mut dyn Write,
    header: [&str; N],
    rows: &[R],
    color: bool,
    cells: impl Fn(&R) -> [(Cow<'_, str>, Style); N],
) -> io::Result<()> {
    let mut widths = header.map(|title| title.width());
    for row in rows {
        for (width, (cell, _)) in widths.iter_mut().zip(cells(row)) {
            *width = (*width).max(cell.width());
        }
    }
    let mut line = String::new();
    let mut write_row = |row: [(Cow<'_, str>, Style); N], is_header: bool| -> io::Result<()> {
        line.clear();
        for (column, (cell, style)) in row.iter().enumerate() {
            line.push(' ');
            let (open, close) = match (color && !cell.is_empty(), is_header, style) {
                (false, _, _) => ("", ""),
                (true, true, _) => ("\x1b[1m", "\x1b[0m"),
                (true, false, Style::Highlight) => ("\x1b[1;32m", "\x1b[0m"),
                (true, false, Style::Plain) => ("", ""),
            };
            line.push_str(open);
            line.push_str(cell);
            line.push_str(close);
            let pad = widths[column] - cell.width();
            line.extend(std::iter::repeat_n(' ', pad + 1));
        }
        writeln!(out, "{}", line.trim_end())
    };
    write_row(
        header.map(|title| (Cow::Borrowed(title), Style::Plain)),
        true,
    )?;
    for row in rows {
        write_row(cells(row), false)?;
    }
    Ok(())
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
