//! The steps of an atomic replacement of a file: a temporary file in the same folder,
//! fsynced ([`prepare`]), renamed over the target ([`Prepared::rename`]), then the folder
//! fsynced ([`sync_folder`]); symlinks followed; mode and owner kept. The store runs the
//! steps for one file, and the journal for two files as one change.
//!
//! Written on `std` rather than atomic-write-file because the store must find and delete
//! the temporary files of a killed earlier write, which needs a name pattern we own.

use std::ffi::OsString;
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::fault;

/// Mode of a file awsprof creates.
pub const NEW_FILE_MODE: u32 = 0o600;
/// Mode of a folder awsprof creates (`~/.aws`).
pub const NEW_DIR_MODE: u32 = 0o700;

/// Follows symlinks (relative ones against their own folder) to the file that really
/// holds the data, which may not exist yet. A dotfile manager's link thus stays a link.
pub fn resolve_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Ok(_) => return Ok(current),
            // Missing, or below a folder that is a file: the write says what is wrong.
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(current);
            }
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other(format!(
        "too many levels of symbolic links at {}",
        path.display()
    )))
}

/// The folder of a file path (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Creates the file's folder (and its parents) with mode 0700 when missing.
pub fn ensure_parent(path: &Path) -> io::Result<()> {
    let dir = parent_dir(path);
    if dir.exists() {
        return Ok(());
    }
    DirBuilder::new()
        .recursive(true)
        .mode(NEW_DIR_MODE)
        .create(dir)
}

/// A hidden file beside `target`: `.NAME` followed by `suffix` (the lock file, the
/// journal, the temporary files).
pub fn beside(target: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(suffix);
    parent_dir(target).join(name)
}

/// What the name of every temporary file beside `target` starts with: `.NAME.awsprof-tmp.`
pub fn temp_prefix(target: &Path) -> OsString {
    beside(target, ".awsprof-tmp.")
        .file_name()
        .unwrap_or_default()
        .to_os_string()
}

/// A new temporary file's path beside `target`, unique to this process and moment.
fn temp_path(target: &Path) -> PathBuf {
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    let mut name = temp_prefix(target);
    name.push(format!(
        "{}.{nanos}.{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    parent_dir(target).join(name)
}

/// The temporary files beside `target` that a killed earlier write left behind. Call it
/// only while holding the lock (or to report them), so no live writer's file is taken.
pub fn stale_temporaries(target: &Path) -> io::Result<Vec<PathBuf>> {
    let prefix = temp_prefix(target);
    let entries = match fs::read_dir(parent_dir(target)) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        if entry.file_name().as_bytes().starts_with(prefix.as_bytes()) {
            found.push(entry.path());
        }
    }
    Ok(found)
}

/// Deletes the temporary files that killed earlier writes of `target` left behind. Call
/// it only while holding the lock, so no live writer's file is taken.
pub fn remove_stale_temporaries(target: &Path) -> io::Result<()> {
    for path in stale_temporaries(target)? {
        remove_if_present(&path)?;
    }
    Ok(())
}

/// Deletes the temporary files awsprof left in `dir` (of `only`, when given) whose writing
/// process has ended: a kill between writing and renaming leaves one, holding what was
/// written. For the AWS CLI's caches, which are written without a lock, where those files
/// hold credentials: a live process's file is its own and is left alone.
pub fn remove_orphaned_temporaries(dir: &Path, only: Option<&Path>) -> io::Result<()> {
    const MARK: &[u8] = b".awsprof-tmp.";
    let prefix = only.map(temp_prefix);
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.as_bytes();
        if !name.starts_with(b".")
            || prefix
                .as_ref()
                .is_some_and(|prefix| !name.starts_with(prefix.as_bytes()))
        {
            continue;
        }
        let Some(at) = name.windows(MARK.len()).position(|window| window == MARK) else {
            continue;
        };
        let writer = name[at + MARK.len()..]
            .split(|&byte| byte == b'.')
            .next()
            .and_then(|pid| std::str::from_utf8(pid).ok()?.parse::<i32>().ok());
        if writer.is_some_and(process_has_ended) {
            remove_if_present(&entry.path())?;
        }
    }
    Ok(())
}

/// Whether no process `pid` runs any more (a positive pid; signal 0 only checks).
fn process_has_ended(pid: i32) -> bool {
    // SAFETY: signal 0 sends nothing; a positive pid names one process.
    pid > 0
        && unsafe { libc::kill(pid, 0) } == -1
        && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Deletes a file; one already gone is no error.
pub fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// A temporary file written in full and fsynced beside its target, not yet renamed over it.
#[derive(Debug)]
pub struct Prepared {
    /// The temporary file.
    pub temp: PathBuf,
    /// The file it will replace (resolved through symlinks).
    pub target: PathBuf,
    /// The permission bits it has: the target's, or 0600 for a new file.
    pub mode: u32,
}

impl Prepared {
    /// Renames the temporary file over its target: the one step that changes the target.
    pub fn rename(&self) -> io::Result<()> {
        fault::point("rename", &self.target)?;
        fs::rename(&self.temp, &self.target)
    }

    /// Deletes the temporary file (after a failure, before the rename).
    pub fn discard(&self) {
        let _ = fs::remove_file(&self.temp);
    }
}

/// Writes `contents` to a new temporary file beside `target` (already resolved through
/// symlinks) and fsyncs it. It has the target's permission bits and, where allowed, its
/// owner; for a new target, mode 0600. On error no temporary file is left.
pub fn prepare(target: &Path, contents: &[u8]) -> io::Result<Prepared> {
    let previous = match fs::metadata(target) {
        Ok(meta) => Some(meta),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    let mode = previous
        .as_ref()
        .map_or(NEW_FILE_MODE, |meta| meta.permissions().mode() & 0o7777);
    let prepared = Prepared {
        temp: temp_path(target),
        target: target.to_path_buf(),
        mode,
    };
    fault::point("create", target)?;
    let written = write_temp(&prepared, contents, previous.as_ref());
    if written.is_err() {
        prepared.discard();
    }
    written.map(|()| prepared)
}

fn write_temp(
    prepared: &Prepared,
    contents: &[u8],
    previous: Option<&fs::Metadata>,
) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(NEW_FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&prepared.temp)?;
    if let Some(meta) = previous {
        // Keeps the owner when root edits a user's file; an ordinary user cannot give a
        // file away, and then the file simply stays theirs.
        let _ = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()));
    }
    file.set_permissions(fs::Permissions::from_mode(prepared.mode))?;
    fault::point("write", &prepared.target)?;
    file.write_all(contents)?;
    fault::point("fsync", &prepared.target)?;
    file.sync_all()
}

/// Fsyncs the folder of `target`, so that a rename there survives a crash of the system.
pub fn sync_folder(target: &Path) -> io::Result<()> {
    fault::point("sync-dir", target)?;
    File::open(parent_dir(target))?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_symlink_chain_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("real"), "x").unwrap();
        std::os::unix::fs::symlink("real", dir.path().join("one")).unwrap();
        std::os::unix::fs::symlink("one", dir.path().join("two")).unwrap();
        assert_eq!(
            resolve_symlinks(&dir.path().join("two")).unwrap(),
            dir.path().join("real")
        );
    }

    #[test]
    fn replace_keeps_mode_and_new_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        let replace = |contents: &[u8]| {
            let prepared = prepare(&path, contents).unwrap();
            prepared.rename().unwrap();
            sync_folder(&path).unwrap();
            prepared.mode
        };
        assert_eq!(replace(b"a"), 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        assert_eq!(replace(b"b"), 0o640);
        assert_eq!(fs::read(&path).unwrap(), b"b");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials");
        fs::write(dir.path().join(".credentials.awsprof-tmp.123"), "secret").unwrap();
        fs::write(dir.path().join(".config.awsprof-tmp.123"), "other").unwrap();
        remove_stale_temporaries(&path).unwrap();
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, [".config.awsprof-tmp.123"]);
    }
}
