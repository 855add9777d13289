//! The lossless document: a list of classified lines plus the byte-order mark.
//!
//! `Document::parse(text).to_string() == text` for every input. Edits rewrite, insert or
//! delete whole lines and leave every other byte alone.

use std::fmt;
use std::ops::Range;

use super::line::{
    INI_WHITESPACE, Line, LineEnding, LineKind, ParseState, Problem, classify, is_valid_identifier,
};

const BOM: char = '\u{feff}';

/// A syntax error: a line the AWS parser rejects. Line and column are 1-based.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct SyntaxError {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The AWS parser's message.
    pub message: String,
    /// The offending line, as written.
    pub text: String,
}

/// A value an edit refused because writing it would change the meaning of other lines.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// Line breaks or other control characters would split the line or hide text.
    #[error("{what} {value:?} contains a line break or control character")]
    ControlCharacter {
        /// What was being written (`value of region`, `section name`, ...).
        what: String,
        /// The refused text.
        value: String,
    },
    /// A property key that AWS tools would ignore.
    #[error("{0:?} is not a valid property name (use letters, digits and _ - / . % @ : +)")]
    InvalidKey(String),
    /// A section name that would not survive a round trip through the header syntax.
    #[error("{0:?} cannot be a section name")]
    InvalidSectionName(String),
}

/// One section of a document, located by line indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The text between the brackets, trimmed (for example `profile foo`).
    pub name: String,
    /// Index of the header line.
    pub header: usize,
    /// First line of the section: the start of the comment block directly above the header,
    /// or the header itself.
    pub start: usize,
    /// One past the section's last line: where the next section (with its comment block)
    /// starts, or the end of the document.
    pub end: usize,
}

impl Section {
    /// Line indices of the section's body (after the header).
    pub fn body(&self) -> Range<usize> {
        self.header + 1..self.end
    }
}

/// A property found in a section, with its value joined from continuation lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    /// The key as written.
    pub key: String,
    /// The value: trimmed, continuation lines joined with `\n` (a sub-property block starts
    /// with `\n`), exactly as the AWS SDKs' parser builds it.
    pub value: String,
    /// Index of the `key = value` line.
    pub line: usize,
    /// Lines the property spans (its line and its continuation lines).
    pub lines: Range<usize>,
}

/// A parsed AWS config or credentials file that remembers every byte.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    bom: bool,
    lines: Vec<Line>,
}

impl Document {
    /// Parses any text. Lines the AWS parser rejects are kept as [`LineKind::Invalid`];
    /// [`Document::first_error`] reports them.
    pub fn parse(text: &str) -> Document {
        let (bom, body) = match text.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut lines = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            let (raw, ending, next) = match rest.find('\n') {
                Some(i) if rest[..i].ends_with('\r') => {
                    (&rest[..i - 1], LineEnding::CrLf, &rest[i + 1..])
                }
                Some(i) => (&rest[..i], LineEnding::Lf, &rest[i + 1..]),
                None => (rest, LineEnding::None, ""),
            };
            lines.push(Line {
                text: raw.to_string(),
                ending,
                kind: LineKind::Blank,
            });
            rest = next;
        }
        let mut document = Document { bom, lines };
        document.classify_lines();
        document
    }

    /// Re-derives every line's kind from its text (after an edit).
    fn classify_lines(&mut self) {
        let mut state = ParseState::BeforeSection;
        for line in &mut self.lines {
            let (kind, next) = classify(&line.text, state);
            line.kind = kind;
            state = next;
        }
    }

    /// The lines, in order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// Whether the text started with a UTF-8 byte-order mark.
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// Whether the document holds no lines at all.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The file's own line-ending style: that of its first line break, else `\n`.
    pub fn line_ending(&self) -> LineEnding {
        self.lines
            .iter()
            .map(|line| line.ending)
            .find(|ending| *ending != LineEnding::None)
            .unwrap_or(LineEnding::Lf)
    }

    /// Every line the AWS parser rejects, in order.
    pub fn errors(&self) -> impl Iterator<Item = SyntaxError> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(index, line)| match &line.kind {
                LineKind::Invalid(Problem { message, column }) => Some(SyntaxError {
                    line: index + 1,
                    column: *column,
                    message: message.clone(),
                    text: line.text.clone(),
                }),
                _ => None,
            })
    }

    /// The first line the AWS parser rejects, if any. A document with an error is never
    /// read for profiles nor written back.
    pub fn first_error(&self) -> Option<SyntaxError> {
        self.errors().next()
    }

    /// Every section in file order (duplicates included).
    pub fn sections(&self) -> Vec<Section> {
        let headers: Vec<usize> = (0..self.lines.len())
            .filter(|&i| self.lines[i].header_name().is_some())
            .collect();
        let starts: Vec<usize> = headers
            .iter()
            .map(|&header| self.attached_comments_start(header))
            .collect();
        headers
            .iter()
            .enumerate()
            .map(|(n, &header)| Section {
                name: self.lines[header]
                    .header_name()
                    .unwrap_or_default()
                    .to_string(),
                header,
                start: starts[n],
                end: starts.get(n + 1).copied().unwrap_or(self.lines.len()),
            })
            .collect()
    }

    /// The first line of the comment block directly above `header` (no blank line between).
    fn attached_comments_start(&self, header: usize) -> usize {
        let mut start = header;
        while start > 0 && self.lines[start - 1].is_comment() {
            start -= 1;
        }
        start
    }

    /// The properties of a section, in order, with their values joined as the AWS SDKs do.
    pub fn properties(&self, section: &Section) -> Vec<Property> {
        let mut properties = Vec::new();
        for index in section.body() {
            let line = &self.lines[index];
            let (Some(key), Some(first)) = (line.key(), line.value()) else {
                continue;
            };
            let lines = self.property_extent(index);
            let mut value = first.to_string();
            for continuation in &self.lines[lines.clone()] {
                if continuation.is_continuation() {
                    value.push('\n');
                    value.push_str(continuation.text.trim_matches(INI_WHITESPACE));
                }
            }
            properties.push(Property {
                key: key.to_string(),
                value,
                line: index,
                lines,
            });
        }
        properties
    }

    /// The lines of the property defined at `index`: the line itself and its continuation
    /// lines (blank or comment lines between continuations included).
    fn property_extent(&self, index: usize) -> Range<usize> {
        let mut end = index + 1;
        for next in index + 1..self.lines.len() {
            let line = &self.lines[next];
            if line.is_continuation() {
                end = next + 1;
            } else if !(line.is_blank() || line.is_comment()) {
                break;
            }
        }
        index..end
    }

    /// The `key = value` separator this file already uses (from its first property), so
    /// that new lines look like their neighbours. Defaults to ` = `.
    fn separator(&self) -> String {
        self.lines
            .iter()
            .find_map(|line| match &line.kind {
                LineKind::Property { key, value } if !value.is_empty() => {
                    let key_end = line.text.find(key.as_str())? + key.len();
                    Some(line.text[key_end..value.start].to_string())
                }
                _ => None,
            })
            .unwrap_or_else(|| " = ".to_string())
    }

    fn new_line(&self, text: String) -> Line {
        Line {
            text,
            ending: self.line_ending(),
            kind: LineKind::Blank,
        }
    }

    /// Inserts lines at `at`, giving the previous last line a line ending if it had none.
    /// When `keep_missing_final_newline` is set and the insertion is at the end of a file
    /// without a final newline, the new last line has none either.
    fn insert_lines(&mut self, at: usize, mut new: Vec<Line>, keep_missing_final_newline: bool) {
        let style = self.line_ending();
        if at == self.lines.len()
            && let Some(last) = self.lines.last_mut()
            && last.ending == LineEnding::None
        {
            last.ending = style;
            if keep_missing_final_newline && let Some(new_last) = new.last_mut() {
                new_last.ending = LineEnding::None;
            }
        }
        self.lines.splice(at..at, new);
        self.classify_lines();
    }

    /// Deletes lines; when they ran to the end of a file without a final newline, the new
    /// last line loses its line ending so the file still has none.
    fn delete_lines(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let ran_to_end_without_newline =
            range.end == self.lines.len() && self.lines[range.end - 1].ending == LineEnding::None;
        let start = range.start;
        self.lines.drain(range);
        if ran_to_end_without_newline && start > 0 {
            self.lines[start - 1].ending = LineEnding::None;
        }
        self.classify_lines();
    }

    /// Appends a section at the end: a line ending after the last line if it had none, one
    /// blank line (unless the document is empty or already ends with a blank line), the
    /// header and its properties, in the file's own line-ending style and spacing.
    pub fn append_section(
        &mut self,
        name: &str,
        properties: &[(&str, &str)],
    ) -> Result<(), EditError> {
        check_section_name(name)?;
        for (key, value) in properties {
            check_property(key, value)?;
        }
        let separator = self.separator();
        let mut new = Vec::new();
        if self.lines.last().is_some_and(|last| !last.is_blank()) {
            new.push(self.new_line(String::new()));
        }
        new.push(self.new_line(format!("[{name}]")));
        for (key, value) in properties {
            new.push(self.new_line(format!("{key}{separator}{value}")));
        }
        let at = self.lines.len();
        self.insert_lines(at, new, false);
        Ok(())
    }

    /// Removes a section with the comment block directly above its header. The blank lines
    /// that separated it go with it; nothing else changes.
    pub fn remove_section(&mut self, section: &Section) {
        let mut start = section.start;
        if section.end == self.lines.len() {
            while start > 0 && self.lines[start - 1].is_blank() {
                start -= 1;
            }
        }
        self.delete_lines(start..section.end);
    }

    /// Replaces the name between a section's brackets, keeping what follows the `]`.
    pub fn rename_section(&mut self, section: &Section, new_name: &str) -> Result<(), EditError> {
        check_section_name(new_name)?;
        let line = &mut self.lines[section.header];
        let close = line.text.find(']').map_or(line.text.len(), |i| i + 1);
        let open = line.text.find('[').unwrap_or(0);
        line.text = format!("{}[{new_name}]{}", &line.text[..open], &line.text[close..]);
        self.classify_lines();
        Ok(())
    }

    /// Sets a property in a section. An existing key (matched case-insensitively; the last
    /// one when repeated) is rewritten in place, keeping its spacing and inline comment and
    /// dropping its old continuation lines; a new key goes after the section's last property.
    pub fn set_property(
        &mut self,
        section: &Section,
        key: &str,
        value: &str,
    ) -> Result<(), EditError> {
        check_property(key, value)?;
        let properties = self.properties(section);
        if let Some(existing) = properties
            .iter()
            .rev()
            .find(|p| p.key.eq_ignore_ascii_case(key))
        {
            let line = &mut self.lines[existing.line];
            let LineKind::Property { value: range, .. } = line.kind.clone() else {
                unreachable!("properties() only returns property lines");
            };
            if range.is_empty() {
                let separator = self.separator();
                let line = &mut self.lines[existing.line];
                line.text = format!("{}{separator}{value}", existing.key);
            } else {
                line.text.replace_range(range, value);
            }
            let continuations = existing.line + 1..existing.lines.end;
            self.delete_lines(continuations);
            self.classify_lines();
            return Ok(());
        }
        let at = properties
            .last()
            .map_or(section.header + 1, |last| last.lines.end);
        let separator = self.separator();
        let line = self.new_line(format!("{key}{separator}{value}"));
        self.insert_lines(at, vec![line], true);
        Ok(())
    }

    /// Removes every definition of a key (case-insensitive) from a section, with its
    /// continuation lines. Returns whether anything was removed.
    pub fn remove_property(&mut self, section: &Section, key: &str) -> bool {
        let doomed: Vec<Range<usize>> = self
            .properties(section)
            .into_iter()
            .filter(|p| p.key.eq_ignore_ascii_case(key))
            .map(|p| p.lines)
            .collect();
        for range in doomed.iter().rev() {
            self.delete_lines(range.clone());
        }
        !doomed.is_empty()
    }
}

impl fmt::Display for Document {
    /// Writes the document back, byte for byte.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bom {
            f.write_str("\u{feff}")?;
        }
        for line in &self.lines {
            f.write_str(&line.text)?;
            f.write_str(line.ending.as_str())?;
        }
        Ok(())
    }
}

fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control())
}

fn check_section_name(name: &str) -> Result<(), EditError> {
    if has_control(name) {
        return Err(EditError::ControlCharacter {
            what: "section name".into(),
            value: name.into(),
        });
    }
    let trimmed = name.trim_matches(INI_WHITESPACE);
    if trimmed.is_empty() || trimmed != name || name.contains([']', '[', '#', ';']) {
        return Err(EditError::InvalidSectionName(name.into()));
    }
    Ok(())
}

fn check_property(key: &str, value: &str) -> Result<(), EditError> {
    if !is_valid_identifier(key) {
        return Err(EditError::InvalidKey(key.into()));
    }
    if has_control(value) {
        return Err(EditError::ControlCharacter {
            what: format!("value of {key}"),
            value: value.into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str) {
        assert_eq!(Document::parse(text).to_string(), text);
    }

    #[test]
    fn round_trips_odd_input() {
        for text in [
            "",
            "\n",
            "\r\n",
            "\u{feff}[default]\r\nregion = x\r\n",
            "[a]\nk=v",
            "[a]\r\nk = v\n# c\r\n\n",
            "garbage\n[a\n = x\n",
            "[a]\ns3 =\n  max = 1\n\n  other = 2\nk = v \\\n",
            "\r",
            "x\r\r\n",
        ] {
            roundtrip(text);
        }
    }

    fn section(doc: &Document, name: &str) -> Section {
        doc.sections()
            .into_iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no section {name}"))
    }

    #[test]
    fn append_copies_spacing_and_line_endings() {
        let mut doc = Document::parse("[a]\r\nk=v");
        doc.append_section("b", &[("x", "1")]).unwrap();
        assert_eq!(doc.to_string(), "[a]\r\nk=v\r\n\r\n[b]\r\nx=1\r\n");
    }

    #[test]
    fn append_to_empty_and_blank_ended_documents() {
        let mut doc = Document::parse("");
        doc.append_section("a", &[("k", "v")]).unwrap();
        assert_eq!(doc.to_string(), "[a]\nk = v\n");
        let mut doc = Document::parse("[a]\n\n");
        doc.append_section("b", &[]).unwrap();
        assert_eq!(doc.to_string(), "[a]\n\n[b]\n");
    }

    #[test]
    fn remove_takes_attached_comments_and_separator() {
        let text = "# top\n[a]\nk = v\n\n# about b\n[b]\nk = v\n\n[c]\nk = v\n";
        let mut doc = Document::parse(text);
        doc.remove_section(&section(&doc, "b"));
        assert_eq!(doc.to_string(), "# top\n[a]\nk = v\n\n[c]\nk = v\n");
        doc.remove_section(&section(&doc, "c"));
        assert_eq!(doc.to_string(), "# top\n[a]\nk = v\n");
    }

    #[test]
    fn remove_last_section_keeps_missing_final_newline() {
        let mut doc = Document::parse("[a]\nk = v\n\n[b]\nk = v");
        doc.remove_section(&section(&doc, "b"));
        assert_eq!(doc.to_string(), "[a]\nk = v");
    }

    #[test]
    fn set_existing_keeps_spacing_and_comment() {
        let mut doc = Document::parse("[a]\nregion  =   us-east-1  # main\nk = v\n");
        doc.set_property(&section(&doc, "a"), "REGION", "eu-west-1")
            .unwrap();
        assert_eq!(
            doc.to_string(),
            "[a]\nregion  =   eu-west-1  # main\nk = v\n"
        );
    }

    #[test]
    fn set_new_goes_after_last_property() {
        let mut doc = Document::parse("[a]\nk=v\n  cont\n\n[b]\n");
        doc.set_property(&section(&doc, "a"), "region", "x")
            .unwrap();
        assert_eq!(doc.to_string(), "[a]\nk=v\n  cont\nregion=x\n\n[b]\n");
        let mut doc = Document::parse("[a]\nk = v");
        doc.set_property(&section(&doc, "a"), "region", "x")
            .unwrap();
        assert_eq!(doc.to_string(), "[a]\nk = v\nregion = x");
    }

    #[test]
    fn set_replaces_sub_property_block() {
        let mut doc = Document::parse("[a]\ns3 =\n  max = 1\nk = v\n");
        doc.set_property(&section(&doc, "a"), "s3", "plain")
            .unwrap();
        assert_eq!(doc.to_string(), "[a]\ns3 = plain\nk = v\n");
    }

    #[test]
    fn remove_property_with_continuations() {
        let mut doc = Document::parse("[a]\nk = v\n  more\nj = 1\n");
        assert!(doc.remove_property(&section(&doc, "a"), "K"));
        assert_eq!(doc.to_string(), "[a]\nj = 1\n");
        assert!(!doc.remove_property(&section(&doc, "a"), "k"));
    }

    #[test]
    fn rename_keeps_trailing_comment() {
        let mut doc = Document::parse("[profile old] # note\n");
        doc.rename_section(&section(&doc, "profile old"), "profile new")
            .unwrap();
        assert_eq!(doc.to_string(), "[profile new] # note\n");
    }

    #[test]
    fn edits_refuse_line_breaks() {
        let mut doc = Document::parse("[a]\n");
        let a = section(&doc, "a");
        assert!(doc.set_property(&a, "k", "v\n[evil]").is_err());
        assert!(doc.set_property(&a, "bad key", "v").is_err());
        assert!(doc.append_section("x]\n[y", &[]).is_err());
        assert_eq!(doc.to_string(), "[a]\n");
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let doc = Document::parse("[a]\nk = v\nkey : value\n");
        let error = doc.first_error().unwrap();
        assert_eq!((error.line, error.column), (3, 1));
        assert!(error.message.contains("Expected an '=' sign"));
    }
}
