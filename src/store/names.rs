//! Profile names without loading the files: a streaming scan through a small reused
//! buffer, for `list --names` and anything else that runs often and needs only names.
//! It applies the same line rules as the document (and reports the same errors).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::StoreError;
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

    /// The names, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|&(_, span)| self.name(span))
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

/// The names of two sorted lists, each once, in order.
pub fn merge<'a>(first: &'a NameList, second: &'a NameList) -> impl Iterator<Item = &'a str> {
    let (mut first, mut second) = (first.iter().peekable(), second.iter().peekable());
    std::iter::from_fn(move || match (first.peek(), second.peek()) {
        (Some(a), Some(b)) if a == b => {
            second.next();
            first.next()
        }
        (Some(a), Some(b)) if a < b => first.next(),
        (Some(_), Some(_)) | (None, Some(_)) => second.next(),
        (Some(_), None) => first.next(),
        (None, None) => None,
    })
}

/// The profile names of one file's section headers, sorted, each once. A missing file has
/// none. The file is read in chunks cut after a line break, so each chunk is checked as
/// UTF-8 once and its lines are classified in place.
pub fn read_profile_names(path: &Path, file: FileKind) -> Result<NameList, StoreError> {
    let read_error = |source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut handle = match File::open(path) {
        Ok(handle) => handle,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(NameList::default()),
        Err(error) => return Err(read_error(error)),
    };
    let mut buffer = vec![0u8; CHUNK];
    let mut filled = 0;
    let mut scan = Scan {
        file,
        classifier: Classifier::new(),
        line: 0,
        names: NameList::default(),
    };
    loop {
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        let read = handle.read(&mut buffer[filled..]).map_err(read_error)?;
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
        let text = std::str::from_utf8(chunk).map_err(|error| {
            let valid = &chunk[..error.valid_up_to()];
            StoreError::NotUtf8 {
                path: path.to_path_buf(),
                line: scan.line + memchr::memchr_iter(b'\n', valid).count() + 1,
            }
        })?;
        scan.lines(text).map_err(|error| StoreError::Syntax {
            path: path.to_path_buf(),
            error,
        })?;
        buffer.copy_within(complete..filled, 0);
        filled -= complete;
        if at_end {
            scan.names.sort_unique();
            return Ok(scan.names);
        }
    }
}

/// How much of the file is read at a time.
const CHUNK: usize = 64 * 1024;

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

    #[test]
    fn agrees_with_the_document_reader() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        let text = "\u{feff}# c\r\n[default]\r\nregion = x\n[profile a] # note\ns3 =\n  k = v\n[x]\n[profile b]";
        std::fs::write(&path, text).unwrap();
        let (document, empty) = (Document::parse(text), Document::default());
        let mut expected = profiles::names(&document, &empty);
        assert_eq!(expected, ["default", "a", "b"]);
        expected.sort();
        let names = read_profile_names(&path, FileKind::Config).unwrap();
        assert_eq!(names.iter().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn reports_the_same_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, "[a]\nk = v\n  more\n[b]\n  bad\n").unwrap();
        let Err(StoreError::Syntax { error, .. }) = read_profile_names(&path, FileKind::Config)
        else {
            panic!("expected a syntax error");
        };
        assert_eq!(
            Some(error),
            Document::parse("[a]\nk = v\n  more\n[b]\n  bad\n").first_error()
        );
        std::fs::write(&path, b"[a]\n# caf\xe9\n").unwrap();
        assert!(matches!(
            read_profile_names(&path, FileKind::Config),
            Err(StoreError::NotUtf8 { line: 2, .. })
        ));
        assert!(
            read_profile_names(&dir.path().join("missing"), FileKind::Config)
                .unwrap()
                .iter()
                .next()
                .is_none()
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

    proptest::proptest! {
        #[test]
        fn sorts_as_bytes_compare(names in proptest::collection::vec("[a-c\\x00é]{0,10}", 0..40)) {
            let mut expected: Vec<&str> = names.iter().map(String::as_str).collect();
            expected.sort();
            expected.dedup();
            let list = list(&expected.iter().rev().chain(&expected).copied().collect::<Vec<_>>());
            proptest::prop_assert_eq!(list.iter().collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn merges_without_repeats() {
        let (first, second) = (list(&["d", "a", "c"]), list(&["f", "b", "c", "e"]));
        let merged: Vec<&str> = merge(&first, &second).collect();
        assert_eq!(merged, ["a", "b", "c", "d", "e", "f"]);
        assert_eq!(
            merge(&NameList::default(), &list(&["x"])).collect::<Vec<_>>(),
            ["x"]
        );
    }
}
