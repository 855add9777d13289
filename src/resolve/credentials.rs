//! `which`: the credential chain exactly as botocore (the engine of the AWS CLI) walks it,
//! without running any process or calling the network.
//!
//! botocore's order: environment keys (skipped when `--profile` is given), assume-role,
//! web identity, SSO, the shared credentials file, login, `credential_process`, keys in the
//! config file, `AWS_CREDENTIAL_FILE`, the legacy boto config, the container endpoint, and
//! the EC2 instance metadata service.

use serde::Serialize;

use super::{ProfileSource, Selection};
use crate::env::Env;
use crate::ini::Document;
use crate::legacy::BotoFiles;
use crate::profiles::{self, FileKind, Profile, ProfileSet};

/// A credential provider, named by botocore's `method`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialSource {
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
    Env,
    /// A profile with `role_arn`.
    AssumeRole,
    /// A web identity token (from the environment or the profile).
    AssumeRoleWithWebIdentity,
    /// IAM Identity Center.
    Sso,
    /// Keys in the credentials file.
    SharedCredentialsFile,
    /// `login_session` (`aws login`).
    Login,
    /// `credential_process`.
    CustomProcess,
    /// Keys in the config file.
    ConfigFile,
    /// The file named by `AWS_CREDENTIAL_FILE` (the original EC2 tools' format).
    Ec2CredentialsFile,
    /// `[Credentials]` of the legacy boto config (`BOTO_CONFIG`, `/etc/boto.cfg`, `~/.boto`).
    BotoConfig,
    /// The ECS/EKS container credentials endpoint.
    ContainerRole,
    /// Nothing found.
    None,
}

impl CredentialSource {
    /// botocore's method name.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialSource::Env => "env",
            CredentialSource::AssumeRole => "assume-role",
            CredentialSource::AssumeRoleWithWebIdentity => "assume-role-with-web-identity",
            CredentialSource::Sso => "sso",
            CredentialSource::SharedCredentialsFile => "shared-credentials-file",
            CredentialSource::Login => "login",
            CredentialSource::CustomProcess => "custom-process",
            CredentialSource::ConfigFile => "config-file",
            CredentialSource::Ec2CredentialsFile => "ec2-credentials-file",
            CredentialSource::BotoConfig => "boto-config",
            CredentialSource::ContainerRole => "container-role",
            CredentialSource::None => "none",
        }
    }
}

/// What one provider made of this setup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "result", content = "detail")]
pub enum Outcome {
    /// It found nothing; why.
    Skipped(String),
    /// It found credentials and ends the chain.
    Chosen(String),
    /// It stopped the chain with an error.
    Failed(String),
}

/// One provider's step in the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The provider.
    pub provider: CredentialSource,
    /// What it did.
    pub outcome: Outcome,
}

/// The answer of `which`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Which {
    /// The selected profile (`default` when none is chosen).
    pub profile: String,
    /// Where that name came from.
    pub profile_source: ProfileSource,
    /// The provider that supplies credentials.
    pub credentials_source: CredentialSource,
    /// The key id, where the source holds a static one.
    pub access_key_id: Option<String>,
    /// The region.
    pub region: Option<String>,
    /// Where the region came from: `AWS_DEFAULT_REGION` or `config-file`.
    pub region_source: Option<&'static str>,
    /// Every provider consulted, in order.
    #[serde(skip)]
    pub steps: Vec<Step>,
}

/// What stops botocore before it finds credentials.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WhichError {
    /// The profile named by `--profile` or a variable does not exist.
    #[error("the config profile ({name}) could not be found (selected by {})", selected_by.describe())]
    ProfileNotFound {
        /// The name.
        name: String,
        /// Where it came from.
        selected_by: ProfileSource,
    },
    /// A provider found a broken configuration; `steps` ends with the failure.
    #[error("{}", failure_message(steps))]
    Provider {
        /// The providers consulted, the last one failed.
        steps: Vec<Step>,
        /// The profile the failure is about, when it is about one.
        place: Option<Place>,
    },
}

/// The profile a failure is about, and the file when it is about one file's section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The profile's name.
    pub profile: String,
    /// The file, when only one file's section is meant.
    pub file: Option<FileKind>,
}

impl Place {
    /// The profile `name`, in whichever file defines it.
    pub fn profile(name: &str) -> Place {
        Place {
            profile: name.to_string(),
            file: None,
        }
    }
}

fn failure_message(steps: &[Step]) -> String {
    match steps.last() {
        Some(Step {
            provider,
            outcome: Outcome::Failed(message),
        }) => format!("{} credentials: {message}", provider.as_str()),
        _ => "credential resolution failed".into(),
    }
}

/// Everything `which` looks at.
pub struct WhichInputs<'a> {
    /// The environment.
    pub env: &'a Env,
    /// `--profile`.
    pub flag_profile: Option<&'a str>,
    /// Profiles from both files, merged.
    pub merged: &'a ProfileSet<'a>,
    /// The config file (the config-file provider reads only it).
    pub config: &'a Document,
    /// The credentials file (the shared-credentials provider reads only it).
    pub credentials: &'a Document,
    /// The legacy boto config files.
    pub boto: &'a BotoFiles,
    /// The text of the file named by `AWS_CREDENTIAL_FILE`, if it exists.
    pub ec2_credential_file: Option<&'a str>,
}

/// Resolves like botocore: the profile, then the first provider with credentials.
pub fn which(inputs: &WhichInputs<'_>) -> Result<Which, WhichError> {
    let selection = super::select_profile(inputs.flag_profile, inputs.env);
    let Selection { name, source } = selection;
    if source != ProfileSource::Default && inputs.merged.get(&name).is_none() {
        return Err(WhichError::ProfileNotFound {
            name,
            selected_by: source,
        });
    }
    let (region, region_source) = match inputs.env.get("AWS_DEFAULT_REGION") {
        Some(region) => (Some(region.to_string()), Some("AWS_DEFAULT_REGION")),
        None => match inputs.merged.get(&name).and_then(|p| p.get("region")) {
            Some(region) => (Some(region.to_string()), Some("config-file")),
            None => (None, None),
        },
    };
    let mut chain = Chain {
        inputs,
        profile: &name,
        env_enabled: source != ProfileSource::Flag,
        steps: Vec::new(),
    };
    let (credentials_source, access_key_id) = chain.run()?;
    Ok(Which {
        profile: name.clone(),
        profile_source: source,
        credentials_source,
        access_key_id,
        region,
        region_source,
        steps: chain.steps,
    })
}

/// Keys found by a provider: the source and, where static, the key id.
type Found = (CredentialSource, Option<String>);

/// One provider of the chain: nothing, credentials, or an error that stops the chain.
type Provider<'a> = fn(&mut Chain<'a>) -> Result<Option<Found>, WhichError>;

struct Chain<'a> {
    inputs: &'a WhichInputs<'a>,
    profile: &'a str,
    env_enabled: bool,
    steps: Vec<Step>,
}

impl<'a> Chain<'a> {
    fn skip(&mut self, provider: CredentialSource, why: impl Into<String>) {
        self.steps.push(Step {
            provider,
            outcome: Outcome::Skipped(why.into()),
        });
    }

    fn choose(
        &mut self,
        provider: CredentialSource,
        why: impl Into<String>,
        key: Option<String>,
    ) -> Option<Found> {
        self.steps.push(Step {
            provider,
            outcome: Outcome::Chosen(why.into()),
        });
        Some((provider, key))
    }

    fn fail(&mut self, provider: CredentialSource, why: impl Into<String>) -> WhichError {
        self.fail_at(provider, None, why)
    }

    /// A failure about the profile at `place`.
    fn fail_at(
        &mut self,
        provider: CredentialSource,
        place: Option<Place>,
        why: impl Into<String>,
    ) -> WhichError {
        self.steps.push(Step {
            provider,
            outcome: Outcome::Failed(why.into()),
        });
        WhichError::Provider {
            steps: self.steps.clone(),
            place,
        }
    }

    fn env(&self) -> &Env {
        self.inputs.env
    }

    /// A profile as one file alone defines it.
    fn view<'n>(&self, kind: FileKind, name: &'n str) -> Option<Profile<'n>>
    where
        'a: 'n,
    {
        let document = match kind {
            FileKind::Config => self.inputs.config,
            FileKind::Credentials => self.inputs.credentials,
        };
        profiles::profile_in(document, kind, name)
    }

    fn merged(&self) -> Option<&Profile<'_>> {
        self.inputs.merged.get(self.profile)
    }

    fn run(&mut self) -> Result<Found, WhichError> {
        let providers: [Provider<'_>; 12] = [
            Self::environment,
            Self::assume_role,
            Self::web_identity,
            Self::sso,
            Self::shared_credentials_file,
            Self::login,
            Self::process,
            Self::config_file,
            Self::ec2_credentials_file,
            Self::boto_config,
            Self::container,
            Self::instance_metadata,
        ];
        for provider in providers {
            if let Some(found) = provider(self)? {
                return Ok(found);
            }
        }
        Ok((CredentialSource::None, None))
    }

    fn environment(&mut self) -> Result<Option<Found>, WhichError> {
        let provider = CredentialSource::Env;
        if !self.env_enabled {
            self.skip(
                provider,
                "--profile was given, which switches environment keys off",
            );
            return Ok(None);
        }
        let Some(id) = self
            .env()
            .non_empty("AWS_ACCESS_KEY_ID")
            .map(str::to_string)
        else {
            let why = if self.env().non_empty("AWS_SECRET_ACCESS_KEY").is_some() {
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not, so botocore ignores both"
            } else {
                "AWS_ACCESS_KEY_ID is not set"
            };
            self.skip(provider, why);
            return Ok(None);
        };
        if self.env().non_empty("AWS_SECRET_ACCESS_KEY").is_none() {
            return Err(self.fail(
                provider,
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or unset \
                 AWS_ACCESS_KEY_ID to use the profile (eval \"$(awsprof use NAME)\" does that)",
            ));
        }
        let token = ["AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"]
            .iter()
            .any(|var| self.env().non_empty(var).is_some());
        let why = format!(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY{} are set; they beat every profile",
            if token { " (and a session token)" } else { "" }
        );
        Ok(self.choose(provider, why, Some(id)))
    }

    fn assume_role(&mut self) -> Result<Option<Found>, WhichError> {
        let provider = CredentialSource::AssumeRole;
        let Some(profile) = self.merged() else {
            self.skip(provider, format!("there is no profile {:?}", self.profile));
            return Ok(None);
        };
        if !has_role(profile) {
            let why = if profile.get("role_arn").is_some() {
                "role_arn is set but so is web_identity_token_file, so the web identity provider takes it"
            } else {
                "the profile has no role_arn"
            };
            self.skip(provider, why);
            return Ok(None);
        }
        let mut visited = vec![self.profile.to_string()];
        match self.role_source(profile, &mut visited) {
            Ok(description) => {
                let arn = profile.get("role_arn").unwrap_or_default();
                Ok(self.choose(provider, format!("assumes {arn} with {description}"), None))
            }
            Err((place, message)) => Err(self.fail_at(provider, Some(place), message)),
        }
    }

    /// Checks what would supply the credentials to assume the role of `profile`, as
    /// botocore's AssumeRoleProvider does before it calls STS. Returns a description, or
    /// what is wrong and in which profile.
    fn role_source(
        &self,
        profile: &Profile<'_>,
        visited: &mut Vec<String>,
    ) -> Result<String, (Place, String)> {
        let name = &profile.name;
        let here = |message: String| (Place::profile(name), message);
        match (
            profile.get("source_profile"),
            profile.get("credential_source"),
        ) {
            (Some(_), Some(_)) => Err(here(format!(
                "the profile {name:?} contains both source_profile and credential_source; keep one"
            ))),
            (None, None) => Err(here(format!(
                "the profile {name:?} has role_arn but neither source_profile nor credential_source; add one"
            ))),
            (None, Some(source)) => self.credential_source(name, source).map_err(here),
            (Some(source_name), None) => {
                let merged = self.inputs.merged;
                let Some(source) = merged.get(source_name) else {
                    return Err(here(format!(
                        "the source_profile {source_name:?} referenced in the profile {name:?} does not exist; \
                         add it (awsprof add {source_name}) or fix source_profile"
                    )));
                };
                if visited.iter().any(|v| v == source_name)
                    && (source_name != *name || !has_static_keys(source))
                {
                    visited.push(source_name.to_string());
                    return Err(here(format!(
                        "infinite loop in source_profile: {}; point one of them at a profile with keys",
                        visited.join(" -> ")
                    )));
                }
                if visited.len() >= super::chain::MAX_CHAIN {
                    let too_long = super::chain::ChainError::TooLong(self.profile.to_string());
                    return Err((Place::profile(self.profile), too_long.to_string()));
                }
                visited.push(source_name.to_string());
                if has_static_keys(source) || !has_role(source) {
                    self.source_profile_credentials(source)
                        .map_err(|message| (Place::profile(source_name), message))
                } else {
                    let inner = self.role_source(source, visited)?;
                    Ok(format!(
                        "role {} of profile {source_name:?} (itself assumed with {inner})",
                        source.get("role_arn").unwrap_or_default()
                    ))
                }
            }
        }
    }

    /// The credentials `credential_source = source` in profile `name` gives.
    fn credential_source(&self, name: &str, source: &str) -> Result<String, String> {
        match source {
            "Environment" => match self.env().non_empty("AWS_ACCESS_KEY_ID") {
                Some(_) if self.env().non_empty("AWS_SECRET_ACCESS_KEY").is_some() => {
                    Ok("the environment's keys (credential_source = Environment)".into())
                }
                Some(_) => Err(
                    "credential_source = Environment, but AWS_SECRET_ACCESS_KEY is not set".into(),
                ),
                None => Err(format!(
                    "credential_source = Environment in profile {name:?}, but AWS_ACCESS_KEY_ID is not set"
                )),
            },
            "EcsContainer" if !self.has_container_endpoint() => Err(format!(
                "no credentials found in credential_source referenced in profile {name:?}: \
             EcsContainer needs AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or \
             AWS_CONTAINER_CREDENTIALS_FULL_URI, which are set only inside a container"
            )),
            "Ec2InstanceMetadata" if self.instance_metadata_disabled() => Err(format!(
                "no credentials found in credential_source referenced in profile {name:?}: \
             AWS_EC2_METADATA_DISABLED=true stops botocore from asking the instance \
             metadata service"
            )),
            "Ec2InstanceMetadata" | "EcsContainer" => Ok(format!(
                "credentials from {source} (fetched over the network when used)"
            )),
            other => Err(format!(
                "the credential source {other:?} referenced in profile {name:?} is not valid \
             (use Environment, Ec2InstanceMetadata or EcsContainer)"
            )),
        }
    }

    /// botocore runs the profile providers (without environment variables) for a source
    /// profile: web identity, SSO, credentials file, login, process, config file.
    fn source_profile_credentials(&self, source: &Profile<'_>) -> Result<String, String> {
        let name = &source.name;
        if source
            .get("web_identity_token_file")
            .is_some_and(|f| !f.is_empty())
        {
            return if source.get("role_arn").is_some() {
                Ok(format!("a web identity token of profile {name:?}"))
            } else {
                Err(format!(
                    "profile {name:?} has web_identity_token_file but no role_arn"
                ))
            };
        }
        if source.get("sso_role_name").is_some() || source.get("sso_account_id").is_some() {
            return check_sso(self.inputs.merged, source)
                .map(|()| format!("SSO credentials of profile {name:?}"));
        }
        let file_keys = |kind: FileKind, file: &str| -> Option<Result<String, String>> {
            let profile = self.view(kind, name)?;
            profile.get("aws_access_key_id")?;
            Some(match profile.get("aws_secret_access_key") {
                Some(_) => Ok(format!("the keys of profile {name:?} in the {file} file")),
                None => Err(format!(
                    "profile {name:?} has aws_access_key_id but no aws_secret_access_key in the {file} file"
                )),
            })
        };
        if let Some(found) = file_keys(FileKind::Credentials, "credentials") {
            return found;
        }
        if source.get("login_session").is_some() {
            return Ok(format!("the login session of profile {name:?}"));
        }
        if source.get("credential_process").is_some() {
            return Ok(format!("the credential_process of profile {name:?}"));
        }
        if let Some(found) = file_keys(FileKind::Config, "config") {
            return found;
        }
        Err(format!("the source profile {name:?} must have credentials"))
    }

    fn web_identity(&mut self) -> Result<Option<Found>, WhichError> {
        let provider = CredentialSource::AssumeRoleWithWebIdentity;
        let from_env = |chain: &Self, var: &str| {
            if chain.env_enabled {
                chain.env().get(var).map(str::to_string)
            } else {
                None
            }
        };
        let from_profile =
            |chain: &Self, key: &str| chain.merged().and_then(|p| p.get(key)).map(str::to_string);
        let token_file = from_env(self, "AWS_WEB_IDENTITY_TOKEN_FILE")
            .or_else(|| from_profile(self, "web_identity_token_file"));
        let Some(token_file) = token_file.filter(|t| !t.is_empty()) else {
            self.skip(
                provider,
                "no AWS_WEB_IDENTITY_TOKEN_FILE and no web_identity_token_file in the profile",
            );
            return Ok(None);
        };
        let role = from_env(self, "AWS_ROLE_ARN").or_else(|| from_profile(self, "role_arn"));
        match role.filter(|r| !r.is_empty()) {
            Some(role) => Ok(self.choose(
                provider,
                format!("token {token_file} for role {role}"),
                None,
            )),
            None => {
                let place = self.merged().map(|_| Place::profile(self.profile));
                Err(self.fail_at(
                    provider,
                    place,
                    format!("a web identity token ({token_file}) is configured but no role ARN: set role_arn in the profile or AWS_ROLE_ARN"),
                ))
            }
        }
    }

    fn sso(&mut self) -> Result<Option<Found>, WhichError> {
        let provider = CredentialSource::Sso;
        let Some(profile) = self.merged() else {
            self.skip(provider, "no profile");
            return Ok(None);
        };
        if profile.get("sso_role_name").is_none() && profile.get("sso_account_id").is_none() {
            self.skip(
                provider,
                "the profile has no sso_account_id or sso_role_name",
            );
            return Ok(None);
        }
        let account = profile
            .get("sso_account_id")
            .unwrap_or_default()
            .to_string();
        let role = profile.get("sso_role_name").unwrap_or_default().to_string();
        match check_sso(self.inputs.merged, profile) {
            Ok(()) => Ok(self.choose(
                provider,
                format!(
                    "role {role} in account {account} (needs a valid sign-in: awsprof login {})",
                    self.profile
                ),
                None,
            )),
            Err(message) => {
                let place = Place::profile(self.profile);
                Err(self.fail_at(provider, Some(place), message))
            }
        }
    }

    /// The credentials file or config file provider: keys of the profile in that file.
    fn file_keys(
        &mut self,
        provider: CredentialSource,
        kind: FileKind,
        file: &str,
    ) -> Result<Option<Found>, WhichError> {
        let Some(profile) = self.view(kind, self.profile) else {
            self.skip(
                provider,
                format!("the {file} file has no section for {:?}", self.profile),
            );
            return Ok(None);
        };
        let Some(id) = profile.get("aws_access_key_id") else {
            self.skip(
                provider,
                format!("the {file} file's section has no aws_access_key_id"),
            );
            return Ok(None);
        };
        let id = id.to_string();
        if profile.get("aws_secret_access_key").is_none() {
            let place = Place {
                profile: self.profile.to_string(),
                file: Some(kind),
            };
            return Err(self.fail_at(
                provider,
                Some(place),
                format!("aws_access_key_id is set in the {file} file but aws_secret_access_key is not; add it there"),
            ));
        }
        let line = profile
            .properties
            .get("aws_access_key_id")
            .map_or(0, |v| v.origin.line);
        Ok(self.choose(
            provider,
            format!("keys at line {line} of the {file} file"),
            Some(id),
        ))
    }

    fn shared_credentials_file(&mut self) -> Result<Option<Found>, WhichError> {
        self.file_keys(
            CredentialSource::SharedCredentialsFile,
            FileKind::Credentials,
            "credentials",
        )
    }

    fn config_file(&mut self) -> Result<Option<Found>, WhichError> {
        self.file_keys(CredentialSource::ConfigFile, FileKind::Config, "config")
    }

    /// A provider that takes the profile when it has `key` (botocore runs or fetches it
    /// only when the credentials are used).
    fn when_profile_has(
        &mut self,
        provider: CredentialSource,
        key: &str,
        describe: fn(&str) -> String,
    ) -> Result<Option<Found>, WhichError> {
        match self.merged().and_then(|p| p.get(key)).map(str::to_string) {
            Some(value) => Ok(self.choose(provider, describe(&value), None)),
            None => {
                self.skip(provider, format!("the profile has no {key}"));
                Ok(None)
            }
        }
    }

    fn login(&mut self) -> Result<Option<Found>, WhichError> {
        self.when_profile_has(CredentialSource::Login, "login_session", |session| {
            format!("login session {session} (needs a valid `aws login` token)")
        })
    }

    fn process(&mut self) -> Result<Option<Found>, WhichError> {
        self.when_profile_has(
            CredentialSource::CustomProcess,
            "credential_process",
            |command| {
                format!("runs `{command}` when the credentials are used (which does not run it)")
            },
        )
    }

    fn ec2_credentials_file(&mut self) -> Result<Option<Found>, WhichError> {
        let provider = CredentialSource::Ec2CredentialsFile;
        let Some(path) = self.env().get("AWS_CREDENTIAL_FILE").map(str::to_string) else {
            self.skip(provider, "AWS_CREDENTIAL_FILE is not set");
            return Ok(None);
        };
        let text = self.inputs.ec2_credential_file.unwrap_or_default();
        let value = |key: &str| {
            text.lines()
                .filter_map(|line| line.split_once('='))
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().to_string())
        };
        match (value("AWSAccessKeyId"), value("AWSSecretKey")) {
            (Some(id), Some(_)) => Ok(self.choose(
                provider,
                format!("keys in {path} (AWS_CREDENTIAL_FILE)"),
                Some(id),
            )),
            (Some(_), None) => Err(self.fail(
                provider,
                format!("{path} has AWSAccessKeyId but no AWSSecretKey"),
            )),
            (None, _) => {
                self.skip(
                    provider,
                    format!("{path} (AWS_CREDENTIAL_FILE) has no AWSAccessKeyId"),
                );
                Ok(None)
            }
        }
    }

    fn boto_config(&mut self) -> Result<Option<Found>, WhichError> {
        let provider = CredentialSource::BotoConfig;
        let mut looked = Vec::new();
        for (path, sections) in &self.inputs.boto.0 {
            let Some(sections) = sections else {
                looked.push(format!("{path} does not exist"));
                continue;
            };
            let credentials = sections.iter().rev().find(|s| s.name == "Credentials");
            let id = credentials.and_then(|s| s.get("aws_access_key_id"));
            let secret = credentials.and_then(|s| s.get("aws_secret_access_key"));
            match (id, secret) {
                (Some(id), Some(_)) => {
                    let id = id.to_string();
                    return Ok(self.choose(provider, format!("[Credentials] in {path}"), Some(id)));
                }
                (Some(_), None) => {
                    return Err(self.fail(
                        provider,
                        format!("[Credentials] in {path} has aws_access_key_id but no aws_secret_access_key"),
                    ));
                }
                (None, _) => looked.push(format!("{path} has no [Credentials] keys")),
            }
        }
        self.skip(provider, looked.join("; "));
        Ok(None)
    }

    /// Whether a container credentials endpoint is configured: botocore's container
    /// provider runs when either variable is set, even empty.
    fn has_container_endpoint(&self) -> bool {
        CONTAINER_VARIABLES
            .iter()
            .any(|var| self.env().get(var).is_some())
    }

    /// Whether `AWS_EC2_METADATA_DISABLED=true` (any case) switches the instance metadata
    /// service off.
    fn instance_metadata_disabled(&self) -> bool {
        self.env()
            .get("AWS_EC2_METADATA_DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    fn container(&mut self) -> Result<Option<Found>, WhichError> {
        let provider = CredentialSource::ContainerRole;
        for var in CONTAINER_VARIABLES {
            if self.env().get(var).is_some() {
                return Ok(self.choose(
                    provider,
                    format!(
                        "{var} is set: the container endpoint (fetched over the network when used)"
                    ),
                    None,
                ));
            }
        }
        self.skip(
            provider,
            "no AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI",
        );
        Ok(None)
    }

    fn instance_metadata(&mut self) -> Result<Option<Found>, WhichError> {
        let provider = CredentialSource::None;
        let why = if self.instance_metadata_disabled() {
            "nothing found, and AWS_EC2_METADATA_DISABLED=true stops botocore from asking the EC2 instance metadata service"
        } else {
            "nothing found here; botocore would last ask the EC2 instance metadata service, which answers only on EC2 (awsprof does not call the network)"
        };
        self.skip(provider, why);
        Ok(None)
    }
}

/// The variables that point botocore's container provider at its endpoint.
const CONTAINER_VARIABLES: [&str; 2] = [
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

/// A `role_arn` that the assume-role provider takes (not a web identity role).
fn has_role(profile: &Profile<'_>) -> bool {
    profile.get("role_arn").is_some() && profile.get("web_identity_token_file").is_none()
}

/// botocore's test for static keys in a source profile: either key present.
fn has_static_keys(profile: &Profile<'_>) -> bool {
    profile.get("aws_access_key_id").is_some() || profile.get("aws_secret_access_key").is_some()
}

/// botocore's SSO checks: an existing, consistent `[sso-session]` and all required keys.
fn check_sso(set: &ProfileSet<'_>, profile: &Profile<'_>) -> Result<(), String> {
    let mut values: std::collections::BTreeMap<String, String> = profile
        .properties
        .iter()
        .map(|(k, v)| (k.to_string(), v.text.to_string()))
        .collect();
    let mut required = vec![
        "sso_role_name",
        "sso_account_id",
        "sso_start_url",
        "sso_region",
    ];
    if let Some(session_name) = profile.get("sso_session") {
        let Some(session) = set.sso_sessions.get(session_name) else {
            return Err(format!(
                "the specified sso-session does not exist: {session_name:?}; add [sso-session {session_name}] to the config file"
            ));
        };
        for (key, value) in session.iter() {
            match values.get(key) {
                Some(own) if *own != value.text => {
                    return Err(format!(
                        "the value for {key} is inconsistent between profile ({own}) and sso-session ({})",
                        value.text
                    ));
                }
                _ => {
                    values.insert(key.to_string(), value.text.to_string());
                }
            }
        }
        required.push("sso_session");
    }
    let missing: Vec<&str> = required
        .into_iter()
        .filter(|k| !values.contains_key(*k))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the profile {:?} is configured to use SSO but is missing required configuration: {}",
            profile.name,
            missing.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;
    use crate::profiles;

    fn resolve(
        env: &[(&str, &str)],
        flag: Option<&str>,
        credentials: &str,
    ) -> Result<Which, WhichError> {
        let env: Env = env.iter().copied().collect();
        let no_config = Document::default();
        let credentials = Document::parse(credentials);
        let merged = profiles::read(&no_config, &credentials);
        which(&WhichInputs {
            env: &env,
            flag_profile: flag,
            merged: &merged,
            config: &no_config,
            credentials: &credentials,
            boto: &BotoFiles::default(),
            ec2_credential_file: None,
        })
    }

    #[test]
    fn container_endpoint_is_reported_without_calling_it() {
        let found = resolve(
            &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/x")],
            None,
            "",
        )
        .unwrap();
        assert_eq!(found.credentials_source, CredentialSource::ContainerRole);
    }

    #[test]
    fn nothing_found_explains_instance_metadata() {
        let found = resolve(&[], None, "").unwrap();
        assert_eq!(found.credentials_source, CredentialSource::None);
        let Outcome::Skipped(last) = &found.steps.last().unwrap().outcome else {
            panic!()
        };
        assert!(last.contains("instance metadata"));
    }

    #[test]
    fn flag_switches_env_keys_off_but_variables_do_not() {
        let keys = [
            ("AWS_ACCESS_KEY_ID", "AKIAENV"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
        ];
        let credentials = "[a]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n";
        let by_flag = resolve(&keys, Some("a"), credentials).unwrap();
        assert_eq!(by_flag.access_key_id.as_deref(), Some("AKIAFILE"));
        let mut with_variable = keys.to_vec();
        with_variable.push(("AWS_PROFILE", "a"));
        let by_variable = resolve(&with_variable, None, credentials).unwrap();
        assert_eq!(by_variable.credentials_source, CredentialSource::Env);
    }

    #[test]
    fn named_sources_fail_where_botocore_finds_nothing() {
        let config = "[profile r]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = EcsContainer\n\
                      [profile m]\nrole_arn = arn:aws:iam::1:role/M\ncredential_source = Ec2InstanceMetadata\n";
        let env: Env = [("AWS_EC2_METADATA_DISABLED", "TRUE")]
            .into_iter()
            .collect();
        let config = Document::parse(config);
        let credentials = Document::default();
        let merged = profiles::read(&config, &credentials);
        let run = |env: &Env, flag| {
            which(&WhichInputs {
                env,
                flag_profile: Some(flag),
                merged: &merged,
                config: &config,
                credentials: &credentials,
                boto: &BotoFiles::default(),
                ec2_credential_file: None,
            })
        };
        assert!(
            run(&env, "r")
                .unwrap_err()
                .to_string()
                .contains("AWS_CONTAINER_CREDENTIALS")
        );
        assert!(
            run(&env, "m")
                .unwrap_err()
                .to_string()
                .contains("AWS_EC2_METADATA_DISABLED")
        );
        let in_container: Env = [("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x")]
            .into_iter()
            .collect();
        for flag in ["r", "m"] {
            let found = run(&in_container, flag).unwrap();
            assert_eq!(found.credentials_source, CredentialSource::AssumeRole);
        }
    }

    #[test]
    fn partial_env_keys_fail_with_the_fix() {
        let error = resolve(&[("AWS_ACCESS_KEY_ID", "AKIAENV")], None, "").unwrap_err();
        assert!(error.to_string().contains("AWS_SECRET_ACCESS_KEY is not"));
    }
}
