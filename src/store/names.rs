//! Profile names without loading the files: a streaming scan through a small reused
//! buffer, for `list --names` and anything else that runs often and needs only names.
//! It applies the same line rules as the document (and reports the same errors).

use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::{StoreError, complete_lines};
use crate::ini::{Classified, Classifier, Span, SyntaxError};
use crate::profiles::{FileKind, SectionMeaning, section_meaning};

/// Profile names held in one buffer, without an allocation per name, so that a file with
/// thousands of profiles is listed at the cost of reading it.
#[derive(Debug, Default)]
pub struct NameList {
    /// The names, one after another.
    text: String,
    /// Each name's sort key (see [`sort_key`]) and its span in `text`.
    entries: Vec<(u64, Span)>,
}

impl NameList {
    /// Adds a name at the end.
    fn push(&mut self, name: &str) {
        let start = self.text.len();
        self.text.push_str(name);
        self.entries
            .push((sort_key(name), Span::new(start..self.text.len())));
    }

    /// The name an entry points at.
    fn name(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Sorts the names by their bytes and drops repeats.
    fn sort_unique(&mut self) {
        let Self { text, entries } = self;
        let name = |span: Span| &text.as_bytes()[span.range()];
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| name(a.1).cmp(name(b.1))));
        entries.dedup_by(|a, b| a.0 == b.0 && name(a.1) == name(b.1));
    }

    /// The names, in order, each with its sort key.
    fn keyed(&self) -> impl Iterator<Item = (u64, &str)> {
        self.entries
            .iter()
            .map(|&(key, span)| (key, self.name(span)))
    }

    /// The names, in order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = &str> {
        self.keyed().map(|(_, name)| name)
    }
}

/// A name's first eight bytes as a big-endian number (shorter names padded with zeros):
/// comparing keys orders names as comparing their bytes does, so most comparisons of a
/// sort are one integer comparison, and only names sharing eight bytes compare further.
fn sort_key(name: &str) -> u64 {
    let mut prefix = [0u8; 8];
    let length = name.len().min(8);
    prefix[..length].copy_from_slice(&name.as_bytes()[..length]);
    u64::from_be_bytes(prefix)
}

/// The names of several sorted lists, each once, in order.
/// Sort keys make most comparisons one integer comparison, as in [`NameList::sort_unique`].
pub fn merge(lists: &[NameList]) -> impl Iterator<Item = &str> {
    let mut heads: Vec<_> = lists.iter().map(|list| list.keyed().peekable()).collect();
    std::iter::from_fn(move || {
        let smallest = heads
            .iter_mut()
            .filter_map(|head| head.peek().copied())
            .min()?;
        for head in &mut heads {
            head.next_if_eq(&smallest);
        }
        Some(smallest.1)
    })
}

/// One file opened for a name scan. Every read goes through the one handle, so a file
/// replaced while it is read (as awsprof's own writes do) is still read as one version.
pub struct NameFile<'a> {
    path: &'a Path,
    kind: FileKind,
    /// `None` for a missing file, which has no names.
    handle: Option<File>,
    /// The size in bytes, or `None` when it is not a regular file (a pipe, for example).
    size: Option<u64>,
}

impl<'a> NameFile<'a> {
    /// Opens one of the two files.
    pub fn open(path: &'a Path, kind: FileKind) -> Result<NameFile<'a>, StoreError> {
        let read_error = |source| StoreError::Read {
            path: path.to_path_buf(),
            source,
        };
        let handle = match File::open(path) {
            Ok(handle) => handle,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(NameFile {
                    path,
                    kind,
                    handle: None,
                    size: Some(0),
                });
            }
            Err(error) => return Err(read_error(error)),
        };
        let metadata = handle.metadata().map_err(read_error)?;
        let size = metadata.is_file().then_some(metadata.len());
        if size.is_some_and(|size| u32::try_from(size).is_err()) {
            return Err(StoreError::TooLarge(path.to_path_buf()));
        }
        Ok(NameFile {
            path,
            kind,
            handle: Some(handle),
            size,
        })
    }

    /// The size in bytes, or `None` when the file can only be read from start to end.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// The file cut in two at a section header near its middle, so that two threads can
    /// scan it: a line that starts with `[` is a header whatever precedes it, and leaves
    /// the parser in the same state, so the second half needs nothing from the first.
    /// The second half is empty when no header follows the middle. Regular files only.
    pub fn halves(&self) -> Result<[Range<u64>; 2], StoreError> {
        let size = self.size.unwrap_or(0);
        let middle = match &self.handle {
            Some(handle) if size > 0 => {
                header_after(handle, size / 2, size).map_err(|error| self.read_error(error))?
            }
            _ => size,
        };
        Ok([0..middle, middle..size])
    }

    /// Scans the whole file from start to end (pipes included).
    pub fn scan_all(&self) -> Result<Piece, StoreError> {
        match &self.handle {
            Some(handle) => self.scan(&mut &*handle, true),
            None => Ok(Piece::default()),
        }
    }

    /// Scans `range`, which starts at the top of the file or at a section header, with
    /// positioned reads, so that another thread can scan another range at the same time.
    pub fn scan_range(&self, range: Range<u64>) -> Result<Piece, StoreError> {
        match &self.handle {
            Some(handle) if !range.is_empty() => {
                let at_top = range.start == 0;
                self.scan(&mut RangeReader { handle, range }, at_top)
            }
            _ => Ok(Piece::default()),
        }
    }

    fn read_error(&self, source: io::Error) -> StoreError {
        StoreError::Read {
            path: self.path.to_path_buf(),
            source,
        }
    }

    /// Reads in chunks cut after a line break, so each chunk is checked as UTF-8 once and
    /// its lines are classified in place. Lines are counted from the start of the reader.
    fn scan(&self, reader: &mut impl Read, at_top: bool) -> Result<Piece, StoreError> {
        let mut buffer = vec![0u8; CHUNK];
        let mut filled = 0;
        let mut scan = Scan {
            file: self.kind,
            classifier: Classifier::new(),
            line: 0,
            names: NameList::default(),
        };
        loop {
            if filled == buffer.len() {
                buffer.resize(buffer.len() * 2, 0);
            }
            let read = reader
                .read(&mut buffer[filled..])
                .map_err(|error| self.read_error(error))?;
            filled += read;
            let at_end = read == 0;
            let complete = if at_end {
                filled
            } else {
                memchr::memrchr(b'\n', &buffer[..filled]).map_or(0, |i| i + 1)
            };
            let mut chunk = &buffer[..complete];
            if at_top && scan.line == 0 {
                chunk = chunk.strip_prefix("\u{feff}".as_bytes()).unwrap_or(chunk);
            }
            let syntax_error = |error| StoreError::Syntax {
                path: self.path.to_path_buf(),
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
                        path: self.path.to_path_buf(),
                        line: scan.line + 1,
                    });
                }
            }
            buffer.copy_within(complete..filled, 0);
            filled -= complete;
            if at_end {
                scan.names.sort_unique();
                return Ok(Piece {
                    names: scan.names,
                    lines: scan.line,
                });
            }
        }
    }
}

/// Where the first line that starts with `[` at or after byte `from` begins, or `end`.
fn header_after(handle: &File, from: u64, end: u64) -> io::Result<u64> {
    let mut window = vec![0u8; 4096];
    if from == 0 && handle.read_at(&mut window[..1], 0)? == 1 && window[0] == b'[' {
        return Ok(0);
    }
    // Start one byte early to see whether `from` itself begins a line.
    let mut position = from.saturating_sub(1);
    while position < end {
        let read = handle.read_at(&mut window, position)?;
        if read == 0 {
            break;
        }
        let seen = &window[..read];
        if let Some(found) = memchr::memmem::find(seen, b"\n[") {
            return Ok((position + found as u64 + 1).min(end));
        }
        // Keep the last byte: it may be the line break before a `[` in the next window.
        position += (read as u64 - 1).max(1);
    }
    Ok(end)
}

/// Reads one byte range of a file with positioned reads.
struct RangeReader<'a> {
    handle: &'a File,
    range: Range<u64>,
}

impl Read for RangeReader<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let wanted = buffer
            .len()
            .min((self.range.end - self.range.start) as usize);
        if wanted == 0 {
            return Ok(0);
        }
        let read = self
            .handle
            .read_at(&mut buffer[..wanted], self.range.start)?;
        self.range.start += read as u64;
        Ok(read)
    }
}

/// What a scan of (part of) a file found.
#[derive(Debug, Default)]
pub struct Piece {
    /// The profile names, sorted, each once.
    pub names: NameList,
    /// How many lines it had.
    lines: usize,
}

/// Joins the two halves of one file: both name lists, or the first error in file order,
/// its line counted from the top of the file.
pub fn join(
    first: Result<Piece, StoreError>,
    second: Result<Piece, StoreError>,
) -> Result<[NameList; 2], StoreError> {
    let first = first?;
    let second = second.map_err(|error| match error {
        StoreError::Syntax { path, mut error } => {
            error.line += first.lines;
            StoreError::Syntax { path, error }
        }
        StoreError::NotUtf8 { path, line } => StoreError::NotUtf8 {
            path,
            line: line + first.lines,
        },
        other => other,
    })?;
    Ok([first.names, second.names])
}

/// How much of the file is read at a time (at least; a longer line grows the buffer).
/// Tiny in unit tests, so that their small files cross chunk boundaries.
const CHUNK: usize = if cfg!(test) { 16 } else { 64 * 1024 };

/// The state of a scan across chunks.
struct Scan {
    file: FileKind,
    classifier: Classifier,
    /// Lines scanned so far.
    line: usize,
    names: NameList,
}

impl Scan {
    /// Classifies every line of `text` (complete lines), collecting profile names.
    fn lines(&mut self, text: &str) -> Result<(), SyntaxError> {
        let mut breaks = memchr::memchr_iter(b'\n', text.as_bytes());
        let mut start = 0;
        while start < text.len() {
            let end = breaks.next().unwrap_or(text.len());
            let mut line = &text[start..end];
            if end < text.len() {
                line = line.strip_suffix('\r').unwrap_or(line);
            }
            start = end + 1;
            self.line += 1;
            match self.classifier.classify(line, 0) {
                Classified::Header { name } => {
                    if let SectionMeaning::Profile { name, .. } =
                        section_meaning(self.file, &line[name.range()])
                    {
                        self.names.push(name);
                    }
                }
                Classified::Invalid(problem) => {
                    return Err(SyntaxError {
                        line: self.line,
                        column: problem.column as usize,
                        message: problem.message.to_string(),
                        text: line.to_string(),
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;
    use crate::profiles;
    use proptest::prelude::*;

    /// The names or error of a whole-file scan.
    fn scan_all(path: &Path) -> Result<Vec<String>, StoreError> {
        let piece = NameFile::open(path, FileKind::Config)?.scan_all()?;
        Ok(piece.names.iter().map(str::to_string).collect())
    }

    /// The names or error of a scan in two halves cut at the first header from `from`.
    fn scan_halves(path: &Path, from: u64) -> Result<Vec<String>, StoreError> {
        let file = NameFile::open(path, FileKind::Config)?;
        let size = file.size().unwrap();
        let middle = header_after(file.handle.as_ref().unwrap(), from, size).unwrap();
        let lists = join(file.scan_range(0..middle), file.scan_range(middle..size))?;
        Ok(merge(&lists).map(str::to_string).collect())
    }

    /// What the document reader makes of the same file: names, sorted, or the error.
    fn expected(path: &Path) -> Result<Vec<String>, StoreError> {
        let document = super::super::read_document(path)?;
        let mut names: Vec<String> = profiles::names(&document, &Document::default())
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

    /// Errors compared by what they say (paths are the same file).
    fn shown(result: Result<Vec<String>, StoreError>) -> Result<Vec<String>, String> {
        result.map_err(|error| error.to_string())
    }

    proptest! {
        #[test]
        fn scans_agree_with_the_document_reader(bytes in file(), cut in 0.0..1.0f64) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("config");
            std::fs::write(&path, &bytes).unwrap();
            let expected = shown(expected(&path));
            prop_assert_eq!(&shown(scan_all(&path)), &expected);
            let from = (bytes.len() as f64 * cut) as u64;
            prop_assert_eq!(&shown(scan_halves(&path, from)), &expected);
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
    fn finds_the_header_after_a_point() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, "[a]\nk = [v]\n[b]\n").unwrap();
        let handle = File::open(&path).unwrap();
        let after = |from| header_after(&handle, from, 16).unwrap();
        assert_eq!(
            [after(0), after(1), after(4), after(12), after(13)],
            [0, 12, 12, 12, 16]
        );
    }

    #[test]
    fn a_missing_file_has_no_names() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            scan_all(&dir.path().join("missing")).unwrap(),
            Vec::<String>::new()
        );
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
    fn merges_without_repeats() {
        let lists = [
            list(&["d", "a", "c"]),
            list(&["f", "b", "c", "e"]),
            list(&[]),
        ];
        let merged: Vec<&str> = merge(&lists).collect();
        assert_eq!(merged, ["a", "b", "c", "d", "e", "f"]);
    }
}
