//! The resolver: which profile is selected, what kind of credentials a profile holds, and
//! the `source_profile` chains of role profiles. Selection follows botocore (the engine of
//! the AWS CLI): `--profile`, else `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`.

use std::collections::BTreeMap;

use crate::profiles::{Profile, ProfileSet};

mod chain;
mod credentials;

pub use chain::{ChainError, ChainStep, ProfileChain, role_chain};
pub use credentials::{
    BotoFiles, CredentialSource, Outcome, Step, Which, WhichError, WhichInputs, which,
};

/// A snapshot of the environment variables, so that commands and tests see one fixed view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Env(BTreeMap<String, String>);

impl Env {
    /// The current process's environment (variables that are not UTF-8 are skipped).
    pub fn from_process() -> Env {
        Env(std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect())
    }

    /// A variable's value, if set (possibly empty).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// A variable's value, if set and not empty.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|value| !value.is_empty())
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Env {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Env {
        Env(iter
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect())
    }
}

/// Where the selected profile's name came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ProfileSource {
    /// `--profile NAME`
    #[serde(rename = "flag")]
    Flag,
    /// The `AWS_DEFAULT_PROFILE` variable (botocore reads it before `AWS_PROFILE`).
    #[serde(rename = "AWS_DEFAULT_PROFILE")]
    AwsDefaultProfile,
    /// The `AWS_PROFILE` variable.
    #[serde(rename = "AWS_PROFILE")]
    AwsProfile,
    /// Nothing chose one: `default`.
    #[serde(rename = "default")]
    Default,
}

impl ProfileSource {
    /// How the source is named in human output.
    pub fn describe(self) -> &'static str {
        match self {
            ProfileSource::Flag => "--profile",
            ProfileSource::AwsDefaultProfile => "AWS_DEFAULT_PROFILE",
            ProfileSource::AwsProfile => "AWS_PROFILE",
            ProfileSource::Default => "no profile chosen, so `default`",
        }
    }
}

/// The selected profile name and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The profile name.
    pub name: String,
    /// Where the name came from.
    pub source: ProfileSource,
}

/// Selects the profile as botocore does. A variable that is set but empty still counts
/// as set (botocore then looks for a profile named "", and fails).
pub fn select_profile(flag: Option<&str>, env: &Env) -> Selection {
    let (name, source) = if let Some(name) = flag {
        (name, ProfileSource::Flag)
    } else if let Some(name) = env.get("AWS_DEFAULT_PROFILE") {
        (name, ProfileSource::AwsDefaultProfile)
    } else if let Some(name) = env.get("AWS_PROFILE") {
        (name, ProfileSource::AwsProfile)
    } else {
        ("default", ProfileSource::Default)
    };
    Selection {
        name: name.to_string(),
        source,
    }
}

/// What kind of credentials a profile holds, in botocore's order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `role_arn`: assumes a role.
    Role,
    /// `web_identity_token_file` with `role_arn`: assumes a role with a web identity token.
    WebIdentity,
    /// `sso_session` or `sso_*` keys.
    Sso,
    /// Access key id, secret and session token.
    Session,
    /// Access key id and secret.
    Static,
    /// `credential_process`.
    Process,
    /// None of these: region, output and other settings only.
    ConfigOnly,
}

impl Kind {
    /// The name used in tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::WebIdentity => "web-identity",
            Kind::Sso => "sso",
            Kind::Session => "session",
            Kind::Static => "static",
            Kind::Process => "process",
            Kind::ConfigOnly => "config-only",
        }
    }

    /// Whether the profile holds static keys that `export` can print.
    pub fn has_static_keys(self) -> bool {
        matches!(self, Kind::Static | Kind::Session)
    }
}

/// The `sso_*` keys that make a profile an SSO profile for botocore.
const SSO_KEYS: [&str; 5] = [
    "sso_session",
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
];

/// The kind of a profile, by which botocore provider would take it first. As in botocore,
/// a key counts when it is present, even with an empty value; `role_arn` with a
/// `web_identity_token_file` is `web-identity`, any other `role_arn` is `role`.
pub fn kind_of(profile: &Profile) -> Kind {
    let has = |key: &str| profile.get(key).is_some();
    if has("web_identity_token_file") && has("role_arn") {
        Kind::WebIdentity
    } else if has("role_arn") {
        Kind::Role
    } else if SSO_KEYS.iter().any(|key| has(key)) {
        Kind::Sso
    } else if has("aws_access_key_id") && has("aws_session_token") {
        Kind::Session
    } else if has("aws_access_key_id") {
        Kind::Static
    } else if has("credential_process") {
        Kind::Process
    } else {
        Kind::ConfigOnly
    }
}

/// Where other AWS tools would answer differently from the AWS CLI (botocore) in this
/// environment: the SDKs ignore `AWS_DEFAULT_PROFILE` and read `AWS_REGION` first, and most
/// of them do not read a region from the credentials file.
pub fn other_tools_notes(
    env: &Env,
    flag: Option<&str>,
    which: &Which,
    set: &ProfileSet,
) -> Vec<String> {
    let mut notes = Vec::new();
    if flag.is_none()
        && let Some(default_profile) = env.get("AWS_DEFAULT_PROFILE")
    {
        let sdk_choice = env.get("AWS_PROFILE").unwrap_or("default");
        if sdk_choice != default_profile {
            notes.push(format!(
                "The AWS SDKs (Go, Java, JavaScript, Rust, ...) ignore AWS_DEFAULT_PROFILE: they would use profile {sdk_choice:?}, not {default_profile:?}."
            ));
        }
    }
    if let Some(region) = env.non_empty("AWS_REGION")
        && which.region.as_deref() != Some(region)
    {
        notes.push(format!(
            "The AWS SDKs read AWS_REGION first: they would use region {region:?}; the AWS CLI ignores AWS_REGION."
        ));
    }
    if which.region_source == Some("config-file")
        && let Some(value) = set
            .get(&which.profile)
            .and_then(|p| p.properties.get("region"))
        && value.origin.file == crate::profiles::FileKind::Credentials
    {
        notes.push(
            "The region comes from the credentials file: the AWS CLI reads it there, most SDKs do not; move it to the config file (awsprof doctor explains)."
                .into(),
        );
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;
    use crate::profiles;

    /// The documents are leaked so that the borrowed set can be returned.
    fn set(config: &str, credentials: &str) -> ProfileSet<'static> {
        let config = Box::leak(Box::new(Document::parse(config)));
        let credentials = Box::leak(Box::new(Document::parse(credentials)));
        profiles::read(config, credentials)
    }

    #[test]
    fn botocore_reads_aws_default_profile_first() {
        let env: Env = [("AWS_PROFILE", "a"), ("AWS_DEFAULT_PROFILE", "b")]
            .into_iter()
            .collect();
        assert_eq!(select_profile(None, &env).name, "b");
        assert_eq!(select_profile(Some("c"), &env).source, ProfileSource::Flag);
        let empty: Env = [("AWS_PROFILE", "")].into_iter().collect();
        assert_eq!(select_profile(None, &empty).name, "");
    }

    #[test]
    fn kinds() {
        let s = set(
            "[profile r]\nrole_arn = x\nsource_profile = k\n[profile sso]\nsso_session = s\n\
             [profile p]\ncredential_process = x\n[profile c]\nregion = x\n",
            "[k]\naws_access_key_id = A\naws_secret_access_key = s\n\
             [t]\naws_access_key_id = A\naws_secret_access_key = s\naws_session_token = t\n",
        );
        let kinds: Vec<_> = ["r", "sso", "p", "c", "k", "t"]
            .iter()
            .map(|n| kind_of(s.get(n).unwrap()).as_str())
            .collect();
        assert_eq!(
            kinds,
            ["role", "sso", "process", "config-only", "static", "session"]
        );
    }
}
