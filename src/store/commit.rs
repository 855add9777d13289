//! Atomic replacement of one file: temporary file in the same folder, fsync, rename, fsync
//! of the folder; symlinks followed; mode and owner kept.
//!
//! Written on `std` rather than atomic-write-file because the store must find and delete
//! the temporary files of a killed earlier write, which needs a name pattern we own.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

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
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(current),
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

/// The prefix of the temporary files for `target`: `.NAME.awsprof-tmp.`
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.awsprof-tmp.")
}

/// Deletes temporary files that a killed earlier write of `target` left behind. Call it
/// only while holding the lock, so no live writer's file is taken.
pub fn remove_stale_temporaries(target: &Path) -> io::Result<()> {
    let prefix = temp_prefix(target);
    let dir = parent_dir(target);
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Replaces `target` (already resolved through symlinks) with `contents`, atomically.
/// An existing file keeps its permission bits and, where allowed, its owner; a new file
/// is created with mode 0600. Returns the mode the file has afterwards.
pub fn replace(target: &Path, contents: &[u8]) -> io::Result<u32> {
    let previous = match fs::metadata(target) {
        Ok(meta) => Some(meta),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    let mode = previous
        .as_ref()
        .map_or(NEW_FILE_MODE, |meta| meta.permissions().mode() & 0o7777);
    let dir = parent_dir(target);
    let temp = dir.join(format!("{}{}", temp_prefix(target), std::process::id()));
    let written = write_temp(&temp, contents, mode, previous.as_ref());
    let renamed = written.and_then(|()| fs::rename(&temp, target));
    if let Err(error) = renamed {
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    File::open(dir)?.sync_all()?;
    Ok(mode)
}

fn write_temp(
    temp: &Path,
    contents: &[u8],
    mode: u32,
    previous: Option<&fs::Metadata>,
) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(NEW_FILE_MODE)
        .open(temp)?;
    if let Some(meta) = previous {
        // Keeps the owner when root edits a user's file; an ordinary user cannot give a
        // file away, and then the file simply stays theirs.
        let _ = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()));
    }
    file.set_permissions(fs::Permissions::from_mode(mode))?;
    file.write_all(contents)?;
    file.sync_all()
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
        assert_eq!(replace(&path, b"a").unwrap(), 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        assert_eq!(replace(&path, b"b").unwrap(), 0o640);
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
