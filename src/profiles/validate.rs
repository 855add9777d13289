//! Checks on values before anything is written: a value with a line break would inject a
//! section, whitespace in a key breaks it silently, and AWS tools ignore invalid names.
//!
//! The one writer rule lives here ([`profile_name`], [`key`], [`value`]): a profile name,
//! key or value that botocore (Python's configparser) and the AWS SDKs' shared parser
//! would read differently, or not at all, is refused. [`crate::profiles::edit`] applies it
//! to everything it writes, so every command that edits gets it.

use anyhow::{Result, bail};

use crate::ini::is_valid_identifier;
use crate::profiles::edit::StaticKeys;
use crate::profiles::is_credential_key;
use crate::secret::ExposeSecret;

/// Output formats the AWS CLI accepts.
pub const OUTPUT_FORMATS: [&str; 5] = ["json", "yaml", "yaml-stream", "text", "table"];

/// The section name configparser applies to every other section (case-sensitive).
pub const CONFIGPARSER_DEFAULT_SECTION: &str = "DEFAULT";

/// Why a profile name, key or value is refused. The messages never hold the refused
/// value itself (it may be a secret), only what is wrong with it and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A profile name that AWS tools ignore or read as something else.
    #[error("{name:?} is not a valid profile name: {reason}")]
    ProfileName {
        /// The refused name.
        name: String,
        /// Why, and what to do.
        reason: &'static str,
    },
    /// A property key that AWS tools ignore or split differently.
    #[error("{key:?} is not a valid key: {reason}")]
    Key {
        /// The refused key.
        key: String,
        /// Why, and what to do.
        reason: &'static str,
    },
    /// A value that AWS tools would read differently from what was given.
    #[error("{what} {reason}; nothing was written")]
    Value {
        /// What the value is (`the value of region`, `the secret access key`, ...).
        what: String,
        /// What is wrong with it, and where (never the value).
        reason: String,
    },
}

/// A profile name every AWS SDK and botocore read as written: letters, digits and
/// `_ - / . % @ : +`, and not `DEFAULT`, which configparser (botocore's reader) applies to
/// every profile of the file.
pub fn profile_name(name: &str) -> Result<(), Refusal> {
    let refuse = |reason| {
        Err(Refusal::ProfileName {
            name: name.to_string(),
            reason,
        })
    };
    if !is_valid_identifier(name) {
        return refuse("use letters, digits and _ - / . % @ : + (AWS tools ignore other names)");
    }
    if name == CONFIGPARSER_DEFAULT_SECTION {
        return refuse(
            "botocore (the AWS CLI) applies a [DEFAULT] section's keys to every profile; \
             pick another name (lower-case `default` is the ordinary default profile)",
        );
    }
    Ok(())
}

/// A property key both readers split the same way: a valid AWS name without `:`, which
/// configparser takes as the key/value delimiter.
pub fn key(key: &str) -> Result<(), Refusal> {
    let refuse = |reason| {
        Err(Refusal::Key {
            key: key.to_string(),
            reason,
        })
    };
    if !is_valid_identifier(key) {
        return refuse("use letters, digits and _ - / . % @ + (AWS tools ignore other keys)");
    }
    if key.contains(':') {
        return refuse(
            "botocore (the AWS CLI) reads `:` as the end of the key, and then cannot parse the file",
        );
    }
    Ok(())
}

/// A value both readers read back exactly: no control characters (line breaks included),
/// no leading or trailing whitespace (each reader trims its own set), and no `#` or `;`
/// at the start or after whitespace (the AWS SDKs cut an inline comment there, botocore
/// keeps it). `what` names the value in the error, which never shows the value itself.
pub fn value(what: &str, value: &str) -> Result<(), Refusal> {
    let refuse = |reason: String| {
        Err(Refusal::Value {
            what: what.to_string(),
            reason,
        })
    };
    let mut previous: Option<char> = None;
    for (index, c) in value.chars().enumerate() {
        let position = index + 1;
        if c.is_control() {
            return refuse(format!(
                "contains a control character ({}) at character {position}; line breaks and \
                 control characters would corrupt the file",
                c.escape_default()
            ));
        }
        if matches!(c, '#' | ';') && previous.is_none_or(char::is_whitespace) {
            return refuse(format!(
                "has `{c}` at character {position}{}: the AWS SDKs read it as the start of a \
                 comment and drop the rest, botocore (the AWS CLI) keeps it",
                if previous.is_some() {
                    " after whitespace"
                } else {
                    ""
                }
            ));
        }
        previous = Some(c);
    }
    if value.trim() != value {
        return refuse("starts or ends with whitespace, which AWS tools would drop".into());
    }
    Ok(())
}

/// A key and its value, by the writer rule.
pub fn property(key_name: &str, text: &str) -> Result<(), Refusal> {
    key(key_name)?;
    value(&format!("the value of {key_name}"), text)
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

/// Whether a key id is a temporary one (`ASIA...`), which works only with its session token.
pub fn is_temporary_key_id(id: &str) -> bool {
    id.starts_with("ASIA")
}

/// Whether a text is an ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, with a
/// partition, a service and a resource.
pub fn looks_like_arn(text: &str) -> bool {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", partition, service, _, _, resource]
        if !partition.is_empty() && !service.is_empty() && !resource.is_empty())
}

/// Whether a text has the shape of an AWS region name: lower-case letter groups joined by
/// `-` and ending in a number, such as `eu-west-1`, `us-gov-west-1` or `cn-north-1`.
pub fn looks_like_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let Some((last, words)) = parts.split_last() else {
        return false;
    };
    words.len() >= 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
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
        let closest = OUTPUT_FORMATS
            .iter()
            .max_by(|a, b| strsim::jaro_winkler(text, a).total_cmp(&strsim::jaro_winkler(text, b)))
            .filter(|best| strsim::jaro_winkler(text, best) > 0.7);
        let hint = closest.map_or(String::new(), |best| format!("did you mean {best}? "));
        bail!(
            "output {text:?} is not one the AWS CLI accepts; {hint}choose one of: {}",
            OUTPUT_FORMATS.join(", ")
        );
    }
    Ok(())
}

/// A value for the key it is written under: the one place that picks the check per key
/// (on top of the writer rule, which [`crate::profiles::edit`] applies to every write).
pub fn for_key(key: &str, text: &str) -> Result<()> {
    match key.to_ascii_lowercase().as_str() {
        "region" => region(text),
        "output" => output_format(text),
        key if is_credential_key(key) => credential(key, text),
        key => Ok(value(&format!("the value of {key}"), text)?),
    }
}

/// A doubt about a value AWS tools accept but that most likely cannot work: a region that
/// is no region name (`eu-west1`, `Frankfurt`), a role that is no ARN. Such values are
/// written (S3-compatible services have regions of their own, such as `auto`), but the
/// doubt is said at once, not only by `doctor` later.
pub fn doubt(key: &str, text: &str) -> Option<String> {
    match key.to_ascii_lowercase().as_str() {
        "region" if !looks_like_region(text) => Some(format!(
            "region {text:?} is no AWS region name such as eu-central-1: AWS requests with it \
             fail (written anyway: S3-compatible services name regions their own way)"
        )),
        "role_arn" if !looks_like_arn(text) => Some(format!(
            "role_arn {text:?} is no ARN such as arn:aws:iam::123456789012:role/NAME: assuming \
             it fails (written anyway)"
        )),
        _ => None,
    }
}

/// Static keys before they are written: each a credential value; a warning (not an error)
/// when the key id does not look like an AWS one.
pub fn static_keys(keys: &StaticKeys) -> Result<()> {
    credential("aws_access_key_id", &keys.access_key_id)?;
    credential(
        "aws_secret_access_key",
        keys.secret_access_key.expose_secret(),
    )?;
    if let Some(token) = &keys.session_token {
        credential("aws_session_token", token.expose_secret())?;
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
    fn refuses_what_botocore_reads_differently() {
        for bad in [
            "a:b", ":x", "region:1", "a=b", "[x]", "x]", "#k", ";k", "a b", "",
        ] {
            assert!(key(bad).is_err(), "{bad:?}");
        }
        assert!(key("s3.max_concurrent_requests").is_ok());
        for bad in [
            "v ;x",
            "v #x",
            ";x",
            "#x",
            " v",
            "v ",
            "v\u{3000}",
            "a\u{3000}#b",
            "a\tb;c",
            "\u{a0}",
        ] {
            assert!(value("v", bad).is_err(), "{bad:?}");
        }
        for good in [
            "v;x",
            "v#x",
            "a = b",
            "a: b",
            "[x]",
            "%(x)s",
            "é \u{1F600}",
            "",
            "a\\b",
        ] {
            assert!(value("v", good).is_ok(), "{good:?}");
        }
        assert!(profile_name("DEFAULT").is_err());
        assert!(profile_name("default").is_ok());
        assert!(profile_name("Default").is_ok());
    }

    #[test]
    fn refusals_never_hold_the_value() {
        let error = value("the secret access key", "s3cr3t ;tail").unwrap_err();
        assert!(!error.to_string().contains("s3cr3t"), "{error}");
        let error = value("the secret access key", "s3cr3t\n").unwrap_err();
        assert!(!error.to_string().contains("s3cr3t"), "{error}");
    }

    #[test]
    fn key_id_shape() {
        assert!(looks_like_key_id("AKIAIOSFODNN7EXAMPLE"));
        assert!(looks_like_key_id("ASIAIOSFODNN7EXAMPLE"));
        assert!(!looks_like_key_id("AKIAshort"));
    }

    #[test]
    fn arns_and_regions() {
        assert!(looks_like_arn("arn:aws:iam::123456789012:role/Admin"));
        assert!(looks_like_arn("arn:aws-cn:iam::1:role/x"));
        assert!(!looks_like_arn("notanarn"));
        assert!(!looks_like_arn("arn:aws:iam::1"));
        for good in ["eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-5"] {
            assert!(looks_like_region(good), "{good}");
        }
        for bad in [
            "Frankfurt",
            "eu-west",
            "EU-WEST-1",
            "eu west 1",
            "euwest1",
            "-west-1",
        ] {
            assert!(!looks_like_region(bad), "{bad}");
        }
    }
}
