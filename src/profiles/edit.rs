//! Profile-level edits of one document, shared by the commands that write: set keys in a
//! profile's section (creating it when missing), remove keys, rename a profile, and
//! repoint `source_profile`. Pure: the store does the I/O.
//!
//! Every function here that writes a profile name, key or value checks it by the one
//! writer rule ([`validate`]) first, so no command can write what botocore and the AWS
//! SDKs would read differently. `aws_security_token` is botocore's older name of
//! `aws_session_token` and wins over it there, so writing or removing a session token
//! takes an `aws_security_token` of the profile with it.

use crate::ini::{self, Document, Section};
use crate::profiles::validate::{self, Refusal};
use crate::profiles::{
    FileKind, LEGACY_SESSION_TOKEN_KEY, SESSION_TOKEN_KEY, SectionMeaning, profile_sections,
    section_meaning, sections_naming,
};
use crate::secret::{ExposeSecret, SecretString};

/// A profile's static keys: what `add` and `import` write to the credentials file.
pub struct StaticKeys {
    /// `aws_access_key_id`
    pub access_key_id: String,
    /// `aws_secret_access_key`
    pub secret_access_key: SecretString,
    /// `aws_session_token`, for temporary keys.
    pub session_token: Option<SecretString>,
}

impl StaticKeys {
    /// Whether a profile already holds exactly these keys (id, secret and token).
    pub fn are_in(&self, profile: &crate::profiles::Profile) -> bool {
        profile.get("aws_access_key_id") == Some(self.access_key_id.as_str())
            && profile.get("aws_secret_access_key") == Some(self.secret_access_key.expose_secret())
            && profile.session_token() == self.session_token.as_ref().map(|t| t.expose_secret())
    }
}

/// Writes static keys into the profile's section of the credentials file. Without a
/// session token, an old token (either spelling) is removed: it belonged to other keys, and
/// AWS tools would send it with these.
pub fn set_static_keys(
    credentials: &mut Document,
    name: &str,
    keys: &StaticKeys,
) -> Result<(), EditError> {
    let file = FileKind::Credentials;
    let mut pairs = vec![
        ("aws_access_key_id", keys.access_key_id.as_str()),
        (
            "aws_secret_access_key",
            keys.secret_access_key.expose_secret(),
        ),
    ];
    // set_properties and remove_properties take `aws_security_token` with the token.
    match &keys.session_token {
        Some(token) => pairs.push((SESSION_TOKEN_KEY, token.expose_secret())),
        None => {
            remove_properties(credentials, file, name, &[SESSION_TOKEN_KEY]);
        }
    }
    set_properties(credentials, file, name, &pairs)
}

/// Why an edit wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// A name, key or value that AWS tools would read differently (the writer rule).
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The document refused the text.
    #[error(transparent)]
    Document(#[from] ini::EditError),
}

/// Sets `pairs` in the profile's last section of this file, in place where a key exists;
/// appends a section at the end when the profile has none here. A session token replaces
/// the profile's `aws_security_token` in this file (which botocore would read instead).
pub fn set_properties(
    document: &mut Document,
    file: FileKind,
    name: &str,
    pairs: &[(&str, &str)],
) -> Result<(), EditError> {
    if pairs.is_empty() {
        return Ok(());
    }
    validate::profile_name(name)?;
    for (key, value) in pairs {
        validate::property(key, value)?;
    }
    if pairs
        .iter()
        .any(|(key, _)| key.eq_ignore_ascii_case(SESSION_TOKEN_KEY))
    {
        remove_properties(document, file, name, &[LEGACY_SESSION_TOKEN_KEY]);
    }
    match profile_sections(document, file, name).pop() {
        Some(section) => Ok(document.set_properties(&section, pairs)?),
        None => Ok(document.append_section(&file.header_for(name), pairs)?),
    }
}

/// Removes each key from every section of the profile in this file (`aws_session_token`
/// with its older name `aws_security_token`), in one rewrite. Returns whether anything
/// was removed.
pub fn remove_properties(
    document: &mut Document,
    file: FileKind,
    name: &str,
    keys: &[&str],
) -> bool {
    let mut keys = keys.to_vec();
    if keys
        .iter()
        .any(|k| k.eq_ignore_ascii_case(SESSION_TOKEN_KEY))
    {
        keys.push(LEGACY_SESSION_TOKEN_KEY);
    }
    let sections: Vec<Section> = sections_naming(document, file, name)
        .into_iter()
        .map(|(section, _)| section)
        .collect();
    document.remove_properties(&sections, &keys)
}

/// Renames every section of profile `old` in this file to `new` (checked by the writer
/// rule), in one rewrite. Returns whether any was renamed.
pub fn rename_profile(
    document: &mut Document,
    file: FileKind,
    old: &str,
    new: &str,
) -> Result<bool, EditError> {
    validate::profile_name(new)?;
    let sections: Vec<Section> = sections_naming(document, file, old)
        .into_iter()
        .map(|(section, _)| section)
        .collect();
    if sections.is_empty() {
        return Ok(false);
    }
    document.rename_sections(&sections, &file.header_for(new))?;
    Ok(true)
}

/// Points every `source_profile = old` in this file at `new`. Returns how many changed.
/// The lines are found in one pass and rewritten in one rewrite, each once, so the edit
/// ends however often the key repeats in a section and however it is spelled.
pub fn repoint_source_profile(
    document: &mut Document,
    file: FileKind,
    old: &str,
    new: &str,
) -> Result<usize, EditError> {
    validate::profile_name(new)?;
    let lines: Vec<usize> = document
        .sections()
        .into_iter()
        .filter(|section| {
            matches!(
                section_meaning(file, document.section_name(section)),
                SectionMeaning::Profile { .. }
            )
        })
        .flat_map(|section| {
            document
                .properties(&section)
                .filter(|p| p.key.eq_ignore_ascii_case("source_profile") && p.value == old)
                .map(|p| p.line)
                .collect::<Vec<_>>()
        })
        .collect();
    document.set_values_at(&lines, new)?;
    Ok(lines.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_creates_then_edits_in_place() {
        let mut document = Document::parse("# top\n");
        set_properties(&mut document, FileKind::Config, "a", &[("region", "x")]).unwrap();
        set_properties(
            &mut document,
            FileKind::Config,
            "a",
            &[("region", "y"), ("output", "json")],
        )
        .unwrap();
        assert_eq!(
            document.to_string(),
            "# top\n\n[profile a]\nregion = y\noutput = json\n"
        );
    }

    #[test]
    fn rename_and_repoint() {
        let mut document = Document::parse(
            "# about old\n[profile old] # note\nregion = x\n[profile r]\nsource_profile = old\n[profile s]\nsource_profile = older\n",
        );
        assert!(rename_profile(&mut document, FileKind::Config, "old", "new").unwrap());
        assert_eq!(
            repoint_source_profile(&mut document, FileKind::Config, "old", "new").unwrap(),
            1
        );
        assert_eq!(
            document.to_string(),
            "# about old\n[profile new] # note\nregion = x\n[profile r]\nsource_profile = new\n[profile s]\nsource_profile = older\n"
        );
    }

    /// A config file of `[header, (key, value)...]` sections, written `key = value`.
    fn config_text(sections: &[(String, Vec<(String, String)>)]) -> String {
        let mut text = String::new();
        for (header, properties) in sections {
            text.push_str(&format!("[{header}]\n"));
            for (key, value) in properties {
                text.push_str(&format!("{key} = {value}\n"));
            }
        }
        text
    }

    proptest::proptest! {
        /// Repeated and mixed-case `source_profile` keys: every profile's line naming the
        /// old profile is rewritten, once, and nothing else changes (the loop of the first
        /// version never ended on a section with two such lines).
        #[test]
        fn repoint_rewrites_every_line_once(
            sections in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["profile a", "profile b", "default", "sso-session s", "c"]),
                    proptest::collection::vec(
                        (
                            proptest::sample::select(vec!["source_profile", "Source_Profile", "SOURCE_PROFILE", "region"]),
                            proptest::sample::select(vec!["old", "other", "new", "Old"]),
                        ),
                        0..5,
                    ),
                ),
                0..5,
            )
        ) {
            let sections: Vec<(String, Vec<(String, String)>)> = sections
                .into_iter()
                .map(|(header, properties)| {
                    let properties = properties
                        .into_iter()
                        .map(|(key, value)| (key.to_string(), value.to_string()))
                        .collect();
                    (header.to_string(), properties)
                })
                .collect();
            let mut expected = sections.clone();
            let mut count = 0;
            for (header, properties) in &mut expected {
                if header.as_str() == "sso-session s" || header.as_str() == "c" {
                    continue;
                }
                for (key, value) in properties {
                    if key.eq_ignore_ascii_case("source_profile") && value.as_str() == "old" {
                        *value = "new".to_string();
                        count += 1;
                    }
                }
            }
            let mut document = Document::parse(&config_text(&sections));
            let changed = repoint_source_profile(&mut document, FileKind::Config, "old", "new").unwrap();
            proptest::prop_assert_eq!(changed, count);
            proptest::prop_assert_eq!(document.to_string(), config_text(&expected));
        }
    }

    #[test]
    fn every_writer_refuses_what_botocore_reads_differently() {
        let text = "[profile a]\nregion = x\n[profile b]\nsource_profile = a\n";
        let mut document = Document::parse(text);
        let config = FileKind::Config;
        fn refused<T>(result: Result<T, EditError>) -> bool {
            matches!(result, Err(EditError::Refused(_)))
        }
        assert!(refused(set_properties(
            &mut document,
            config,
            "a",
            &[("x:y", "v")]
        )));
        assert!(refused(set_properties(
            &mut document,
            config,
            "a",
            &[("k", "v ;c")]
        )));
        assert!(refused(set_properties(
            &mut document,
            config,
            "a",
            &[("k", "#c")]
        )));
        assert!(refused(set_properties(
            &mut document,
            config,
            "DEFAULT",
            &[("k", "v")]
        )));
        assert!(refused(rename_profile(
            &mut document,
            config,
            "a",
            "DEFAULT"
        )));
        assert!(refused(repoint_source_profile(
            &mut document,
            config,
            "a",
            "b c"
        )));
        assert_eq!(document.to_string(), text);
    }

    #[test]
    fn a_session_token_replaces_the_legacy_name() {
        let mut document = Document::parse(
            "[a]\naws_access_key_id = A\naws_security_token = old\n[b]\naws_security_token = keep\n",
        );
        let credentials = FileKind::Credentials;
        set_properties(
            &mut document,
            credentials,
            "a",
            &[("aws_session_token", "new")],
        )
        .unwrap();
        assert_eq!(
            document.to_string(),
            "[a]\naws_access_key_id = A\naws_session_token = new\n[b]\naws_security_token = keep\n"
        );
        let mut document = Document::parse("[a]\naws_security_token = old\nk = v\n");
        assert!(remove_properties(
            &mut document,
            credentials,
            "a",
            &["aws_session_token"]
        ));
        assert_eq!(document.to_string(), "[a]\nk = v\n");
    }

    #[test]
    fn default_headers_follow_the_file() {
        let mut document = Document::parse("[default]\nregion = x\n");
        rename_profile(&mut document, FileKind::Config, "default", "main").unwrap();
        assert_eq!(document.to_string(), "[profile main]\nregion = x\n");
        rename_profile(&mut document, FileKind::Config, "main", "default").unwrap();
        assert_eq!(document.to_string(), "[default]\nregion = x\n");
    }
}
