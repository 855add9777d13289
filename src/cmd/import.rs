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
use crate::profiles::edit::{self, StaticKeys};
use crate::profiles::validate;
use crate::profiles::{self, FileKind, ProfileSet};
use crate::secret::SecretString;
use crate::store::{self, Files};

/// Keys found in a legacy file, for one profile.
struct Candidate {
    profile: String,
    keys: StaticKeys,
    /// `ec2_region_name` of the file's `[Boto]` section, for its `[Credentials]` profile.
    region: Option<String>,
    from: String,
    /// The index of the file it comes from in the list of sources.
    source: usize,
}

/// What happened (or would happen) to one profile or section.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ImportOutcome {
    Imported,
    Replaced,
    Unchanged,
    Conflict,
    Skipped(String),
    /// A section of boto settings, which AWS tools do not read: no reason to keep the file.
    Ignored(String),
}

impl ImportOutcome {
    fn describe(&self, dry_run: bool) -> String {
        match (self, dry_run) {
            (ImportOutcome::Imported, false) => "imported".into(),
            (ImportOutcome::Imported, true) => "would import".into(),
            (ImportOutcome::Replaced, false) => "replaced (--force)".into(),
            (ImportOutcome::Replaced, true) => "would replace (--force)".into(),
            (ImportOutcome::Unchanged, _) => "unchanged (same keys already there)".into(),
            (ImportOutcome::Conflict, _) => {
                "conflict: different keys already there (--force replaces them)".into()
            }
            (ImportOutcome::Skipped(why) | ImportOutcome::Ignored(why), _) => {
                format!("skipped: {why}")
            }
        }
    }
}

/// One row of the report.
struct Row {
    profile: String,
    from: String,
    outcome: ImportOutcome,
    /// The index of the file it comes from.
    source: usize,
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
    let mut kept: Vec<Option<String>> = vec![None; sources.len()];
    for (index, source) in sources.iter().enumerate() {
        let found = Found {
            candidates: &mut candidates,
            entries: &mut entries,
            kept: &mut kept[index],
            source: index,
        };
        read_source(source, args.name.as_deref(), found)?;
    }
    let plan = |files: &Files| plan(files.profiles(), &candidates, args.force);
    let outcomes = if args.dry_run {
        plan(&context.store.read()?)
    } else {
        context.update(|files| {
            let outcomes = plan(files);
            for (candidate, outcome) in candidates.iter().zip(&outcomes) {
                if matches!(outcome, ImportOutcome::Imported | ImportOutcome::Replaced) {
                    write_candidate(files, candidate)?;
                }
            }
            Ok(outcomes)
        })?
    };
    if !args.dry_run {
        // Read back what was written: a file is safe to delete only when every key pair in it
        // is in a profile now.
        let files = context.store.read()?;
        let set = files.profiles();
        for candidate in &candidates {
            let here = set.get(&candidate.profile);
            if !here.is_some_and(|profile| candidate.keys.are_in(profile)) {
                kept[candidate.source].get_or_insert_with(|| {
                    format!(
                        "the keys of {:?} are not in that profile",
                        candidate.profile
                    )
                });
            }
        }
    }
    let mut outcomes = outcomes.into_iter();
    let rows: Vec<Row> = entries
        .into_iter()
        .map(|entry| match entry {
            Entry::Skipped(row) => row,
            Entry::Candidate(index) => Row {
                profile: candidates[index].profile.clone(),
                from: candidates[index].from.clone(),
                outcome: outcomes.next().expect("one outcome per candidate"),
                source: candidates[index].source,
            },
        })
        .collect();
    for row in &rows {
        let reason = match &row.outcome {
            ImportOutcome::Conflict => "its keys conflict with a profile's".to_string(),
            ImportOutcome::Skipped(why) => why.clone(),
            _ => continue,
        };
        kept[row.source].get_or_insert(reason);
    }
    for (index, kept) in kept.iter_mut().enumerate() {
        if !candidates.iter().any(|c| c.source == index) {
            kept.get_or_insert_with(|| "it holds no key pair".into());
        }
    }
    report(context, args, &sources, &rows, &kept, out)
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

/// Where [`read_source`] puts what it finds in one file.
struct Found<'a> {
    candidates: &'a mut Vec<Candidate>,
    entries: &'a mut Vec<Entry>,
    /// Why the file must be kept, once a reason is known.
    kept: &'a mut Option<String>,
    source: usize,
}

impl Found<'_> {
    fn candidate(&mut self, profile: String, keys: StaticKeys, from: String) {
        self.entries.push(Entry::Candidate(self.candidates.len()));
        self.candidates.push(Candidate {
            profile,
            keys,
            region: None,
            from,
            source: self.source,
        });
    }

    fn skipped(&mut self, profile: String, from: String, outcome: ImportOutcome) {
        self.entries.push(Entry::Skipped(Row {
            profile,
            from,
            outcome,
            source: self.source,
        }));
    }
}

/// Reads one file into candidates (and rows for what it skips).
fn read_source(source: &Source, name: Option<&str>, mut found: Found) -> Result<()> {
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
            let keys = StaticKeys {
                access_key_id: key.access_key_id,
                secret_access_key: key.secret_access_key,
                session_token: None,
            };
            found.candidate(profile, keys, from);
        }
        return Ok(());
    }
    let file = boto::read(&text);
    if let Some(line) = file.unreadable_lines.first() {
        *found.kept = Some(format!(
            "line {line} cannot be read (no `=` or `:`, or outside a section)"
        ));
    }
    let file_profile = name.unwrap_or(&source.default_profile);
    let region = file
        .sections
        .iter()
        .rev()
        .filter(|section| section.name == "Boto")
        .find_map(|section| section.get("ec2_region_name"))
        .map(str::to_string);
    for section in &file.sections {
        let from = format!("{shown}:{}", section.line);
        let has_keys = section.get("aws_access_key_id").is_some();
        let Some(profile) = section.profile(file_profile) else {
            let outcome = if has_keys {
                ImportOutcome::Skipped(format!(
                    "[{}] is no credentials section; its keys were not imported",
                    section.name
                ))
            } else if region.is_some() && section.name == "Boto" {
                ImportOutcome::Ignored(format!(
                    "[{}] holds boto settings (ec2_region_name becomes the region)",
                    section.name
                ))
            } else {
                ImportOutcome::Ignored(format!(
                    "[{}] holds boto settings, not credentials",
                    section.name
                ))
            };
            found.skipped("-".into(), from, outcome);
            continue;
        };
        let continued = section
            .entries
            .iter()
            .find(|(key, value)| key.starts_with("aws_") && value.contains('\n'));
        if let Some((key, _)) = continued {
            let why = format!("{key} continues on the next line, which AWS tools read differently");
            found.skipped(profile, from, ImportOutcome::Skipped(why));
            continue;
        }
        match (
            section.get("aws_access_key_id"),
            section.get("aws_secret_access_key"),
        ) {
            (Some(id), Some(secret)) => {
                let keys = StaticKeys {
                    access_key_id: id.to_string(),
                    secret_access_key: SecretString::from(secret.to_string()),
                    session_token: section
                        .get("aws_session_token")
                        .or_else(|| section.get("aws_security_token"))
                        .map(|t| SecretString::from(t.to_string())),
                };
                let is_file_profile = section.name == "Credentials";
                found.candidate(profile, keys, from);
                if is_file_profile {
                    let last = found.candidates.last_mut().expect("just pushed");
                    last.region = region.clone();
                }
            }
            _ => found.skipped(
                profile,
                from,
                ImportOutcome::Skipped(format!(
                    "[{}] has no aws_access_key_id and aws_secret_access_key",
                    section.name
                )),
            ),
        }
    }
    Ok(())
}

/// Decides each candidate's outcome against the profiles that exist.
fn plan(existing: ProfileSet, candidates: &[Candidate], force: bool) -> Vec<ImportOutcome> {
    let mut taken: Vec<&str> = Vec::new();
    candidates
        .iter()
        .map(|candidate| {
            let name = candidate.profile.as_str();
            if !is_valid_identifier(name) {
                return ImportOutcome::Skipped(format!("{name:?} is not a valid profile name"));
            }
            if let Err(error) = check_values(candidate) {
                return ImportOutcome::Skipped(error.to_string());
            }
            if taken.contains(&name) {
                return ImportOutcome::Skipped(
                    "an earlier file already gave this profile its keys".into(),
                );
            }
            taken.push(name);
            let Some(profile) = existing.get(name) else {
                return ImportOutcome::Imported;
            };
            if candidate.keys.are_in(profile) {
                return ImportOutcome::Unchanged;
            }
            match (
                profile.get("aws_access_key_id"),
                profile.get("aws_secret_access_key"),
            ) {
                (None, None) => ImportOutcome::Imported,
                _ if force => ImportOutcome::Replaced,
                _ => ImportOutcome::Conflict,
            }
        })
        .collect()
}

fn check_values(candidate: &Candidate) -> Result<()> {
    validate::static_keys(&candidate.keys)?;
    if let Some(region) = &candidate.region {
        validate::region(region)?;
    }
    Ok(())
}

/// Writes one profile's keys (and the boto file's region, when the profile has none).
fn write_candidate(files: &mut Files, candidate: &Candidate) -> Result<()> {
    let name = &candidate.profile;
    let has_region = profiles::profile_in(&files.config, FileKind::Config, name)
        .is_some_and(|profile| profile.get("region").is_some());
    edit::set_static_keys(&mut files.credentials, name, &candidate.keys)?;
    if let Some(region) = candidate.region.as_deref().filter(|_| !has_region) {
        edit::set_properties(
            &mut files.config,
            FileKind::Config,
            name,
            &[("region", region)],
        )?;
    }
    Ok(())
}

fn report(
    context: &Context,
    args: &ImportArgs,
    sources: &[Source],
    rows: &[Row],
    kept: &[Option<String>],
    out: &mut dyn Write,
) -> Result<()> {
    let header = ["PROFILE", "FROM", "RESULT"];
    output::write_table(out, header, rows, &context.terminal, |row| {
        let result = row.outcome.describe(args.dry_run);
        [
            (row.profile.as_str().into(), Style::Plain),
            (row.from.as_str().into(), Style::Plain),
            (result.into(), Style::Plain),
        ]
    })?;
    let conflicts = rows
        .iter()
        .filter(|r| r.outcome == ImportOutcome::Conflict)
        .count();
    if args.dry_run {
        writeln!(out, "\nDry run: nothing was written.")?;
    } else {
        let mut deletable = Vec::new();
        for (source, kept) in sources.iter().zip(kept) {
            match kept {
                None if !is_csv(&source.path) => deletable.push(source.path.display().to_string()),
                None => {}
                Some(why) => writeln!(out, "Kept {}: {why}.", source.path.display())?,
            }
        }
        if !deletable.is_empty() {
            writeln!(
                out,
                "\nEvery key pair of these files is in a profile now (read back from the \
                 files). Once you have checked them (awsprof list), you may delete the old \
                 files yourself: {}",
                deletable.join(" ")
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
