//! Output: where it goes, colour, tables, JSON and warnings.

use std::io::{self, IsTerminal, Write};

use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};

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

/// A table with our look: no borders, bold header when colour is on.
pub fn table(header: &[&str], color: bool) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(header.iter().map(|title| {
        let cell = Cell::new(title);
        if color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    table
}

/// Writes a table, trimming the trailing spaces comfy-table pads lines with.
pub fn write_table(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes pretty JSON and a final newline.
pub fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
