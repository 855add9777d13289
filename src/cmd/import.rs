//! `awsprof import`: legacy boto files (one per account) and IAM console CSVs become named
//! profiles. Idempotent; never overwrites without `--force`; deletes nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::ImportArgs;
use crate::ini::is_valid_identifier;
use crate::legacy::iam_csv;
use crate::legacy::{self, boto};
use crate::output::{self, Style};
use crate::profiles::edit;
use crate::profiles::validate;
use crate::profiles::{FileKind, ProfileSet};
use crate::secret::{ExposeSecret, SecretString};
use crate::store::{self, Files};

/// Keys found in a legacy file, for one profile.
struct Candidate {
    profile: String,
    access_key_id: String,
    secret: SecretString,
    token: Option<SecretString>,
    from: String,
}

/// What happened (or would happen) to one profile or section.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Imported,
    Replaced,
    Unchanged,
    Conflict,
    Skipped(String),
}

impl Outcome {
    fn describe(&self, dry_run: bool) -> String {
        match (self, dry_run) {
            (Outcome::Imported, false) => "imported".into(),
            (Outcome::Imported, true) => "would import".into(),
            (Outcome::Replaced, false) => "replaced (--force)".into(),
            (Outcome::Replaced, true) => "would replace (--force)".into(),
            (Outcome::Unchanged, _) => "unchanged (same keys already there)".into(),
            (Outcome::Conflict, _) => {
                "conflict: different keys already there (--force replaces them)".into()
            }
            (Outcome::Skipped(why), _) => format!("skipped: {why}"),
        }
    }
}

/// One row of the report.
struct Row {
    profile: String,
    from: String,
    outcome: Outcome,
}

/// Runs `awsprof import`.
pub fn run(context: &Context, args: &ImportArgs, out: &mut dyn Write) -> Result<()> {
    let sources = sources(context, args)?;
    if sources.is_empty() {
        writeln!(
            out,
            "Nothing to import: no $BOTO_CONFIG, ~/.boto or ~/.boto_NAME files, and no PATH given."
        )?;
        return Ok(());
    }
    if args.name.is_some() && sources.len() > 1 {
        bail!(
            "--as names one profile, but there are {} files to import; give one PATH",
            sources.len()
        );
    }
    let mut entries = Vec::new();
    let mut candidates = Vec::new();
    for source in &sources {
        read_source(source, args.name.as_deref(), &mut candidates, &mut entries)?;
    }
    let plan = |files: &Files| plan(files.profiles(), &candidates, args.force);
    let outcomes = if args.dry_run {
        plan(&context.store.read()?)
    } else {
        context.update(|files| {
            let outcomes = plan(files);
            for (candidate, outcome) in candidates.iter().zip(&outcomes) {
                if matches!(outcome, Outcome::Imported | Outcome::Replaced) {
                    write_candidate(files, candidate)?;
                }
            }
            Ok(outcomes)
        })?
    };
    let mut outcomes = outcomes.into_iter();
    let rows: Vec<Row> = entries
        .into_iter()
        .map(|entry| match entry {
            Entry::Skipped(row) => row,
            Entry::Candidate(index) => Row {
                profile: candidates[index].profile.clone(),
                from: candidates[index].from.clone(),
                outcome: outcomes.next().expect("one outcome per candidate"),
            },
        })
        .collect();
    report(context, args, &sources, &rows, out)
}

/// A line of the report, in file order: a candidate (by index) or a skipped section.
enum Entry {
    Candidate(usize),
    Skipped(Row),
}

/// A file to import from and the profile its `[Credentials]` becomes.
struct Source {
    path: PathBuf,
    default_profile: String,
    from_variable: bool,
}

fn sources(context: &Context, args: &ImportArgs) -> Result<Vec<Source>> {
    if !args.paths.is_empty() {
        return Ok(args
            .paths
            .iter()
            .map(|path| Source {
                default_profile: legacy::profile_for(path),
                path: path.clone(),
                from_variable: false,
            })
            .collect());
    }
    Ok(legacy::import_candidates(&context.env)
        .into_iter()
        .map(|file| Source {
            path: file.path,
            default_profile: file.profile,
            from_variable: file.from_variable,
        })
        .collect())
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Reads one file into candidates (and rows for what it skips).
fn read_source(
    source: &Source,
    name: Option<&str>,
    candidates: &mut Vec<Candidate>,
    entries: &mut Vec<Entry>,
) -> Result<()> {
    let shown = source.path.display().to_string();
    let text =
        store::read_to_string(&source.path).with_context(|| format!("cannot read {shown}"))?;
    if is_csv(&source.path) {
        let keys = iam_csv::parse(&text).with_context(|| shown.clone())?;
        if name.is_some() && keys.len() > 1 {
            bail!(
                "{shown} holds {} access keys; --as can name only one",
                keys.len()
            );
        }
        for (index, key) in keys.into_iter().enumerate() {
            let from = format!("{shown} (row {})", index + 2);
            let Some(profile) = name.map(str::to_string).or(key.user_name) else {
                bail!("{shown} has no `User name` column; name the profile with --as NAME");
            };
            entries.push(Entry::Candidate(candidates.len()));
            candidates.push(Candidate {
                profile,
                access_key_id: key.access_key_id,
                secret: key.secret_access_key,
                token: None,
                from,
            });
        }
        return Ok(());
    }
    for section in boto::parse(&text) {
        let from = format!("{shown}:{}", section.line);
        let Some(profile) = section.profile(name.unwrap_or(&source.default_profile)) else {
            entries.push(Entry::Skipped(Row {
                profile: "-".into(),
                from,
                outcome: Outcome::Skipped(format!(
                    "[{}] holds boto settings, not credentials",
                    section.name
                )),
            }));
            continue;
        };
        match (
            section.get("aws_access_key_id"),
            section.get("aws_secret_access_key"),
        ) {
            (Some(id), Some(secret)) => {
                entries.push(Entry::Candidate(candidates.len()));
                candidates.push(Candidate {
                    profile,
                    access_key_id: id.to_string(),
                    secret: SecretString::from(secret.to_string()),
                    token: section
                        .get("aws_session_token")
                        .or_else(|| section.get("aws_security_token"))
                        .map(|t| SecretString::from(t.to_string())),
                    from,
                });
            }
            _ => entries.push(Entry::Skipped(Row {
                profile,
                from,
                outcome: Outcome::Skipped(format!(
                    "[{}] has no aws_access_key_id and aws_secret_access_key",
                    section.name
                )),
            })),
        }
    }
    Ok(())
}

/// Decides each candidate's outcome against the profiles that exist.
fn plan(existing: ProfileSet, candidates: &[Candidate], force: bool) -> Vec<Outcome> {
    let mut taken: Vec<&str> = Vec::new();
    candidates
        .iter()
        .map(|candidate| {
            let name = candidate.profile.as_str();
            if !is_valid_identifier(name) {
                return Outcome::Skipped(format!("{name:?} is not a valid profile name"));
            }
            if let Err(error) = check_values(candidate) {
                return Outcome::Skipped(error.to_string());
            }
            if taken.contains(&name) {
                return Outcome::Skipped(
                    "an earlier file already gave this profile its keys".into(),
                );
            }
            taken.push(name);
            let Some(profile) = existing.get(name) else {
                return Outcome::Imported;
            };
            match (
                profile.get("aws_access_key_id"),
                profile.get("aws_secret_access_key"),
            ) {
                (Some(id), Some(secret))
                    if id == candidate.access_key_id
                        && secret == candidate.secret.expose_secret() =>
                {
                    Outcome::Unchanged
                }
                (None, None) => Outcome::Imported,
                _ if force => Outcome::Replaced,
                _ => Outcome::Conflict,
            }
        })
        .collect()
}

fn check_values(candidate: &Candidate) -> Result<()> {
    validate::credential("aws_access_key_id", &candidate.access_key_id)?;
    validate::credential("aws_secret_access_key", candidate.secret.expose_secret())?;
    if let Some(token) = &candidate.token {
        validate::credential("aws_session_token", token.expose_secret())?;
    }
    Ok(())
}

fn write_candidate(files: &mut Files, candidate: &Candidate) -> Result<()> {
    let mut pairs = vec![
        ("aws_access_key_id", candidate.access_key_id.as_str()),
        ("aws_secret_access_key", candidate.secret.expose_secret()),
    ];
    let credentials = &mut files.credentials;
    match &candidate.token {
        Some(token) => pairs.push(("aws_session_token", token.expose_secret())),
        None => {
            edit::remove_properties(
                credentials,
                FileKind::Credentials,
                &candidate.profile,
                &["aws_session_token"],
            );
        }
    }
    edit::set_properties(
        credentials,
        FileKind::Credentials,
        &candidate.profile,
        &pairs,
    )?;
    Ok(())
}

fn report(
    context: &Context,
    args: &ImportArgs,
    sources: &[Source],
    rows: &[Row],
    out: &mut dyn Write,
) -> Result<()> {
    let header = ["PROFILE", "FROM", "RESULT"];
    output::write_table(out, header, rows, context.terminal.color, |row| {
        let result = row.outcome.describe(args.dry_run);
        [
            (row.profile.as_str().into(), Style::Plain),
            (row.from.as_str().into(), Style::Plain),
            (result.into(), Style::Plain),
        ]
    })?;
    let conflicts = rows
        .iter()
        .filter(|r| r.outcome == Outcome::Conflict)
        .count();
    if args.dry_run {
        writeln!(out, "\nDry run: nothing was written.")?;
    } else if conflicts == 0 {
        let legacy: Vec<String> = sources
            .iter()
            .filter(|s| !is_csv(&s.path))
            .map(|s| s.path.display().to_string())
            .collect();
        if !legacy.is_empty() {
            writeln!(
                out,
                "\nThe keys are now in named profiles. Once you have checked them (awsprof list), \
                 you may delete the old files yourself: {}",
                legacy.join(" ")
            )?;
        }
        if sources.iter().any(|s| s.from_variable) {
            writeln!(
                out,
                "Remove BOTO_CONFIG from your shell start-up file too; AWS tools read the named profiles."
            )?;
        }
    }
    if conflicts > 0 {
        bail!(
            "{conflicts} profile{} not imported because different keys are already there; \
             compare with `awsprof show NAME`, then pass --force to replace them",
            if conflicts == 1 { " was" } else { "s were" }
        );
    }
    Ok(())
}
