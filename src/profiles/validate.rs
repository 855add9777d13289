//! Checks on values before anything is written: a value with a line break would inject a
//! section, whitespace in a key breaks it silently, and AWS tools ignore invalid names.

use anyhow::{Result, bail};

use crate::ini::is_valid_identifier;

/// Output formats the AWS CLI accepts.
pub const OUTPUT_FORMATS: [&str; 5] = ["json", "yaml", "yaml-stream", "text", "table"];

/// A profile name every AWS SDK reads: letters, digits and `_ - / . % @ : +`.
pub fn profile_name(name: &str) -> Result<()> {
    if !is_valid_identifier(name) {
        bail!(
            "{name:?} is not a valid profile name: use letters, digits and _ - / . % @ : + \
             (AWS tools ignore other names)"
        );
    }
    Ok(())
}

/// Any value: no control characters (line breaks included) and no leading or trailing
/// whitespace, which the AWS parser would trim away.
pub fn value(what: &str, value: &str) -> Result<()> {
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        bail!(
            "{what} contains a control character ({}); line breaks and control characters \
             would corrupt the file",
            c.escape_default()
        );
    }
    if value.trim() != value {
        bail!("{what} starts or ends with whitespace, which AWS tools would drop");
    }
    Ok(())
}

/// A key id, secret or token: a value with no whitespace at all, and not empty.
pub fn credential(what: &str, text: &str) -> Result<()> {
    value(what, text)?;
    if text.is_empty() {
        bail!("{what} is empty");
    }
    if text.chars().any(char::is_whitespace) {
        bail!("{what} contains whitespace; check that it was pasted whole and alone");
    }
    Ok(())
}

/// Whether a key id looks like an AWS one: `AKIA` (long-term) or `ASIA` (temporary) and
/// sixteen upper-case letters or digits.
pub fn looks_like_key_id(id: &str) -> bool {
    id.len() == 20
        && (id.starts_with("AKIA") || id.starts_with("ASIA"))
        && id[4..]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A region: a value without whitespace, such as `eu-west-1`.
pub fn region(text: &str) -> Result<()> {
    value("region", text)?;
    if text.is_empty() || text.contains(char::is_whitespace) {
        bail!("region {text:?} is not a region name such as eu-west-1");
    }
    Ok(())
}

/// An output format the AWS CLI accepts.
pub fn output_format(text: &str) -> Result<()> {
    if !OUTPUT_FORMATS.contains(&text) {
        bail!(
            "output {text:?} is not one the AWS CLI accepts: {}",
            OUTPUT_FORMATS.join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_injection_and_whitespace() {
        assert!(value("region", "eu\n[evil]").is_err());
        assert!(credential("secret", "ab cd").is_err());
        assert!(credential("secret", "").is_err());
        assert!(profile_name("a b").is_err());
        assert!(profile_name("ok_name-1").is_ok());
    }

    #[test]
    fn key_id_shape() {
        assert!(looks_like_key_id("AKIAIOSFODNN7EXAMPLE"));
        assert!(looks_like_key_id("ASIAIOSFODNN7EXAMPLE"));
        assert!(!looks_like_key_id("AKIAshort"));
    }
}
