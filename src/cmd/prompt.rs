//! Where answers come from: questions on a terminal and lines on stdin, each written once.
//!
//! On a terminal every question is asked again after a bad answer (the error says why),
//! secrets are read without echo, and Ctrl-C restores the terminal and exits 130 before
//! anything is written. Prompts go to stderr, so stdout stays clean for scripts.

use std::io::{self, Read, Write};

use anyhow::{Context as _, Result, bail};

use crate::secret::{ExposeSecret, SecretString};
pub use crate::terminal::Echo;

/// Asks `question` on the terminal until `check` accepts the answer (which may be empty:
/// `check` decides what Enter means). A rejected answer prints the reason and asks again.
pub fn ask(question: &str, echo: Echo, check: impl Fn(&str) -> Result<()>) -> Result<SecretString> {
    loop {
        let answer = read_answer(question, echo)?;
        match check(answer.expose_secret()) {
            Ok(()) => return Ok(answer),
            Err(error) => eprintln!("awsprof: {error:#}; try again"),
        }
    }
}

/// Asks a yes/no question that needs a whole answer line: `y` or `yes` (then Enter) is yes,
/// `n`, `no` or an empty line is no, anything else asks again.
pub fn confirm(question: &str) -> Result<bool> {
    loop {
        let answer = read_answer(&format!("{question} [y/N]"), Echo::Shown)?;
        match answer.expose_secret().trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(true),
            "" | "n" | "no" => return Ok(false),
            _ => eprintln!("awsprof: answer y or yes to go ahead, or n, no or Enter to stop"),
        }
    }
}

/// The first `count` lines of stdin (fewer when stdin has fewer), each without its line
/// ending (`\n` or `\r\n`). Read whole, so a writer never blocks on a full pipe.
pub fn stdin_lines(count: usize) -> Result<Vec<SecretString>> {
    let mut input = String::new();
    io::stdin()
        .read_to_string(&mut input)
        .context("cannot read stdin")?;
    let input = SecretString::from(input);
    Ok(input
        .expose_secret()
        .split_inclusive('\n')
        .take(count)
        .map(|line| {
            let line = line.strip_suffix('\n').unwrap_or(line);
            SecretString::from(line.strip_suffix('\r').unwrap_or(line))
        })
        .collect())
}

/// Reads one line from the terminal after showing `question` on stderr.
fn read_answer(question: &str, echo: Echo) -> Result<SecretString> {
    let mut stderr = io::stderr();
    write!(stderr, "{question}: ")?;
    stderr.flush()?;
    let line = crate::terminal::read_line(&mut io::stdin().lock(), echo)
        .context("cannot read the answer from the terminal")?;
    match line {
        Some(line) => Ok(line),
        None => bail!("no answer (end of input); nothing was written"),
    }
}
