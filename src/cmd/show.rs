//! `awsprof show NAME`: every property of one profile, merged from both files as the AWS
//! SDKs merge them, with the file and line each value comes from; secrets masked unless
//! `--reveal`; for a role profile, the chain it resolves through.

use std::io::Write;

use anyhow::{Result, bail};
use serde_json::{Map, Value as Json, json};

use super::Context;
use crate::cli::ShowArgs;
use crate::output;
use crate::profiles::kind_of;
use crate::profiles::{Profile, ProfileSet, Value, is_secret_key};
use crate::resolve;
use crate::secret::{SECRET_MASK, mask_key_id};

/// Runs `awsprof show`.
pub fn run(context: &Context, args: &ShowArgs, out: &mut dyn Write) -> Result<()> {
    context.with_profile(&args.name, |set, profile| {
        show(context, args, set, profile, out)
    })
}

/// Prints one profile, as JSON or as a table.
fn show(
    context: &Context,
    args: &ShowArgs,
    set: &ProfileSet,
    profile: &Profile,
    out: &mut dyn Write,
) -> Result<()> {
    let chain = (profile.get("role_arn").is_some()).then(|| resolve::role_chain(set, profile.name));
    if args.json {
        let mut document = json!({
            "name": profile.name,
            "kind": kind_of(profile).as_str(),
            "properties": properties_json(profile, args.reveal),
            "sources": profile.properties.iter()
                .map(|(k, v)| (k.to_string(), Json::from(v.origin.file.as_str())))
                .collect::<Map<_, _>>(),
        });
        match &chain {
            Some(Ok(chain)) => document["chain"] = serde_json::to_value(&chain.steps)?,
            Some(Err(error)) => document["chain_error"] = Json::from(error.to_string()),
            None => {}
        }
        output::write_json(out, &document)?;
    } else {
        write_human(context, profile, args.reveal, out)?;
        if let Some(Ok(chain)) = &chain {
            writeln!(out, "\nCredentials chain (first step supplies the keys):")?;
            for (number, step) in chain.steps.iter().enumerate() {
                writeln!(out, "  {}. {}", number + 1, step.describe())?;
            }
        }
    }
    if let Some(Err(error)) = chain {
        let place = error.profile().map(crate::resolve::Place::profile);
        let message = format!("the role chain of {:?} is broken: {error}", profile.name);
        bail!("{}", context.located(set, place.as_ref(), message));
    }
    Ok(())
}

/// What a user may see of a value: secrets masked unless revealed.
fn visible(key: &str, value: &Value<'_>, reveal: bool, human: bool) -> String {
    if reveal {
        return value.text.to_string();
    }
    if is_secret_key(key) {
        return SECRET_MASK.to_string();
    }
    if human && key == "aws_access_key_id" {
        return mask_key_id(&value.text);
    }
    value.text.to_string()
}

fn properties_json(profile: &Profile<'_>, reveal: bool) -> Map<String, Json> {
    profile
        .properties
        .iter()
        .map(|(key, value)| {
            let json = match value.sub_properties() {
                Some(pairs) => Json::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), Json::from(v)))
                        .collect(),
                ),
                None => Json::from(visible(key, value, reveal, false)),
            };
            (key.to_string(), json)
        })
        .collect()
}

fn write_human(
    context: &Context,
    profile: &Profile,
    reveal: bool,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(
        out,
        "Profile {} ({})",
        profile.name,
        kind_of(profile).as_str()
    )?;
    if profile.properties.is_empty() {
        writeln!(out, "  (no properties)")?;
        return Ok(());
    }
    let mut rows: Vec<[String; 3]> = Vec::new();
    for (key, value) in profile.properties.iter() {
        let from = format!(
            "{}:{}",
            context.store.path(value.origin.file).display(),
            value.origin.line
        );
        match value.sub_properties() {
            Some(pairs) => {
                rows.push([key.to_string(), String::new(), from]);
                for (sub_key, sub_value) in pairs {
                    rows.push([format!("  {sub_key}"), sub_value.to_string(), String::new()]);
                }
            }
            None => rows.push([key.to_string(), visible(key, value, reveal, true), from]),
        }
    }
    let header = ["KEY", "VALUE", "FROM"];
    output::write_table(out, header, &rows, &context.terminal, |row| {
        output::plain([&row[0], &row[1], &row[2]])
    })?;
    Ok(())
}
