//! Carrying out a [`Plan`]: the base credentials, then each AssumeRole, with the AWS
//! CLI's cache in front of every STS call that botocore caches. An SSO base takes the
//! session's token from the AWS CLI's token cache (refreshed as botocore refreshes it)
//! to the portal's GetRoleCredentials, cached as AWS CLI v2 caches it.

use serde_json::{Map, Value};

use super::cache::{self, JsonFileCache};
use super::endpoints::Endpoint;
use super::http::{LazyTransport, Request, Transport, TransportOptions};
use super::mfa::MfaSource;
use super::sso::{self, Portal};
use super::sso_oidc::{Grant, SsoOidc};
use super::sso_token::{NewToken, REFRESH_WINDOW_SECONDS, SsoSession, TokenCache, TokenProblem};
use super::sts::{AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken, Issued, Sts};
use super::{AwsError, Credentials, Timestamp, process};
use crate::env::Env;
use crate::resolve::{Base, Plan, RoleStep};
use crate::secret::SecretString;

/// What an SSO base needs: the session, its token cache and the endpoints.
pub struct SsoSetup {
    /// The session whose token is used.
    pub session: SsoSession,
    /// The AWS CLI's token cache.
    pub tokens: TokenCache,
    /// The portal endpoint (GetRoleCredentials).
    pub portal: Endpoint,
    /// The OIDC endpoint (CreateToken, to refresh the token).
    pub oidc: Endpoint,
    /// The profile named in `awsprof login NAME` hints.
    pub login_name: String,
}

/// What a run of [`Fetch`] needs besides the plan.
pub struct Fetch<'a> {
    /// The HTTPS client.
    pub transport: &'a LazyTransport,
    /// The STS endpoint of the profile being resolved.
    pub sts: Endpoint,
    /// The environment (for `credential_source = Environment` and the container and
    /// instance metadata endpoints).
    pub env: &'a Env,
    /// The AWS CLI's cache, unless `--no-cache`.
    pub cache: Option<JsonFileCache>,
    /// Where MFA codes come from.
    pub mfa: MfaSource,
    /// The time, for cache freshness and default session names.
    pub now: Timestamp,
    /// For a plan whose base is SSO.
    pub sso: Option<SsoSetup>,
}

impl Fetch<'_> {
    /// Carries out the whole plan.
    pub fn credentials(&self, plan: &Plan) -> Result<Credentials, AwsError> {
        let mut credentials = self.base(&plan.base)?;
        for role in &plan.roles {
            credentials = self.assume_role(&credentials, role)?;
        }
        Ok(credentials)
    }

    fn sts(&self) -> Result<Sts<'_>, AwsError> {
        Ok(Sts::new(self.transport.get()?, self.sts.clone()))
    }

    /// The first credentials of a plan.
    pub fn base(&self, base: &Base) -> Result<Credentials, AwsError> {
        match base {
            Base::Keys {
                access_key_id,
                secret_access_key,
                session_token,
                ..
            } => Ok(Credentials {
                access_key_id: access_key_id.clone(),
                secret_access_key: secret_access_key.clone(),
                session_token: session_token.clone(),
                expiration: None,
                account_id: None,
            }),
            Base::Environment => self.environment_keys(),
            Base::Container => self.container(),
            Base::InstanceMetadata => self.instance_metadata(),
            Base::WebIdentity {
                role_arn,
                token_file,
                role_session_name,
                ..
            } => self.web_identity(role_arn, token_file, role_session_name.as_deref()),
            Base::Process { command, .. } => process::credential_process(command, self.now),
            Base::Sso(sso) => {
                let (Some(account), Some(role)) = (&sso.sso_account_id, &sso.sso_role_name) else {
                    return Err(AwsError::Config(format!(
                        "profile {:?} names an sso_session but no sso_account_id and \
                         sso_role_name: it can sign in (awsprof login) but has no role to get \
                         credentials for; set both",
                        sso.profile
                    )));
                };
                self.sso_role(account, role)
            }
        }
    }

    /// GetRoleCredentials for `role` in `account`, from the AWS CLI v2 cache while fresh.
    fn sso_role(&self, account: &str, role: &str) -> Result<Credentials, AwsError> {
        let setup = self.sso.as_ref().ok_or_else(|| {
            AwsError::Config("an SSO plan was carried out without its session".into())
        })?;
        let session = &setup.session;
        let key = sso::role_cache_key(account, role, session.name.as_deref(), &session.start_url);
        if let Some(cache) = &self.cache
            && let Some(fresh) = cache
                .get(&key)
                .and_then(|entry| cache::fresh_credentials(&entry, self.now))
        {
            return Ok(fresh);
        }
        let token = self.sso_token(setup)?;
        let portal = Portal::new(self.transport.get()?, setup.portal.clone());
        let credentials = portal
            .get_role_credentials(&token, account, role)
            .map_err(|error| match error {
                AwsError::Service { code, message, .. } if code == "UnauthorizedException" => {
                    AwsError::SignIn(format!(
                        "IAM Identity Center rejected the token of {} ({code}: {message}); it \
                         may have been revoked or have expired: run `awsprof login {}`",
                        session.describe(),
                        setup.login_name
                    ))
                }
                other => other,
            })?;
        if let Some(expired) = credentials.expiration.filter(|at| *at <= self.now) {
            return Err(AwsError::BadResponse {
                operation: "GetRoleCredentials",
                message: format!(
                    "the credentials expired already (at {}); check the system clock",
                    expired.to_rfc3339()
                ),
            });
        }
        if let Some(cache) = &self.cache
            && let Err(error) = cache.put(&key, &sso::role_cache_entry(&credentials))
        {
            crate::output::warn(format_args!(
                "could not write the credential cache {}: {error}",
                cache.path(&key).display()
            ));
        }
        Ok(credentials)
    }

    /// The session's access token, as botocore takes it: a token of an `[sso-session]`
    /// with less than 15 minutes left is refreshed with its refresh token first (the
    /// file rewritten atomically); a token that has expired is an error.
    fn sso_token(&self, setup: &SsoSetup) -> Result<SecretString, AwsError> {
        let session = &setup.session;
        let login = &setup.login_name;
        let token = setup.tokens.token(session).map_err(|problem| {
            AwsError::SignIn(match problem {
                TokenProblem::Missing(path) => format!(
                    "not signed in to IAM Identity Center for {} (no token in {}): run \
                     `awsprof login {login}`",
                    session.describe(),
                    path.display()
                ),
                TokenProblem::Invalid(path) => format!(
                    "the token file {} of {} cannot be used (it must be a JSON file with \
                     accessToken and expiresAt, yours and not writable by others): run \
                     `awsprof login {login}`",
                    path.display(),
                    session.describe()
                ),
            })
        })?;
        let refresh = token
            .refresh
            .as_ref()
            .filter(|grant| grant.usable(self.now));
        if session.name.is_some()
            && token.expires_at.0 - self.now.0 < REFRESH_WINDOW_SECONDS
            && let Some(grant) = refresh
        {
            let oidc = SsoOidc::new(self.transport.get()?, setup.oidc.clone());
            match oidc.create_token(
                &grant.client_id,
                &grant.client_secret,
                Grant::RefreshToken(&grant.refresh_token),
            ) {
                Ok(issued) => {
                    let new = NewToken {
                        expires_at: Timestamp(self.now.0 + issued.expires_in),
                        access_token: issued.access_token,
                        refresh_token: issued.refresh_token,
                        client_id: grant.client_id.clone(),
                        client_secret: grant.client_secret.clone(),
                        registration_expires_at: grant.registration_expires_at.clone(),
                    };
                    if let Err(error) = setup.tokens.put_token(session, &new) {
                        crate::output::warn(format_args!(
                            "could not write the refreshed SSO token to {}: {error}",
                            setup.tokens.token_path(session).display()
                        ));
                    }
                    return Ok(new.access_token);
                }
                Err(error) => crate::output::warn(format_args!(
                    "could not refresh the SSO token of {}: {error}",
                    session.describe()
                )),
            }
        }
        if token.expires_at <= self.now {
            return Err(AwsError::SignIn(format!(
                "the IAM Identity Center sign-in for {} expired at {}: run `awsprof login {login}`",
                session.describe(),
                token.expires_at.to_rfc3339()
            )));
        }
        Ok(token.access_token)
    }

    /// GetSessionToken with the MFA device of a key profile (`--mfa-session`), cached in
    /// the same folder under a key of the key id, device and duration.
    pub fn mfa_session(
        &self,
        keys: &Credentials,
        serial: &str,
        mfa_process: Option<&str>,
        duration_seconds: Option<i64>,
    ) -> Result<Credentials, AwsError> {
        let mut args = Map::new();
        args.insert("AccessKeyId".into(), keys.access_key_id.clone().into());
        args.insert("SerialNumber".into(), serial.into());
        if let Some(duration) = duration_seconds {
            args.insert("DurationSeconds".into(), duration.into());
        }
        let key = format!("session-token-{}", cache::assume_role_key(&args));
        self.cached(&key, || {
            let call = GetSessionToken {
                serial_number: Some(serial.to_string()),
                token_code: Some(self.mfa.code_for(serial, mfa_process)?),
                duration_seconds,
            };
            self.sts()?.get_session_token(keys, &call)
        })
    }

    fn assume_role(&self, source: &Credentials, role: &RoleStep) -> Result<Credentials, AwsError> {
        let mut args = Map::new();
        args.insert("RoleArn".into(), role.role_arn.clone().into());
        if let Some(name) = &role.role_session_name {
            args.insert("RoleSessionName".into(), name.clone().into());
        }
        if let Some(id) = &role.external_id {
            args.insert("ExternalId".into(), id.clone().into());
        }
        if let Some(serial) = &role.mfa_serial {
            args.insert("SerialNumber".into(), serial.clone().into());
        }
        if let Some(duration) = role.duration_seconds {
            args.insert("DurationSeconds".into(), duration.into());
        }
        self.cached(&cache::assume_role_key(&args), || {
            let token_code = match &role.mfa_serial {
                Some(serial) => Some(self.mfa.code_for(serial, role.mfa_process.as_deref())?),
                None => None,
            };
            let call = AssumeRole {
                role_arn: role.role_arn.clone(),
                role_session_name: self.session_name(role.role_session_name.as_deref()),
                external_id: role.external_id.clone(),
                serial_number: role.mfa_serial.clone(),
                token_code,
                duration_seconds: role.duration_seconds,
            };
            self.sts()?.assume_role(source, &call)
        })
    }

    fn web_identity(
        &self,
        role_arn: &str,
        token_file: &str,
        role_session_name: Option<&str>,
    ) -> Result<Credentials, AwsError> {
        let mut args = Map::new();
        args.insert("RoleArn".into(), role_arn.into());
        if let Some(name) = role_session_name {
            args.insert("RoleSessionName".into(), name.into());
        }
        self.cached(&cache::assume_role_key(&args), || {
            let token = crate::store::read_to_string(std::path::Path::new(token_file)).map_err(
                |error| {
                    AwsError::Config(format!(
                        "cannot read the web identity token file {token_file}: {error}"
                    ))
                },
            )?;
            let call = AssumeRoleWithWebIdentity {
                role_arn: role_arn.to_string(),
                role_session_name: self.session_name(role_session_name),
                web_identity_token: SecretString::from(token),
                duration_seconds: None,
            };
            self.sts()?.assume_role_with_web_identity(&call)
        })
    }

    /// The configured session name, else botocore's `botocore-session-<unix time>`.
    fn session_name(&self, configured: Option<&str>) -> String {
        match configured {
            Some(name) => name.to_string(),
            None => format!("botocore-session-{}", self.now.0),
        }
    }

    /// Fresh credentials from the cache under `key`, else `call`'s, then cached. A cache
    /// that cannot be written costs only the next call.
    fn cached(
        &self,
        key: &str,
        call: impl FnOnce() -> Result<Issued, AwsError>,
    ) -> Result<Credentials, AwsError> {
        if let Some(cache) = &self.cache
            && let Some(fresh) = cache
                .get(key)
                .and_then(|entry| cache::fresh_credentials(&entry, self.now))
        {
            return Ok(fresh);
        }
        let issued = call()?;
        if let Some(cache) = &self.cache {
            let entry = cache::sts_entry(
                &issued.credentials,
                issued.assumed_role_id.as_deref(),
                issued.assumed_role_arn.as_deref(),
                issued.request_id.as_deref(),
            );
            if let Err(error) = cache.put(key, &entry) {
                crate::output::warn(format_args!(
                    "could not write the credential cache {}: {error}",
                    cache.path(key).display()
                ));
            }
        }
        Ok(issued.credentials)
    }

    fn environment_keys(&self) -> Result<Credentials, AwsError> {
        let (Some(id), Some(secret)) = (
            self.env.non_empty("AWS_ACCESS_KEY_ID"),
            self.env.non_empty("AWS_SECRET_ACCESS_KEY"),
        ) else {
            return Err(AwsError::Config(
                "credential_source = Environment needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; set both".into(),
            ));
        };
        let token = self
            .env
            .non_empty("AWS_SESSION_TOKEN")
            .or_else(|| self.env.non_empty("AWS_SECURITY_TOKEN"));
        let mut credentials = Credentials::from_keys(id, secret, token);
        credentials.expiration = self
            .env
            .non_empty("AWS_CREDENTIAL_EXPIRATION")
            .and_then(Timestamp::parse);
        Ok(credentials)
    }

    /// The ECS/EKS container credentials endpoint, as botocore calls it.
    fn container(&self) -> Result<Credentials, AwsError> {
        let url = if let Some(relative) =
            self.env.non_empty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        {
            format!("http://169.254.170.2{relative}")
        } else if let Some(full) = self.env.non_empty("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            check_container_url(full)?;
            full.to_string()
        } else {
            return Err(AwsError::Config(
                "credential_source = EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \
                 nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set (they are set inside ECS tasks and EKS pods)"
                    .into(),
            ));
        };
        let token = match self.env.non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Some(file) => Some(
                crate::store::read_to_string(std::path::Path::new(file)).map_err(|error| {
                    AwsError::Config(format!(
                        "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {file}: {error}"
                    ))
                })?,
            ),
            None => self
                .env
                .non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN")
                .map(str::to_string),
        };
        let mut headers = vec![("accept".to_string(), "application/json".to_string())];
        if let Some(token) = token {
            headers.push(("authorization".into(), token.trim().to_string()));
        }
        let body = self.metadata_get(&url, headers, "the container credentials endpoint")?;
        metadata_credentials(&body, "the container credentials endpoint")
    }

    /// The EC2 instance metadata service (IMDSv2), as botocore calls it.
    fn instance_metadata(&self) -> Result<Credentials, AwsError> {
        let what = "the EC2 instance metadata service";
        if self
            .env
            .get("AWS_EC2_METADATA_DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return Err(AwsError::Config(format!(
                "credential_source = Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED=true switches {what} off"
            )));
        }
        let base = self
            .env
            .non_empty("AWS_EC2_METADATA_SERVICE_ENDPOINT")
            .unwrap_or("http://169.254.169.254")
            .trim_end_matches('/')
            .to_string();
        let transport = short_transport()?;
        let response = transport.send(&Request {
            method: "PUT",
            url: format!("{base}/latest/api/token"),
            headers: vec![(
                "x-aws-ec2-metadata-token-ttl-seconds".into(),
                "21600".into(),
            )],
            body: Vec::new(),
        })?;
        if !response.is_success() {
            return Err(metadata_error(what, response.status));
        }
        let token = String::from_utf8_lossy(&response.body).trim().to_string();
        let header = vec![("x-aws-ec2-metadata-token".to_string(), token)];
        let path = format!("{base}/latest/meta-data/iam/security-credentials/");
        let roles = self.metadata_get(&path, header.clone(), what)?;
        let role = roles.lines().next().unwrap_or_default().trim().to_string();
        if role.is_empty() {
            return Err(AwsError::Config(format!(
                "{what} has no instance profile role; attach one to the instance"
            )));
        }
        let body = self.metadata_get(&format!("{path}{role}"), header, what)?;
        metadata_credentials(&body, what)
    }

    fn metadata_get(
        &self,
        url: &str,
        headers: Vec<(String, String)>,
        what: &str,
    ) -> Result<String, AwsError> {
        let response = short_transport()?.send(&Request {
            method: "GET",
            url: url.to_string(),
            headers,
            body: Vec::new(),
        })?;
        if !response.is_success() {
            return Err(metadata_error(what, response.status));
        }
        Ok(String::from_utf8_lossy(&response.body).into_owned())
    }
}

/// The client for the link-local metadata endpoints: botocore gives them one second.
fn short_transport() -> Result<Transport, AwsError> {
    Transport::new(&TransportOptions {
        connect_timeout: std::time::Duration::from_secs(1),
        total_timeout: std::time::Duration::from_secs(5),
        ..TransportOptions::default()
    })
}

fn metadata_error(what: &str, status: u16) -> AwsError {
    AwsError::Config(format!("{what} answered HTTP {status}"))
}

/// The JSON of the container and instance metadata endpoints.
fn metadata_credentials(body: &str, what: &str) -> Result<Credentials, AwsError> {
    let bad = |message: &str| AwsError::Config(format!("{what} answered {message}"));
    let value: Value = serde_json::from_str(body).map_err(|_| bad("something that is not JSON"))?;
    let field = |name: &str| value.get(name).and_then(Value::as_str);
    let (Some(id), Some(secret)) = (field("AccessKeyId"), field("SecretAccessKey")) else {
        return Err(bad("JSON without AccessKeyId and SecretAccessKey"));
    };
    let mut credentials = Credentials::from_keys(id, secret, field("Token"));
    credentials.expiration = field("Expiration").and_then(Timestamp::parse);
    credentials.account_id = field("AccountId").map(str::to_string);
    Ok(credentials)
}

/// The hosts botocore's `ContainerMetadataFetcher._ALLOWED_HOSTS` lets plain http reach.
const CONTAINER_HOSTS: [&str; 4] = [
    "169.254.170.2",
    "169.254.170.23",
    "fd00:ec2::23",
    "localhost",
];

/// botocore's `_validate_allowed_url` for `AWS_CONTAINER_CREDENTIALS_FULL_URI`: https, or a
/// loopback address, or one of the container hosts; else the authorization token could go
/// over plain http to any host.
fn check_container_url(url: &str) -> Result<(), AwsError> {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    if scheme.eq_ignore_ascii_case("https") {
        return Ok(());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    }
    .to_ascii_lowercase();
    let loopback = host
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback());
    if loopback || CONTAINER_HOSTS.contains(&host.as_str()) {
        return Ok(());
    }
    Err(AwsError::Config(format!(
        "Unsupported host '{host}'.  Can only retrieve metadata from a loopback address or one \
         of these hosts: {} (AWS_CONTAINER_CREDENTIALS_FULL_URI is {url}; use https, or a host \
         of the container)",
        CONTAINER_HOSTS.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::check_container_url;

    #[test]
    fn plain_http_only_to_loopback_and_the_container_hosts() {
        for allowed in [
            "https://example.com/creds",
            "HTTPS://example.com",
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/x",
            "http://[::1]:80/x",
            "http://169.254.170.2/v2/credentials",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "http://localhost:9000/x",
            "http://LOCALHOST/x",
        ] {
            assert!(check_container_url(allowed).is_ok(), "{allowed}");
        }
        for refused in [
            "http://example.com/creds",
            "http://169.254.169.254/latest",
            "http://127.0.0.1@evil.example/x",
            "http://localhost.evil.example/x",
            "http://10.0.0.1/x",
        ] {
            let error = check_container_url(refused).unwrap_err().to_string();
            assert!(error.contains("Unsupported host"), "{refused}: {error}");
        }
    }
}
