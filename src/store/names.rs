//! Profile names without loading the files: a streaming scan through a small reused
//! buffer, for `list --names` and anything else that runs often and needs only names.
//! It applies the same line rules as the document (and reports the same errors).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::StoreError;
use crate::ini::{Classified, Classifier, SyntaxError};
use crate::profiles::{FileKind, SectionMeaning, section_meaning};

/// The profile names of one file's section headers, in file order (repeats included).
/// A missing file has none. The file is read in chunks cut after a line break, so each
/// chunk is checked as UTF-8 once and its lines are classified in place.
pub fn read_profile_names(path: &Path, file: FileKind) -> Result<Vec<String>, StoreError> {
    let read_error = |source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut handle = match File::open(path) {
        Ok(handle) => handle,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(read_error(error)),
    };
    let mut buffer = vec![0u8; CHUNK];
    let mut filled = 0;
    let mut scan = Scan {
        file,
        classifier: Classifier::new(),
        line: 0,
        names: Vec::new(),
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
    names: Vec<String>,
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
                        self.names.push(name.to_string());
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
        let expected = profiles::names(&document, &empty);
        assert_eq!(
            read_profile_names(&path, FileKind::Config).unwrap(),
            expected
        );
        assert_eq!(expected, ["default", "a", "b"]);
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
                .is_empty()
        );
    }
}
