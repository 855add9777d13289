//! Everything that touches the disk: where the files are, reading them, and the one
//! locked, atomic `update` operation every editing command goes through.

mod commit;
mod names;
mod paths;

use std::borrow::Cow;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub use commit::{NEW_DIR_MODE, NEW_FILE_MODE, resolve_symlinks};
pub use names::ProfileNames;
pub use paths::{
    Locations, NO_FILE, Overrides, Platform, expand_tilde, home_dir, is_no_file, locate,
    process_expand_tilde, process_home, process_locations,
};

use crate::ini::{Document, SyntaxError, is_valid_identifier};
use crate::profiles::{self, FileKind, ProfileSet};
use crate::secret::SECRET_MASK;

/// What can go wrong reading or writing the files. Each message says what, where and
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// The file is not UTF-8.
    #[error(
        "{path} is not valid UTF-8 (line {line}); awsprof reads and writes UTF-8 only, \
         so it leaves this file alone: re-save it as UTF-8"
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
    },
    /// A line that the AWS SDKs reject.
    #[error("{}", render_syntax_error(path, *file, error))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Which of the two files it is (a line in the credentials file may be a secret).
        file: FileKind,
        /// The line, column and message.
        error: SyntaxError,
    },
    /// Locking, writing or renaming failed; the original file is unchanged.
    #[error("cannot write {path}: {source} (the file is unchanged)")]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// The file is larger than awsprof reads (4 GiB).
    #[error("{0} is larger than 4 GiB, which is no AWS profile file; awsprof leaves it alone")]
    TooLarge(PathBuf),
    /// A location is "no file" (its variable is set but empty), which awsprof never writes.
    #[error(
        "{variable} is set but empty, so the AWS CLI reads no {file} file at all; awsprof will \
         not write one there either: unset {variable}, or set it to the file's path"
    )]
    NoFile {
        /// `AWS_CONFIG_FILE` or `AWS_SHARED_CREDENTIALS_FILE` (or its flag).
        variable: &'static str,
        /// `config` or `credentials`.
        file: &'static str,
    },
    /// Both locations name one file, which cannot hold both formats.
    #[error(
        "the config and credentials files are the same file ({0}); point AWS_CONFIG_FILE and \
         AWS_SHARED_CREDENTIALS_FILE at two different files"
    )]
    SameFile(PathBuf),
}

/// Shows a syntax error the way compilers do: location, the line, a caret, and the fix.
/// A line that holds or may hold a secret is shown as its key name only (see
/// [`shown_line`]): error output lands in terminals, CI logs and shell prompts.
fn render_syntax_error(path: &Path, file: FileKind, error: &SyntaxError) -> String {
    let number = error.line.to_string();
    let pad = " ".repeat(number.len());
    let caret = " ".repeat(error.column.saturating_sub(1));
    format!(
        "{message}\n{pad}--> {path}:{line}:{column}\n{pad} |\n{number} | {text}\n{pad} | {caret}^\n{pad} = help: \
         fix this line (properties are `key = value` inside a [section]); awsprof never \
         writes a file it cannot parse",
        message = error.message,
        path = path.display(),
        line = error.line,
        column = error.column,
        text = shown_line(file, error),
    )
}

/// What a syntax error shows of its line: the line itself, unless it holds a secret (its
/// key is a secret's) or may hold one (it is above the first section, where anything
/// pasted lands, or it is a credentials-file line without `=`, such as a pasted key).
/// Those show the key name, where there is one, and a mask.
fn shown_line(file: FileKind, error: &SyntaxError) -> Cow<'_, str> {
    const HIDDEN: &str = "(not shown: this line may hold a secret)";
    let text = error.text.as_str();
    if text.starts_with('[') {
        return Cow::Borrowed(text);
    }
    let key = text.split_once('=').map(|(key, _)| key.trim());
    let hidden = error.is_before_first_section()
        || match key {
            Some(key) => profiles::is_secret_key(key),
            None => file == FileKind::Credentials,
        };
    match key {
        _ if !hidden => Cow::Borrowed(text),
        Some(key) if is_valid_identifier(key) => {
            Cow::Owned(format!("{key} = {SECRET_MASK}  {HIDDEN}"))
        }
        _ => Cow::Borrowed(HIDDEN),
    }
}

/// Both documents, as read from disk.
#[derive(Clone, Debug, Default)]
pub struct Files {
    /// The config file.
    pub config: Document,
    /// The credentials file.
    pub credentials: Document,
}

impl Files {
    /// The document of one file.
    pub fn get(&self, file: FileKind) -> &Document {
        match file {
            FileKind::Config => &self.config,
            FileKind::Credentials => &self.credentials,
        }
    }

    /// The document of one file, for editing.
    pub fn get_mut(&mut self, file: FileKind) -> &mut Document {
        match file {
            FileKind::Config => &mut self.config,
            FileKind::Credentials => &mut self.credentials,
        }
    }

    /// The profiles both files define.
    pub fn profiles(&self) -> ProfileSet<'_> {
        profiles::read(&self.config, &self.credentials)
    }
}

/// The two files at their locations.
#[derive(Clone, Debug)]
pub struct Store {
    /// Where the files are.
    pub locations: Locations,
}

impl Store {
    /// A store over the given locations.
    pub fn new(locations: Locations) -> Store {
        Store { locations }
    }

    /// The path of one file, as configured (before symlinks are followed).
    pub fn path(&self, file: FileKind) -> &Path {
        match file {
            FileKind::Config => &self.locations.config,
            FileKind::Credentials => &self.locations.credentials,
        }
    }

    /// Whether the two files together are large (256 KiB or more, some thousands of
    /// profiles): large enough to be parsed on two threads, and for a full parse to cost
    /// more than a shell completion should wait.
    pub fn is_large(&self) -> bool {
        let size = |file| fs::metadata(self.path(file)).map_or(0, |meta| meta.len());
        size(FileKind::Config) + size(FileKind::Credentials) >= PARALLEL_FROM
    }

    /// The mode bits of a file, if it exists.
    pub fn mode(&self, file: FileKind) -> Option<u32> {
        fs::metadata(self.path(file))
            .ok()
            .map(|meta| meta.permissions().mode() & 0o7777)
    }

    /// The profile names of both files, read by a streaming scan (no document is built):
    /// for `list --names` and the completion of large files.
    pub fn profile_names(&self) -> Result<ProfileNames, StoreError> {
        names::read_both(
            self.path(FileKind::Config),
            self.path(FileKind::Credentials),
        )
    }

    /// Reads and parses both files without locking. A missing file is an empty one.
    pub fn read(&self) -> Result<Files, StoreError> {
        let (config, credentials) = both(
            self.is_large(),
            || read_document(&self.locations.config, FileKind::Config),
            || read_document(&self.locations.credentials, FileKind::Credentials),
        );
        Ok(Files {
            config: config?,
            credentials: credentials?,
        })
    }

    /// The one way to change the files. Takes an exclusive lock beside each file, re-reads
    /// and re-parses both under the locks, lets `edit` change them, and atomically replaces
    /// each file whose text changed (credentials first). Stale temporary files of killed
    /// earlier writes are removed. Returns `edit`'s result and warnings for the user.
    pub fn update<T, E>(
        &self,
        edit: impl FnOnce(&mut Files) -> Result<T, E>,
    ) -> Result<Updated<T>, E>
    where
        E: From<StoreError>,
    {
        for (file, variable) in [
            (FileKind::Config, "AWS_CONFIG_FILE"),
            (FileKind::Credentials, "AWS_SHARED_CREDENTIALS_FILE"),
        ] {
            if is_no_file(self.path(file)) {
                return Err(StoreError::NoFile {
                    variable,
                    file: file.as_str(),
                }
                .into());
            }
        }
        let resolve = |file: FileKind| {
            resolve_symlinks(self.path(file)).map_err(|source| StoreError::Read {
                path: self.path(file).to_path_buf(),
                source,
            })
        };
        let credentials_target = resolve(FileKind::Credentials)?;
        let config_target = resolve(FileKind::Config)?;
        if credentials_target == config_target {
            return Err(StoreError::SameFile(config_target).into());
        }
        let mut lock_paths = [lock_path(&credentials_target), lock_path(&config_target)];
        lock_paths.sort();
        let _locks = lock_paths
            .iter()
            .map(|path| take_lock(path))
            .collect::<Result<Vec<File>, StoreError>>()?;

        let mut files = Files {
            config: read_document(&config_target, FileKind::Config)?,
            credentials: read_document(&credentials_target, FileKind::Credentials)?,
        };
        let before = [files.credentials.to_string(), files.config.to_string()];
        let value = edit(&mut files)?;
        let mut warnings = Vec::new();
        for ((file, target), old) in [
            (FileKind::Credentials, &credentials_target),
            (FileKind::Config, &config_target),
        ]
        .into_iter()
        .zip(before)
        {
            let new = files.get(file).to_string();
            if new == old {
                continue;
            }
            let write_error = |source| StoreError::Write {
                path: self.path(file).to_path_buf(),
                source,
            };
            commit::remove_stale_temporaries(target).map_err(write_error)?;
            let mode = commit::replace(target, new.as_bytes()).map_err(write_error)?;
            if file == FileKind::Credentials && mode & 0o077 != 0 {
                warnings.push(readable_by_others(self.path(file), mode));
            }
        }
        Ok(Updated { value, warnings })
    }
}

/// From this many bytes in the two files together, they are parsed on two threads: below
/// it, starting a thread costs more than it saves, and `which` runs in shell prompts.
const PARALLEL_FROM: u64 = 256 * 1024;

/// Runs two independent jobs (one per file): on two threads when `parallel`, which
/// shortens every command on large files, else one after the other.
fn both<A: Send, B: Send>(
    parallel: bool,
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !parallel {
        return (first(), second());
    }
    std::thread::scope(|scope| {
        let second = scope.spawn(second);
        let first = first();
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    })
}

/// The result of [`Store::update`].
#[derive(Debug)]
pub struct Updated<T> {
    /// What the edit returned.
    pub value: T,
    /// Things the user should know (for example a credentials file others can read).
    pub warnings: Vec<String>,
}

/// The warning for a credentials file that group or others may read.
pub fn readable_by_others(path: &Path, mode: u32) -> String {
    format!(
        "{} is readable by group or others (mode {:04o}); run: chmod 600 {}",
        path.display(),
        mode,
        path.display()
    )
}

/// The lock file beside a data file: `.NAME.awsprof-lock`. The data file itself is never
/// locked, since the rename replaces it.
fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    commit::parent_dir(target).join(format!(".{name}.awsprof-lock"))
}

fn take_lock(path: &Path) -> Result<File, StoreError> {
    let write_error = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    commit::ensure_parent(path).map_err(write_error)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(write_error)?;
    let _ = file.set_permissions(fs::Permissions::from_mode(NEW_FILE_MODE));
    file.lock().map_err(write_error)?;
    Ok(file)
}

/// Reads and parses one file, the `file` one of the two. Missing is empty; not UTF-8 or a
/// syntax error is an error.
pub fn read_document(path: &Path, file: FileKind) -> Result<Document, StoreError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Document::default()),
        Err(source) => {
            return Err(StoreError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if u32::try_from(bytes.len()).is_err() {
        return Err(StoreError::TooLarge(path.to_path_buf()));
    }
    let syntax_error = |error| StoreError::Syntax {
        path: path.to_path_buf(),
        file,
        error,
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            // Problems are reported in file order: a broken line above the invalid byte
            // comes first.
            let (above, lines) =
                complete_lines(&error.as_bytes()[..error.utf8_error().valid_up_to()]);
            if let Some(error) = Document::parse(above).first_error() {
                return Err(syntax_error(error));
            }
            return Err(StoreError::NotUtf8 {
                path: path.to_path_buf(),
                line: lines + 1,
            });
        }
    };
    let document = Document::parse_owned(text);
    match document.first_error() {
        Some(error) => Err(syntax_error(error)),
        None => Ok(document),
    }
}

/// The complete lines at the start of `valid` (UTF-8 up to where it ends) and how many
/// there are.
fn complete_lines(valid: &[u8]) -> (&str, usize) {
    let end = memchr::memrchr(b'\n', valid).map_or(0, |i| i + 1);
    let text = std::str::from_utf8(&valid[..end]).unwrap_or_default();
    (text, memchr::memchr_iter(b'\n', &valid[..end]).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_runs_each_job_once() {
        assert_eq!(both(true, || 1, || "two"), (1, "two"));
        assert_eq!(both(false, || 1, || "two"), (1, "two"));
    }
}
