//! One line of an AWS INI file: where its text is, its line ending and what it is.
//!
//! Classification follows the AWS SDKs' shared profile parser (the rules behind
//! `profile-parser-tests.json`): a line is blank, a comment (`#` or `;` in column 1), a
//! section header (`[` in column 1), a continuation (any leading whitespace), or a property.
//! Lines hold byte ranges into the document's text, never copies of it.

use std::ops::{ControlFlow, Range};

use wide::u8x16;

/// Trims spaces and tabs (the AWS parser's whitespace) from both ends; byte-wise, since
/// both are ASCII.
pub(crate) fn trim_ini(text: &str) -> &str {
    &text[trimmed_range(text.as_bytes())]
}

/// `text` without the spaces and tabs it starts with.
pub(crate) fn trim_ini_start(text: &str) -> &str {
    &text[trimmed_start(text.as_bytes())..]
}

/// Where the text of `bytes` is once spaces and tabs are trimmed from both ends.
fn trimmed_range(bytes: &[u8]) -> Range<usize> {
    let start = trimmed_start(bytes);
    start..start + trimmed_end(&bytes[start..])
}

/// Where the text of `bytes` starts once the spaces and tabs it starts with are skipped.
#[inline]
fn trimmed_start(bytes: &[u8]) -> usize {
    // Most text has nothing to trim: one comparison rather than a loop's setup.
    if bytes.first().is_some_and(|&b| !is_ini_space(b)) {
        return 0;
    }
    bytes
        .iter()
        .position(|&b| !is_ini_space(b))
        .unwrap_or(bytes.len())
}

/// Where the text of `bytes` ends once the spaces and tabs it ends with are dropped.
#[inline]
fn trimmed_end(bytes: &[u8]) -> usize {
    if bytes.last().is_some_and(|&b| !is_ini_space(b)) {
        return bytes.len();
    }
    bytes
        .iter()
        .rposition(|&b| !is_ini_space(b))
        .map_or(0, |i| i + 1)
}

/// Whether a byte is what the AWS parser trims around names and values: a space or a tab.
#[inline]
pub(crate) fn is_ini_space(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

/// Whether a line is empty or only whitespace (Unicode whitespace, as the SDKs' `trim`).
fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_whitespace()) || text.trim().is_empty()
}

/// The line ending that closes one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    /// The last line of a file that has no final newline.
    None,
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
}

impl LineEnding {
    /// The bytes of this line ending.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::None => "",
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

/// A byte range of the document's text, stored in 32 bits: a profile file over 4 GiB is
/// refused by the store, and half-size line records keep large files cheap to hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// The span of `range`.
    pub fn new(range: Range<usize>) -> Span {
        Span {
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// The byte range.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Where it starts.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// Where it ends.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Whether it is empty.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// What a line is, as the AWS parser sees it: the one byte a document keeps per line.
/// The spans of a header's name or a property's key and value are derived from the line's
/// text when asked for (see [`crate::ini::Document::header_name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Empty or only whitespace.
    Blank,
    /// Starts with `#` or `;`.
    Comment,
    /// `[name]`.
    Header,
    /// `key = value`.
    Property,
    /// An indented line that continues the value above.
    Continuation,
    /// An indented `name = value` line of a sub-property block.
    SubProperty,
    /// A line the AWS parser rejects; the document keeps it so that nothing is lost.
    Invalid,
}

impl LineKind {
    /// Whether the line continues the property above (a value or a sub-property block).
    pub fn is_continuation(self) -> bool {
        matches!(self, LineKind::Continuation | LineKind::SubProperty)
    }
}

/// What the classifier found on one line, with the spans it found. Spans are byte ranges
/// of the document's text (see [`crate::ini::Document::text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Classified {
    /// Empty or only whitespace.
    Blank,
    /// Starts with `#` or `;`.
    Comment,
    /// `[name]`, with `name` trimmed and any trailing comment removed.
    Header {
        /// The text between the brackets, trimmed (for example `profile foo`).
        name: Span,
    },
    /// `key = value` (`Document::property_spans` gives where the key and value are).
    Property,
    /// An indented line that continues the value above, or a line of a sub-property block.
    Continuation {
        /// Whether the line belongs to a sub-property block (the property above had an empty value).
        sub_property: bool,
    },
    /// A line the AWS parser rejects.
    Invalid(Problem),
}

impl Classified {
    /// The one-byte kind.
    pub fn kind(&self) -> LineKind {
        match self {
            Classified::Blank => LineKind::Blank,
            Classified::Comment => LineKind::Comment,
            Classified::Header { .. } => LineKind::Header,
            Classified::Property => LineKind::Property,
            Classified::Continuation {
                sub_property: false,
            } => LineKind::Continuation,
            Classified::Continuation { sub_property: true } => LineKind::SubProperty,
            Classified::Invalid(_) => LineKind::Invalid,
        }
    }
}

/// The name span of a line already classified as a header (which starts at `offset`).
pub(crate) fn header_span(text: &str, offset: usize) -> Span {
    match classify_header(text, offset, ParseState::BeforeSection).0 {
        Classified::Header { name } => name,
        _ => Span::new(offset..offset),
    }
}

/// The key and value spans of a line already classified as a property, which starts
/// at `offset`: the key as written, trimmed (not lower-cased), and the value, trimmed,
/// inline comment excluded.
pub(crate) fn property_spans(text: &str, offset: usize) -> (Span, Span) {
    let Ok((key, value)) = split_property(strip_comment(text, true)) else {
        return (Span::new(offset..offset), Span::new(offset..offset));
    };
    let span = |part: &str| {
        let start = offset + subslice_offset(text, part);
        Span::new(start..start + part.len())
    };
    (span(key), span(value))
}

/// The problem of every line above the first section header (only a header may come first).
pub(crate) const NO_SECTION_YET: &str = "Expected a profile definition";

/// Why a line is invalid, with the column (1-based, in characters) the problem points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The AWS parser's message, for example `Expected an '=' sign defining a property`.
    pub message: &'static str,
    /// 1-based column of the offending character.
    pub column: u32,
}

/// One line of a document: its text is `text[start..end]`, followed by `ending`.
/// Twelve bytes, so that a 100,000-profile file's line table stays small.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// The line's text, without its ending.
    pub span: Span,
    /// The line ending that followed it in the file.
    pub ending: LineEnding,
    /// What the line is.
    pub kind: LineKind,
}

impl Line {
    /// Byte offset of the first character.
    pub fn start(&self) -> usize {
        self.span.start()
    }

    /// Byte offset just past the last character (before the line ending).
    pub fn end(&self) -> usize {
        self.span.end()
    }

    /// Byte offset just past the line ending.
    pub fn full_end(&self) -> usize {
        self.end() + self.ending.as_str().len()
    }

    /// Whether the line is blank.
    pub fn is_blank(&self) -> bool {
        self.kind == LineKind::Blank
    }

    /// Whether the line is a comment.
    pub fn is_comment(&self) -> bool {
        self.kind == LineKind::Comment
    }

    /// Whether the line continues a property value or sub-property block.
    pub fn is_continuation(&self) -> bool {
        self.kind.is_continuation()
    }
}

/// Where the classifier stands after a line: it decides what an indented line means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParseState {
    /// No section header seen yet.
    BeforeSection,
    /// Inside a section; `property` says whether a property was seen and whether it opened
    /// a sub-property block (its value was empty).
    InSection { property: Option<PropertyState> },
}

/// The property that indented lines would continue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PropertyState {
    /// A property with a value: indented lines append to it.
    Value,
    /// A property with an empty value: indented lines are `name = value` sub-properties.
    SubProperties,
}

/// Classifies lines one after another, carrying what the AWS rules need to know about the
/// lines above (whether an indented line continues a value, belongs to a sub-property
/// block, or is an error). The document uses it; so does the store's streaming name scan.
#[derive(Clone, Debug)]
pub struct Classifier {
    state: ParseState,
}

impl Default for Classifier {
    fn default() -> Classifier {
        Classifier {
            state: ParseState::BeforeSection,
        }
    }
}

impl Classifier {
    /// A classifier at the top of a file.
    pub fn new() -> Classifier {
        Classifier::default()
    }

    /// Splits `text` into lines (at `\n`; a `\r` before it belongs to the line ending) and
    /// classifies each, calling `each` with the line's span and ending (relative to
    /// `text`) and what it is, until `each` breaks. One pass (`Marks`) finds the line
    /// breaks, each line's first `=`, its comment characters and its non-ASCII bytes, so
    /// that plain lines (most of them) take the short way (`classify_plain`).
    pub fn classify_lines<B>(
        &mut self,
        text: &str,
        mut each: impl FnMut(Span, LineEnding, Classified) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        // The state lives in a local until the loop ends, so that it can stay in a register
        // rather than be stored to `self` at every line.
        let mut state = self.state;
        let flow = classify_lines_from(text, &mut state, &mut each);
        self.state = state;
        flow
    }
}

/// The loop of [`Classifier::classify_lines`], from `state` on.
#[inline(always)]
fn classify_lines_from<B>(
    text: &str,
    state: &mut ParseState,
    each: &mut impl FnMut(Span, LineEnding, Classified) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let bytes = text.as_bytes();
    let mut line = LineMarks::at(0);
    for index in Marks::new(bytes) {
        match bytes[index] {
            b'\n' => {
                let (end, ending) = if index > line.start && bytes[index - 1] == b'\r' {
                    (index - 1, LineEnding::CrLf)
                } else {
                    (index, LineEnding::Lf)
                };
                let classified = classify_found(text, end, &line, state);
                each(Span::new(line.start..end), ending, classified)?;
                line = LineMarks::at(index + 1);
            }
            b'=' => {
                line.equals.get_or_insert(index - line.start);
            }
            _ => line.plain = false,
        }
    }
    if line.start < bytes.len() {
        let classified = classify_found(text, bytes.len(), &line, state);
        each(
            Span::new(line.start..bytes.len()),
            LineEnding::None,
            classified,
        )?;
    }
    ControlFlow::Continue(())
}

/// Classifies the line of `text` from `line.start` to `end` found by
/// [`Classifier::classify_lines`], given and updating the parser's `state`: plain lines
/// the short way (on bytes: slicing a `str` checks character boundaries), the rest by the
/// full rules.
#[inline(always)]
fn classify_found(text: &str, end: usize, line: &LineMarks, state: &mut ParseState) -> Classified {
    let bytes = &text.as_bytes()[line.start..end];
    if line.plain {
        if let Some((kind, next)) = classify_plain(bytes, line.start, line.equals, *state) {
            *state = next;
            return kind;
        }
    } else if let Some(b'#' | b';') = bytes.first() {
        // A comment line, whatever follows its first character.
        return Classified::Comment;
    }
    let (kind, next) = classify(&text[line.start..end], line.start, *state);
    *state = next;
    kind
}

/// What [`Classifier::classify_lines`] has seen of the line it is in.
struct LineMarks {
    /// Where the line starts in the text.
    start: usize,
    /// Where its first `=` is, from its start.
    equals: Option<usize>,
    /// Whether it is plain so far: ASCII, without `#` or `;`.
    plain: bool,
}

impl LineMarks {
    /// A line starting at `start`, nothing seen of it yet.
    fn at(start: usize) -> LineMarks {
        LineMarks {
            start,
            equals: None,
            plain: true,
        }
    }
}

/// The positions, in order, of the bytes [`Classifier::classify_lines`] stops at: line
/// breaks, `=`, `#`, `;` and non-ASCII bytes. Found sixteen bytes at a time with SIMD
/// comparisons (the `wide` crate: SSE2, NEON, or plain code elsewhere), a 64-bit mask per
/// 64 bytes, so that each position costs a few instructions rather than a search call
/// per line (BENCHMARKS.md has the comparison).
struct Marks<'a> {
    bytes: &'a [u8],
    /// Where the current block of 64 bytes starts.
    block: usize,
    /// The marks of the current block not yet returned, one bit per byte.
    mask: u64,
}

impl<'a> Marks<'a> {
    fn new(bytes: &'a [u8]) -> Marks<'a> {
        Marks {
            bytes,
            block: 0,
            mask: block_marks(bytes),
        }
    }
}

impl Iterator for Marks<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.block += 64;
            if self.block >= self.bytes.len() {
                return None;
            }
            self.mask = block_marks(&self.bytes[self.block..]);
        }
        let bit = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.block + bit)
    }
}

/// The marks among the first 64 bytes of `bytes` (fewer at the end of the text), bit `i`
/// for byte `i`.
fn block_marks(bytes: &[u8]) -> u64 {
    let mut padded = [0; 64];
    let block: &[u8; 64] = match bytes.first_chunk() {
        Some(block) => block,
        None => {
            padded[..bytes.len()].copy_from_slice(bytes);
            &padded
        }
    };
    let mut mask = 0;
    for (index, part) in block.as_chunks::<16>().0.iter().enumerate() {
        let part = u8x16::new(*part);
        // A non-ASCII byte has its top bit set, as the comparisons' lanes that matched do.
        let marks = part
            | part.simd_eq(u8x16::splat(b'\n'))
            | part.simd_eq(u8x16::splat(b'='))
            | part.simd_eq(u8x16::splat(b'#'))
            | part.simd_eq(u8x16::splat(b';'));
        mask |= u64::from(marks.to_bitmask()) << (16 * index);
    }
    mask
}

/// The lines most files are made of, classified without the full rules: empty lines,
/// headers, properties and indented lines in ASCII with no comment character (`#`, `;`)
/// anywhere, so that no inline comment or Unicode whitespace can be involved; `equals`
/// is where the line's first `=` is. Returns `None` for every other line, and for lines
/// the full rules reject, which [`classify`] then handles; for the lines it does
/// classify, it gives what [`classify`] gives (a property test checks this). Inlined,
/// like [`classify_found`], because it runs once per line of every file read.
#[inline(always)]
fn classify_plain(
    line: &[u8],
    offset: usize,
    equals: Option<usize>,
    state: ParseState,
) -> Option<(Classified, ParseState)> {
    let Some(&first) = line.first() else {
        return Some((Classified::Blank, state));
    };
    if first == b'[' {
        // The line starts with `[`: only its end needs trimming.
        let end = trimmed_end(line);
        if end < 2 || line[end - 1] != b']' {
            return None;
        }
        let name = trimmed_range(&line[1..end - 1]);
        let header = Classified::Header {
            name: Span::new(offset + 1 + name.start..offset + 1 + name.end),
        };
        return Some((header, ParseState::InSection { property: None }));
    }
    if is_ini_space(first) {
        return classify_plain_indented(line, equals, state);
    }
    if !first.is_ascii_graphic() || state == ParseState::BeforeSection {
        return None;
    }
    let equals = equals.filter(|&equals| equals > 0)?;
    let has_value = line[equals + 1..].iter().any(|&byte| !is_ini_space(byte));
    let property = if has_value {
        PropertyState::Value
    } else {
        PropertyState::SubProperties
    };
    let state = ParseState::InSection {
        property: Some(property),
    };
    Some((Classified::Property, state))
}

/// The indented lines of [`classify_plain`]: blank, or what continues the property above
/// (more of its value, or a `name = value` sub-property); `None` for the rest.
#[inline(always)]
fn classify_plain_indented(
    line: &[u8],
    equals: Option<usize>,
    state: ParseState,
) -> Option<(Classified, ParseState)> {
    let start = trimmed_start(line);
    let Some(&first) = line.get(start) else {
        return Some((Classified::Blank, state));
    };
    let ParseState::InSection {
        property: Some(property),
    } = state
    else {
        return None;
    };
    let sub_property = property == PropertyState::SubProperties;
    // A sub-property needs a name before its `=`.
    if !first.is_ascii_graphic() || sub_property && equals.is_none_or(|equals| equals <= start) {
        return None;
    }
    Some((Classified::Continuation { sub_property }, state))
}

/// Classifies the line `text`, which starts at byte `offset` of the document, given the
/// state left by the lines above it. Returned ranges are absolute.
fn classify(text: &str, offset: usize, state: ParseState) -> (Classified, ParseState) {
    let Some(first) = text.bytes().next() else {
        return (Classified::Blank, state);
    };
    if (first.is_ascii_whitespace() || !first.is_ascii()) && is_blank(text) {
        return (Classified::Blank, state);
    }
    match first {
        b'#' | b';' => (Classified::Comment, state),
        b'[' => classify_header(text, offset, state),
        _ if text.starts_with(char::is_whitespace) => classify_continuation(text, state),
        _ => classify_property(text, state),
    }
}

fn classify_header(text: &str, offset: usize, state: ParseState) -> (Classified, ParseState) {
    let prepared = strip_comment(text, false);
    let Some(inner) = prepared.strip_suffix(']') else {
        let column = char_column(text, prepared.len()) + 1;
        return (
            invalid("Profile definition must end with ']'", column),
            state,
        );
    };
    let name = trim_ini(&inner[1..]);
    let start = offset + subslice_offset(text, name);
    (
        Classified::Header {
            name: Span::new(start..start + name.len()),
        },
        ParseState::InSection { property: None },
    )
}

fn classify_continuation(text: &str, state: ParseState) -> (Classified, ParseState) {
    let first = text.len() - text.trim_start().len();
    let column = char_column(text, first) + 1;
    match state {
        ParseState::BeforeSection => (invalid(NO_SECTION_YET, column), state),
        ParseState::InSection { property: None } => (
            invalid("Expected a property definition, found continuation", column),
            state,
        ),
        ParseState::InSection {
            property: Some(PropertyState::Value),
        } => (
            Classified::Continuation {
                sub_property: false,
            },
            state,
        ),
        ParseState::InSection {
            property: Some(PropertyState::SubProperties),
        } => match split_property(trim_ini(text)) {
            Ok(_) => (Classified::Continuation { sub_property: true }, state),
            Err(PropertyError::NoEquals) => (
                invalid("Expected an '=' sign defining a sub-property", column),
                state,
            ),
            Err(PropertyError::NoName) => {
                let equals = text.find('=').unwrap_or(first);
                let column = char_column(text, equals) + 1;
                (invalid("Sub-property did not have a name", column), state)
            }
        },
    }
}

fn classify_property(text: &str, state: ParseState) -> (Classified, ParseState) {
    if state == ParseState::BeforeSection {
        return (invalid(NO_SECTION_YET, 1), state);
    }
    let prepared = strip_comment(text, true);
    match split_property(prepared) {
        Ok((_, value)) => {
            let property = if value.is_empty() {
                PropertyState::SubProperties
            } else {
                PropertyState::Value
            };
            (
                Classified::Property,
                ParseState::InSection {
                    property: Some(property),
                },
            )
        }
        Err(PropertyError::NoEquals) => (
            invalid("Expected an '=' sign defining a property", 1),
            state,
        ),
        Err(PropertyError::NoName) => (invalid("Property did not have a name", 1), state),
    }
}

/// Byte offset of `part` (a subslice of `whole`) inside `whole`.
fn subslice_offset(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

fn invalid(message: &'static str, column: usize) -> Classified {
    Classified::Invalid(Problem {
        message,
        column: column as u32,
    })
}

/// 0-based character column of a byte offset.
fn char_column(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

#[derive(Debug, PartialEq, Eq)]
enum PropertyError {
    NoEquals,
    NoName,
}

/// Splits `key = value` at the first `=`, trimming both sides.
fn split_property(line: &str) -> Result<(&str, &str), PropertyError> {
    let equals = memchr::memchr(b'=', line.as_bytes()).ok_or(PropertyError::NoEquals)?;
    let key = trim_ini(&line[..equals]);
    if key.is_empty() {
        return Err(PropertyError::NoName);
    }
    Ok((key, trim_ini(&line[equals + 1..])))
}

/// Trims the line and cuts an inline comment. In property lines a comment must follow
/// whitespace (`value # note`); in header lines it may touch the bracket (`[x]# note`).
/// Comment characters are ASCII, so bytes are scanned; the character before one is
/// decoded only when needed.
fn strip_comment(line: &str, comment_needs_whitespace: bool) -> &str {
    let line = trim_ini(line);
    for index in memchr::memchr2_iter(b'#', b';', line.as_bytes()) {
        let after_whitespace = line[..index]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        if after_whitespace || !comment_needs_whitespace {
            return trim_ini(&line[..index]);
        }
    }
    line
}

/// Whether `name` is a valid profile or property name for the AWS SDKs:
/// ASCII letters and digits and `_ - / . % @ : +`.
pub fn is_valid_identifier(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| IDENTIFIER_BYTES[usize::from(b)])
}

/// Which bytes [`is_valid_identifier`] accepts, a table so that the check costs a load
/// per byte: it runs on every section header of a file.
const IDENTIFIER_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(byte as u8, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9'
            | b'_' | b'-' | b'/' | b'.' | b'%' | b'@' | b':' | b'+');
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kind(text: &str) -> Classified {
        classify(text, 0, ParseState::InSection { property: None }).0
    }

    /// The key and value of a property line.
    fn key_and_value(text: &str) -> (&str, &str) {
        assert_eq!(kind(text), Classified::Property);
        let (key, value) = property_spans(text, 0);
        (&text[key.range()], &text[value.range()])
    }

    #[test]
    fn property_value_excludes_inline_comment_after_whitespace() {
        assert_eq!(
            key_and_value("region = eu-west-1 # main"),
            ("region", "eu-west-1")
        );
    }

    #[test]
    fn comment_touching_value_is_part_of_it() {
        assert_eq!(key_and_value("name = value#x"), ("name", "value#x"));
    }

    #[test]
    fn comment_after_unicode_whitespace_is_cut() {
        assert_eq!(
            key_and_value("name = value\u{3000}# note"),
            ("name", "value\u{3000}")
        );
    }

    #[test]
    fn header_comment_may_touch_bracket() {
        let text = "[profile foo]# c";
        let Classified::Header { name } = kind(text) else {
            panic!()
        };
        assert_eq!(&text[name.range()], "profile foo");
    }

    #[test]
    fn ranges_are_absolute() {
        assert_eq!(
            property_spans("k = v", 100),
            (Span::new(100..101), Span::new(104..105))
        );
        let (header, _) = classify("[ a ]", 100, ParseState::BeforeSection);
        assert_eq!(
            header,
            Classified::Header {
                name: Span::new(102..103)
            }
        );
    }

    /// Every parser state a line can be read in.
    fn states() -> impl Strategy<Value = ParseState> {
        prop_oneof![
            Just(ParseState::BeforeSection),
            Just(ParseState::InSection { property: None }),
            Just(ParseState::InSection {
                property: Some(PropertyState::Value)
            }),
            Just(ParseState::InSection {
                property: Some(PropertyState::SubProperties)
            }),
        ]
    }

    /// Lines made of the characters the rules care about.
    const LINE: &str = "[\\[\\]=#; \t\r\u{b}a-c\u{e9}\u{3000}]{0,12}";

    /// Lines the short way takes: ASCII, no comment characters.
    const PLAIN_LINE: &str = "[\\[\\]= \t\r\u{b}a-c]{0,12}";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_short_way_agrees_with_the_full_rules(
            text in prop_oneof![LINE, PLAIN_LINE],
            state in states(),
        ) {
            let plain = text.is_ascii() && !text.contains(['#', ';']);
            if plain && let Some(short) = classify_plain(text.as_bytes(), 7, text.find('='), state) {
                prop_assert_eq!(short, classify(&text, 7, state));
            }
        }

        #[test]
        fn lines_are_classified_as_one_by_one(lines in proptest::collection::vec((LINE, "\n|\r\n"), 0..8), last in LINE) {
            let text: String = lines.iter().map(|(line, ending)| format!("{line}{ending}")).collect::<String>() + &last;
            let mut one_by_one = Vec::new();
            let (mut state, mut start) = (ParseState::BeforeSection, 0);
            for line in text.split('\n') {
                let (body, ending) = match line.strip_suffix('\r') {
                    Some(body) if start + line.len() < text.len() => (body, LineEnding::CrLf),
                    _ if start + line.len() < text.len() => (line, LineEnding::Lf),
                    _ => (line, LineEnding::None),
                };
                let span = Span::new(start..start + body.len());
                let (kind, next) = classify(body, start, state);
                state = next;
                one_by_one.push((span, ending, kind));
                start += line.len() + 1;
            }
            if text.ends_with('\n') || text.is_empty() {
                one_by_one.pop();
            }
            let mut together = Vec::new();
            let _ = Classifier::new().classify_lines::<()>(&text, |span, ending, classified| {
                together.push((span, ending, classified));
                ControlFlow::Continue(())
            });
            prop_assert_eq!(together, one_by_one);
        }
    }

    proptest! {
        #[test]
        fn marks_are_line_breaks_equals_comment_characters_and_non_ascii_bytes(
            bytes in proptest::collection::vec(prop_oneof![
                Just(b'\n'), Just(b'='), Just(b'#'), Just(b';'), Just(b'\r'), Just(0), any::<u8>()
            ], 0..300),
        ) {
            let expected: Vec<usize> = (0..bytes.len())
                .filter(|&i| matches!(bytes[i], b'\n' | b'=' | b'#' | b';' | 0x80..))
                .collect();
            prop_assert_eq!(Marks::new(&bytes).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn line_records_stay_small() {
        assert_eq!(std::mem::size_of::<Line>(), 12);
    }

    #[test]
    fn spans_are_derived_again_exactly() {
        let header = "[ profile a ] # c";
        assert_eq!(&header[header_span(header, 0).range()], "profile a");
        let line = "key  =  value # note";
        let (key, value) = property_spans(line, 0);
        assert_eq!((&line[key.range()], &line[value.range()]), ("key", "value"));
    }

    #[test]
    fn identifiers() {
        assert!(is_valid_identifier("some-thing:long/the_one%only.foo@bar+"));
        assert!(!is_valid_identifier("in valid"));
        assert!(!is_valid_identifier("foo!bar"));
        assert!(!is_valid_identifier("é"));
        assert!(!is_valid_identifier(""));
    }
}
