//! `awsprof add NAME`: create a profile, or with `--force` change an existing one. Secrets
//! come from a hidden prompt, stdin, the environment or the IAM console's CSV, never from
//! argv. Secrets go to the credentials file, everything else to the config file.

use std::io::Write;

use anyhow::{Context as _, Result, bail};

use super::{Context, prompt};
use crate::cli::AddArgs;
use crate::legacy::iam_csv;
use crate::output;
use crate::profiles::edit::{self, StaticKeys};
use crate::profiles::validate;
use crate::profiles::{self, CREDENTIAL_KEYS, FileKind, OTHER_SOURCE_KEYS, Profile};
use crate::secret::{ExposeSecret, SECRET_MASK, SecretString, mask_key_id};
use crate::store::{self, Files};

/// Everything `add` will write.
struct NewProfile {
    keys: Option<StaticKeys>,
    /// `key = value` pairs for the config file, in order.
    settings: Vec<(&'static str, String)>,
}

/// What an existing profile holds, for `--force` on a terminal: the defaults Enter keeps.
#[derive(Default)]
struct Current {
    access_key_id: Option<String>,
    secret_access_key: Option<SecretString>,
    session_token: Option<SecretString>,
    region: Option<String>,
    output: Option<String>,
}

impl Current {
    fn of(profile: &Profile) -> Current {
        let text = |key| profile.get(key).map(str::to_string);
        Current {
            access_key_id: text("aws_access_key_id"),
            secret_access_key: profile.get("aws_secret_access_key").map(SecretString::from),
            session_token: profile.get("aws_session_token").map(SecretString::from),
            region: text("region"),
            output: text("output"),
        }
    }
}

/// Runs `awsprof add`.
pub fn run(context: &Context, args: &AddArgs, out: &mut dyn Write) -> Result<()> {
    validate::profile_name(&args.name)?;
    let interactive = context.terminal.stdin && context.terminal.stderr;
    // Before asking anything: fail early on an existing profile, and learn what `--force`
    // keeps. (Scripts without --force skip this read; the locked update checks again.)
    let mut current = None;
    if interactive || args.force {
        let files = context.load()?;
        let set = context.profiles(&files);
        let existing = set.get(&args.name);
        refuse_existing(existing.is_some(), &args.name, args.force)?;
        current = existing.map(Current::of);
    }
    let new = gather(context, args, interactive, current.as_ref())?;
    check(&new)?;

    let name = args.name.clone();
    context.update(|files| {
        let exists = profiles::exists(&files.config, &files.credentials, &name);
        refuse_existing(exists, &name, args.force)?;
        if let Some(source) = &args.source_profile {
            super::require_profile(files, source).map_err(|error| {
                anyhow::anyhow!(
                    "{}",
                    error.to_string().replacen("profile", "source profile", 1)
                )
            })?;
        }
        write(files, &name, &new)
    })?;
    let verb = if current.is_some() {
        "Updated"
    } else {
        "Added"
    };
    writeln!(out, "{verb} profile {:?}.", args.name)?;
    Ok(())
}

/// An existing profile is an error unless `--force` changes it.
fn refuse_existing(exists: bool, name: &str, force: bool) -> Result<()> {
    if exists && !force {
        bail!(
            "profile {name:?} already exists; pass --force to change the values you give (the \
             others, its comments and position stay), or `awsprof remove {name}` first"
        );
    }
    Ok(())
}

/// Whether any value is given on the command line or by a source option.
fn gives_anything(args: &AddArgs) -> bool {
    args.access_key_id.is_some()
        || args.from_env
        || args.from_csv.is_some()
        || args.region.is_some()
        || args.output.is_some()
        || args.role_arn.is_some()
        || args.mfa_serial.is_some()
}

/// Collects the values from the flags, the environment, the CSV, stdin or prompts. For an
/// existing profile (`--force`) only what is given changes; on a terminal with nothing
/// given, every value is asked with the current one as the default Enter keeps.
fn gather(
    context: &Context,
    args: &AddArgs,
    interactive: bool,
    current: Option<&Current>,
) -> Result<NewProfile> {
    let ask_missing = interactive && !(current.is_some() && gives_anything(args));
    let none = Current::default();
    let defaults = current.unwrap_or(&none);
    let mut region = args.region.clone();
    let mut output = args.output.clone();
    let keys = if args.role_arn.is_some() {
        None
    } else if args.from_env {
        Some(keys_from_env(context, &mut region)?)
    } else if let Some(path) = &args.from_csv {
        Some(keys_from_csv(path)?)
    } else if interactive && (ask_missing || args.access_key_id.is_some()) {
        Some(ask_keys(args.access_key_id.as_deref(), defaults)?)
    } else if let Some(id) = &args.access_key_id {
        Some(keys_from_stdin(id)?)
    } else if current.is_some() {
        None
    } else {
        bail!(
            "no credentials given and stdin is not a terminal to ask on; pass --access-key-id \
             with the secret on stdin, --from-env, --from-csv FILE, or --role-arn with --source-profile"
        );
    };
    if ask_missing && region.is_none() {
        region = ask_setting("Default region name", defaults.region.as_deref(), |text| {
            validate::region(text)
        })?;
    }
    if ask_missing && output.is_none() {
        output = ask_setting(
            "Default output format",
            defaults.output.as_deref(),
            validate::output_format,
        )?;
    }
    let mut settings = Vec::new();
    if let Some(region) = region {
        settings.push(("region", region));
    }
    if let Some(output) = output {
        settings.push(("output", output));
    }
    if let (Some(arn), Some(source)) = (&args.role_arn, &args.source_profile) {
        settings.push(("role_arn", arn.clone()));
        settings.push(("source_profile", source.clone()));
    }
    if let Some(serial) = &args.mfa_serial {
        settings.push(("mfa_serial", serial.clone()));
    }
    Ok(NewProfile { keys, settings })
}

/// `--from-env`: the keys, and the region when none is given.
fn keys_from_env(context: &Context, region: &mut Option<String>) -> Result<StaticKeys> {
    let env = &context.env;
    let id = env
        .non_empty("AWS_ACCESS_KEY_ID")
        .context("--from-env: AWS_ACCESS_KEY_ID is not set")?;
    let secret = env
        .non_empty("AWS_SECRET_ACCESS_KEY")
        .context("--from-env: AWS_SECRET_ACCESS_KEY is not set")?;
    if region.is_none() {
        *region = env
            .non_empty("AWS_REGION")
            .or_else(|| env.non_empty("AWS_DEFAULT_REGION"))
            .map(str::to_string);
    }
    Ok(StaticKeys {
        access_key_id: id.to_string(),
        secret_access_key: SecretString::from(secret),
        session_token: env.non_empty("AWS_SESSION_TOKEN").map(SecretString::from),
    })
}

/// `--from-csv FILE`: the one access key of an IAM console CSV.
fn keys_from_csv(path: &std::path::Path) -> Result<StaticKeys> {
    let text =
        store::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = iam_csv::parse(&text).with_context(|| format!("{}", path.display()))?;
    if rows.len() > 1 {
        bail!(
            "{} holds {} access keys; `awsprof add` takes one (use `awsprof import` for several)",
            path.display(),
            rows.len()
        );
    }
    let row = rows.remove(0);
    Ok(StaticKeys {
        access_key_id: row.access_key_id,
        secret_access_key: row.secret_access_key,
        session_token: None,
    })
}

/// `--access-key-id ID` with the secret on stdin's first line and an optional session
/// token on the second.
fn keys_from_stdin(id: &str) -> Result<StaticKeys> {
    let mut lines = prompt::stdin_lines(2)?.into_iter();
    let secret = lines.next().filter(|s| !s.expose_secret().is_empty());
    let Some(secret) = secret else {
        bail!(
            "no secret access key on stdin; pipe it as the first line, e.g. \
             printf '%s\\n' \"$SECRET\" | awsprof add NAME --access-key-id ID"
        );
    };
    Ok(StaticKeys {
        access_key_id: id.to_string(),
        secret_access_key: secret,
        session_token: lines.next().filter(|t| !t.expose_secret().is_empty()),
    })
}

/// Asks for the keys on the terminal, each checked as it is given. Current values are the
/// defaults (secrets shown masked); a new key id drops the old session token's default.
fn ask_keys(given_id: Option<&str>, current: &Current) -> Result<StaticKeys> {
    let id = match given_id {
        Some(id) => id.to_string(),
        None => {
            let current_id = current.access_key_id.as_deref();
            let question = with_default("AWS Access Key ID", current_id.map(mask_key_id));
            let answer = prompt::ask(&question, prompt::Echo::Shown, |text| {
                if text.is_empty() && current_id.is_some() {
                    return Ok(());
                }
                validate::credential("the access key id", text)
            })?;
            match answer.expose_secret() {
                "" => current_id.unwrap_or_default().to_string(),
                text => text.to_string(),
            }
        }
    };
    let same_id = current.access_key_id.as_deref() == Some(id.as_str());
    let secret_default = current.secret_access_key.as_ref().filter(|_| same_id);
    let secret = ask_secret("AWS Secret Access Key", secret_default, true)?;
    let token_default = current.session_token.as_ref().filter(|_| same_id);
    let token = ask_secret("AWS Session Token", token_default, false)?;
    Ok(StaticKeys {
        access_key_id: id,
        secret_access_key: secret.expect("a required answer"),
        session_token: token,
    })
}

/// Asks for a secret without echo. Enter keeps `current`, or is no value when the secret is
/// not `required`.
fn ask_secret(
    what: &str,
    current: Option<&SecretString>,
    required: bool,
) -> Result<Option<SecretString>> {
    let shown = match (current, required) {
        (Some(_), _) => Some(SECRET_MASK.to_string()),
        (None, false) => Some("none".to_string()),
        (None, true) => None,
    };
    let question = with_default(what, shown);
    let answer = prompt::ask(&question, prompt::Echo::Hidden, |text| {
        if text.is_empty() && (current.is_some() || !required) {
            return Ok(());
        }
        validate::credential(&what.to_ascii_lowercase(), text)
    })?;
    if answer.expose_secret().is_empty() {
        return Ok(current.cloned());
    }
    Ok(Some(answer))
}

/// Asks for a config setting; Enter keeps `current` (or leaves the setting out).
fn ask_setting(
    what: &str,
    current: Option<&str>,
    check: impl Fn(&str) -> Result<()>,
) -> Result<Option<String>> {
    let question = with_default(what, Some(current.unwrap_or("none").to_string()));
    let answer = prompt::ask(&question, prompt::Echo::Shown, |text| {
        if text.is_empty() {
            return Ok(());
        }
        check(text)
    })?;
    Ok(match answer.expose_secret() {
        "" => current.map(str::to_string),
        text => Some(text.to_string()),
    })
}

/// `Question [default]`, as the AWS CLI's `aws configure` asks.
fn with_default(question: &str, default: Option<String>) -> String {
    match default {
        Some(default) => format!("{question} [{default}]"),
        None => question.to_string(),
    }
}

/// Checks every value before anything is written.
fn check(new: &NewProfile) -> Result<()> {
    if let Some(keys) = &new.keys {
        validate::static_keys(keys)?;
        if !validate::looks_like_key_id(&keys.access_key_id) {
            output::warn(format_args!(
                "{:?} does not look like an AWS access key id (AKIA or ASIA and 16 letters or digits)",
                keys.access_key_id
            ));
        }
    }
    for (key, value) in &new.settings {
        validate::for_key(key, value)?;
        if let Some(doubt) = validate::doubt(key, value) {
            output::warn(doubt);
        }
    }
    Ok(())
}

/// Writes the profile into both documents: in place when it exists (`--force`), else as
/// new sections at the end. Static keys replace another credential kind's keys, and a role
/// replaces static keys, so that what was given is what AWS tools use.
fn write(files: &mut Files, name: &str, new: &NewProfile) -> Result<()> {
    if let Some(keys) = &new.keys {
        edit::set_static_keys(&mut files.credentials, name, keys)?;
        edit::remove_properties(
            &mut files.config,
            FileKind::Config,
            name,
            &OTHER_SOURCE_KEYS,
        );
    } else if new.settings.iter().any(|(key, _)| *key == "role_arn") {
        let credentials = &mut files.credentials;
        edit::remove_properties(credentials, FileKind::Credentials, name, &CREDENTIAL_KEYS);
    }
    let settings: Vec<(&str, &str)> = new.settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    edit::set_properties(&mut files.config, FileKind::Config, name, &settings)?;
    Ok(())
}
