//! `awsprof list`: every profile at a glance, with the one in force marked.

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::{Context, which_of};
use crate::aws::Timestamp;
use crate::aws::sso_token::{TokenStatus, TokenStatuses};
use crate::cli::ListArgs;
use crate::output::{self, Style};
use crate::profiles::{FileKind, Profile};
use crate::profiles::{Kind, kind_of};
use crate::resolve::{self, CredentialSource, ProfileSource};
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
    /// For SSO profiles: the token's state (`TokenStatus::to_json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    sso_token: Option<serde_json::Value>,
    #[serde(skip)]
    sso_cell: Option<String>,
}

impl<'a> Row<'a> {
    fn new(profile: &'a Profile, active: &str, token: Option<TokenStatus>) -> Row<'a> {
        Row {
            sso_token: token.as_ref().map(TokenStatus::to_json),
            sso_cell: token.as_ref().map(TokenStatus::short),
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

/// The cells every row has.
fn cells<'r>(row: &'r Row<'_>) -> [(Cow<'r, str>, Style); 6] {
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
    // Marked as `which` decides: when the environment's keys win, no profile's credentials
    // are in force, whatever AWS_PROFILE says.
    let env_keys_win = which_of(context, &files, &set, None)
        .is_ok_and(|which| which.credentials_source == CredentialSource::Env);
    let active = if env_keys_win {
        String::new()
    } else {
        selection.name.clone()
    };
    let mut profiles: Vec<&Profile> = set.profiles.values().collect();
    profiles.sort_by(|a, b| a.name.cmp(b.name));
    let mut tokens = TokenStatuses::new(&context.home(), Timestamp::now());
    let rows: Vec<Row> = profiles
        .iter()
        .map(|p| {
            let token = (kind_of(p) == Kind::Sso)
                .then(|| tokens.of(&set, p.name))
                .flatten()
                .map(|(_, status)| status);
            Row::new(p, &active, token)
        })
        .collect();

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
    let terminal = &context.terminal;
    if rows.iter().any(|row| row.sso_cell.is_some()) {
        let [a, b, c, d, e, f] = header;
        let header = [a, b, c, d, e, f, "SSO TOKEN"];
        output::write_table(out, header, &rows, terminal, |row| {
            let [a, b, c, d, e, f] = cells(row);
            let token = row.sso_cell.clone().unwrap_or_else(|| "-".into());
            [a, b, c, d, e, f, (token.into(), Style::Plain)]
        })?;
    } else {
        output::write_table(out, header, &rows, terminal, cells)?;
    }
    if env_keys_win {
        output::hint(
            "no profile is marked: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the \
             environment win over every profile (see awsprof which --explain)",
        );
    } else if !rows.iter().any(|row| row.active) && selection.source != ProfileSource::Default {
        output::hint(format_args!(
            "{} selects profile {active:?}, which does not exist",
            selection.source.describe()
        ));
    }
    Ok(())
}
