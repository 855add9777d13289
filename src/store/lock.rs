//! The advisory locks of an edit: a lock file beside each data file, opened without
//! following a symlink, and files told apart by device and inode rather than by path, so
//! that one file reached through two paths is one file and every process takes the locks
//! in one order (two processes can never each hold the lock the other waits for).

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::commit::{self, NEW_FILE_MODE};
use super::{StoreError, regular};
use crate::output;

/// Which file a path names, by device and inode: the file's own when it exists, else its
/// folder's and its name (the file the path would create).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileId {
    /// An existing file: its device and inode numbers.
    File(u64, u64),
    /// A file not created yet: its folder's device and inode numbers, and its name.
    Missing(u64, u64, OsString),
    /// A file in a folder not created yet: its path.
    Path(PathBuf),
}

/// Identifies the file at `target` (already resolved through symlinks).
pub fn identify(target: &Path) -> io::Result<FileId> {
    match fs::metadata(target) {
        Ok(meta) => return Ok(FileId::File(meta.dev(), meta.ino())),
        // Below a folder that is a file there is no file yet either; writing then says
        // what is wrong with the folder.
        Err(error)
            if !matches!(
                error.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Err(error);
        }
        Err(_) => {}
    }
    match fs::metadata(commit::parent_dir(target)) {
        Ok(folder) => Ok(FileId::Missing(
            folder.dev(),
            folder.ino(),
            target.file_name().unwrap_or_default().to_os_string(),
        )),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            Ok(FileId::Path(std::path::absolute(target)?))
        }
        Err(error) => Err(error),
    }
}

/// The lock file beside a data file: `.NAME.awsprof-lock`. The data file itself is never
/// locked, since the rename replaces it.
pub fn lock_path(target: &Path) -> PathBuf {
    commit::beside(target, ".awsprof-lock")
}

/// Exclusive locks held until dropped.
#[derive(Debug)]
pub struct Locks {
    /// Each lock file's device and inode, and its open handle (which holds the lock).
    held: Vec<((u64, u64), File)>,
}

impl Locks {
    /// Takes the locks beside each of `targets` (resolved data files), each lock file once
    /// however many paths lead to it, in the order of their device and inode numbers.
    /// Blocks until every lock is free.
    pub fn take(targets: &[&Path]) -> Result<Locks, StoreError> {
        let mut opened = Vec::new();
        for target in targets {
            let path = lock_path(target);
            let file = open_lock_file(&path)?;
            let meta = file.metadata().map_err(|cause| lock_error(&path, cause))?;
            let id = (meta.dev(), meta.ino());
            if opened.iter().all(|(other, _, _)| *other != id) {
                opened.push((id, path, file));
            }
        }
        opened.sort_by_key(|(id, _, _)| *id);
        let mut held = Vec::with_capacity(opened.len());
        for (id, path, file) in opened {
            wait_for_lock(&file, &path)?;
            held.push((id, file));
        }
        Ok(Locks { held })
    }

    /// Whether these locks include the lock beside each of `targets`.
    pub fn cover(&self, targets: &[&Path]) -> bool {
        targets.iter().all(|target| {
            fs::symlink_metadata(lock_path(target)).is_ok_and(|meta| {
                self.held
                    .iter()
                    .any(|(id, _)| *id == (meta.dev(), meta.ino()))
            })
        })
    }
}

/// Takes the lock of `file`; when another process holds it, says so once on stderr and
/// waits.
fn wait_for_lock(file: &File, path: &Path) -> Result<(), StoreError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => {
            output::hint(format_args!(
                "waiting for {}: another awsprof process is editing these files \
                 (a stopped one resumes with fg; Ctrl-C stops waiting, nothing changed)",
                path.display()
            ));
            file.lock().map_err(|cause| lock_error(path, cause))
        }
        Err(TryLockError::Error(cause)) => Err(lock_error(path, cause)),
    }
}

fn lock_error(path: &Path, cause: io::Error) -> StoreError {
    StoreError::Lock {
        path: path.to_path_buf(),
        cause,
    }
}

/// Opens (creating it, mode 0600) a lock file. A symlink there is an error, never
/// followed (`O_NOFOLLOW`), so a planted link cannot make awsprof create or touch another
/// file; the open does not block (`O_NONBLOCK`: a FIFO there is an error, not a hang), and
/// anything but a regular file is refused. The file is never written or re-moded.
fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    commit::ensure_parent(path).map_err(|cause| lock_error(path, cause))?;
    let opened = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(NEW_FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path);
    let file = match opened {
        Ok(file) => file,
        Err(cause) if cause.raw_os_error() == Some(libc::ELOOP) => {
            return Err(StoreError::LockIsLink(path.to_path_buf()));
        }
        Err(cause) => {
            // A FIFO without a reader or a socket fails with ENXIO; say what it is.
            if let Ok(meta) = fs::symlink_metadata(path)
                && let Some(kind) = regular::refused_kind(meta.file_type())
            {
                return Err(StoreError::NotRegular {
                    path: path.to_path_buf(),
                    kind,
                });
            }
            return Err(lock_error(path, cause));
        }
    };
    let meta = file.metadata().map_err(|cause| lock_error(path, cause))?;
    if !meta.file_type().is_file() {
        return Err(StoreError::NotRegular {
            path: path.to_path_buf(),
            kind: regular::refused_kind(meta.file_type()).unwrap_or("a device"),
        });
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_through_two_paths_is_one_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real", dir.path().join("link")).unwrap();
        let direct = dir.path().join("real/config");
        let linked = dir.path().join("link/config");
        assert_eq!(identify(&direct).unwrap(), identify(&linked).unwrap());
        fs::write(&direct, "").unwrap();
        assert_eq!(identify(&direct).unwrap(), identify(&linked).unwrap());
        assert_ne!(
            identify(&direct).unwrap(),
            identify(&dir.path().join("real/credentials")).unwrap()
        );
        // One lock file, taken once: no deadlock on itself.
        let locks = Locks::take(&[&direct, &linked]).unwrap();
        assert_eq!(locks.held.len(), 1);
        assert!(locks.cover(&[&linked]));
    }
}
