//! What kind of credentials a profile holds: the property botocore's providers look at first.

use super::Profile;

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
    /// Access key id, secret and session token (`aws_session_token`, or botocore's older
    /// `aws_security_token`).
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

/// The keys of the credential kinds other than static keys (role, web identity, SSO,
/// process, login): removed when a profile is given static keys, so that the keys are what
/// AWS tools use. (`mfa_serial` stays: static keys use it too, for GetSessionToken.)
pub const OTHER_SOURCE_KEYS: [&str; 11] = [
    "role_arn",
    "source_profile",
    "credential_source",
    "web_identity_token_file",
    "sso_session",
    "sso_account_id",
    "sso_role_name",
    "sso_start_url",
    "sso_region",
    "credential_process",
    "login_session",
];

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
    } else if has("aws_access_key_id") && profile.session_token().is_some() {
        Kind::Session
    } else if has("aws_access_key_id") {
        Kind::Static
    } else if has("credential_process") {
        Kind::Process
    } else {
        Kind::ConfigOnly
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::profiles::read_texts as set;

    #[test]
    fn kinds() {
        let s = set(
            "[profile r]\nrole_arn = x\nsource_profile = k\n[profile sso]\nsso_session = s\n\
             [profile p]\ncredential_process = x\n[profile c]\nregion = x\n",
            "[k]\naws_access_key_id = A\naws_secret_access_key = s\n\
             [t]\naws_access_key_id = A\naws_secret_access_key = s\naws_session_token = t\n\
             [legacy]\naws_access_key_id = A\naws_secret_access_key = s\naws_security_token = t\n",
        );
        let kinds: Vec<_> = ["r", "sso", "p", "c", "k", "t", "legacy"]
            .iter()
            .map(|n| kind_of(s.get(n).unwrap()).as_str())
            .collect();
        assert_eq!(
            kinds,
            [
                "role",
                "sso",
                "process",
                "config-only",
                "static",
                "session",
                "session"
            ]
        );
    }
}
