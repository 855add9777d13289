//! `awsprof list`: every profile at a glance, with the one in force marked.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::Context;
use crate::cli::ListArgs;
use crate::output;
use crate::profiles::{self, FileKind, Profile};
use crate::resolve::{self, ProfileSource, kind_of};
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
    let files = context.load()?;
    if args.names {
        // Scripts and completion: names only, no properties read, no warnings.
        let mut names = profiles::names(&files.config, &files.credentials);
        names.sort_unstable();
        for name in names {
            writeln!(out, "{name}")?;
        }
        return Ok(());
    }
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
    let color = context.terminal.color;
    let mut table = output::table(
        &["", "NAME", "KIND", "REGION", "ACCESS KEY", "FILES"],
        color,
    );
    for row in &rows {
        let marker = if row.active { "*" } else { "" };
        let mut name = comfy_table::Cell::new(row.name);
        if row.active && color {
            name = name
                .add_attribute(comfy_table::Attribute::Bold)
                .fg(comfy_table::Color::Green);
        }
        table.add_row(vec![
            comfy_table::Cell::new(marker),
            name,
            comfy_table::Cell::new(row.kind),
            comfy_table::Cell::new(row.region.unwrap_or("-")),
            comfy_table::Cell::new(row.access_key_id.map_or("-".to_string(), mask_key_id)),
            comfy_table::Cell::new(row.files()),
        ]);
    }
    output::write_table(out, &table)?;
    if !rows.iter().any(|row| row.active) && selection.source != ProfileSource::Default {
        output::hint(format_args!(
            "{} selects profile {active:?}, which does not exist",
            selection.source.describe()
        ));
    }
    Ok(())
}
