//! `awsprof export NAME`: shell code (or JSON for `credential_process`) that puts a
//! profile's static keys and region into the environment.

use std::io::Write;

use anyhow::{Result, bail};
use serde_json::json;

use super::{Context, find_profile};
use crate::cli::{ExportArgs, ExportFormat};
use crate::output;
use crate::profiles::Profile;
use crate::profiles::{Kind, kind_of};
use crate::shell::{self, Shell};

/// Runs `awsprof export`. Nothing reaches stdout unless everything succeeded.
pub fn run(context: &Context, args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    let files = context.load()?;
    let set = context.profiles(&files);
    let profile = find_profile(&set, &args.name)?;
    let keys = static_keys(profile)?;
    let code = match args.format {
        ExportFormat::Json => {
            let mut document = json!({
                "Version": 1,
                "AccessKeyId": keys.id,
                "SecretAccessKey": keys.secret,
            });
            if let Some(token) = keys.token {
                document["SessionToken"] = token.into();
            }
            format!("{}\n", serde_json::to_string_pretty(&document)?)
        }
        ExportFormat::Dotenv => {
            let mut lines = vec![
                shell::dotenv_line("AWS_ACCESS_KEY_ID", keys.id)?,
                shell::dotenv_line("AWS_SECRET_ACCESS_KEY", keys.secret)?,
            ];
            if let Some(token) = keys.token {
                lines.push(shell::dotenv_line("AWS_SESSION_TOKEN", token)?);
            }
            if let Some(region) = keys.region {
                lines.push(shell::dotenv_line("AWS_REGION", region)?);
                lines.push(shell::dotenv_line("AWS_DEFAULT_REGION", region)?);
            }
            lines.join("\n") + "\n"
        }
        format => shell_code(shell_for(format), &keys)?,
    };
    out.write_all(code.as_bytes())?;
    if context.terminal.stdout && args.format != ExportFormat::Json {
        output::hint(format_args!(
            "this is shell code: run eval \"$(awsprof export {})\"",
            args.name
        ));
    }
    Ok(())
}

/// What `export` prints.
struct Keys<'a> {
    id: &'a str,
    secret: &'a str,
    token: Option<&'a str>,
    region: Option<&'a str>,
}

fn static_keys<'p>(profile: &'p Profile<'_>) -> Result<Keys<'p>> {
    let name = &profile.name;
    let kind = kind_of(profile);
    let why = match kind {
        Kind::Role => Some("is a role profile: its keys are made by STS each time it is used"),
        Kind::WebIdentity => Some("assumes a role with a web identity token when it is used"),
        Kind::Sso => Some("gets its keys from IAM Identity Center (SSO) when it is used"),
        Kind::Process => Some("gets its keys from its credential_process when it is used"),
        Kind::ConfigOnly => Some("holds no keys"),
        Kind::Static | Kind::Session => None,
    };
    if let Some(why) = why {
        bail!(
            "profile {name:?} {why}, so there are no static keys to export; use \
             `awsprof use {name}` (AWS_PROFILE) instead, or `aws configure export-credentials \
             --profile {name}` for temporary keys"
        );
    }
    let Some(secret) = profile.get("aws_secret_access_key") else {
        bail!("profile {name:?} has aws_access_key_id but no aws_secret_access_key");
    };
    Ok(Keys {
        id: profile.get("aws_access_key_id").unwrap_or_default(),
        secret,
        token: profile.session_token().filter(|t| !t.is_empty()),
        region: profile.get("region").filter(|r| !r.is_empty()),
    })
}

fn shell_for(format: ExportFormat) -> Shell {
    match format {
        ExportFormat::Fish => Shell::Fish,
        ExportFormat::Powershell => Shell::Powershell,
        ExportFormat::Cmd => Shell::Cmd,
        _ => Shell::Sh,
    }
}

fn shell_code(shell: Shell, keys: &Keys) -> Result<String> {
    let mut lines = vec![
        shell.set("AWS_ACCESS_KEY_ID", keys.id)?,
        shell.set("AWS_SECRET_ACCESS_KEY", keys.secret)?,
        match keys.token {
            Some(token) => shell.set("AWS_SESSION_TOKEN", token)?,
            None => shell.unset("AWS_SESSION_TOKEN"),
        },
    ];
    if let Some(region) = keys.region {
        lines.push(shell.set("AWS_REGION", region)?);
        lines.push(shell.set("AWS_DEFAULT_REGION", region)?);
    }
    Ok(lines.join("\n") + "\n")
}
