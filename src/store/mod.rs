//! Everything that touches the disk: where the files are, reading them, and the one
//! locked, atomic `update` operation every editing command goes through.

mod commit;
mod fault;
mod journal;
mod lock;
mod names;
mod paths;
mod regular;

use std::borrow::Cow;
use std::fs;
use std::io;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub use commit::{
    NEW_DIR_MODE, NEW_FILE_MODE, ensure_parent, prepare, remove_orphaned_temporaries,
    resolve_symlinks, sync_folder,
};
pub use names::ProfileNames;
pub use paths::{
    Locations, NO_FILE, Overrides, Platform, expand_tilde, home_dir, is_no_file, locate,
    process_expand_tilde, process_home, process_locations,
};
pub use regular::{read_small, read_to_string};

use crate::ini::{Document, SyntaxError, is_valid_identifier};
use crate::profiles::{self, FileKind, ProfileSet};
use crate::secret::SECRET_MASK;

/// What can go wrong reading or writing the files. Each message says what, where and
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but could not be read.
    #[error("cannot read {path}: {cause}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        cause: io::Error,
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
    /// Writing failed before anything changed on disk.
    #[error("cannot write {path}: {cause} ({unchanged})")]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        cause: io::Error,
        /// Which files stay as they were.
        unchanged: Unchanged,
    },
    /// The change was made, but fsyncing the folder after the rename failed.
    #[error(
        "{paths} changed, but saving the change to disk failed when the folder was synced: \
         {cause}; the change may be lost if the system crashes before it writes its \
         caches (run `sync` to retry)"
    )]
    NotDurable {
        /// The changed file, or both.
        paths: String,
        /// The OS error.
        cause: io::Error,
    },
    /// A two-file edit failed after its commit point: the next run completes it.
    #[error(
        "cannot write {path}: {cause}; {}, and the next awsprof command (any command) \
         completes the edit, which is recorded in {journal}",
        match done {
            Some(done) => format!("{} was changed already", done.display()),
            None => "neither file was changed yet".to_string(),
        }
    )]
    Unfinished {
        /// The file that could not be written.
        path: PathBuf,
        /// The OS error.
        cause: io::Error,
        /// The other file, when it was changed already.
        done: Option<PathBuf>,
        /// The journal that records the edit.
        journal: PathBuf,
    },
    /// An interrupted two-file edit could not be settled, so neither file is used.
    #[error(
        "an earlier awsprof edit of two files was interrupted, and finishing it failed: \
         {reason} (the edit is recorded in {journal}; fix this, then run any awsprof \
         command to finish it)"
    )]
    Recovery {
        /// The journal of the interrupted edit.
        journal: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// Taking the lock failed; nothing was changed.
    #[error("cannot lock {path}: {cause} (nothing was changed)")]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// The OS error.
        cause: io::Error,
    },
    /// A symlink where the lock file belongs.
    #[error(
        "{0} is a symbolic link; awsprof never follows a link at its lock file, so that a \
         planted link cannot make it touch another file: delete the link and run again"
    )]
    LockIsLink(PathBuf),
    /// A FIFO, socket, directory or block device where a file should be.
    #[error(
        "{path} is {kind}, not a regular file; awsprof reads and writes regular files only \
         (a character device such as /dev/null reads as empty): point it at a file"
    )]
    NotRegular {
        /// The path.
        path: PathBuf,
        /// What it is, in words.
        kind: &'static str,
    },
    /// An edit would write to a character device.
    #[error(
        "{0} is a character device, which awsprof reads as empty and never writes; nothing \
         was changed: to keep this change, point the path at a regular file"
    )]
    Device(PathBuf),
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
    /// The folder of a file is not a folder, or awsprof may not create files in it (the
    /// lock file and the temporary file of an atomic write go beside the file).
    #[error("cannot write {path}: {problem} (the file is unchanged)")]
    Folder {
        /// The file that was to be written (or its lock file).
        path: PathBuf,
        /// What is wrong with its folder, and the fix.
        problem: String,
    },
    /// Both locations name one file, which cannot hold both formats.
    #[error(
        "the config and credentials files are the same file ({0}); point AWS_CONFIG_FILE and \
         AWS_SHARED_CREDENTIALS_FILE at two different files"
    )]
    SameFile(PathBuf),
}

/// Which files a failed write left as they were.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unchanged {
    /// The one file the edit changes.
    This,
    /// Both files of a two-file edit.
    Both,
}

impl std::fmt::Display for Unchanged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unchanged::This => "the file is unchanged",
            Unchanged::Both => "neither file was changed",
        })
    }
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
    /// Callers settle an interrupted edit first ([`Store::recover`]).
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

    /// Both files resolved through symlinks, credentials first.
    fn targets(&self) -> Result<[PathBuf; 2], StoreError> {
        let resolve = |file: FileKind| {
            resolve_symlinks(self.path(file)).map_err(|cause| StoreError::Read {
                path: self.path(file).to_path_buf(),
                cause,
            })
        };
        Ok([resolve(FileKind::Credentials)?, resolve(FileKind::Config)?])
    }

    /// Finishes or undoes an edit of both files that a crash or an error interrupted, so
    /// that both files are entirely old or entirely new. Every command runs it first; it
    /// costs two `lstat`s when there is nothing to do.
    pub fn recover(&self) -> Result<(), StoreError> {
        let targets = self.targets()?;
        journal::recover(&existing(&targets), None).map(drop)
    }

    /// What interrupted writes left beside the two files: temporary files (which may hold
    /// secrets) and journals of unfinished two-file edits. For `doctor`.
    pub fn leftovers(&self) -> Result<Vec<PathBuf>, StoreError> {
        let targets = self.targets()?;
        let refs = existing(&targets);
        let mut found = journal::find(&refs);
        for target in refs {
            found.extend(
                commit::stale_temporaries(target).map_err(|cause| StoreError::Read {
                    path: commit::parent_dir(target).to_path_buf(),
                    cause,
                })?,
            );
        }
        Ok(found)
    }

    /// The one way to change the files. Takes an exclusive lock beside each file (in
    /// device and inode order), settles an interrupted edit, re-reads and re-parses both
    /// under the locks, lets `edit` change them, and atomically replaces each file whose
    /// text changed; when both changed, as one change through a journal. Stale temporary
    /// files of killed earlier writes are removed. Returns `edit`'s result and warnings for
    /// the user.
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
        let targets = self.targets()?;
        let kinds = [FileKind::Credentials, FileKind::Config];
        let identify = |index: usize| {
            lock::identify(&targets[index]).map_err(|cause| StoreError::Read {
                path: self.path(kinds[index]).to_path_buf(),
                cause,
            })
        };
        if identify(0)? == identify(1)? {
            return Err(StoreError::SameFile(targets[1].clone()).into());
        }
        // A character device is never written, so it needs no lock (and none is created
        // beside it, in /dev).
        let lockable: Vec<&Path> = targets
            .iter()
            .filter(|target| !is_char_device(target))
            .map(PathBuf::as_path)
            .collect();
        let locks = lock::Locks::take(&lockable).map_err(blame_folder)?;
        let _locks = journal::recover(&lockable, Some(locks))?;

        let (credentials, credentials_device) = load(&targets[0], FileKind::Credentials)?;
        let (config, config_device) = load(&targets[1], FileKind::Config)?;
        let mut files = Files {
            config,
            credentials,
        };
        let before = [files.credentials.to_string(), files.config.to_string()];
        let value = edit(&mut files)?;
        let after = [files.credentials.to_string(), files.config.to_string()];
        let devices = [credentials_device, config_device];
        let changed: Vec<usize> = (0..2).filter(|&i| before[i] != after[i]).collect();
        if let Some(&device) = changed.iter().find(|&&i| devices[i]) {
            return Err(StoreError::Device(self.path(kinds[device]).to_path_buf()).into());
        }
        let unchanged = if changed.len() == 2 {
            Unchanged::Both
        } else {
            Unchanged::This
        };
        for &index in &changed {
            commit::remove_stale_temporaries(&targets[index]).map_err(|cause| {
                StoreError::Write {
                    path: self.path(kinds[index]).to_path_buf(),
                    cause,
                    unchanged,
                }
            })?;
        }
        let mut modes = [None; 2];
        match changed[..] {
            [] => {}
            [index] => {
                let replaced = self.replace(kinds[index], &targets[index], &after[index]);
                modes[index] = Some(replaced.map_err(blame_folder)?);
            }
            _ => {
                let change = |index: usize| journal::Change {
                    shown: self.path(kinds[index]),
                    target: &targets[index],
                    contents: after[index].as_bytes(),
                };
                let [first, second] =
                    journal::write_both([change(0), change(1)]).map_err(blame_folder)?;
                modes = [Some(first), Some(second)];
            }
        }
        let mut warnings = Vec::new();
        if let Some(mode) = modes[0]
            && mode & 0o077 != 0
        {
            warnings.push(readable_by_others(self.path(FileKind::Credentials), mode));
        }
        Ok(Updated { value, warnings })
    }

    /// Replaces one file atomically. Returns its permission bits.
    fn replace(&self, file: FileKind, target: &Path, text: &str) -> Result<u32, StoreError> {
        let path = self.path(file).to_path_buf();
        let unchanged = |cause| StoreError::Write {
            path: path.clone(),
            cause,
            unchanged: Unchanged::This,
        };
        let prepared = commit::prepare(target, text.as_bytes()).map_err(unchanged)?;
        if let Err(cause) = prepared.rename() {
            prepared.discard();
            return Err(unchanged(cause));
        }
        commit::sync_folder(target).map_err(|cause| StoreError::NotDurable {
            paths: path.display().to_string(),
            cause,
        })?;
        Ok(prepared.mode)
    }
}

/// The targets that are files, not [`NO_FILE`] locations (no interrupted edit can lie
/// beside those: awsprof never writes them).
fn existing(targets: &[PathBuf; 2]) -> Vec<&Path> {
    targets
        .iter()
        .map(PathBuf::as_path)
        .filter(|target| !is_no_file(target))
        .collect()
}

/// Whether `path` is a character device (`/dev/null`).
fn is_char_device(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.file_type().is_char_device())
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

/// A failed write or lock, blamed on the folder when the folder is the problem: it is a
/// file (`~/.aws` a plain file), or no file may be created in it (read-only).
fn blame_folder(error: StoreError) -> StoreError {
    let (path, cause) = match &error {
        StoreError::Write { path, cause, .. } | StoreError::Lock { path, cause } => (path, cause),
        _ => return error,
    };
    let folder = commit::parent_dir(path);
    let problem = match fs::metadata(folder) {
        Ok(meta) if !meta.is_dir() => format!(
            "{} is a file, not a folder; AWS tools keep config and credentials in that folder, \
             so move the file away (AWS tools read no profiles while it is there)",
            folder.display()
        ),
        _ if cause.kind() == io::ErrorKind::NotADirectory => format!(
            "a part of the path {} is a file, not a folder",
            folder.display()
        ),
        _ if cause.kind() == io::ErrorKind::PermissionDenied => format!(
            "the folder {} is not writable ({cause}); awsprof writes a lock file and a \
             temporary file beside the file for an atomic update: run chmod u+w {}",
            folder.display(),
            folder.display()
        ),
        _ => return error,
    };
    StoreError::Folder {
        path: path.clone(),
        problem,
    }
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

/// Reads and parses one file, the `file` one of the two. Missing is empty; not UTF-8 or a
/// syntax error is an error.
pub fn read_document(path: &Path, file: FileKind) -> Result<Document, StoreError> {
    load(path, file).map(|(document, _)| document)
}

/// Reads and parses one file, the `file` one of the two, and says whether it is a
/// character device (which reads as empty and is never written).
fn load(path: &Path, file: FileKind) -> Result<(Document, bool), StoreError> {
    let bytes = match regular::read(path)? {
        regular::Contents::Missing => return Ok((Document::default(), false)),
        regular::Contents::Device => return Ok((Document::default(), true)),
        regular::Contents::Bytes(bytes) => bytes,
    };
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
        None => Ok((document, false)),
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
