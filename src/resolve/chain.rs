//! Role chains: how a profile's credentials are built, from a base (static keys, a named
//! credential source, a web identity token, SSO or a process) through each assumed role.
//! The algorithm is the AWS SDKs' (pinned by `assume-role-tests.json`): after the first
//! profile, static keys win over a further `source_profile`; a profile naming itself uses
//! its own keys; any other revisit is a loop.

use serde::Serialize;

use crate::profiles::{Profile, ProfileSet};

/// An SSO profile's settings, its `[sso-session]`'s merged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SsoSource {
    /// The profile.
    pub profile: String,
    /// The `[sso-session]` used, if any.
    pub sso_session: Option<String>,
    /// The SSO start URL.
    pub sso_start_url: Option<String>,
    /// The SSO region.
    pub sso_region: Option<String>,
    /// The account.
    pub sso_account_id: Option<String>,
    /// The role.
    pub sso_role_name: Option<String>,
}

/// Where a chain starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum ChainStep {
    /// Static keys of a profile.
    AccessKey {
        /// The profile holding them.
        profile: String,
        /// The key id.
        access_key_id: String,
    },
    /// `credential_source` (Environment, Ec2InstanceMetadata or EcsContainer).
    NamedSource {
        /// The profile naming it.
        profile: String,
        /// The source.
        source: String,
    },
    /// `web_identity_token_file` with `role_arn`.
    WebIdentityToken {
        /// The profile.
        profile: String,
        /// The role assumed with the token.
        role_arn: String,
        /// The token file.
        web_identity_token_file: String,
    },
    /// AWS IAM Identity Center (SSO).
    Sso(SsoSource),
    /// `credential_process`.
    CredentialProcess {
        /// The profile.
        profile: String,
        /// The command.
        command: String,
    },
    /// A role assumed with the credentials of the step before.
    AssumeRole {
        /// The profile.
        profile: String,
        /// The role.
        role_arn: String,
    },
}

impl ChainStep {
    /// One line for humans.
    pub fn describe(&self) -> String {
        match self {
            ChainStep::AccessKey {
                profile,
                access_key_id,
            } => format!(
                "{profile}: static keys ({})",
                crate::secret::mask_key_id(access_key_id)
            ),
            ChainStep::NamedSource { profile, source } => {
                format!("{profile}: credential_source = {source}")
            }
            ChainStep::WebIdentityToken {
                profile,
                role_arn,
                web_identity_token_file,
            } => format!("{profile}: web identity token {web_identity_token_file} for {role_arn}"),
            ChainStep::Sso(SsoSource {
                profile,
                sso_session,
                sso_account_id,
                sso_role_name,
                ..
            }) => {
                let session = sso_session
                    .as_deref()
                    .map(|s| format!(" via sso-session {s}"))
                    .unwrap_or_default();
                let target = match (sso_account_id, sso_role_name) {
                    (Some(account), Some(role)) => format!(" for {role} in {account}"),
                    _ => String::new(),
                };
                format!("{profile}: SSO{session}{target}")
            }
            ChainStep::CredentialProcess { profile, command } => {
                format!("{profile}: credential_process {command}")
            }
            ChainStep::AssumeRole { profile, role_arn } => {
                format!("{profile}: assume role {role_arn}")
            }
        }
    }
}

/// A resolved chain: the base first, then each role assumed, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfileChain {
    /// The steps, base first.
    pub steps: Vec<ChainStep>,
}

/// Why a chain cannot be built. Each message says what to fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// The files define no profile at all.
    #[error("No profiles were defined; add one with: awsprof add NAME")]
    NoProfiles,
    /// The selected profile does not exist.
    #[error("No profile was found named {0:?}")]
    MissingProfile(String),
    /// A `source_profile` names a profile that does not exist.
    #[error(
        "could not find source profile {missing} referenced from {from}; add it (awsprof add {missing}) or fix source_profile in {from}"
    )]
    MissingSource {
        /// The missing profile.
        missing: String,
        /// The profile that names it.
        from: String,
    },
    /// The chain comes back to a profile it already passed.
    #[error("profile formed an infinite loop: {}; point one of them at a profile with keys", .0.join(" -> "))]
    Loop(Vec<String>),
    /// The `source_profile` chain from this profile passes more than [`MAX_CHAIN`] profiles.
    #[error(
        "the source_profile chain of profile {0:?} passes more than {MAX_CHAIN} profiles; \
         botocore gives up on such a chain too (RecursionError): shorten it"
    )]
    TooLong(String),
    /// The profile has no way to get credentials.
    #[error("profile `{0}` did not contain credential information")]
    NoCredentials(String),
    /// A configuration mistake in one profile.
    #[error("profile {profile:?}: {message}")]
    Invalid {
        /// The profile.
        profile: String,
        /// What is wrong.
        message: String,
    },
}

impl ChainError {
    /// The profile whose settings are wrong, when one is: the one naming a missing or
    /// looping source, or the one without credentials.
    pub fn profile(&self) -> Option<&str> {
        match self {
            ChainError::NoProfiles | ChainError::MissingProfile(_) => None,
            ChainError::MissingSource { from, .. } => Some(from),
            ChainError::Loop(visited) => visited.iter().rev().nth(1).map(String::as_str),
            ChainError::NoCredentials(profile)
            | ChainError::TooLong(profile)
            | ChainError::Invalid { profile, .. } => Some(profile),
        }
    }
}

fn invalid(profile: &Profile, message: impl Into<String>) -> ChainError {
    ChainError::Invalid {
        profile: profile.name.to_string(),
        message: message.into(),
    }
}

/// The most profiles a `source_profile` chain may pass through. botocore resolves a chain
/// recursively and fails (RecursionError) at about 300; real chains have a handful. Without
/// a bound, a chain of thousands overflowed awsprof's stack.
pub const MAX_CHAIN: usize = 256;

/// Builds the chain of the profile `start`.
pub fn role_chain(set: &ProfileSet<'_>, start: &str) -> Result<ProfileChain, ChainError> {
    if set.profiles.is_empty() {
        return Err(ChainError::NoProfiles);
    }
    let mut visited: Vec<String> = Vec::new();
    let mut roles = Vec::new();
    let mut name = start.to_string();
    let base = loop {
        let Some(profile) = set.get(&name) else {
            return Err(match visited.last() {
                None => ChainError::MissingProfile(name),
                Some(from) => ChainError::MissingSource {
                    missing: name,
                    from: from.clone(),
                },
            });
        };
        if visited.contains(&name) {
            visited.push(name);
            return Err(ChainError::Loop(visited));
        }
        if visited.len() == MAX_CHAIN {
            return Err(ChainError::TooLong(start.to_string()));
        }
        visited.push(name.clone());
        if visited.len() > 1
            && let Ok(keys) = static_keys(profile)
        {
            break keys;
        }
        let role_arn = profile
            .get("role_arn")
            .filter(|_| profile.get("web_identity_token_file").is_none());
        let Some(role_arn) = role_arn else {
            break base_step(set, profile).map_err(|error| match error {
                ChainError::NoCredentials(_) if visited.len() > 1 => {
                    invalid(profile, format!("could not load source profile: {error}"))
                }
                other => other,
            })?;
        };
        roles.push(ChainStep::AssumeRole {
            profile: name.clone(),
            role_arn: role_arn.to_string(),
        });
        match (
            profile.get("source_profile"),
            profile.get("credential_source"),
        ) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    profile,
                    "profile contained both source_profile and credential_source; keep one",
                ));
            }
            (None, None) => {
                return Err(invalid(
                    profile,
                    "profile must contain `source_profile` or `credential_source` but neither were defined",
                ));
            }
            (Some(source), None) if source == name => break base_step(set, profile)?,
            (Some(source), None) => name = source.to_string(),
            (None, Some(source)) => {
                break ChainStep::NamedSource {
                    profile: name,
                    source: source.to_string(),
                };
            }
        }
    };
    roles.reverse();
    let mut steps = vec![base];
    steps.extend(roles);
    Ok(ProfileChain { steps })
}

/// The base of a chain: a named source, a web identity token, SSO, a process, or keys.
fn base_step(set: &ProfileSet<'_>, profile: &Profile<'_>) -> Result<ChainStep, ChainError> {
    let name = profile.name.to_string();
    if let Some(source) = profile.get("credential_source") {
        return Ok(ChainStep::NamedSource {
            profile: name,
            source: source.to_string(),
        });
    }
    match (
        profile.get("role_arn"),
        profile.get("web_identity_token_file"),
    ) {
        (Some(role_arn), Some(file)) => {
            return Ok(ChainStep::WebIdentityToken {
                profile: name,
                role_arn: role_arn.to_string(),
                web_identity_token_file: file.to_string(),
            });
        }
        (None, Some(_)) => return Err(invalid(profile, "`role_arn` was missing")),
        _ => {}
    }
    if let Some(sso) = sso_step(set, profile)? {
        return Ok(sso);
    }
    if let Some(command) = profile.get("credential_process") {
        return Ok(ChainStep::CredentialProcess {
            profile: name,
            command: command.to_string(),
        });
    }
    static_keys(profile)
}

fn static_keys(profile: &Profile<'_>) -> Result<ChainStep, ChainError> {
    let id = profile.get("aws_access_key_id");
    let secret = profile.get("aws_secret_access_key");
    if id.is_none() && secret.is_none() && profile.get("aws_session_token").is_none() {
        return Err(ChainError::NoCredentials(profile.name.to_string()));
    }
    let id = id.ok_or_else(|| invalid(profile, "profile missing aws_access_key_id"))?;
    secret.ok_or_else(|| invalid(profile, "profile missing aws_secret_access_key"))?;
    Ok(ChainStep::AccessKey {
        profile: profile.name.to_string(),
        access_key_id: id.to_string(),
    })
}

fn sso_step(set: &ProfileSet<'_>, profile: &Profile<'_>) -> Result<Option<ChainStep>, ChainError> {
    let get = |key: &str| profile.get(key).map(str::to_string);
    let session_name = get("sso_session");
    let (account, role) = (get("sso_account_id"), get("sso_role_name"));
    let (mut region, mut start_url) = (get("sso_region"), get("sso_start_url"));
    if [&session_name, &account, &role, &region, &start_url]
        .iter()
        .all(|v| v.is_none())
    {
        return Ok(None);
    }
    if let Some(session_name) = &session_name {
        let session = set.sso_sessions.get(session_name.as_str()).ok_or_else(|| {
            invalid(
                profile,
                format!(
                    "sso-session named `{session_name}` (referenced by profile `{}`) was not found",
                    profile.name
                ),
            )
        })?;
        for (key, value) in [
            ("sso_region", &mut region),
            ("sso_start_url", &mut start_url),
        ] {
            let from_session = session.get(key).map(|v| v.text.to_string());
            if value.is_some() && *value != from_session {
                return Err(invalid(
                    profile,
                    format!(
                        "`{key}` can only be specified in the [sso-session] config when a session name is given"
                    ),
                ));
            }
            *value = from_session;
        }
    }
    match (&account, &role) {
        (Some(_), None) => {
            return Err(invalid(
                profile,
                "if `sso_account_id` is set, then `sso_role_name` must also be set",
            ));
        }
        (None, Some(_)) => {
            return Err(invalid(
                profile,
                "if `sso_role_name` is set, then `sso_account_id` must also be set",
            ));
        }
        _ => {}
    }
    Ok(Some(ChainStep::Sso(SsoSource {
        profile: profile.name.to_string(),
        sso_session: session_name,
        sso_start_url: start_url,
        sso_region: region,
        sso_account_id: account,
        sso_role_name: role,
    })))
}
