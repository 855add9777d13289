//! `awsprof add NAME`: create a profile. Secrets come from a hidden prompt, stdin, the
//! environment or the IAM console's CSV, never from argv. Secrets go to the credentials
//! file, everything else to the config file.

use std::io::{Read, Write};

use anyhow::{Context as _, Result, bail};
use dialoguer::{Input, Password};

use super::Context;
use super::interrupt::PromptGuard;
use crate::cli::AddArgs;
use crate::legacy::iam_csv;
use crate::output;
use crate::profiles::edit;
use crate::profiles::validate;
use crate::profiles::{self, CREDENTIAL_KEYS, FileKind};
use crate::secret::{ExposeSecret, SecretString};
use crate::store::{self, Files};

/// The keys of other credential kinds (role, web identity, SSO, process, login), removed
/// when `--force` gives a profile static keys, so that the keys are what AWS tools use.
const OTHER_SOURCE_KEYS: [&str; 12] = [
    "role_arn",
    "source_profile",
    "credential_source",
    "mfa_serial",
    "web_identity_token_file",
    "sso_session",
    "sso_account_id",
    "sso_role_name",
    "sso_start_url",
    "sso_region",
    "credential_process",
    "login_session",
];

/// Static keys for the credentials file.
struct Keys {
    access_key_id: String,
    secret_access_key: SecretString,
    session_token: Option<SecretString>,
}

/// Everything `add` will write.
struct NewProfile {
    keys: Option<Keys>,
    /// `key = value` pairs for the config file, in order.
    settings: Vec<(&'static str, String)>,
}

/// Runs `awsprof add`.
pub fn run(context: &Context, args: &AddArgs, out: &mut dyn Write) -> Result<()> {
    validate::profile_name(&args.name)?;
    let interactive = context.terminal.stdin && context.terminal.stderr;
    let mut default_region = None;
    if interactive {
        // Before prompting: fail early on an existing profile, and offer the default
        // profile's region. (Scripts skip this read; the locked update checks again.)
        let files = context.load()?;
        let set = context.profiles(&files);
        refuse_existing(set.get(&args.name).is_some(), &args.name, args.force)?;
        default_region = set
            .get("default")
            .and_then(|p| p.get("region"))
            .map(str::to_string);
    }
    let new = gather(context, args, interactive, default_region)?;
    check(&new)?;

    let name = args.name.clone();
    let source = args.source_profile.clone();
    context.update(|files| {
        let names = profiles::names(&files.config, &files.credentials);
        refuse_existing(names.contains(&name.as_str()), &name, args.force)?;
        if let Some(source) = &source
            && !names.contains(&source.as_str())
        {
            let set = files.profiles();
            let message = super::not_found_message(&set, source);
            bail!("{}", message.replacen("profile", "source profile", 1));
        }
        write(files, &name, &new)
    })?;
    writeln!(
        out,
        "{} profile {:?}.",
        if args.force { "Updated" } else { "Added" },
        args.name
    )?;
    Ok(())
}

/// An existing profile is an error unless `--force` replaces it.
fn refuse_existing(exists: bool, name: &str, force: bool) -> Result<()> {
    if exists && !force {
        bail!(
            "profile {name:?} already exists; pass --force to replace its values (its comments \
             and position stay), or `awsprof remove {name}` first"
        );
    }
    Ok(())
}

/// Collects the values from the flags, the environment, the CSV, stdin or prompts.
fn gather(
    context: &Context,
    args: &AddArgs,
    interactive: bool,
    default_region: Option<String>,
) -> Result<NewProfile> {
    let mut region = args.region.clone();
    let mut output = args.output.clone();
    let keys = if args.role_arn.is_some() {
        None
    } else if args.from_env {
        let env = &context.env;
        let id = env
            .non_empty("AWS_ACCESS_KEY_ID")
            .context("--from-env: AWS_ACCESS_KEY_ID is not set")?;
        let secret = env
            .non_empty("AWS_SECRET_ACCESS_KEY")
            .context("--from-env: AWS_SECRET_ACCESS_KEY is not set")?;
        region = region.or_else(|| {
            env.non_empty("AWS_REGION")
                .or_else(|| env.non_empty("AWS_DEFAULT_REGION"))
                .map(str::to_string)
        });
        Some(Keys {
            access_key_id: id.to_string(),
            secret_access_key: SecretString::from(secret),
            session_token: env.non_empty("AWS_SESSION_TOKEN").map(SecretString::from),
        })
    } else if let Some(path) = &args.from_csv {
        let text = store::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut rows = iam_csv::parse(&text).with_context(|| format!("{}", path.display()))?;
        if rows.len() > 1 {
            bail!(
                "{} holds {} access keys; `awsprof add` takes one (use `awsprof import` for several)",
                path.display(),
                rows.len()
            );
        }
        let row = rows.remove(0);
        Some(Keys {
            access_key_id: row.access_key_id,
            secret_access_key: row.secret_access_key,
            session_token: None,
        })
    } else if interactive {
        let _interrupt = PromptGuard::install();
        let id = match &args.access_key_id {
            Some(id) => id.clone(),
            None => Input::<String>::new()
                .with_prompt("AWS Access Key ID")
                .interact_text()?,
        };
        let secret = Password::new()
            .with_prompt("AWS Secret Access Key")
            .interact()?;
        let token = Password::new()
            .with_prompt("AWS Session Token (empty for none)")
            .allow_empty_password(true)
            .interact()?;
        if region.is_none() {
            let mut prompt = Input::<String>::new()
                .with_prompt("Default region name")
                .allow_empty(true);
            if let Some(default) = default_region {
                prompt = prompt.default(default);
            }
            region = Some(prompt.interact_text()?).filter(|r| !r.is_empty());
        }
        if output.is_none() {
            output = Some(
                Input::<String>::new()
                    .with_prompt("Default output format (empty for none)")
                    .allow_empty(true)
                    .interact_text()?,
            )
            .filter(|o| !o.is_empty());
        }
        Some(Keys {
            access_key_id: id.trim().to_string(),
            secret_access_key: SecretString::from(secret),
            session_token: Some(token)
                .filter(|t| !t.is_empty())
                .map(SecretString::from),
        })
    } else if let Some(id) = &args.access_key_id {
        let (secret, token) = secrets_from_stdin()?;
        Some(Keys {
            access_key_id: id.clone(),
            secret_access_key: secret,
            session_token: token,
        })
    } else {
        bail!(
            "no credentials given and stdin is not a terminal to ask on; pass --access-key-id \
             with the secret on stdin, --from-env, --from-csv FILE, or --role-arn with --source-profile"
        );
    };
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

/// Reads the secret access key (first line) and an optional session token (second line).
fn secrets_from_stdin() -> Result<(SecretString, Option<SecretString>)> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("cannot read the secret from stdin")?;
    let input = SecretString::from(input);
    let mut lines = input
        .expose_secret()
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let secret = lines.next().unwrap_or_default();
    if secret.is_empty() {
        bail!(
            "no secret access key on stdin; pipe it as the first line, e.g. \
             printf '%s\\n' \"$SECRET\" | awsprof add NAME --access-key-id ID"
        );
    }
    let token = lines.next().filter(|t| !t.is_empty());
    Ok((SecretString::from(secret), token.map(SecretString::from)))
}

/// Checks every value before anything is written.
fn check(new: &NewProfile) -> Result<()> {
    if let Some(keys) = &new.keys {
        validate::credential("the access key id", &keys.access_key_id)?;
        validate::credential(
            "the secret access key",
            keys.secret_access_key.expose_secret(),
        )?;
        if let Some(token) = &keys.session_token {
            validate::credential("the session token", token.expose_secret())?;
        }
        if !validate::looks_like_key_id(&keys.access_key_id) {
            output::warn(format_args!(
                "{:?} does not look like an AWS access key id (AKIA or ASIA and 16 letters or digits)",
                keys.access_key_id
            ));
        }
    }
    for (key, value) in &new.settings {
        match *key {
            "region" => validate::region(value)?,
            "output" => validate::output_format(value)?,
            _ => validate::value(key, value)?,
        }
    }
    Ok(())
}

/// Writes the profile into both documents: in place when it exists (`--force`), else as
/// new sections at the end.
fn write(files: &mut Files, name: &str, new: &NewProfile) -> Result<()> {
    if let Some(keys) = &new.keys {
        let mut pairs = vec![
            ("aws_access_key_id", keys.access_key_id.as_str()),
            (
                "aws_secret_access_key",
                keys.secret_access_key.expose_secret(),
            ),
        ];
        if let Some(token) = &keys.session_token {
            pairs.push(("aws_session_token", token.expose_secret()));
        }
        let stale: Vec<&str> = if keys.session_token.is_none() {
            vec!["aws_session_token"]
        } else {
            vec![]
        };
        let credentials = &mut files.credentials;
        edit::remove_properties(credentials, FileKind::Credentials, name, &stale);
        edit::set_properties(credentials, FileKind::Credentials, name, &pairs)?;
        edit::remove_properties(
            &mut files.config,
            FileKind::Config,
            name,
            &OTHER_SOURCE_KEYS,
        );
    } else {
        let credentials = &mut files.credentials;
        edit::remove_properties(credentials, FileKind::Credentials, name, &CREDENTIAL_KEYS);
    }
    let settings: Vec<(&str, &str)> = new.settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    edit::set_properties(&mut files.config, FileKind::Config, name, &settings)?;
    Ok(())
}
