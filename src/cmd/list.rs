//! `awsprof list`: every profile at a glance, with the one in force marked.

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::Context;
use crate::cli::ListArgs;
use crate::output::{self, Style};
use crate::profiles::kind_of;
use crate::profiles::{FileKind, Profile};
use crate::resolve::{self, ProfileSource};
use crate::secret::mask_key_id;

/// One row of `list --json`.
#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    kind: &'static str,
    region: Option<&'a str>,
    access_key_id: Option<&'a str>,
    in_credentials: bool,
    in_config: bool,
    active: bool,
}

impl<'a> Row<'a> {
    fn new(profile: &'a Profile, active: &str) -> Row<'a> {
        Row {
            name: profile.name,
            kind: kind_of(profile).as_str(),
            region: profile.get("region").filter(|r| !r.is_empty()),
            access_key_id: profile.get("aws_access_key_id").filter(|k| !k.is_empty()),
            in_credentials: profile.is_in(FileKind::Credentials),
            in_config: profile.is_in(FileKind::Config),
            active: profile.name == active,
        }
    }

    fn files(&self) -> &'static str {
        match (self.in_config, self.in_credentials) {
            (true, true) => "config, credentials",
            (true, false) => "config",
            _ => "credentials",
        }
    }
}

/// Runs `awsprof list`.
pub fn run(context: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<()> {
    if args.names {
        // For scripts and completion: a streaming scan of the headers, no properties read,
        // no warnings.
        out.write_all(&context.store.profile_names()?.lines())?;
        return Ok(());
    }
    let files = context.load()?;
    let set = context.profiles(&files);
    let selection = resolve::select_profile(None, &context.env);
    let active = selection.name.clone();
    let mut profiles: Vec<&Profile> = set.profiles.values().collect();
    profiles.sort_by(|a, b| a.name.cmp(b.name));
    let rows: Vec<Row> = profiles.iter().map(|p| Row::new(p, &active)).collect();

    if args.json {
        return Ok(output::write_json(out, &rows)?);
    }
    if rows.is_empty() {
        writeln!(
            out,
            "No profiles in {} or {}.",
            context.store.path(FileKind::Config).display(),
            context.store.path(FileKind::Credentials).display()
        )?;
        writeln!(
            out,
            "Add one with: awsprof add NAME   (see awsprof add --help)"
        )?;
        return Ok(());
    }
    let header = ["", "NAME", "KIND", "REGION", "ACCESS KEY", "FILES"];
    output::write_table(out, header, &rows, context.terminal.color, |row| {
        let marker = if row.active { "*" } else { "" };
        let name_style = if row.active {
            Style::Highlight
        } else {
            Style::Plain
        };
        let key = row
            .access_key_id
            .map_or(Cow::Borrowed("-"), |k| Cow::Owned(mask_key_id(k)));
        [
            (marker.into(), Style::Plain),
            (row.name.into(), name_style),
            (row.kind.into(), Style::Plain),
            (row.region.unwrap_or("-").into(), Style::Plain),
            (key, Style::Plain),
            (row.files().into(), Style::Plain),
        ]
    })?;
    if !rows.iter().any(|row| row.active) && selection.source != ProfileSource::Default {
        output::hint(format_args!(
            "{} selects profile {active:?}, which does not exist",
            selection.source.describe()
        ));
    }
    Ok(())
}
