//! The plan: how a profile's credentials are made, step by step, for `aws/` to carry out.
//! Built offline from what [`super::which`] found (botocore's provider) and, for roles,
//! from the `source_profile` chain ([`super::role_chain`]). Nothing here runs a process
//! or calls the network.

use super::{
    ChainError, ChainStep, CredentialSource, Place, ProfileSource, SsoSource, Which, role_chain,
};
use crate::env::Env;
use crate::profiles::{self, FileKind, Profile, ProfileSet};
use crate::secret::SecretString;
use crate::store::Files;

/// Where the first credentials of a plan come from.
#[derive(Clone, Debug)]
pub enum Base {
    /// Keys written in a profile.
    Keys {
        /// The profile holding them.
        profile: String,
        /// `aws_access_key_id`
        access_key_id: String,
        /// `aws_secret_access_key`
        secret_access_key: SecretString,
        /// `aws_session_token`, if any.
        session_token: Option<SecretString>,
    },
    /// `AWS_ACCESS_KEY_ID` and friends (the environment provider, or
    /// `credential_source = Environment`).
    Environment,
    /// `credential_source = Ec2InstanceMetadata`: the EC2 instance metadata service.
    InstanceMetadata,
    /// `credential_source = EcsContainer`: the ECS/EKS container endpoint.
    Container,
    /// A role assumed with a web identity token.
    WebIdentity {
        /// The profile (empty when it all came from the environment).
        profile: String,
        /// The role.
        role_arn: String,
        /// The token file.
        token_file: String,
        /// `role_session_name`, if configured.
        role_session_name: Option<String>,
    },
    /// IAM Identity Center.
    Sso(SsoSource),
    /// `credential_process`.
    Process {
        /// The profile.
        profile: String,
        /// The command line.
        command: String,
    },
}

/// One AssumeRole made with the credentials of the step before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleStep {
    /// The profile with `role_arn`.
    pub profile: String,
    /// `role_arn`
    pub role_arn: String,
    /// `role_session_name`, if configured.
    pub role_session_name: Option<String>,
    /// `external_id`
    pub external_id: Option<String>,
    /// `mfa_serial`
    pub mfa_serial: Option<String>,
    /// `mfa_process`: a command that prints the MFA code.
    pub mfa_process: Option<String>,
    /// `duration_seconds`, when it is a whole number (botocore ignores anything else).
    pub duration_seconds: Option<i64>,
}

/// How to make a profile's credentials: the base, then each role in order.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The profile resolved.
    pub profile: String,
    /// The first credentials.
    pub base: Base,
    /// Roles assumed one after the other, the profile's own role last.
    pub roles: Vec<RoleStep>,
}

impl Plan {
    /// One line per step, for humans (`which --explain`); no secret is shown.
    pub fn describe(&self) -> Vec<String> {
        let base = match &self.base {
            Base::Keys {
                profile,
                access_key_id,
                session_token,
                ..
            } => format!(
                "the keys of profile {profile:?} ({}{})",
                crate::secret::mask_key_id(access_key_id),
                if session_token.is_some() {
                    ", with a session token"
                } else {
                    ""
                }
            ),
            Base::Environment => "the keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".into(),
            Base::InstanceMetadata => "the EC2 instance metadata service".into(),
            Base::Container => "the ECS/EKS container credentials endpoint".into(),
            Base::WebIdentity {
                role_arn,
                token_file,
                ..
            } => format!(
                "STS AssumeRoleWithWebIdentity of {role_arn} with the token in {token_file}"
            ),
            Base::Sso(sso) => ChainStep::Sso(sso.clone()).describe(),
            Base::Process { command, .. } => format!("run credential_process `{command}`"),
        };
        let roles = self.roles.iter().map(|role| {
            let mut details = vec![format!("profile {:?}", role.profile)];
            if let Some(id) = &role.external_id {
                details.push(format!("external_id {id}"));
            }
            if let Some(serial) = &role.mfa_serial {
                details.push(format!("MFA {serial}"));
            }
            if let Some(seconds) = role.duration_seconds {
                details.push(format!("{seconds} s"));
            }
            if let Some(name) = &role.role_session_name {
                details.push(format!("session {name}"));
            }
            format!(
                "STS AssumeRole of {} ({})",
                role.role_arn,
                details.join(", ")
            )
        });
        std::iter::once(base).chain(roles).collect()
    }
}

/// Why no plan can be made.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The chain of source profiles is broken.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The provider botocore would use is one awsprof cannot carry out.
    #[error("{0}")]
    Unsupported(String),
}

impl PlanError {
    /// The profile whose settings are wrong, when one is.
    pub fn place(&self) -> Option<Place> {
        match self {
            PlanError::Chain(error) => error.profile().map(Place::profile),
            PlanError::Unsupported(_) => None,
        }
    }
}

/// The plan for what `which` answered. The environment's variables count unless
/// `--profile` (or a command's NAME) chose the profile, which switches them off in botocore.
pub fn plan_for(
    files: &Files,
    set: &ProfileSet<'_>,
    which: &Which,
    env: &Env,
) -> Result<Plan, PlanError> {
    let env = (which.profile_source != ProfileSource::Flag).then_some(env);
    plan(files, set, &which.profile, which.credentials_source, env)
}

/// The plan for `profile`, whose credentials botocore takes from `source` (the answer of
/// `which`). `env` is the environment when its variables count (no `--profile`). `files`
/// are the documents `set` was read from: the credentials-file and config-file providers
/// read the keys of one file only, as `which` does.
pub fn plan(
    files: &Files,
    set: &ProfileSet<'_>,
    profile: &str,
    source: CredentialSource,
    env: Option<&Env>,
) -> Result<Plan, PlanError> {
    let merged = set.get(profile);
    let (base, roles) = match source {
        CredentialSource::Env => (Base::Environment, Vec::new()),
        CredentialSource::SharedCredentialsFile | CredentialSource::ConfigFile => {
            let kind = if source == CredentialSource::ConfigFile {
                FileKind::Config
            } else {
                FileKind::Credentials
            };
            let view = profiles::profile_in(files.get(kind), kind, profile)
                .ok_or_else(|| ChainError::MissingProfile(profile.into()))?;
            (keys(&view), Vec::new())
        }
        CredentialSource::CustomProcess => {
            let profile = merged.ok_or_else(|| ChainError::MissingProfile(profile.into()))?;
            let command = profile.get("credential_process").unwrap_or_default();
            (process(profile, command), Vec::new())
        }
        CredentialSource::AssumeRoleWithWebIdentity => {
            let from_env = |var: &str| env.and_then(|e| e.non_empty(var)).map(str::to_string);
            let from_profile = |key: &str| merged.and_then(|p| p.get(key)).map(str::to_string);
            let base = Base::WebIdentity {
                profile: profile.to_string(),
                role_arn: from_env("AWS_ROLE_ARN")
                    .or_else(|| from_profile("role_arn"))
                    .unwrap_or_default(),
                token_file: from_env("AWS_WEB_IDENTITY_TOKEN_FILE")
                    .or_else(|| from_profile("web_identity_token_file"))
                    .unwrap_or_default(),
                role_session_name: from_env("AWS_ROLE_SESSION_NAME")
                    .or_else(|| from_profile("role_session_name")),
            };
            (base, Vec::new())
        }
        CredentialSource::AssumeRole | CredentialSource::Sso => from_chain(set, profile)?,
        other => {
            return Err(PlanError::Unsupported(format!(
                "botocore would take the credentials of profile {profile:?} from {} \
                 (see `awsprof which --profile {profile} --explain`), which awsprof does not fetch",
                other.as_str()
            )));
        }
    };
    Ok(Plan {
        profile: profile.to_string(),
        base,
        roles,
    })
}

/// The base and roles of a role chain (or an SSO profile).
fn from_chain(set: &ProfileSet<'_>, profile: &str) -> Result<(Base, Vec<RoleStep>), PlanError> {
    let chain = role_chain(set, profile)?;
    let lookup = |name: &str| {
        set.get(name)
            .ok_or_else(|| ChainError::MissingProfile(name.into()))
    };
    let mut steps = chain.steps.into_iter();
    let base = match steps.next() {
        Some(ChainStep::AccessKey { profile, .. }) => keys(lookup(&profile)?),
        Some(ChainStep::NamedSource { profile, source }) => match source.as_str() {
            "Environment" => Base::Environment,
            "Ec2InstanceMetadata" => Base::InstanceMetadata,
            "EcsContainer" => Base::Container,
            other => {
                return Err(ChainError::Invalid {
                    profile,
                    message: format!(
                        "credential_source {other:?} is not valid; use Environment, Ec2InstanceMetadata or EcsContainer"
                    ),
                }
                .into());
            }
        },
        Some(ChainStep::WebIdentityToken {
            profile,
            role_arn,
            web_identity_token_file,
        }) => Base::WebIdentity {
            role_session_name: lookup(&profile)?
                .get("role_session_name")
                .map(str::to_string),
            profile,
            role_arn,
            token_file: web_identity_token_file,
        },
        Some(ChainStep::Sso(sso)) => Base::Sso(sso),
        Some(ChainStep::CredentialProcess { profile, command }) => {
            process(lookup(&profile)?, &command)
        }
        Some(ChainStep::AssumeRole { .. }) | None => {
            return Err(ChainError::NoCredentials(profile.into()).into());
        }
    };
    let mut roles = Vec::new();
    for step in steps {
        if let ChainStep::AssumeRole { profile, role_arn } = step {
            let source = lookup(&profile)?;
            let get = |key: &str| source.get(key).map(str::to_string);
            roles.push(RoleStep {
                role_session_name: get("role_session_name"),
                external_id: get("external_id"),
                mfa_serial: get("mfa_serial"),
                mfa_process: get("mfa_process"),
                duration_seconds: get("duration_seconds").and_then(|d| d.trim().parse().ok()),
                profile,
                role_arn,
            });
        }
    }
    Ok((base, roles))
}

fn keys(profile: &Profile<'_>) -> Base {
    Base::Keys {
        profile: profile.name.to_string(),
        access_key_id: profile
            .get("aws_access_key_id")
            .unwrap_or_default()
            .to_string(),
        secret_access_key: SecretString::from(
            profile.get("aws_secret_access_key").unwrap_or_default(),
        ),
        session_token: profile
            .session_token()
            .filter(|t| !t.is_empty())
            .map(SecretString::from),
    }
}

fn process(profile: &Profile<'_>, command: &str) -> Base {
    Base::Process {
        profile: profile.name.to_string(),
        command: command.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ini::Document;

    /// The two files of the texts, leaked so a borrowed set can be made of them.
    fn files(config: &str, credentials: &str) -> &'static Files {
        Box::leak(Box::new(Files {
            config: Document::parse(config),
            credentials: Document::parse(credentials),
        }))
    }

    fn set(config: &str, credentials: &str) -> (&'static Files, ProfileSet<'static>) {
        let files = files(config, credentials);
        (files, files.profiles())
    }

    fn plan(
        (files, set): &(&Files, ProfileSet<'_>),
        profile: &str,
        source: CredentialSource,
        env: Option<&Env>,
    ) -> Result<Plan, PlanError> {
        super::plan(files, set, profile, source, env)
    }

    #[test]
    fn role_chain_becomes_keys_then_roles_in_order() {
        let s = set(
            "[profile a]\nrole_arn = arn:a\nsource_profile = b\nmfa_serial = arn:mfa\nduration_seconds = 900\n\
             [profile b]\nrole_arn = arn:b\nsource_profile = k\nexternal_id = x\nduration_seconds = soon\n",
            "[k]\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
        );
        let plan = plan(&s, "a", CredentialSource::AssumeRole, None).unwrap();
        assert!(
            matches!(&plan.base, Base::Keys { profile, access_key_id, .. } if profile == "k" && access_key_id == "AKIA")
        );
        let arns: Vec<_> = plan.roles.iter().map(|r| r.role_arn.as_str()).collect();
        assert_eq!(arns, ["arn:b", "arn:a"]);
        assert_eq!(plan.roles[0].external_id.as_deref(), Some("x"));
        assert_eq!(plan.roles[0].duration_seconds, None);
        assert_eq!(plan.roles[1].duration_seconds, Some(900));
        assert_eq!(plan.roles[1].mfa_serial.as_deref(), Some("arn:mfa"));
    }

    #[test]
    fn described_without_secrets() {
        let s = set(
            "[profile a]\nrole_arn = arn:a\nsource_profile = k\nmfa_serial = arn:mfa\n",
            "[k]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = SECRET\n",
        );
        let lines = plan(&s, "a", CredentialSource::AssumeRole, None)
            .unwrap()
            .describe();
        assert_eq!(
            lines,
            [
                "the keys of profile \"k\" (****************MPLE)",
                "STS AssumeRole of arn:a (profile \"a\", MFA arn:mfa)",
            ]
        );
    }

    #[test]
    fn named_sources_and_bad_ones() {
        let s = set(
            "[profile e]\nrole_arn = arn:e\ncredential_source = EcsContainer\n\
             [profile bad]\nrole_arn = arn:x\ncredential_source = Magic\n",
            "",
        );
        let plan = plan(&s, "e", CredentialSource::AssumeRole, None).unwrap();
        assert!(matches!(plan.base, Base::Container));
        let error = self::plan(&s, "bad", CredentialSource::AssumeRole, None).unwrap_err();
        assert!(error.to_string().contains("Magic"), "{error}");
    }

    #[test]
    fn unsupported_providers_are_named() {
        let s = set("[profile l]\nlogin_session = x\n", "");
        let error = plan(&s, "l", CredentialSource::Login, None).unwrap_err();
        assert!(error.to_string().contains("login"), "{error}");
    }

    fn keys_of(plan: &Plan) -> (String, String, Option<String>) {
        use crate::secret::ExposeSecret;
        match &plan.base {
            Base::Keys {
                access_key_id,
                secret_access_key,
                session_token,
                ..
            } => (
                access_key_id.clone(),
                secret_access_key.expose_secret().to_string(),
                session_token
                    .as_ref()
                    .map(|t| t.expose_secret().to_string()),
            ),
            other => panic!("not keys: {other:?}"),
        }
    }

    #[test]
    fn credentials_file_keys_take_no_token_from_the_config_file() {
        let s = set(
            "[profile p]\naws_session_token = CONFIGTOKEN\n",
            "[p]\naws_access_key_id = AKIAP\naws_secret_access_key = sp\n",
        );
        let plan = plan(&s, "p", CredentialSource::SharedCredentialsFile, None).unwrap();
        assert_eq!(keys_of(&plan), ("AKIAP".into(), "sp".into(), None));
    }

    #[test]
    fn config_file_keys_are_the_config_files_pair() {
        let s = set(
            "[profile q]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = config-secret\n",
            "[q]\naws_secret_access_key = credentials-secret\n",
        );
        let plan = plan(&s, "q", CredentialSource::ConfigFile, None).unwrap();
        assert_eq!(
            keys_of(&plan),
            ("AKIACONFIG".into(), "config-secret".into(), None)
        );
    }
}
