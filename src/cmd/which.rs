//! `awsprof which`: which profile and which credentials an AWS CLI started now would use,
//! and why, resolved as botocore does without running a process or calling the network.

use std::io::Write;

use anyhow::{Result, bail};

use super::{Context, selected_profile_not_found, which_of};
use crate::aws::Timestamp;
use crate::aws::sso_token::{TokenStatus, TokenStatuses};
use crate::cli::WhichArgs;
use crate::output;
use crate::profiles::FileKind;
use crate::resolve::{self, CredentialSource, Outcome, Step, WhichError};
use crate::secret::mask_key_id;

/// Runs `awsprof which`.
pub fn run(context: &Context, args: &WhichArgs, out: &mut dyn Write) -> Result<()> {
    let files = context.load()?;
    let merged = context.profiles(&files);
    let flag_profile = args.name.as_deref().or(args.profile.as_deref());
    let which = match which_of(context, &files, &merged, flag_profile) {
        Ok(which) => which,
        Err(WhichError::ProfileNotFound { name, selected_by }) => {
            return Err(selected_profile_not_found(&merged, &name, selected_by));
        }
        Err(WhichError::Provider { steps, place }) => {
            if args.explain {
                write_steps(out, &steps)?;
            }
            let error = WhichError::Provider { steps, place: None };
            bail!("{}", context.located(&merged, place.as_ref(), error));
        }
    };
    let token = matches!(
        which.credentials_source,
        CredentialSource::Sso | CredentialSource::AssumeRole
    )
    .then(|| TokenStatuses::new(&context.home(), Timestamp::now()).of(&merged, &which.profile))
    .flatten();
    if args.json {
        let mut document = serde_json::to_value(&which)?;
        if let Some((_, status)) = &token {
            document["sso_token"] = status.to_json();
        }
        return Ok(output::write_json(out, &document)?);
    }
    writeln!(
        out,
        "Profile:      {} ({})",
        which.profile,
        which.profile_source.describe()
    )?;
    let chosen = which.steps.iter().find_map(|step| match &step.outcome {
        Outcome::Chosen(why) => Some(why.as_str()),
        _ => None,
    });
    match chosen {
        Some(why) => writeln!(
            out,
            "Credentials:  {}: {why}",
            which.credentials_source.as_str()
        )?,
        None => writeln!(
            out,
            "Credentials:  none found (the AWS CLI would fail with \"Unable to locate credentials\"; see --explain)"
        )?,
    }
    if let Some((session, status)) = &token {
        let login = format!("run `awsprof login {}`", which.profile);
        let state = match status {
            TokenStatus::Valid(until) => format!("valid until {}", until.to_rfc3339()),
            TokenStatus::Expired {
                at,
                refreshable: true,
            } => format!("expired at {}, refreshed on next use", at.to_rfc3339()),
            TokenStatus::Expired { at, .. } => format!("expired at {}", at.to_rfc3339()),
            TokenStatus::Missing => "not signed in".to_string(),
            TokenStatus::Invalid => "unreadable token file".to_string(),
        };
        let todo = match status {
            TokenStatus::Valid(_)
            | TokenStatus::Expired {
                refreshable: true, ..
            } => String::new(),
            _ => format!(": {login}"),
        };
        writeln!(out, "SSO token:    {state} ({}){todo}", session.describe())?;
    }
    if let Some(id) = &which.access_key_id {
        writeln!(out, "Access key:   {}", mask_key_id(id))?;
    }
    match (&which.region, which.region_source) {
        (Some(region), Some(source)) => writeln!(
            out,
            "Region:       {region} (from {})",
            if source == "config-file" {
                format!("profile {:?}", which.profile)
            } else {
                source.to_string()
            }
        )?,
        _ => writeln!(
            out,
            "Region:       none (set one: awsprof set {} region REGION, or AWS_DEFAULT_REGION)",
            which.profile
        )?,
    }
    writeln!(
        out,
        "Files:        {} and {}",
        context.store.path(FileKind::Config).display(),
        context.store.path(FileKind::Credentials).display()
    )?;
    if args.explain {
        writeln!(out)?;
        write_steps(out, &which.steps)?;
        if which.credentials_source != resolve::CredentialSource::None {
            match resolve::plan_for(&files, &merged, &which, &context.env) {
                Ok(plan) => {
                    writeln!(
                        out,
                        "\nWhat `awsprof export`, `exec` and `whoami` carry out:"
                    )?;
                    for (number, line) in plan.describe().iter().enumerate() {
                        writeln!(out, "  {:>2}. {line}", number + 1)?;
                    }
                }
                Err(error) => writeln!(
                    out,
                    "\n`awsprof export`, `exec` and `whoami` cannot carry this out: {}",
                    context.located(&merged, error.place().as_ref(), &error)
                )?,
            }
        }
        let notes = resolve::other_tools_notes(&context.env, flag_profile, &which, &merged);
        if !notes.is_empty() {
            writeln!(out, "\nOther AWS tools:")?;
            for note in notes {
                writeln!(out, "  - {note}")?;
            }
        }
    }
    Ok(())
}

/// Prints botocore's chain, one provider a line, with what it found.
fn write_steps(out: &mut dyn Write, steps: &[Step]) -> Result<()> {
    writeln!(
        out,
        "How the AWS CLI (botocore) resolves credentials, in order:"
    )?;
    for (number, step) in steps.iter().enumerate() {
        let (verdict, why) = match &step.outcome {
            Outcome::Skipped(why) => ("skipped", why),
            Outcome::Chosen(why) => ("CHOSEN ", why),
            Outcome::Failed(why) => ("FAILED ", why),
        };
        let provider = match step.provider {
            resolve::CredentialSource::None => "instance-metadata",
            other => other.as_str(),
        };
        writeln!(out, "  {:>2}. {provider:<29} {verdict}  {why}", number + 1)?;
    }
    Ok(())
}
