//! A seam for the tests of crash safety, compiled into debug builds only: every step of a
//! write that changes the disk first calls [`point`], which the `AWSPROF_TEST_FAULT`
//! variable can turn into a crash (SIGKILL at the N-th step of the run) or an OS error
//! (EIO, ENOSPC, EACCES) at a named step. Release builds have no such variable: there
//! [`point`] does nothing and compiles away.
//!
//! The variable holds comma-separated rules:
//! - `crash@N`: the process kills itself (SIGKILL) at its N-th step (1-based);
//! - `STEP:FILE=ERROR`: the first time STEP is reached for the file named FILE (its file
//!   name, for example `config`), it fails with ERROR (`EIO`, `ENOSPC` or `EACCES`).
//!
//! Steps: `read`, `create`, `write`, `fsync`, `rename`, `sync-dir` (writing one file);
//! `journal` (writing the journal beside a file), `finish` (deleting it), `settle`
//! (recovering an interrupted edit).

use std::io;
use std::path::Path;

/// A step of a write is about to run on the file at `path`.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn point(_step: &str, _path: &Path) -> io::Result<()> {
    Ok(())
}

/// A step of a write is about to run on the file at `path`: crashes or fails here when the
/// `AWSPROF_TEST_FAULT` variable says so.
#[cfg(debug_assertions)]
pub fn point(step: &str, path: &Path) -> io::Result<()> {
    seam::point(step, path)
}

#[cfg(debug_assertions)]
mod seam {
    use std::io;
    use std::path::Path;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// The variable the tests set.
    const VARIABLE: &str = "AWSPROF_TEST_FAULT";

    /// How many steps this process has reached.
    static STEPS: AtomicU64 = AtomicU64::new(0);

    /// The error rules not yet used: (step, file name, OS error number).
    static ERRORS: Mutex<Option<Vec<(String, String, i32)>>> = Mutex::new(None);

    pub fn point(step: &str, path: &Path) -> io::Result<()> {
        let Some(rules) = std::env::var_os(VARIABLE) else {
            return Ok(());
        };
        let rules = rules.to_string_lossy();
        let reached = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
        let crash_at = rules
            .split(',')
            .filter_map(|rule| rule.strip_prefix("crash@")?.parse::<u64>().ok());
        for at in crash_at {
            if at == reached {
                crash();
            }
        }
        let file = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut errors = ERRORS.lock().unwrap_or_else(|poison| poison.into_inner());
        let errors = errors.get_or_insert_with(|| parse_errors(&rules));
        match errors
            .iter()
            .position(|(at, name, _)| at == step && *name == file)
        {
            Some(index) => Err(io::Error::from_raw_os_error(errors.remove(index).2)),
            None => Ok(()),
        }
    }

    fn parse_errors(rules: &str) -> Vec<(String, String, i32)> {
        rules
            .split(',')
            .filter_map(|rule| {
                let (place, error) = rule.split_once('=')?;
                let (step, file) = place.split_once(':')?;
                let code = match error {
                    "EIO" => libc::EIO,
                    "ENOSPC" => libc::ENOSPC,
                    "EACCES" => libc::EACCES,
                    _ => return None,
                };
                Some((step.to_string(), file.to_string(), code))
            })
            .collect()
    }

    /// Dies at once, as a `kill -9` or a power cut would stop the process.
    fn crash() -> ! {
        // SAFETY: kill and getpid have no preconditions.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        unreachable!("SIGKILL cannot be caught")
    }
}
