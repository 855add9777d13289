//! The lossless document model of the AWS INI dialect. Pure: no file access.
//!
//! A document is a list of lines, each with its raw text, its line ending and what it is
//! (see [`LineKind`]). Writing concatenates the raw text, so `parse(s).to_string() == s`
//! for every input; edits rewrite only the lines they touch. What the sections *mean*
//! (profiles, sso-sessions, last-one-wins) belongs to [`crate::profiles`], not here.

mod document;
mod line;

pub use document::{Document, EditError, Property, Section, SyntaxError};
pub use line::{
    Classified, Classifier, Line, LineEnding, LineKind, Problem, Span, is_valid_identifier,
};
pub(crate) use line::{is_ini_space, trim_ini, trim_ini_start};
