//! The lossless document: the file's text in one buffer, and its classified lines as byte
//! ranges into it.
//!
//! `Document::parse(text).to_string() == text` for every input. Edits replace byte ranges
//! of whole lines and parse the result again, so every other byte stays as it was.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::ops::{ControlFlow, Range};

use super::line::{
    Classified, Classifier, Line, LineEnding, LineKind, NO_SECTION_YET, Problem, Span, header_span,
    is_valid_identifier, property_spans, trim_ini,
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
    /// The offending line, as written. It may hold a secret: show it only through a
    /// rendering that hides such lines (the store's).
    pub text: String,
}

impl SyntaxError {
    /// The error for `problem`, found on line `line` (1-based) whose text is `text`.
    pub fn new(line: usize, problem: &Problem, text: &str) -> SyntaxError {
        SyntaxError {
            line,
            column: problem.column as usize,
            message: problem.message.to_string(),
            text: text.to_string(),
        }
    }

    /// Whether the line is above the first section header, where nothing but a header may
    /// be (so the line may be anything, a pasted secret included).
    pub fn is_before_first_section(&self) -> bool {
        self.message == NO_SECTION_YET
    }
}

/// A value an edit refused because writing it would change the meaning of other lines.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// Line breaks or other control characters would split the line or hide text. The
    /// text itself is not kept: it may be a secret.
    #[error("{what} contains a line break or control character")]
    ControlCharacter {
        /// What was being written (`value of region`, `section name`, ...).
        what: String,
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
    /// The name between the brackets, trimmed (see [`Document::section_name`]).
    pub name: Span,
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
pub struct Property<'a> {
    /// The key as written.
    pub key: &'a str,
    /// The value: trimmed, continuation lines joined with `\n` (a sub-property block starts
    /// with `\n`), exactly as the AWS SDKs' parser builds it.
    pub value: Cow<'a, str>,
    /// Index of the `key = value` line.
    pub line: usize,
    /// Lines the property spans (its line and its continuation lines).
    pub lines: Range<usize>,
}

/// A parsed AWS config or credentials file that remembers every byte.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    bom: bool,
    text: String,
    lines: Vec<Line>,
    /// The lines the AWS parser rejects (rare), by line index.
    problems: Vec<(usize, Problem)>,
}

impl Document {
    /// Parses any text. Lines the AWS parser rejects are kept as [`LineKind::Invalid`];
    /// [`Document::first_error`] reports them.
    pub fn parse(text: &str) -> Document {
        Document::parse_owned(text.to_string())
    }

    /// Parses text it takes ownership of, without copying it.
    pub fn parse_owned(mut text: String) -> Document {
        if text.starts_with(BOM) {
            text.drain(..BOM.len_utf8());
            Document::from_body(true, text)
        } else {
            Document::from_body(false, text)
        }
    }

    /// Splits and classifies the text after an optional byte-order mark.
    fn from_body(bom: bool, text: String) -> Document {
        let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        let mut problems = Vec::new();
        let ControlFlow::Continue(()) =
            Classifier::new().classify_lines::<Infallible>(&text, |span, ending, classified| {
                if let Classified::Invalid(problem) = &classified {
                    problems.push((lines.len(), problem.clone()));
                }
                lines.push(Line {
                    span,
                    ending,
                    kind: classified.kind(),
                });
                ControlFlow::Continue(())
            });
        Document {
            bom,
            text,
            lines,
            problems,
        }
    }

    /// The text after the byte-order mark (all ranges point into it).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The lines, in order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The text of line `index`, without its line ending.
    pub fn line_text(&self, index: usize) -> &str {
        let line = &self.lines[index];
        &self.text[line.span.range()]
    }

    /// The exact text of lines `range`, line endings included.
    pub fn span(&self, range: Range<usize>) -> &str {
        let start = self
            .lines
            .get(range.start)
            .map_or(self.text.len(), Line::start);
        let end = match range.end.checked_sub(1) {
            Some(last) if range.end > range.start => self.lines[last].full_end(),
            _ => start,
        };
        &self.text[start..end]
    }

    /// The key and value spans of a property line (`None` for any other line).
    pub fn property_spans(&self, index: usize) -> Option<(Span, Span)> {
        let line = self.lines.get(index)?;
        (line.kind == LineKind::Property)
            .then(|| property_spans(&self.text[line.span.range()], line.start()))
    }

    /// The name between the brackets of a header line (`None` for any other line).
    pub fn header_name(&self, index: usize) -> Option<&str> {
        let line = self.lines.get(index)?;
        (line.kind == LineKind::Header)
            .then(|| &self.text[header_span(&self.text[line.span.range()], line.start()).range()])
    }

    /// The name between a section's brackets.
    pub fn section_name(&self, section: &Section) -> &str {
        &self.text[section.name.range()]
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
        self.problems
            .iter()
            .map(|(index, problem)| SyntaxError::new(index + 1, problem, self.line_text(*index)))
    }

    /// The first line the AWS parser rejects, if any. A document with an error is never
    /// read for profiles nor written back.
    pub fn first_error(&self) -> Option<SyntaxError> {
        self.errors().next()
    }

    /// Every section in file order (duplicates included).
    pub fn sections(&self) -> Vec<Section> {
        let mut sections: Vec<Section> = Vec::new();
        for (index, line) in self.lines.iter().enumerate() {
            if line.kind != LineKind::Header {
                continue;
            }
            let name = header_span(&self.text[line.span.range()], line.start());
            let start = self.attached_comments_start(index);
            if let Some(previous) = sections.last_mut() {
                previous.end = start;
            }
            sections.push(Section {
                name,
                header: index,
                start,
                end: self.lines.len(),
            });
        }
        sections
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
    pub fn properties(&self, section: &Section) -> impl Iterator<Item = Property<'_>> + '_ {
        section.body().filter_map(move |index| {
            let (key, value) = self.property_spans(index)?;
            let lines = self.property_extent(index);
            let mut joined = Cow::Borrowed(&self.text[value.range()]);
            for continuation in index + 1..lines.end {
                if self.lines[continuation].is_continuation() {
                    let text = trim_ini(self.line_text(continuation));
                    let owned = joined.to_mut();
                    owned.push('\n');
                    owned.push_str(text);
                }
            }
            Some(Property {
                key: &self.text[key.range()],
                value: joined,
                line: index,
                lines,
            })
        })
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
    fn separator(&self) -> &str {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, line)| line.kind == LineKind::Property)
            .find_map(|(index, _)| {
                let (key, value) = self.property_spans(index)?;
                (!value.is_empty()).then(|| &self.text[key.end()..value.start()])
            })
            .unwrap_or(" = ")
    }

    /// Replaces byte ranges of the text (non-overlapping, in any order) and parses again.
    fn replace(&mut self, mut edits: Vec<(Range<usize>, String)>) {
        edits.sort_by_key(|(range, _)| range.start);
        let mut text = String::with_capacity(self.text.len() + 64);
        let mut position = 0;
        for (range, replacement) in edits {
            text.push_str(&self.text[position..range.start]);
            text.push_str(&replacement);
            position = range.end;
        }
        text.push_str(&self.text[position..]);
        *self = Document::from_body(self.bom, text);
    }

    /// The byte range that deletes lines `range`. When they run to the end of a file
    /// without a final newline, the line before them loses its ending too, so the file
    /// still has none.
    fn deletion(&self, range: Range<usize>) -> Range<usize> {
        let last = &self.lines[range.end - 1];
        let mut start = self.lines[range.start].start();
        if range.end == self.lines.len() && last.ending == LineEnding::None && range.start > 0 {
            start = self.lines[range.start - 1].end();
        }
        start..last.full_end()
    }

    /// Text that inserts `new` lines before line `at` (or at the end), each in the file's
    /// line-ending style. At the end of a file without a final newline, the old last line
    /// gets one, and the new last line gets none when `keep_missing_final_newline` is set.
    fn insertion(
        &self,
        at: usize,
        new: &[String],
        keep_missing_final_newline: bool,
    ) -> (usize, String) {
        let eol = self.line_ending().as_str();
        let mut text = String::new();
        let missing_final = at == self.lines.len()
            && self
                .lines
                .last()
                .is_some_and(|l| l.ending == LineEnding::None);
        if missing_final {
            text.push_str(eol);
        }
        for (index, line) in new.iter().enumerate() {
            text.push_str(line);
            let last = index + 1 == new.len();
            if !(last && missing_final && keep_missing_final_newline) {
                text.push_str(eol);
            }
        }
        let offset = self.lines.get(at).map_or(self.text.len(), Line::start);
        (offset, text)
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
        let separator = self.separator().to_string();
        let mut new = Vec::new();
        if self.lines.last().is_some_and(|last| !last.is_blank()) {
            new.push(String::new());
        }
        new.push(format!("[{name}]"));
        new.extend(
            properties
                .iter()
                .map(|(key, value)| format!("{key}{separator}{value}")),
        );
        let (offset, text) = self.insertion(self.lines.len(), &new, false);
        self.replace(vec![(offset..offset, text)]);
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
        let range = self.deletion(start..section.end);
        self.replace(vec![(range, String::new())]);
    }

    /// Replaces the name between the brackets of each section's header with `new_name`,
    /// keeping what follows the `]`, in one rewrite.
    pub fn rename_sections(
        &mut self,
        sections: &[Section],
        new_name: &str,
    ) -> Result<(), EditError> {
        check_section_name(new_name)?;
        let edits = sections
            .iter()
            .map(|section| {
                let line = &self.lines[section.header];
                // A header starts with `[`; its `]` is the first one after the name.
                let name_end = section.name.end();
                let close = self.text[name_end..line.end()]
                    .find(']')
                    .map_or(line.end(), |i| name_end + i + 1);
                (line.start()..close, format!("[{new_name}]"))
            })
            .collect();
        self.replace(edits);
        Ok(())
    }

    /// Sets properties in a section, in one rewrite. An existing key (matched
    /// case-insensitively; the last one when repeated) is rewritten in place, keeping its
    /// spacing and inline comment and dropping its old continuation lines; new keys go
    /// after the section's last property, in the order given. A key given twice keeps its
    /// first spelling and place, and takes the last value.
    pub fn set_properties(
        &mut self,
        section: &Section,
        pairs: &[(&str, &str)],
    ) -> Result<(), EditError> {
        let mut wanted: Vec<(&str, &str)> = Vec::with_capacity(pairs.len());
        for &(key, value) in pairs {
            check_property(key, value)?;
            match wanted
                .iter_mut()
                .find(|(seen, _)| seen.eq_ignore_ascii_case(key))
            {
                Some(earlier) => earlier.1 = value,
                None => wanted.push((key, value)),
            }
        }
        let separator = self.separator().to_string();
        let mut edits = Vec::new();
        let mut new_lines = Vec::new();
        for (key, value) in wanted {
            let existing = self
                .properties(section)
                .filter(|p| p.key.eq_ignore_ascii_case(key))
                .last()
                .map(|p| p.line);
            match existing {
                Some(line) => edits.extend(self.value_edits(line, value)?),
                None => new_lines.push(format!("{key}{separator}{value}")),
            }
        }
        if !new_lines.is_empty() {
            let last_property_end = self.properties(section).last().map(|p| p.lines.end);
            let at = last_property_end.unwrap_or(section.header + 1);
            let (offset, text) = self.insertion(at, &new_lines, true);
            edits.push((offset..offset, text));
        }
        self.replace(edits);
        Ok(())
    }

    /// Rewrites the values of the properties defined on `lines` (each a
    /// [`Property::line`]) to `value`, in one rewrite, as [`Document::set_properties`]
    /// rewrites an existing key.
    ///
    /// # Panics
    /// When one of the lines is no property line.
    pub fn set_values_at(&mut self, lines: &[usize], value: &str) -> Result<(), EditError> {
        let mut edits = Vec::new();
        for &line in lines {
            edits.extend(self.value_edits(line, value)?);
        }
        self.replace(edits);
        Ok(())
    }

    /// The edits that rewrite the value of the property defined on line `line_index` in
    /// place, keeping its key as written, its spacing and inline comment, and dropping its
    /// old continuation lines.
    fn value_edits(
        &self,
        line_index: usize,
        value: &str,
    ) -> Result<Vec<(Range<usize>, String)>, EditError> {
        let (key, range) = self
            .property_spans(line_index)
            .expect("value edits are asked for a property's line");
        let written_key = &self.text[key.range()];
        check_property(written_key, value)?;
        let lines = self.property_extent(line_index);
        let line = self.lines[line_index];
        let mut edits = if range.is_empty() {
            let separator = self.separator();
            vec![(
                line.start()..line.end(),
                format!("{written_key}{separator}{value}"),
            )]
        } else {
            vec![(range.range(), value.to_string())]
        };
        if lines.len() > 1 {
            edits.push((self.deletion(line_index + 1..lines.end), String::new()));
        }
        Ok(edits)
    }

    /// Removes every definition of the keys (case-insensitive) from the sections, with
    /// their continuation lines, in one rewrite. Returns whether anything was removed.
    pub fn remove_properties(&mut self, sections: &[Section], keys: &[&str]) -> bool {
        let mut doomed: Vec<Range<usize>> = sections
            .iter()
            .flat_map(|section| self.properties(section))
            .filter(|p| keys.iter().any(|key| p.key.eq_ignore_ascii_case(key)))
            .map(|p| p.lines)
            .collect();
        if doomed.is_empty() {
            return false;
        }
        // Adjacent runs of lines become one deletion, so that no two byte ranges overlap
        // (a deletion at the end of a file without a final newline reaches back into the
        // line before it).
        doomed.sort_by_key(|lines| lines.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(doomed.len());
        for lines in doomed {
            match merged.last_mut() {
                Some(last) if lines.start <= last.end => last.end = last.end.max(lines.end),
                _ => merged.push(lines),
            }
        }
        let edits = merged
            .into_iter()
            .map(|lines| (self.deletion(lines), String::new()))
            .collect();
        self.replace(edits);
        true
    }
}

impl fmt::Display for Document {
    /// Writes the document back, byte for byte.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bom {
            f.write_str("\u{feff}")?;
        }
        f.write_str(&self.text)
    }
}

fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control())
}

fn check_section_name(name: &str) -> Result<(), EditError> {
    if has_control(name) {
        return Err(EditError::ControlCharacter {
            what: "section name".into(),
        });
    }
    let trimmed = trim_ini(name);
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
            .find(|s| doc.section_name(s) == name)
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
        let mut doc = Document::parse("\u{feff}");
        doc.append_section("a", &[]).unwrap();
        assert_eq!(doc.to_string(), "\u{feff}[a]\n");
    }

    #[test]
    fn remove_takes_attached_comments_and_separator() {
        let text = "# top\n[a]\nk = v\n\n# about b\n[b]\nk = v\n\n[c]\nk = v\n";
        let mut doc = Document::parse(text);
        doc.remove_section(&section(&doc, "b"));
        assert_eq!(doc.to_string(), "# top\n[a]\nk = v\n\n[c]\nk = v\n");
        doc.remove_section(&section(&doc, "c"));
        assert_eq!(doc.to_string(), "# top\n[a]\nk = v\n");
        doc.remove_section(&section(&doc, "a"));
        assert_eq!(doc.to_string(), "");
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
        doc.set_properties(&section(&doc, "a"), &[("REGION", "eu-west-1")])
            .unwrap();
        assert_eq!(
            doc.to_string(),
            "[a]\nregion  =   eu-west-1  # main\nk = v\n"
        );
    }

    #[test]
    fn set_new_goes_after_last_property() {
        let mut doc = Document::parse("[a]\nk=v\n  cont\n\n[b]\n");
        doc.set_properties(&section(&doc, "a"), &[("region", "x")])
            .unwrap();
        assert_eq!(doc.to_string(), "[a]\nk=v\n  cont\nregion=x\n\n[b]\n");
        let mut doc = Document::parse("[a]\nk = v");
        doc.set_properties(&section(&doc, "a"), &[("region", "x")])
            .unwrap();
        assert_eq!(doc.to_string(), "[a]\nk = v\nregion = x");
        let mut doc = Document::parse("[a]");
        doc.set_properties(&section(&doc, "a"), &[("region", "x")])
            .unwrap();
        assert_eq!(doc.to_string(), "[a]\nregion = x");
    }

    #[test]
    fn set_replaces_sub_property_block() {
        let mut doc = Document::parse("[a]\ns3 =\n  max = 1\nk = v\n");
        doc.set_properties(&section(&doc, "a"), &[("s3", "plain")])
            .unwrap();
        assert_eq!(doc.to_string(), "[a]\ns3 = plain\nk = v\n");
        let mut doc = Document::parse("[a]\nk = v\n  more");
        doc.set_properties(&section(&doc, "a"), &[("k", "w")])
            .unwrap();
        assert_eq!(doc.to_string(), "[a]\nk = w");
    }

    #[test]
    fn remove_property_with_continuations() {
        let mut doc = Document::parse("[a]\nk = v\n  more\nj = 1\nk = again\n");
        assert!(doc.remove_properties(&[section(&doc, "a")], &["K"]));
        assert_eq!(doc.to_string(), "[a]\nj = 1\n");
        assert!(!doc.remove_properties(&[section(&doc, "a")], &["k"]));
    }

    #[test]
    fn removing_adjacent_keys_at_the_end_keeps_the_missing_final_newline() {
        let mut doc = Document::parse("[a]\nk = 1\n  more\nj = 2\n[b]\nk = 3\nj = 4");
        let sections = [section(&doc, "a"), section(&doc, "b")];
        assert!(doc.remove_properties(&sections, &["j", "k"]));
        assert_eq!(doc.to_string(), "[a]\n[b]");
    }

    #[test]
    fn rename_keeps_trailing_comment() {
        let mut doc = Document::parse("[profile old] # note [x]\n");
        doc.rename_sections(&[section(&doc, "profile old")], "profile new")
            .unwrap();
        assert_eq!(doc.to_string(), "[profile new] # note [x]\n");
    }

    #[test]
    fn edits_refuse_line_breaks() {
        let mut doc = Document::parse("[a]\n");
        let a = section(&doc, "a");
        assert!(doc.set_properties(&a, &[("k", "v\n[evil]")]).is_err());
        assert!(doc.set_properties(&a, &[("bad key", "v")]).is_err());
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

    #[test]
    fn values_join_continuations_and_borrow_otherwise() {
        let doc = Document::parse("[a]\nk = v\n  more\nj = plain\n");
        let properties: Vec<_> = doc.properties(&section(&doc, "a")).collect();
        assert_eq!(properties[0].value, "v\nmore");
        assert!(matches!(properties[1].value, Cow::Borrowed("plain")));
    }
}
