//! The resolver: which profile is selected, what kind of credentials a profile holds, and
//! the `source_profile` chains of role profiles. Selection follows botocore (the engine of
//! the AWS CLI): `--profile`, else `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`.

use std::collections::BTreeMap;

use crate::profiles::{Profile, ProfileSet};

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
/// as set for botocore's lookup, and then yields `default`.
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
    let name = if name.is_empty() { "default" } else { name };
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

/// One step of a role chain: a profile and how it leads to the next.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ChainLink {
    /// The profile at this step.
    pub profile: String,
    /// `source_profile`, `credential_source`, or the kind that ends the chain.
    pub via: String,
}

/// Why a role chain cannot be followed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// `source_profile` names a profile that does not exist.
    #[error(
        "profile {from:?} names source_profile {missing:?}, which does not exist; \
         add it (awsprof add {missing}) or fix source_profile"
    )]
    MissingSource {
        /// The profile that points at it.
        from: String,
        /// The missing profile.
        missing: String,
    },
    /// The chain comes back to a profile it already passed.
    #[error("source_profile loop: {}; point one of them at a profile with keys", .0.join(" -> "))]
    Loop(Vec<String>),
    /// A role profile with neither `source_profile` nor `credential_source`.
    #[error(
        "profile {0:?} has role_arn but neither source_profile nor credential_source \
         (nor web_identity_token_file); add one"
    )]
    NoSource(String),
}

/// Follows `source_profile` from `start` until a profile with its own credentials (or a
/// `credential_source`), as botocore's AssumeRoleProvider does. A profile that points at
/// itself and has static keys ends the chain there, as in the SDKs.
pub fn role_chain(set: &ProfileSet, start: &str) -> Result<Vec<ChainLink>, ChainError> {
    let mut links = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut current = start.to_string();
    loop {
        let Some(profile) = set.get(&current) else {
            let from = seen.last().cloned().unwrap_or_default();
            return Err(ChainError::MissingSource {
                from,
                missing: current,
            });
        };
        let kind = kind_of(profile);
        let role = profile.get("role_arn").is_some_and(|v| !v.is_empty());
        if !role || (seen.contains(&current) && kind_of_keys(profile).is_some()) {
            let via = kind_of_keys(profile).unwrap_or(kind).as_str().to_string();
            links.push(ChainLink {
                profile: current,
                via,
            });
            return Ok(links);
        }
        if seen.contains(&current) {
            seen.push(current);
            return Err(ChainError::Loop(seen));
        }
        seen.push(current.clone());
        if let Some(source) = profile.get("source_profile").filter(|v| !v.is_empty()) {
            let is_self = source == current;
            links.push(ChainLink {
                profile: current.clone(),
                via: "source_profile".into(),
            });
            if is_self && kind_of_keys(profile).is_some() {
                links.push(ChainLink {
                    profile: current,
                    via: kind_of_keys(profile).map_or("static", Kind::as_str).into(),
                });
                return Ok(links);
            }
            current = source.to_string();
        } else if let Some(source) = profile.get("credential_source") {
            links.push(ChainLink {
                profile: current,
                via: format!("credential_source = {source}"),
            });
            return Ok(links);
        } else if profile.get("web_identity_token_file").is_some() {
            links.push(ChainLink {
                profile: current,
                via: "web_identity_token_file".into(),
            });
            return Ok(links);
        } else {
            return Err(ChainError::NoSource(current));
        }
    }
}

/// `static` or `session` when the profile holds its own keys.
fn kind_of_keys(profile: &Profile) -> Option<Kind> {
    let has = |key: &str| profile.get(key).is_some_and(|v| !v.is_empty());
    match (has("aws_access_key_id"), has("aws_session_token")) {
        (true, true) => Some(Kind::Session),
        (true, false) => Some(Kind::Static),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;
    use crate::profiles;

    fn set(config: &str, credentials: &str) -> ProfileSet {
        profiles::read(&Document::parse(config), &Document::parse(credentials))
    }

    #[test]
    fn botocore_reads_aws_default_profile_first() {
        let env: Env = [("AWS_PROFILE", "a"), ("AWS_DEFAULT_PROFILE", "b")]
            .into_iter()
            .collect();
        assert_eq!(select_profile(None, &env).name, "b");
        assert_eq!(select_profile(Some("c"), &env).source, ProfileSource::Flag);
        let empty: Env = [("AWS_PROFILE", "")].into_iter().collect();
        assert_eq!(select_profile(None, &empty).name, "default");
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

    #[test]
    fn chains_loops_and_missing_links() {
        let s = set(
            "[profile a]\nrole_arn = x\nsource_profile = b\n[profile b]\nrole_arn = y\nsource_profile = c\n\
             [profile l1]\nrole_arn = x\nsource_profile = l2\n[profile l2]\nrole_arn = x\nsource_profile = l1\n\
             [profile m]\nrole_arn = x\nsource_profile = nope\n",
            "[c]\naws_access_key_id = A\naws_secret_access_key = s\n",
        );
        let names: Vec<_> = role_chain(&s, "a")
            .unwrap()
            .into_iter()
            .map(|l| l.profile)
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(matches!(role_chain(&s, "l1"), Err(ChainError::Loop(_))));
        assert!(matches!(
            role_chain(&s, "m"),
            Err(ChainError::MissingSource { .. })
        ));
    }
}
