//! Opening files to read: regular files only. A file is opened without blocking
//! (`O_NONBLOCK`, so a FIFO cannot hang the open) and its type checked with `fstat` on the
//! open handle before a byte is read: a character device reads as empty (as
//! `AWS_SHARED_CREDENTIALS_FILE=/dev/null` does for the AWS CLI), a FIFO, socket,
//! directory or block device is an error at once, and a file is never read past its size
//! limit, so memory stays bounded by the real size of a real file.
//!
//! One exception: a pipe that the user's shell hands over as a descriptor
//! (`AWS_CONFIG_FILE=<(...)`, `/dev/stdin`) is read as a stream, up to the size limit. It
//! is reached through `/dev/fd` (a link to the descriptor), not found in a folder as a
//! FIFO is, so no other user can plant it.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use super::commit::resolve_symlinks;
use super::{StoreError, fault};

/// The largest file awsprof reads: its text model counts bytes in 32 bits.
pub const SIZE_LIMIT: u64 = u32::MAX as u64;

/// What is at a path, for reading.
#[derive(Debug)]
pub enum Opened {
    /// Nothing: an empty file.
    Missing,
    /// A character device (`/dev/null`): reads as empty, never written.
    Device,
    /// A regular file of at most [`SIZE_LIMIT`] bytes, open for reading.
    Regular(File, Metadata),
    /// A pipe handed over as a descriptor, open for blocking reads.
    Pipe(File),
}

/// What kind of file stands where a regular file should, in words for an error message;
/// `None` for a regular file or a character device, which awsprof accepts.
pub fn refused_kind(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if file_type.is_socket() {
        Some("a socket")
    } else if file_type.is_dir() {
        Some("a directory")
    } else if file_type.is_block_device() {
        Some("a block device")
    } else {
        None
    }
}

/// Opens the file at `path` (symlinks followed) for reading, if it is one awsprof reads.
pub fn open(path: &Path) -> Result<Opened, StoreError> {
    let read_error = |cause| StoreError::Read {
        path: path.to_path_buf(),
        cause,
    };
    fault::point("read", path).map_err(read_error)?;
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
    {
        Ok(file) => file,
        // Below a folder that is a file (`~/.aws` a plain file) is no file either, as the
        // AWS CLI reads it; writing says what is wrong with the folder.
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(Opened::Missing);
        }
        // Opening a socket fails with ENXIO: say what it is rather than "no such device".
        Err(error) if error.raw_os_error() == Some(libc::ENXIO) => {
            return Err(match std::fs::metadata(path) {
                Ok(meta) if refused_kind(meta.file_type()).is_some() => StoreError::NotRegular {
                    path: path.to_path_buf(),
                    kind: refused_kind(meta.file_type()).unwrap_or_default(),
                },
                _ => read_error(error),
            });
        }
        Err(error) => return Err(read_error(error)),
    };
    let meta = file.metadata().map_err(read_error)?;
    let file_type = meta.file_type();
    if file_type.is_char_device() {
        return Ok(Opened::Device);
    }
    if file_type.is_fifo() && !is_named_fifo(path) {
        // Blocking again: the shell's writer may not have written yet.
        // SAFETY: fcntl on a descriptor this File owns.
        let cleared = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETFL, 0) };
        if cleared == -1 {
            return Err(read_error(io::Error::last_os_error()));
        }
        return Ok(Opened::Pipe(file));
    }
    if let Some(kind) = refused_kind(file_type) {
        return Err(StoreError::NotRegular {
            path: path.to_path_buf(),
            kind,
        });
    }
    if meta.len() > SIZE_LIMIT {
        return Err(StoreError::TooLarge(path.to_path_buf()));
    }
    Ok(Opened::Regular(file, meta))
}

/// Whether `path` leads, through symlinks, to a FIFO that is a file in a folder; not so
/// for a pipe reached through a descriptor link (`/dev/fd/N` leads to `pipe:[inode]`).
fn is_named_fifo(path: &Path) -> bool {
    resolve_symlinks(path)
        .and_then(fs::symlink_metadata)
        .is_ok_and(|meta| meta.file_type().is_fifo())
}

/// What a file holds, read in full.
#[derive(Debug)]
pub enum Contents {
    /// Nothing there: an empty file.
    Missing,
    /// A character device: read as empty, never written.
    Device,
    /// A regular file's bytes.
    Bytes(Vec<u8>),
}

/// Reads the whole file at `path`. Reads no more than the size limit, whatever the file
/// claims or does while it is read.
pub fn read(path: &Path) -> Result<Contents, StoreError> {
    let (file, size) = match open(path)? {
        Opened::Missing => return Ok(Contents::Missing),
        Opened::Device => return Ok(Contents::Device),
        Opened::Regular(file, meta) => (file, meta.len()),
        Opened::Pipe(file) => (file, 0),
    };
    // The size fits in memory: it is at most the limit.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(SIZE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|cause| StoreError::Read {
            path: path.to_path_buf(),
            cause,
        })?;
    if bytes.len() as u64 > SIZE_LIMIT {
        return Err(StoreError::TooLarge(path.to_path_buf()));
    }
    Ok(Contents::Bytes(bytes))
}

/// Reads a text file that is not one of the two profile files (a legacy boto file, an
/// IAM CSV), as `std::fs::read_to_string` does but with the same rules: regular files
/// only (a device reads as empty), bounded. A missing file is a `NotFound` error that
/// says so as the OS does ("No such file or directory").
pub fn read_to_string(path: &Path) -> io::Result<String> {
    match read(path) {
        Ok(Contents::Bytes(bytes)) => String::from_utf8(bytes).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} is not valid UTF-8", path.display()),
            )
        }),
        Ok(Contents::Device) => Ok(String::new()),
        Ok(Contents::Missing) => Err(io::Error::from_raw_os_error(libc::ENOENT)),
        Err(StoreError::Read { cause, .. }) => Err(cause),
        Err(other) => Err(io::Error::other(other.to_string())),
    }
}

/// Reads a small file that awsprof shares with the AWS CLI (a cache entry, an SSO token, a
/// CA bundle): a regular file (or a symlink to one) only, opened without blocking, and at
/// most `limit` bytes. Anything else (a FIFO, a device, a directory, a socket, a pipe
/// behind `/dev/fd`) or a larger file is an error at once, so a file planted in the cache
/// can neither hang a command (`which` runs in shell prompts) nor fill memory. Returns the
/// bytes and the metadata of the file read.
pub fn read_small(path: &Path, limit: u64) -> io::Result<(Vec<u8>, Metadata)> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        let kind = refused_kind(meta.file_type()).unwrap_or("a device");
        return Err(io::Error::other(format!(
            "{} is {kind}, not a regular file",
            path.display()
        )));
    }
    let too_large = || {
        io::Error::other(format!(
            "{} is larger than {limit} bytes, too large to be what awsprof reads there",
            path.display()
        ))
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok((bytes, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message a user sees for a missing web identity token file or import source.
    #[test]
    fn a_missing_file_says_so_as_the_os_does() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_to_string(&dir.path().join("missing")).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(
            error.to_string().contains("No such file or directory"),
            "{error}"
        );
    }
}
