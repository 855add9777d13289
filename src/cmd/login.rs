//! `awsprof login NAME`: the IAM Identity Center device-code sign-in, as `aws sso login
//! --use-device-code` does it, writing the token where the AWS CLI reads it: the client
//! registration cached and reused, the URL and code on stderr, the browser opened where
//! usable, CreateToken polled at the interval and until the expiry AWS gives.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

use super::{Context, fetch};
use crate::aws::endpoints::Service;
use crate::aws::sso_oidc::{DeviceAuthorization, Grant, IssuedToken, SsoOidc};
use crate::aws::sso_token::{NewToken, Registration, SsoSession, TokenCache};
use crate::aws::{AwsError, Timestamp};
use crate::cli::LoginArgs;
use crate::env::Env;
use crate::output;

/// RFC 8628: the default polling interval, and what `slow_down` adds to it.
const DEFAULT_INTERVAL_SECONDS: u64 = 5;
const SLOW_DOWN_SECONDS: u64 = 5;
/// The longest a sign-in is waited for, and the longest interval between polls, whatever
/// the answer says (AWS gives 600 seconds and an interval of 1).
const MAX_WAIT_SECONDS: i64 = 3600;
/// How long a browser opener may take before awsprof stops waiting for it.
const OPENER_WAIT: Duration = Duration::from_secs(3);

/// Runs `awsprof login`.
pub fn run(context: &Context, args: &LoginArgs, out: &mut dyn Write) -> Result<()> {
    let files = context.load()?;
    let set = context.profiles(&files);
    let (session, profile) = fetch::session_for(context, &set, &args.name)?;
    let transport = fetch::transport(context, set.get(&profile));
    let region = Some(session.region.as_str());
    let endpoint = fetch::endpoint(context, Service::SsoOidc, &set, &profile, region)?;
    let oidc = SsoOidc::new(transport.get()?, endpoint);
    let tokens = TokenCache::new(&context.home());
    let registration = registration(&oidc, &tokens, &session)?;
    let authorization = oidc
        .start_device_authorization(&registration, &session.start_url)
        .context("cannot start the sign-in")?;
    let browser = if args.no_browser {
        Browser::Never
    } else if args.browser {
        Browser::Always
    } else {
        Browser::IfUsable
    };
    let issued = poll(
        &oidc,
        &registration,
        &authorization,
        browser,
        context,
        &args.name,
    )?;
    let token = NewToken {
        expires_at: Timestamp(Timestamp::now().0 + issued.expires_in),
        access_token: issued.access_token,
        refresh_token: issued.refresh_token,
        client_id: registration.client_id.clone(),
        client_secret: registration.client_secret.clone(),
        registration_expires_at: registration.expires_at.to_rfc3339(),
    };
    tokens.put_token(&session, &token).with_context(|| {
        format!(
            "signed in, but cannot write the token to {}",
            tokens.token_path(&session).display()
        )
    })?;
    writeln!(
        out,
        "Signed in to {} ({}) until {}.",
        session.start_url,
        session.describe(),
        token.expires_at.to_rfc3339()
    )?;
    writeln!(
        out,
        "Every profile of this session now works, in awsprof and in the AWS CLI: awsprof export NAME"
    )?;
    Ok(())
}

/// The cached registration while it may be reused, else a new one (then cached).
fn registration(
    oidc: &SsoOidc<'_>,
    tokens: &TokenCache,
    session: &SsoSession,
) -> Result<Registration> {
    if let Some(cached) = tokens.registration(session, Timestamp::now()) {
        return Ok(cached);
    }
    let client_name = match &session.name {
        Some(name) => format!("awsprof-client-{name}"),
        None => format!("awsprof-client-{}", Timestamp::now().0),
    };
    let registration = oidc
        .register_client(&client_name, session.registration_scopes.as_deref())
        .context("cannot register awsprof with IAM Identity Center")?;
    if let Err(error) = tokens.put_registration(session, &registration) {
        output::warn(format_args!(
            "could not cache the client registration in {}: {error}",
            tokens.registration_path(session).display()
        ));
    }
    Ok(registration)
}

/// Whether to open a browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Browser {
    Always,
    Never,
    IfUsable,
}

/// One CreateToken attempt first (a pre-approved client needs no prompt), then the
/// instructions, then polling until approved, denied or expired.
fn poll(
    oidc: &SsoOidc<'_>,
    registration: &Registration,
    authorization: &DeviceAuthorization,
    browser: Browser,
    context: &Context,
    name: &str,
) -> Result<IssuedToken> {
    let expires_in = authorization.expires_in.clamp(0, MAX_WAIT_SECONDS);
    let deadline = Instant::now() + Duration::from_secs(expires_in.unsigned_abs());
    // An interval below a second (0, negative) would poll as fast as the network goes.
    let mut interval = authorization
        .interval
        .map_or(DEFAULT_INTERVAL_SECONDS, |i| {
            i.clamp(1, MAX_WAIT_SECONDS).unsigned_abs()
        });
    let mut prompted = false;
    loop {
        let attempt = oidc.create_token(
            &registration.client_id,
            &registration.client_secret,
            Grant::DeviceCode(&authorization.device_code),
        );
        let (code, message) = match attempt {
            Ok(token) => return Ok(token),
            Err(AwsError::Service { code, message, .. }) => (code, message),
            Err(other) => return Err(other).context("cannot finish the sign-in"),
        };
        match code.as_str() {
            "AuthorizationPendingException" => {}
            "SlowDownException" => interval += SLOW_DOWN_SECONDS,
            "ExpiredTokenException" => bail!(
                "the sign-in request expired before it was approved; run `awsprof login {name}` again"
            ),
            "AccessDeniedException" => bail!(
                "the sign-in was denied ({message}); run `awsprof login {name}` again to retry"
            ),
            _ => bail!("cannot finish the sign-in: SSO-OIDC CreateToken failed: {code}: {message}"),
        }
        if !prompted {
            prompted = true;
            instruct(authorization, browser, &context.env);
        }
        // The last poll is at the expiry, however long the interval asked for.
        let now = Instant::now();
        if now >= deadline {
            bail!(
                "the sign-in request expired after {expires_in} seconds without being approved; \
                 run `awsprof login {name}` again"
            );
        }
        std::thread::sleep(Duration::from_secs(interval).min(deadline - now));
    }
}

/// Prints the URL and the code on stderr, and opens the browser if it should.
fn instruct(authorization: &DeviceAuthorization, browser: Browser, env: &Env) {
    eprintln!(
        "To sign in, open this page in a browser:\n\n    {}\n\nand check that it shows this code:\n\n    {}\n\n\
         (or open {} , which fills the code in)\nWaiting for the sign-in to be approved...",
        output::visible(&authorization.verification_uri),
        output::visible(&authorization.user_code),
        output::visible(&authorization.verification_uri_complete)
    );
    let opener = match browser {
        Browser::Never => None,
        Browser::IfUsable => usable_opener(env),
        Browser::Always => usable_opener(env).or_else(|| Some(platform_opener())),
    };
    if let Some(opener) = opener {
        open(&opener, &authorization.verification_uri_complete);
    }
}

/// The command that opens a URL: the first entry of `BROWSER` (`%s` standing for the
/// URL, else the URL last), else the desktop's opener where there is a desktop.
fn usable_opener(env: &Env) -> Option<Vec<String>> {
    if let Some(browser) = env.non_empty("BROWSER") {
        let first = browser.split(':').next().unwrap_or_default();
        return shlex::split(first).filter(|words| !words.is_empty());
    }
    let desktop = if cfg!(target_os = "macos") {
        env.get("SSH_CONNECTION").is_none()
    } else {
        env.non_empty("DISPLAY").is_some() || env.non_empty("WAYLAND_DISPLAY").is_some()
    };
    desktop.then(platform_opener)
}

fn platform_opener() -> Vec<String> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    vec![program.to_string()]
}

/// Runs the opener with the URL; a failure only costs the convenience.
fn open(opener: &[String], url: &str) {
    let Some((program, words)) = opener.split_first() else {
        return;
    };
    let mut arguments: Vec<String> = words.iter().map(|w| w.replace("%s", url)).collect();
    if !words.iter().any(|w| w.contains("%s")) {
        arguments.push(url.to_string());
    }
    let spawned = Command::new(program)
        .args(&arguments)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) => {
            output::warn(format_args!(
                "could not open a browser with {program}: {error}; open the URL above yourself"
            ));
            return;
        }
    };
    // Openers such as xdg-open return at once; a browser that stays in the foreground
    // is left running.
    let started = Instant::now();
    while started.elapsed() < OPENER_WAIT {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
