//! Where answers come from: questions on a terminal and lines on stdin, each written once.
//!
//! On a terminal every question is asked again after a bad answer (the error says why),
//! secrets are read without echo, and Ctrl-C restores the terminal and exits 130 before
//! anything is written. Prompts go to stderr, so stdout stays clean for scripts.

use std::io::{self, Read, Write};

use anyhow::{Context as _, Result, bail};

use crate::secret::{ExposeSecret, SecretString};

/// Whether the answer is shown as it is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Echo {
    /// Shown, as for a region.
    Shown,
    /// Hidden, as for a secret.
    Hidden,
}

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
    let line = terminal::read_line(echo).context("cannot read the answer from the terminal")?;
    match line {
        Some(line) => Ok(line),
        None => bail!("no answer (end of input); nothing was written"),
    }
}

#[cfg(unix)]
mod terminal {
    //! One line from the terminal on stdin, read byte by byte with echo, line editing and
    //! signals switched off, so that a hidden answer is never echoed (even when pasted)
    //! and Ctrl-C can restore the terminal before the process exits.

    use std::io::{self, Read, Write};
    use std::os::fd::{AsFd, BorrowedFd};

    use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex, Termios};

    use super::Echo;
    use crate::secret::SecretString;

    /// The exit code after Ctrl-C (128 + SIGINT), as shells report it.
    const INTERRUPTED: i32 = 130;

    /// Puts the terminal back as it was when dropped.
    struct Restore<'fd> {
        fd: BorrowedFd<'fd>,
        original: Termios,
    }

    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            let _ = termios::tcsetattr(self.fd, OptionalActions::Now, &self.original);
        }
    }

    /// Reads a line: Enter ends it, Backspace and Ctrl-U edit it, escape sequences (arrow
    /// keys, bracketed paste markers) are dropped, Ctrl-D on an empty line is end of input
    /// (`None`), Ctrl-C exits 130.
    pub fn read_line(echo: Echo) -> io::Result<Option<SecretString>> {
        // A SIGINT from elsewhere (kill -INT) still restores the terminal and exits 130.
        let _interrupt = crate::cmd::interrupt::PromptGuard::install();
        let stdin = io::stdin();
        let fd = stdin.as_fd();
        let original = termios::tcgetattr(fd)?;
        let mut raw = original.clone();
        raw.local_modes
            .remove(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG | LocalModes::IEXTEN);
        raw.special_codes[SpecialCodeIndex::VMIN] = 1;
        raw.special_codes[SpecialCodeIndex::VTIME] = 0;
        termios::tcsetattr(fd, OptionalActions::Now, &raw)?;
        let restore = Restore { fd, original };

        let mut input = stdin.lock();
        let mut stderr = io::stderr();
        let mut line: Vec<u8> = Vec::new();
        let mut byte = [0u8; 1];
        loop {
            if input.read(&mut byte)? == 0 {
                break;
            }
            match byte[0] {
                b'\r' | b'\n' => break,
                0x03 => {
                    drop(restore);
                    let _ = writeln!(stderr);
                    let _ = writeln!(stderr, "awsprof: interrupted; nothing was written");
                    std::process::exit(INTERRUPTED);
                }
                0x04 if line.is_empty() => {
                    let _ = writeln!(stderr);
                    return Ok(None);
                }
                0x7f | 0x08 => {
                    if pop_char(&mut line) && echo == Echo::Shown {
                        stderr.write_all(b"\x08 \x08")?;
                    }
                }
                0x15 => {
                    while pop_char(&mut line) {
                        if echo == Echo::Shown {
                            stderr.write_all(b"\x08 \x08")?;
                        }
                    }
                }
                0x1b => skip_escape_sequence(&mut input)?,
                c if c < 0x20 => {}
                c => {
                    line.push(c);
                    if echo == Echo::Shown {
                        stderr.write_all(&[c])?;
                    }
                }
            }
            stderr.flush()?;
        }
        drop(restore);
        writeln!(stderr)?;
        let text = match String::from_utf8(line) {
            Ok(text) => text,
            Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
        };
        Ok(Some(SecretString::from(text)))
    }

    /// Removes the last character (all its UTF-8 bytes); whether there was one.
    fn pop_char(line: &mut Vec<u8>) -> bool {
        let Some(last) = line.iter().rposition(|b| b & 0xc0 != 0x80) else {
            line.clear();
            return false;
        };
        line.truncate(last);
        true
    }

    /// Drops the rest of an escape sequence: `ESC [ ... final` or `ESC O final`.
    fn skip_escape_sequence(input: &mut impl Read) -> io::Result<()> {
        let mut byte = [0u8; 1];
        if input.read(&mut byte)? == 0 || !matches!(byte[0], b'[' | b'O') {
            return Ok(());
        }
        while input.read(&mut byte)? == 1 {
            if (0x40..=0x7e).contains(&byte[0]) {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(not(unix))]
mod terminal {
    //! Outside Unix, answers are read as plain lines; hidden answers are refused rather
    //! than echoed.

    use std::io;

    use super::Echo;
    use crate::secret::SecretString;

    /// Reads a line from stdin; `None` at end of input.
    pub fn read_line(echo: Echo) -> io::Result<Option<SecretString>> {
        if echo == Echo::Hidden {
            return Err(io::Error::other(
                "hidden prompts need a Unix terminal; pipe the secret on stdin instead",
            ));
        }
        let mut line = String::new();
        if io::stdin().read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        Ok(Some(SecretString::from(line.to_string())))
    }
}
