//! Output: where it goes, colour, tables, JSON and warnings.

use std::io::{self, IsTerminal, Write};

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use crate::resolve::Env;

/// How this run prints: terminals, colour, and the two output streams.
#[derive(Clone, Copy, Debug)]
pub struct Terminal {
    /// Whether stdout is a terminal.
    pub stdout: bool,
    /// Whether stdin is a terminal (prompts are allowed).
    pub stdin: bool,
    /// Whether stderr is a terminal.
    pub stderr: bool,
    /// Whether to use colour on stdout: a terminal, and `NO_COLOR` unset or empty.
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
            color: stdout && env.non_empty("NO_COLOR").is_none(),
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

/// A borderless table of aligned columns: a leading space, columns separated by two
/// spaces, no trailing spaces, a bold header on colour terminals.
///
/// Written here rather than with comfy-table: for the 10,000-profile lists of SSO
/// organisations comfy-table spent 50 ms (200M instructions) building per-cell objects
/// for borders we do not draw; this writes the same text in a fraction of that.
pub struct Table<'a> {
    header: Vec<&'a str>,
    rows: Vec<Vec<(Cow<'a, str>, Style)>>,
    color: bool,
}

impl<'a> Table<'a> {
    /// A table with these column titles.
    pub fn new(header: &[&'a str], color: bool) -> Table<'a> {
        Table {
            header: header.to_vec(),
            rows: Vec::new(),
            color,
        }
    }

    /// Adds a row of plain cells.
    pub fn row<I, T>(&mut self, cells: I)
    where
        I: IntoIterator<Item = T>,
        T: Into<Cow<'a, str>>,
    {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| (c.into(), Style::Plain))
                .collect(),
        );
    }

    /// Adds a row of cells with their styles.
    pub fn styled_row(&mut self, cells: Vec<(Cow<'a, str>, Style)>) {
        self.rows.push(cells);
    }

    /// Writes the table.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (width, (cell, _)) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.width());
            }
        }
        let mut line = String::new();
        let header: Vec<(Cow<'_, str>, Style)> = self
            .header
            .iter()
            .map(|h| (Cow::Borrowed(*h), Style::Plain))
            .collect();
        for (index, row) in std::iter::once(&header).chain(&self.rows).enumerate() {
            line.clear();
            for (column, (cell, style)) in row.iter().enumerate().take(columns) {
                line.push(' ');
                let (open, close) = match (self.color && !cell.is_empty(), index, style) {
                    (false, _, _) => ("", ""),
                    (true, 0, _) => ("\x1b[1m", "\x1b[0m"),
                    (true, _, Style::Highlight) => ("\x1b[1;32m", "\x1b[0m"),
                    (true, _, Style::Plain) => ("", ""),
                };
                line.push_str(open);
                line.push_str(cell);
                line.push_str(close);
                let pad = widths[column] - cell.width();
                line.extend(std::iter::repeat_n(' ', pad + 1));
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// Writes pretty JSON and a final newline.
pub fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
