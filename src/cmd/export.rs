//! `awsprof export NAME`: shell code (or JSON for `credential_process`) that puts a
//! profile's credentials and region into the environment. Temporary credentials (roles,
//! MFA, web identity, `credential_process`) are fetched and cached as the AWS CLI does.

use std::io::Write;

use anyhow::Result;
use serde_json::json;

use super::Context;
use super::fetch::{self, Fetched};
use crate::cli::{ExportArgs, ExportFormat};
use crate::output;
use crate::secret::ExposeSecret;
use crate::shell::{self, Shell};

/// Runs `awsprof export`. Nothing reaches stdout unless everything succeeded.
pub fn run(context: &Context, args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    let fetched = fetch::fetch(context, Some(&args.name), &args.fetch)?;
    let code = match args.format {
        ExportFormat::Json => credential_process_json(&fetched)?,
        ExportFormat::Dotenv => {
            let mut lines = Vec::new();
            for (name, value) in fetched.variables() {
                if let Some(value) = value {
                    lines.push(shell::dotenv_line(name, &value)?);
                }
            }
            lines.join("\n") + "\n"
        }
        ExportFormat::Shell(shell) => shell_code(shell, &fetched)?,
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

/// The `credential_process` JSON (version 1), with `Expiration` for temporary credentials.
fn credential_process_json(fetched: &Fetched) -> Result<String> {
    let credentials = &fetched.credentials;
    let mut document = json!({
        "Version": 1,
        "AccessKeyId": credentials.access_key_id,
        "SecretAccessKey": credentials.secret_access_key.expose_secret(),
    });
    if let Some(token) = credentials.token() {
        document["SessionToken"] = token.into();
    }
    if let Some(expiration) = credentials.expiration {
        document["Expiration"] = expiration.to_rfc3339().into();
    }
    Ok(format!("{}\n", serde_json::to_string_pretty(&document)?))
}

fn shell_code(shell: Shell, fetched: &Fetched) -> Result<String> {
    let mut lines = Vec::new();
    for (name, value) in fetched.variables() {
        lines.push(match value {
            Some(value) => shell.set(name, &value)?,
            None => shell.unset(name),
        });
    }
    Ok(lines.join("\n") + "\n")
}
