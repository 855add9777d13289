//! Two files, one change. An edit that changes both files (rename, remove, set moving a
//! key, import) must leave both old or both new whatever stops it, and two renames are not
//! atomic together. So, as databases do, the store writes an intent record (a journal)
//! before it changes anything, and the next run finishes or undoes an interrupted edit:
//!
//! 1. Under both locks, each new file is written to a temporary file beside it and fsynced.
//! 2. The journal, naming both files and their temporary files, is written (itself through
//!    a fsynced temporary file and a rename) beside *each* of the two files, as
//!    `.NAME.awsprof-journal`, and the folders are fsynced. The moment the second journal
//!    is in place is the commit point: from then on the edit is rolled forward.
//! 3. Both temporary files are renamed over their files; the folders are fsynced.
//! 4. The journals are deleted.
//!
//! Every awsprof run, before it reads or writes, looks for a journal beside its two files
//! and settles it under the locks of the files the journal names: when every journal of
//! the edit is there, it renames the temporary files still present (roll forward; a
//! missing one was renamed already); otherwise (stopped before the commit point, or while
//! the journals were being deleted after the end) it deletes the temporary files (roll
//! back, which after the end deletes nothing). Then it deletes the journals. Settling is
//! idempotent, so a crash while settling is settled by the run after.
//!
//! A journal beside each file means that any run touching either file finds it, even one
//! that pairs the file with a different second file. Settling touches only files the
//! journal names, each beside its own journal, and only temporary files of awsprof's own
//! name pattern, so a planted journal cannot make awsprof replace a file in a folder its
//! writer cannot write to; and a temporary file is renamed only when it belongs to its
//! target's owner or to the user running awsprof, so not even in a sticky folder (`/tmp`)
//! where its writer may create files but not replace others'.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::commit::{self, Prepared};
use super::lock::Locks;
use super::{StoreError, Unchanged, fault};

/// The first line of every journal.
const MAGIC: &[u8] = b"awsprof journal 1\n";
/// The last line of every journal: one that ends with it was written in full.
const END: &[u8] = b"end\n";
/// A journal is a few hundred bytes; anything far larger is not one.
const JOURNAL_LIMIT: usize = 64 * 1024;

/// The journal beside a file: `.NAME.awsprof-journal`.
pub fn journal_path(target: &Path) -> PathBuf {
    commit::beside(target, ".awsprof-journal")
}

/// The journals beside `targets` that exist now.
pub fn find(targets: &[&Path]) -> Vec<PathBuf> {
    targets
        .iter()
        .map(|target| journal_path(target))
        .filter(|journal| fs::symlink_metadata(journal).is_ok())
        .collect()
}

/// What a journal records: each file the edit replaces (an absolute path) and the name of
/// the temporary file beside it that holds its new text.
#[derive(Debug, PartialEq, Eq)]
struct Record {
    entries: Vec<(PathBuf, OsString)>,
}

impl Record {
    fn encode(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        for (target, temp) in &self.entries {
            bytes.extend_from_slice(target.as_os_str().as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(temp.as_bytes());
            bytes.extend_from_slice(b"\0\n");
        }
        bytes.extend_from_slice(END);
        bytes
    }

    /// The record in `bytes`, if they hold a whole one whose temporary files have
    /// awsprof's own names.
    fn decode(bytes: &[u8]) -> Option<Record> {
        let body = bytes.strip_prefix(MAGIC)?.strip_suffix(END)?;
        let mut entries = Vec::new();
        // Each entry is `TARGET \0 TEMP \0 \n`: no path holds a NUL byte, while a path may
        // hold a line break, so NULs delimit the fields.
        let mut rest = body;
        while !rest.is_empty() {
            let mut fields = rest.splitn(3, |&byte| byte == 0);
            let (target, temp) = (fields.next()?, fields.next()?);
            rest = fields.next()?.strip_prefix(b"\n")?;
            let target = PathBuf::from(OsString::from_vec(target.to_vec()));
            let temp = OsString::from_vec(temp.to_vec());
            let prefix = commit::temp_prefix(&target);
            if !target.is_absolute()
                || !temp.as_bytes().starts_with(prefix.as_bytes())
                || temp.as_bytes().contains(&b'/')
            {
                return None;
            }
            entries.push((target, temp));
        }
        (!entries.is_empty()).then_some(Record { entries })
    }

    fn targets(&self) -> Vec<&Path> {
        self.entries
            .iter()
            .map(|(target, _)| target.as_path())
            .collect()
    }
}

/// One file of a two-file edit: how it is shown in messages, the file to replace
/// (resolved through symlinks) and its new text.
pub struct Change<'a> {
    /// The path as the user gave it.
    pub shown: &'a Path,
    /// The file it resolves to.
    pub target: &'a Path,
    /// The new text.
    pub contents: &'a [u8],
}

/// Replaces both files as one change (see the module documentation). Call it holding
/// both locks, after [`recover`]. Returns each file's permission bits. Errors say which
/// file changed.
pub fn write_both(changes: [Change<'_>; 2]) -> Result<[u32; 2], StoreError> {
    let unchanged = |change: &Change, cause| StoreError::Write {
        path: change.shown.to_path_buf(),
        cause,
        unchanged: Unchanged::Both,
    };
    // 1. The new texts, in temporary files.
    let mut prepared: Vec<Prepared> = Vec::with_capacity(2);
    for change in &changes {
        match commit::prepare(change.target, change.contents) {
            Ok(file) => prepared.push(file),
            Err(cause) => {
                prepared.iter().for_each(Prepared::discard);
                return Err(unchanged(change, cause));
            }
        }
    }
    // 2. The journals; the commit point is when the second is in place.
    let record = Record {
        entries: prepared
            .iter()
            .map(|file| {
                let target = std::path::absolute(&file.target)?;
                let temp = file.temp.file_name().unwrap_or_default().to_os_string();
                Ok((target, temp))
            })
            .collect::<io::Result<_>>()
            .map_err(|cause| unchanged(&changes[0], cause))?,
    };
    let journals: Vec<PathBuf> = changes
        .iter()
        .map(|change| journal_path(change.target))
        .collect();
    if let Err((index, cause)) = write_journals(&record, &changes, &journals) {
        return Err(abandon(&prepared, &journals, &changes[index], cause, None));
    }
    // 3. The renames.
    for (index, file) in prepared.iter().enumerate() {
        if let Err(cause) = file.rename() {
            let done = (index > 0).then(|| changes[0].shown);
            return Err(abandon(&prepared, &journals, &changes[index], cause, done));
        }
    }
    for change in &changes {
        commit::sync_folder(change.target).map_err(|cause| StoreError::NotDurable {
            paths: format!(
                "{} and {}",
                changes[0].shown.display(),
                changes[1].shown.display()
            ),
            cause,
        })?;
    }
    // 4. Done. A journal that cannot be deleted now is deleted by the next run, which
    // finds the edit complete.
    for (change, journal) in changes.iter().zip(&journals) {
        if fault::point("finish", change.target).is_ok() {
            let _ = commit::remove_if_present(journal);
        }
    }
    Ok([prepared[0].mode, prepared[1].mode])
}

/// Writes the journal beside each file, each through a fsynced temporary file and a
/// rename, then fsyncs the folders. On error, the index of the file whose journal failed.
fn write_journals(
    record: &Record,
    changes: &[Change<'_>; 2],
    journals: &[PathBuf],
) -> Result<(), (usize, io::Error)> {
    let bytes = record.encode();
    for (index, (change, journal)) in changes.iter().zip(journals).enumerate() {
        let failed = |cause| (index, cause);
        fault::point("journal", change.target).map_err(failed)?;
        let temp = commit::prepare(change.target, &bytes).map_err(failed)?;
        if let Err(cause) = fs::rename(&temp.temp, journal) {
            temp.discard();
            return Err(failed(cause));
        }
    }
    for (index, change) in changes.iter().enumerate() {
        commit::sync_folder(change.target).map_err(|cause| (index, cause))?;
    }
    Ok(())
}

/// After a failure past step 1: undoes the edit when no file was renamed yet and the
/// journals can be deleted, and builds the error that says truthfully what changed.
/// `done` is the file renamed already, if one was.
fn abandon(
    prepared: &[Prepared],
    journals: &[PathBuf],
    failed: &Change<'_>,
    cause: io::Error,
    done: Option<&Path>,
) -> StoreError {
    // Without the second journal the next run rolls back, not forward; the first one is
    // then only a leftover that the next run deletes.
    let undone = done.is_none() && commit::remove_if_present(&journals[1]).is_ok();
    if undone {
        let _ = commit::remove_if_present(&journals[0]);
    }
    if undone {
        prepared.iter().for_each(Prepared::discard);
        return StoreError::Write {
            path: failed.shown.to_path_buf(),
            cause,
            unchanged: Unchanged::Both,
        };
    }
    StoreError::Unfinished {
        path: failed.shown.to_path_buf(),
        cause,
        done: done.map(Path::to_path_buf),
        journal: journals[0].clone(),
    }
}

/// Settles every interrupted two-file edit whose journal lies beside one of `targets`,
/// under the locks of the files each journal names. `held` are the locks this process
/// holds on `targets` already, if any: a journal that names other files is settled after
/// releasing them (locks are taken one set at a time, never nested), and they are taken
/// again. Returns the locks held at the end.
pub fn recover(targets: &[&Path], mut held: Option<Locks>) -> Result<Option<Locks>, StoreError> {
    while let Some(journal) = find(targets).into_iter().next() {
        // A journal that cannot be read is a recovery error already: not wrapped twice.
        let failed = |error: StoreError| match error {
            StoreError::Recovery { .. } => error,
            other => StoreError::Recovery {
                journal: journal.clone(),
                reason: other.to_string(),
            },
        };
        let Some(record) = read(&journal).map_err(failed)? else {
            continue;
        };
        let named = record.targets();
        if let Some(locks) = &held
            && locks.cover(&named)
        {
            settle(&record).map_err(|cause| failed(io_error(&journal, cause)))?;
            continue;
        }
        let relock = held.take().is_some();
        {
            let _theirs = Locks::take(&named).map_err(failed)?;
            if let Some(record) = read(&journal).map_err(failed)? {
                settle(&record).map_err(|cause| failed(io_error(&journal, cause)))?;
            }
        }
        if relock {
            held = Some(Locks::take(targets)?);
        }
    }
    Ok(held)
}

fn io_error(journal: &Path, cause: io::Error) -> StoreError {
    StoreError::Read {
        path: journal.to_path_buf(),
        cause,
    }
}

/// Reads a journal: `None` when it is gone, or replaced while it was read (settled by
/// another run meanwhile, and maybe begun anew: the caller looks again). One that is not a
/// regular file, not whole, or not the journal of a file it names, is an error: awsprof
/// did not write it. The journal is read through one handle that does not follow links,
/// and its identity is checked on that handle, so concurrent runs never see a mix of two
/// journals.
fn read(journal: &Path) -> Result<Option<Record>, StoreError> {
    let foreign = |why: &str| StoreError::Recovery {
        journal: journal.to_path_buf(),
        reason: format!(
            "{why}, so awsprof did not write it; look at it and delete it (rm {})",
            journal.display()
        ),
    };
    let file = match fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(journal)
    {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) if error.raw_os_error() == Some(libc::ELOOP) => {
            return Err(foreign("it is a symbolic link"));
        }
        Err(cause) => return Err(io_error(journal, cause)),
    };
    let meta = file.metadata().map_err(|cause| io_error(journal, cause))?;
    if !meta.file_type().is_file() || meta.len() > JOURNAL_LIMIT as u64 {
        return Err(foreign("it is not a small regular file"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(JOURNAL_LIMIT as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|cause| io_error(journal, cause))?;
    let record = Record::decode(&bytes).ok_or_else(|| foreign("it is not a whole journal"))?;
    let is_this_one = |path: &Path| {
        fs::symlink_metadata(path)
            .is_ok_and(|other| (other.dev(), other.ino()) == (meta.dev(), meta.ino()))
    };
    if record
        .targets()
        .iter()
        .any(|target| is_this_one(&journal_path(target)))
    {
        return Ok(Some(record));
    }
    if !is_this_one(journal) {
        return Ok(None);
    }
    Err(foreign("it names none of the files beside it"))
}

/// Rolls an interrupted edit forward when all its journals are in place, else back;
/// then deletes its journals. Idempotent.
fn settle(record: &Record) -> io::Result<()> {
    let journals: Vec<PathBuf> = record
        .targets()
        .iter()
        .map(|target| journal_path(target))
        .collect();
    let committed = journals
        .iter()
        .all(|journal| fs::symlink_metadata(journal).is_ok_and(|meta| meta.is_file()));
    let temps: Vec<(&Path, PathBuf)> = record
        .entries
        .iter()
        .map(|(target, temp)| (target.as_path(), commit::parent_dir(target).join(temp)))
        .collect();
    if committed {
        for (target, temp) in &temps {
            check_temporary(target, temp)?;
        }
    }
    for (target, temp) in &temps {
        fault::point("settle", target)?;
        if !committed {
            commit::remove_if_present(temp)?;
        } else if fs::symlink_metadata(temp).is_ok() {
            fs::rename(temp, target)?;
        }
        // else renamed already.
    }
    if committed {
        for target in record.targets() {
            commit::sync_folder(target)?;
        }
    }
    for (journal, target) in journals.iter().zip(record.targets()).rev() {
        fault::point("finish", target)?;
        commit::remove_if_present(journal)?;
    }
    Ok(())
}

/// Checks, before anything is renamed, that the temporary file `temp` (if still there) is
/// one awsprof wrote for `target`: a regular file belonging to the target's owner (awsprof
/// gives it that owner) or to this user. A file another user planted in a folder they may
/// write to but not replace files in (`/tmp`, sticky) would otherwise replace root's file
/// there when root runs awsprof on that user's files.
fn check_temporary(target: &Path, temp: &Path) -> io::Result<()> {
    let meta = match fs::symlink_metadata(temp) {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    if !meta.file_type().is_file() {
        return Err(io::Error::other(format!(
            "{} is not a regular file",
            temp.display()
        )));
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    let targets_owner = fs::symlink_metadata(target).ok().map(|meta| meta.uid());
    if meta.uid() != me && Some(meta.uid()) != targets_owner {
        return Err(io::Error::other(format!(
            "{} belongs to user {}, neither to the owner of {} nor to this user, so awsprof \
             did not write it; nothing was renamed",
            temp.display(),
            meta.uid(),
            target.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_refuse_foreign_names() {
        let record = Record {
            entries: vec![
                (
                    "/h/.aws/credentials".into(),
                    ".credentials.awsprof-tmp.1".into(),
                ),
                ("/h/.aws/config".into(), ".config.awsprof-tmp.2".into()),
            ],
        };
        assert_eq!(Record::decode(&record.encode()), Some(record));
        let foreign = Record {
            entries: vec![("/etc/passwd".into(), "shadow".into())],
        };
        assert_eq!(Record::decode(&foreign.encode()), None);
        let relative = Record {
            entries: vec![("config".into(), ".config.awsprof-tmp.2".into())],
        };
        assert_eq!(Record::decode(&relative.encode()), None);
        assert_eq!(
            Record::decode(b"awsprof journal 1\n/h/x\0.x.awsprof-tmp.1"),
            None
        );
    }

    /// A folder name may hold a line break; the record is still read back whole.
    #[test]
    fn paths_with_line_breaks_round_trip() {
        let record = Record {
            entries: vec![
                (
                    "/h/odd\nfolder/credentials".into(),
                    ".credentials.awsprof-tmp.1".into(),
                ),
                (
                    "/h/odd\nfolder/config".into(),
                    ".config.awsprof-tmp.2".into(),
                ),
            ],
        };
        assert_eq!(Record::decode(&record.encode()), Some(record));
    }
}
