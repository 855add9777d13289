//! Questions on a terminal, shared by the commands' prompts and the MFA prompt: one line
//! read byte by byte with echo, line editing and signals switched off, so that a hidden
//! answer is never echoed (even when pasted) and Ctrl-C can restore the terminal before
//! the process exits 130.

pub mod interrupt;

/// Whether the answer is shown as it is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Echo {
    /// Shown, as for a region.
    Shown,
    /// Hidden, as for a secret.
    Hidden,
}

use std::io::{self, Read, Write};
use std::os::fd::{AsFd, BorrowedFd};

use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex, Termios};

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
pub fn read_line(
    terminal: &mut (impl Read + AsFd),
    echo: Echo,
) -> io::Result<Option<SecretString>> {
    // A SIGINT from elsewhere (kill -INT) still restores the terminal and exits 130.
    let _interrupt = interrupt::PromptGuard::install();
    let original = termios::tcgetattr(terminal.as_fd())?;
    let mut raw = original.clone();
    raw.local_modes
        .remove(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG | LocalModes::IEXTEN);
    raw.special_codes[SpecialCodeIndex::VMIN] = 1;
    raw.special_codes[SpecialCodeIndex::VTIME] = 0;
    // A duplicate of the descriptor restores the settings while `terminal` is read.
    let fd = terminal.as_fd().try_clone_to_owned()?;
    termios::tcsetattr(&fd, OptionalActions::Now, &raw)?;
    let restore = Restore {
        fd: fd.as_fd(),
        original,
    };
    let input = terminal;
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
            0x1b => skip_escape_sequence(input)?,
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
