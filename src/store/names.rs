//! Profile names without loading the files: a streaming scan through a small reused
//! buffer, for `list --names` and the completion of large files, which scripts and shells
//! run often. It applies the same line rules as the document and reports the same errors.
//! One thread: on two cores a second one measured no gain (BENCHMARKS.md).

use std::cmp::Ordering;
use std::fs::File;
use std::io::{self, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use super::regular::{self, Opened};
use super::{StoreError, complete_lines};
use crate::ini::{Classified, Classifier, Span, SyntaxError};
use crate::profiles::{FileKind, SectionMeaning, section_meaning};

/// Profile names held in one buffer, without an allocation per name, so that a file with
/// thousands of profiles is listed at the cost of reading it.
#[derive(Debug, Default)]
struct NameList {
    /// The names, one after another (bytes: they are only compared and written out).
    text: Vec<u8>,
    /// Each name's sort key (see [`sort_key`]) and its span in `text`.
    entries: Vec<(u64, Span)>,
}

impl NameList {
    /// Adds a name at the end.
    #[inline]
    fn push(&mut self, name: &str) {
        let (key, start) = (sort_key(name), self.text.len());
        append_name(&mut self.text, key, name.as_bytes());
        self.entries.push((key, Span::new(start..self.text.len())));
    }

    /// Makes room for the names of `bytes` more of a file, as files usually hold them (a
    /// section in 64 bytes or more, a name in 8 bytes or so), so that the lists rarely
    /// grow by copying.
    fn reserve_for(&mut self, bytes: u64) {
        let sections = usize::try_from(bytes / 64).unwrap_or(usize::MAX);
        self.entries.reserve(sections);
        self.text.reserve(sections.saturating_mul(8));
    }

    /// How many bytes the names take written one per line.
    fn lines_len(&self) -> usize {
        self.text.len() + self.entries.len()
    }

    /// The name an entry points at.
    fn name(&self, span: Span) -> &[u8] {
        &self.text[span.range()]
    }

    /// Sorts the names by their bytes and drops repeats: the keys by a radix sort, then
    /// names that share a key by [`order_tied`].
    fn sort_unique(&mut self) {
        radix_sort(&mut self.entries);
        let Self { text, entries } = self;
        let name = |span: Span| &text[span.range()];
        let order = |a: &(u64, Span), b: &(u64, Span)| order_tied(name(a.1), name(b.1));
        // One pass drops the repeats of names that share a key, which are nearly always
        // one name found twice (in both files), or names in order already.
        let mut kept = 0usize;
        let mut ties_in_order = true;
        for index in 0..entries.len() {
            let entry = entries[index];
            if let Some(last) = kept.checked_sub(1).map(|last| entries[last])
                && last.0 == entry.0
            {
                match order(&last, &entry) {
                    Ordering::Equal => continue,
                    Ordering::Greater => ties_in_order = false,
                    Ordering::Less => {}
                }
            }
            entries[kept] = entry;
            kept += 1;
        }
        entries.truncate(kept);
        if !ties_in_order {
            for run in entries.chunk_by_mut(|a, b| a.0 == b.0) {
                run.sort_unstable_by(order);
            }
            entries.dedup_by(|a, b| a.0 == b.0 && order(a, b).is_eq());
        }
    }

    /// The names, in order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = &str> {
        (self.entries.iter()).map(|&(_, span)| std::str::from_utf8(self.name(span)).unwrap())
    }
}

/// Sorts entries by key, one key byte at a time from the least significant (an LSD radix
/// sort: no comparisons), skipping bytes that every key has alike.
fn radix_sort(entries: &mut Vec<(u64, Span)>) {
    // One pass counts every byte position's values.
    let mut counts = [[0u32; 256]; 8];
    for &(key, _) in entries.iter() {
        for (byte, count) in key.to_le_bytes().into_iter().zip(&mut counts) {
            count[usize::from(byte)] += 1;
        }
    }
    let mut placed = vec![(0, Span::default()); entries.len()];
    for (position, count) in counts.iter_mut().enumerate() {
        if count.iter().any(|&c| c as usize == entries.len()) {
            continue;
        }
        let mut next = 0;
        for slot in count.iter_mut() {
            (*slot, next) = (next, next + *slot);
        }
        for &entry in entries.iter() {
            let slot = &mut count[usize::from(entry.0.to_le_bytes()[position])];
            placed[*slot as usize] = entry;
            *slot += 1;
        }
        std::mem::swap(entries, &mut placed);
    }
}

/// A name's first eight bytes as a big-endian number (shorter names padded with zeros):
/// ordering keys orders names as comparing their bytes does, so the sort orders numbers
/// (by radix) and the merge mostly compares integers; only names sharing their first
/// eight bytes compare further.
fn sort_key(name: &str) -> u64 {
    // Byte by byte rather than through a copy into a padded array, which compiles to a
    // call to memcpy per name.
    (name.bytes().chain(std::iter::repeat(0)))
        .take(8)
        .fold(0, |key, byte| key << 8 | u64::from(byte))
}

/// Orders two names that share a sort key as comparing their bytes does: by length when
/// both fit in the key (the shorter is then a prefix of the longer, zeros padding its
/// key), else by their bytes. Most names are at most eight bytes, so most ties (a name
/// in both files) need no byte comparison.
#[inline]
fn order_tied(a: &[u8], b: &[u8]) -> Ordering {
    if a.len() <= 8 && b.len() <= 8 {
        a.len().cmp(&b.len())
    } else {
        a.cmp(b)
    }
}

/// Appends `name`, whose sort key is `key`, the way [`put_line`] writes it.
#[inline]
fn append_name(out: &mut Vec<u8>, key: u64, name: &[u8]) {
    if name.len() <= 8 {
        out.extend_from_slice(&key.to_be_bytes());
        out.truncate(out.len() - (8 - name.len()));
    } else {
        out.extend_from_slice(name);
    }
}

/// The profile names of both files, as the scan found them.
#[derive(Debug, Default)]
pub struct ProfileNames {
    /// Sorted, each once.
    list: NameList,
}

impl ProfileNames {
    /// Every profile name of both files, sorted by bytes, each once, one per line.
    pub fn lines(&self) -> Vec<u8> {
        let list = &self.list;
        // Written by position into a buffer sized for every name, and for the eight bytes
        // a short name is written as (see [`put_line`]).
        let mut out = vec![0; list.lines_len() + 8];
        let mut end = 0;
        for &(key, span) in &list.entries {
            end = put_line(&mut out, end, key, list.name(span));
        }
        out.truncate(end);
        out
    }
}

/// Writes `name` (whose sort key is `key`) and a line break at byte `at` of `out`, and
/// returns where they end. A name of eight bytes or fewer is its key's first bytes: all
/// eight are written (the next line overwrites the rest), which costs less than a copy of
/// a variable length, a call to memcpy.
#[inline]
fn put_line(out: &mut [u8], at: usize, key: u64, name: &[u8]) -> usize {
    if name.len() <= 8 {
        out[at..at + 8].copy_from_slice(&key.to_be_bytes());
    } else {
        out[at..at + name.len()].copy_from_slice(name);
    }
    out[at + name.len()] = b'\n';
    at + name.len() + 1
}

/// Reads the profile names of both files, in one pass each.
pub fn read_both(config: &Path, credentials: &Path) -> Result<ProfileNames, StoreError> {
    let files = [
        NameFile::open(config, FileKind::Config)?,
        NameFile::open(credentials, FileKind::Credentials)?,
    ];
    let mut worker = Worker::default();
    worker
        .names
        .reserve_for(files.iter().map(|file| file.size).sum());
    for file in &files {
        worker.scan(file)?;
    }
    worker.names.sort_unique();
    Ok(ProfileNames { list: worker.names })
}

/// One file opened for a name scan. Every read goes through the one handle, so a file
/// replaced while it is read (as awsprof's own writes do) is still read as one version.
struct NameFile {
    path: PathBuf,
    kind: FileKind,
    /// `None` for a missing file or a character device, which have no names.
    handle: Option<File>,
    /// The size in bytes (0 for a pipe, whose size is not known).
    size: u64,
}

impl NameFile {
    /// Opens one of the two files.
    fn open(path: &Path, kind: FileKind) -> Result<NameFile, StoreError> {
        let (handle, size) = match regular::open(path)? {
            Opened::Missing | Opened::Device => (None, 0),
            Opened::Regular(handle, metadata) => (Some(handle), metadata.len()),
            Opened::Pipe(handle) => (Some(handle), 0),
        };
        Ok(NameFile {
            path: path.to_path_buf(),
            kind,
            handle,
            size,
        })
    }

    fn read_error(&self, cause: io::Error) -> StoreError {
        StoreError::Read {
            path: self.path.to_path_buf(),
            cause,
        }
    }
}

/// What a name scan keeps from file to file: its read buffer and the names it found.
#[derive(Default)]
struct Worker {
    buffer: Vec<u8>,
    names: NameList,
}

impl Worker {
    /// Scans the whole of `file` from start to end (pipes included). Returns how many
    /// lines it had.
    fn scan(&mut self, file: &NameFile) -> Result<usize, StoreError> {
        let Some(handle) = &file.handle else {
            return Ok(0);
        };
        self.scan_reader(file, &mut &*handle)
    }

    /// Reads in chunks cut after a line break, so each chunk is checked as UTF-8 once and
    /// its lines are classified in place. Lines are counted from the start of the reader.
    fn scan_reader(
        &mut self,
        file: &NameFile,
        reader: &mut impl Read,
    ) -> Result<usize, StoreError> {
        let buffer = &mut self.buffer;
        buffer.resize(buffer.len().max(CHUNK), 0);
        let mut filled = 0;
        let mut scan = Scan {
            file: file.kind,
            classifier: Classifier::new(),
            line: 0,
            names: &mut self.names,
        };
        loop {
            if filled == buffer.len() {
                buffer.resize(buffer.len() * 2, 0);
            }
            let read = reader
                .read(&mut buffer[filled..])
                .map_err(|error| file.read_error(error))?;
            filled += read;
            let at_end = read == 0;
            let complete = if at_end {
                filled
            } else {
                memchr::memrchr(b'\n', &buffer[..filled]).map_or(0, |i| i + 1)
            };
            let mut chunk = &buffer[..complete];
            if scan.line == 0 {
                chunk = chunk.strip_prefix("\u{feff}".as_bytes()).unwrap_or(chunk);
            }
            let syntax_error = |error| StoreError::Syntax {
                path: file.path.to_path_buf(),
                file: file.kind,
                error,
            };
            match std::str::from_utf8(chunk) {
                Ok(text) => scan.lines(text).map_err(syntax_error)?,
                Err(error) => {
                    // The lines above the invalid byte come first: report their error if
                    // they have one, as the document reader does.
                    let (lines, _) = complete_lines(&chunk[..error.valid_up_to()]);
                    scan.lines(lines).map_err(syntax_error)?;
                    return Err(StoreError::NotUtf8 {
                        path: file.path.to_path_buf(),
                        line: scan.line + 1,
                    });
                }
            }
            buffer.copy_within(complete..filled, 0);
            filled -= complete;
            if at_end {
                return Ok(scan.line);
            }
        }
    }
}

/// How much of the file is read at a time (at least; a longer line grows the buffer).
/// Tiny in unit tests, so that their small files cross chunk boundaries.
const CHUNK: usize = if cfg!(test) { 16 } else { 64 * 1024 };

/// The state of a scan across the chunks of one file.
struct Scan<'a> {
    file: FileKind,
    classifier: Classifier,
    /// Lines scanned so far.
    line: usize,
    names: &'a mut NameList,
}

impl Scan<'_> {
    /// Classifies every line of `text` (complete lines), collecting profile names.
    fn lines(&mut self, text: &str) -> Result<(), SyntaxError> {
        let Self {
            file,
            classifier,
            line,
            names,
        } = self;
        let flow = classifier.classify_lines(
            text,
            // Inlined into the line loop: a call per line costs more than the work.
            #[inline(always)]
            |span, _, classified| {
                *line += 1;
                match classified {
                    Classified::Header { name } => {
                        if let SectionMeaning::Profile { name, .. } =
                            section_meaning(*file, &text[name.range()])
                        {
                            names.push(name);
                        }
                        ControlFlow::Continue(())
                    }
                    Classified::Invalid(problem) => {
                        ControlFlow::Break(SyntaxError::new(*line, &problem, &text[span.range()]))
                    }
                    _ => ControlFlow::Continue(()),
                }
            },
        );
        match flow {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(error) => Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles;
    use crate::store::read_document;
    use proptest::prelude::*;

    /// The names or error of a scan of two files.
    fn scan(files: [&Path; 2]) -> Result<Vec<String>, StoreError> {
        let names = read_both(files[0], files[1])?;
        Ok(String::from_utf8(names.lines())
            .expect("names are UTF-8")
            .lines()
            .map(str::to_string)
            .collect())
    }

    /// What the document reader makes of the same files: names, sorted, or the error.
    fn expected(files: [&Path; 2]) -> Result<Vec<String>, StoreError> {
        let (config, credentials) = (
            read_document(files[0], FileKind::Config)?,
            read_document(files[1], FileKind::Credentials)?,
        );
        let mut names: Vec<String> = profiles::names(&config, &credentials)
            .into_iter()
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// Lines of every kind the scan must agree on, broken ones included.
    const LINES: &[&[u8]] = &[
        b"[profile a]",
        b"[profile b] # note",
        b"[default]",
        b"[c]",
        b"[sso-session s]",
        b"[bad name]",
        b"[unclosed",
        b"region = x",
        b"s3 =",
        b"  max = 1",
        b"  continued",
        b"no equals",
        b"# comment",
        b"",
        b"   ",
        b"caf\xc3\xa9 = \xe6\xbc\xa2",
        b"broken = \xe9",
    ];

    fn file() -> impl Strategy<Value = Vec<u8>> {
        let line = (0..LINES.len(), prop_oneof![Just("\n"), Just("\r\n")]);
        (any::<bool>(), proptest::collection::vec(line, 0..30)).prop_map(|(bom, lines)| {
            let mut bytes = if bom {
                "\u{feff}".as_bytes().to_vec()
            } else {
                Vec::new()
            };
            for (index, ending) in lines {
                bytes.extend_from_slice(LINES[index]);
                bytes.extend_from_slice(ending.as_bytes());
            }
            bytes
        })
    }

    /// Errors compared by what they say.
    fn shown(result: Result<Vec<String>, StoreError>) -> Result<Vec<String>, String> {
        result.map_err(|error| error.to_string())
    }

    proptest! {
        #[test]
        fn scans_agree_with_the_document_reader(
            config in file(),
            credentials in file(),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let paths = [dir.path().join("config"), dir.path().join("credentials")];
            std::fs::write(&paths[0], &config).unwrap();
            std::fs::write(&paths[1], &credentials).unwrap();
            let files = [paths[0].as_path(), paths[1].as_path()];
            let expected = shown(expected(files));
            prop_assert_eq!(&shown(scan(files)), &expected);
        }

        #[test]
        fn sorts_as_bytes_compare(names in proptest::collection::vec("[a-c\\x00é]{0,10}", 0..40)) {
            let mut expected: Vec<&str> = names.iter().map(String::as_str).collect();
            expected.sort();
            expected.dedup();
            let list = list(&expected.iter().rev().chain(&expected).copied().collect::<Vec<_>>());
            prop_assert_eq!(list.iter().collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn missing_files_have_no_names() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        assert_eq!(scan([&missing, &missing]).unwrap(), Vec::<String>::new());
    }

    fn list(names: &[&str]) -> NameList {
        let mut list = NameList::default();
        for name in names {
            list.push(name);
        }
        list.sort_unique();
        list
    }

    #[test]
    fn lists_without_repeats() {
        let names = ProfileNames {
            list: list(&["d", "a", "c", "f", "b", "c", "e"]),
        };
        assert_eq!(names.lines(), b"a\nb\nc\nd\ne\nf\n");
    }
}
