//! One line of an AWS INI file: its raw text, its line ending and what it is.
//!
//! Classification follows the AWS SDKs' shared profile parser (the rules behind
//! `profile-parser-tests.json`): a line is blank, a comment (`#` or `;` in column 1), a
//! section header (`[` in column 1), a continuation (any leading whitespace), or a property.

use std::ops::Range;

/// The characters the AWS parser trims around names and values.
pub(crate) const INI_WHITESPACE: [char; 2] = [' ', '\t'];

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

/// What a line is, as the AWS parser sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Empty or only whitespace.
    Blank,
    /// Starts with `#` or `;`.
    Comment,
    /// `[name]`, with `name` trimmed and any trailing comment removed.
    Header {
        /// The text between the brackets, trimmed (for example `profile foo`).
        name: String,
    },
    /// `key = value`.
    Property {
        /// The key as written, trimmed (not lower-cased).
        key: String,
        /// Byte range of the value inside the line's text (trimmed, inline comment excluded).
        value: Range<usize>,
    },
    /// An indented line that continues the value above, or a line of a sub-property block.
    Continuation {
        /// Whether the line belongs to a sub-property block (the property above had an empty value).
        sub_property: bool,
    },
    /// A line the AWS parser rejects; the document keeps it so that nothing is lost.
    Invalid(Problem),
}

/// Why a line is invalid, with the column (1-based, in characters) the problem points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The AWS parser's message, for example `Expected an '=' sign defining a property`.
    pub message: String,
    /// 1-based column of the offending character.
    pub column: usize,
}

/// One line of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The raw text, without its line ending.
    pub text: String,
    /// The line ending that followed it in the file.
    pub ending: LineEnding,
    /// What the line is.
    pub kind: LineKind,
}

impl Line {
    /// The property key when this line defines one.
    pub fn key(&self) -> Option<&str> {
        match &self.kind {
            LineKind::Property { key, .. } => Some(key),
            _ => None,
        }
    }

    /// The property value (trimmed, without an inline comment) when this line defines one.
    pub fn value(&self) -> Option<&str> {
        match &self.kind {
            LineKind::Property { value, .. } => Some(&self.text[value.clone()]),
            _ => None,
        }
    }

    /// The section name inside the brackets when this line is a header.
    pub fn header_name(&self) -> Option<&str> {
        match &self.kind {
            LineKind::Header { name } => Some(name),
            _ => None,
        }
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
        matches!(self.kind, LineKind::Continuation { .. })
    }
}

/// Where the classifier stands after a line: it decides what an indented line means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParseState {
    /// No section header seen yet.
    BeforeSection,
    /// Inside a section; `property` says whether a property was seen and whether it opened
    /// a sub-property block (its value was empty).
    InSection { property: Option<PropertyState> },
}

/// The property that indented lines would continue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PropertyState {
    /// A property with a value: indented lines append to it.
    Value,
    /// A property with an empty value: indented lines are `name = value` sub-properties.
    SubProperties,
}

/// Classifies one line given the state left by the lines above it.
pub(crate) fn classify(text: &str, state: ParseState) -> (LineKind, ParseState) {
    if text.trim().is_empty() {
        return (LineKind::Blank, state);
    }
    if text.starts_with(['#', ';']) {
        return (LineKind::Comment, state);
    }
    if text.starts_with('[') {
        return classify_header(text, state);
    }
    if text.starts_with(char::is_whitespace) {
        return classify_continuation(text, state);
    }
    classify_property(text, state)
}

fn classify_header(text: &str, state: ParseState) -> (LineKind, ParseState) {
    let prepared = strip_comment(text, false);
    let Some(inner) = prepared.strip_suffix(']') else {
        let column = char_column(text, prepared.len()) + 1;
        return (
            invalid("Profile definition must end with ']'", column),
            state,
        );
    };
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    let name = inner.trim_matches(INI_WHITESPACE).to_string();
    (
        LineKind::Header { name },
        ParseState::InSection { property: None },
    )
}

fn classify_continuation(text: &str, state: ParseState) -> (LineKind, ParseState) {
    let first = text.len() - text.trim_start().len();
    let column = char_column(text, first) + 1;
    match state {
        ParseState::BeforeSection => (invalid("Expected a profile definition", column), state),
        ParseState::InSection { property: None } => (
            invalid("Expected a property definition, found continuation", column),
            state,
        ),
        ParseState::InSection {
            property: Some(PropertyState::Value),
        } => (
            LineKind::Continuation {
                sub_property: false,
            },
            state,
        ),
        ParseState::InSection {
            property: Some(PropertyState::SubProperties),
        } => match split_property(text.trim_matches(INI_WHITESPACE)) {
            Ok(_) => (LineKind::Continuation { sub_property: true }, state),
            Err(PropertyError::NoEquals) => (
                invalid("Expected an '=' sign defining a sub-property", column),
                state,
            ),
            Err(PropertyError::NoName) => {
                let eq = text.find('=').unwrap_or(first);
                (
                    invalid(
                        "Sub-property did not have a name",
                        char_column(text, eq) + 1,
                    ),
                    state,
                )
            }
        },
    }
}

fn classify_property(text: &str, state: ParseState) -> (LineKind, ParseState) {
    if state == ParseState::BeforeSection {
        return (invalid("Expected a profile definition", 1), state);
    }
    let prepared = strip_comment(text, true);
    // `prepared` is a prefix of `text` (the line starts with a non-whitespace character).
    match split_property(prepared) {
        Ok((key, value)) => {
            let value_start = value.as_ptr() as usize - text.as_ptr() as usize;
            let property = if value.is_empty() {
                PropertyState::SubProperties
            } else {
                PropertyState::Value
            };
            (
                LineKind::Property {
                    key: key.to_string(),
                    value: value_start..value_start + value.len(),
                },
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

fn invalid(message: &str, column: usize) -> LineKind {
    LineKind::Invalid(Problem {
        message: message.to_string(),
        column,
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
    let (key, value) = line.split_once('=').ok_or(PropertyError::NoEquals)?;
    let key = key.trim_matches(INI_WHITESPACE);
    if key.is_empty() {
        return Err(PropertyError::NoName);
    }
    Ok((key, value.trim_matches(INI_WHITESPACE)))
}

/// Trims the line and cuts an inline comment. In property lines a comment must follow
/// whitespace (`value # note`); in header lines it may touch the bracket (`[x]# note`).
fn strip_comment(line: &str, comment_needs_whitespace: bool) -> &str {
    let line = line.trim_matches(INI_WHITESPACE);
    let mut previous_was_whitespace = false;
    for (index, ch) in line.char_indices() {
        if (ch == '#' || ch == ';') && (previous_was_whitespace || !comment_needs_whitespace) {
            return line[..index].trim_matches(INI_WHITESPACE);
        }
        previous_was_whitespace = ch.is_whitespace();
    }
    line
}

/// Whether `name` is a valid profile or property name for the AWS SDKs:
/// ASCII letters and digits and `_ - / . % @ : +`.
pub fn is_valid_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> LineKind {
        classify(text, ParseState::InSection { property: None }).0
    }

    #[test]
    fn property_value_excludes_inline_comment_after_whitespace() {
        let text = "region = eu-west-1 # main";
        match kind(text) {
            LineKind::Property { key, value } => {
                assert_eq!(key, "region");
                assert_eq!(&text[value], "eu-west-1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn comment_touching_value_is_part_of_it() {
        let text = "name = value#x";
        let LineKind::Property { value, .. } = kind(text) else {
            panic!()
        };
        assert_eq!(&text[value], "value#x");
    }

    #[test]
    fn header_comment_may_touch_bracket() {
        assert_eq!(
            kind("[profile foo]# c"),
            LineKind::Header {
                name: "profile foo".into()
            }
        );
    }

    #[test]
    fn identifiers() {
        assert!(is_valid_identifier("some-thing:long/the_one%only.foo@bar+"));
        assert!(!is_valid_identifier("in valid"));
        assert!(!is_valid_identifier("foo!bar"));
        assert!(!is_valid_identifier(""));
    }
}
