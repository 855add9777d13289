//! What `export`, `exec` and `whoami` share: resolve a profile as botocore would
//! (`which`), turn that into a plan, and have `aws/` carry it out.

use anyhow::{Context as _, Result, bail};

use super::{Context, not_found_message, selected_profile_not_found, which_of};
use crate::aws::endpoints::{self, Service};
use crate::aws::http::{LazyTransport, TransportOptions};
use crate::aws::mfa::MfaSource;
use crate::aws::sso_token::{SsoSession, TokenCache};
use crate::aws::{self, Credentials, Fetch, SsoSetup, Timestamp};
use crate::cli::FetchArgs;
use crate::profiles::{Profile, ProfileSet};
use crate::resolve::{self, Base, CredentialSource, WhichError};
use crate::secret::SecretString;

/// Credentials fetched for a profile, and what goes with them.
pub struct Fetched {
    /// The profile resolved (`default` when none was named or selected).
    pub profile: String,
    /// The credentials.
    pub credentials: Credentials,
    /// The profile's `region`, if set.
    pub region: Option<String>,
    /// The client, for further calls (whoami).
    pub transport: LazyTransport,
    /// The STS endpoint of the profile.
    pub sts: endpoints::Endpoint,
}

/// Fetches the credentials of `name` (as `aws --profile NAME` would), or without a name
/// of the profile and credentials an AWS CLI started now would use.
pub fn fetch(context: &Context, name: Option<&str>, args: &FetchArgs) -> Result<Fetched> {
    let files = context.load()?;
    let merged = context.profiles(&files);
    let which = which_of(context, &files, &merged, name).map_err(|error| match error {
        WhichError::ProfileNotFound { name, selected_by } => {
            selected_profile_not_found(&merged, &name, selected_by)
        }
        WhichError::Provider { ref place, .. } => {
            anyhow::anyhow!("{}", context.located(&merged, place.as_ref(), &error))
        }
    })?;
    if which.credentials_source == CredentialSource::None {
        bail!(
            "profile {:?} has no credentials (see `awsprof which --profile {} --explain`)",
            which.profile,
            which.profile
        );
    }
    let plan = resolve::plan_for(&files, &merged, &which, &context.env).map_err(|error| {
        anyhow::anyhow!(
            "{}",
            context.located(&merged, error.place().as_ref(), &error)
        )
    })?;
    let profile = merged.get(&which.profile);
    let setting = |key: &str| {
        profile
            .and_then(|p| p.get(key))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let transport = transport(context, profile);
    let sts = endpoint(
        context,
        Service::Sts,
        &merged,
        &which.profile,
        which.region.as_deref(),
    )?;
    let fetch = Fetch {
        transport: &transport,
        sts: sts.clone(),
        env: &context.env,
        cache: (!args.no_cache)
            .then(|| aws::cache::JsonFileCache::new(aws::cache::cli_cache_dir(&context.home()))),
        mfa: MfaSource {
            code: args.mfa_code.as_deref().map(SecretString::from),
            may_prompt: true,
        },
        now: Timestamp::now(),
        sso: sso_setup(context, &merged, &which.profile, &plan.base)?,
    };
    let mut credentials = fetch
        .credentials(&plan)
        .with_context(|| format!("cannot get credentials for profile {:?}", which.profile))?;
    if args.mfa_session {
        let serial = match (&plan.base, plan.roles.is_empty(), setting("mfa_serial")) {
            (Base::Keys { .. }, true, Some(serial)) => serial,
            (Base::Keys { .. }, true, None) => bail!(
                "--mfa-session needs mfa_serial in profile {:?}; set it with: awsprof set {} mfa_serial ARN",
                which.profile,
                which.profile
            ),
            _ => bail!(
                "--mfa-session is for profiles with keys and mfa_serial; profile {:?} gets temporary \
                 credentials already (put mfa_serial on a role profile to use MFA there)",
                which.profile
            ),
        };
        let duration = setting("duration_seconds").and_then(|d| d.trim().parse().ok());
        credentials = fetch
            .mfa_session(
                &credentials,
                &serial,
                setting("mfa_process").as_deref(),
                duration,
            )
            .with_context(|| {
                format!("cannot get an MFA session for profile {:?}", which.profile)
            })?;
    }
    Ok(Fetched {
        region: setting("region"),
        profile: which.profile,
        credentials,
        transport,
        sts,
    })
}

/// The HTTPS client for calls made for `profile` (built on first use): `AWS_CA_BUNDLE`,
/// else the profile's `ca_bundle`.
pub fn transport(context: &Context, profile: Option<&Profile<'_>>) -> LazyTransport {
    let ca_bundle = context
        .env
        .non_empty("AWS_CA_BUNDLE")
        .map(str::to_string)
        .or_else(|| {
            profile
                .and_then(|p| p.get("ca_bundle"))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        })
        .map(|path| context.expand_home(&path));
    LazyTransport::new(TransportOptions {
        ca_bundle,
        ..TransportOptions::default()
    })
}

/// The endpoint of `service` for `profile` ([`endpoints::resolve`]); an error about the
/// profile's `services` setting is led by that line's `path:line: `.
pub fn endpoint(
    context: &Context,
    service: Service,
    set: &ProfileSet<'_>,
    profile: &str,
    region: Option<&str>,
) -> Result<endpoints::Endpoint> {
    endpoints::resolve(service, &context.env, set, profile, region).map_err(|error| {
        match set.get(profile).and_then(|p| p.properties.get("services")) {
            Some(value) => anyhow::anyhow!(
                "{}:{}: {error}",
                context.store.path(value.origin.file).display(),
                value.origin.line
            ),
            None => error.into(),
        }
    })
}

/// What an SSO base needs, with the portal and OIDC endpoints resolved for `profile` (the
/// profile being resolved, as botocore's clients are made in its session) in the SSO
/// region; `None` for any other base.
pub fn sso_setup(
    context: &Context,
    set: &ProfileSet<'_>,
    profile: &str,
    base: &Base,
) -> Result<Option<SsoSetup>> {
    let Some(session) = SsoSession::of_base(set, base)? else {
        return Ok(None);
    };
    let region = Some(session.region.as_str());
    Ok(Some(SsoSetup {
        portal: endpoint(context, Service::Sso, set, profile, region)?,
        oidc: endpoint(context, Service::SsoOidc, set, profile, region)?,
        tokens: TokenCache::new(&context.home()),
        login_name: profile.to_string(),
        session,
    }))
}

impl Fetched {
    /// The variables `export` sets (`Some`) or unsets (`None`), in order; `exec` gives the
    /// child the same.
    pub fn variables(&self) -> Vec<(&'static str, Option<String>)> {
        use crate::secret::ExposeSecret;
        let credentials = &self.credentials;
        let mut variables = vec![
            ("AWS_ACCESS_KEY_ID", Some(credentials.access_key_id.clone())),
            (
                "AWS_SECRET_ACCESS_KEY",
                Some(credentials.secret_access_key.expose_secret().to_string()),
            ),
            ("AWS_SESSION_TOKEN", credentials.token().map(str::to_string)),
            // botocore reads this older name of the session token first: a stale one
            // would be sent with the new keys.
            ("AWS_SECURITY_TOKEN", None),
            (
                "AWS_CREDENTIAL_EXPIRATION",
                credentials.expiration.map(Timestamp::to_iso8601),
            ),
        ];
        if let Some(region) = &self.region {
            variables.push(("AWS_REGION", Some(region.clone())));
            variables.push(("AWS_DEFAULT_REGION", Some(region.clone())));
        }
        variables
    }
}

/// The session `name` signs in to, and the profile whose settings (endpoints, CA bundle)
/// apply: a profile using SSO directly or as the source of its role chain, else an
/// `[sso-session NAME]` section (with the selected profile's settings).
pub fn session_for(
    context: &Context,
    set: &ProfileSet<'_>,
    name: &str,
) -> Result<(SsoSession, String)> {
    if set.get(name).is_some() {
        // A profile with no credentials at all does not use SSO either; any other broken
        // chain (a source_profile loop, a missing source) says what to fix.
        let chain = match resolve::role_chain(set, name) {
            Ok(chain) => Some(chain),
            Err(resolve::ChainError::NoCredentials(_)) => None,
            Err(error) => return Err(error.into()),
        };
        let base = chain.as_ref().and_then(|chain| chain.steps.first());
        return match base
            .map(|step| SsoSession::of_step(set, step))
            .transpose()?
        {
            Some(Some(session)) => Ok((session, name.to_string())),
            _ => bail!(
                "profile {name:?} does not use IAM Identity Center (SSO): it needs sso_session \
                 (or sso_start_url and sso_region), or a source_profile that has them"
            ),
        };
    }
    if let Some(session) = SsoSession::named(set, name) {
        let selected = resolve::select_profile(None, &context.env).name;
        return Ok((session?, selected));
    }
    bail!(
        "{} (and there is no [sso-session {name}] section)",
        not_found_message(set, name)
    )
}
