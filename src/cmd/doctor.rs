//! `awsprof doctor`: lint both files and the environment; each finding with its level,
//! file and line, and the fix. Exit 1 when an error is found.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use serde_json::json;

use super::Context;
use crate::cli::DoctorArgs;
use crate::ini::Document;
use crate::legacy::{self, boto};
use crate::lint::{self, Facts, FileFacts, Finding, LegacyFacts, Level};
use crate::profiles::FileKind;
use crate::store::{self, StoreError};

/// Runs `awsprof doctor`.
pub fn run(context: &Context, args: &DoctorArgs, out: &mut dyn Write) -> Result<()> {
    // Unlike the other commands, doctor reports an interrupted edit it cannot settle as a
    // finding rather than stopping at it.
    let recovered = context.store.recover();
    let read = |file: FileKind| -> Result<Document, (String, Option<usize>)> {
        store::read_document(context.store.path(file), file).map_err(|error| {
            let line = match &error {
                StoreError::Syntax { error, .. } => Some(error.line),
                StoreError::NotUtf8 { line, .. } => Some(*line),
                _ => None,
            };
            let message = match &error {
                StoreError::Syntax { error, .. } => {
                    format!("the AWS parser rejects this line: {}", error.message)
                }
                other => other.to_string(),
            };
            (message, line)
        })
    };
    let config = read(FileKind::Config);
    let credentials = read(FileKind::Credentials);
    let legacy: Vec<LegacyFacts> = legacy::import_candidates(&context.env)
        .into_iter()
        .filter(|file| !file.from_variable)
        .map(|file| LegacyFacts {
            sections: store::read_to_string(&file.path)
                .map(|text| boto::parse(&text))
                .unwrap_or_default(),
            path: file.path,
            profile: file.profile,
        })
        .collect();
    let facts = Facts {
        config: file_facts(context, FileKind::Config, &config),
        credentials: file_facts(context, FileKind::Credentials, &credentials),
        env: &context.env,
        legacy_files: &legacy,
    };
    let mut report = lint::check(&facts);
    report
        .findings
        .extend(leftover_findings(context, recovered));
    report.findings.extend(folder_findings(context));
    report.findings.sort_by_key(|finding| finding.level);
    let (findings, imported) = (&report.findings, &report.imported_legacy_files);
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    if args.json {
        let imported: Vec<String> = imported.iter().map(|p| p.display().to_string()).collect();
        crate::output::write_json(
            out,
            &json!({"ok": errors == 0, "findings": findings, "imported_legacy_files": imported}),
        )?;
    } else if findings.is_empty() {
        writeln!(
            out,
            "No problems found in {} and {}.",
            context.store.path(FileKind::Config).display(),
            context.store.path(FileKind::Credentials).display()
        )?;
        write_imported(out, imported)?;
    } else {
        for finding in findings {
            let location = match (&finding.file, finding.line) {
                (Some(file), Some(line)) => format!("{}:{line}: ", file.display()),
                (Some(file), None) => format!("{}: ", file.display()),
                _ => "environment: ".to_string(),
            };
            writeln!(
                out,
                "{}: {location}{}",
                finding.level.as_str(),
                finding.message
            )?;
            writeln!(out, "  fix: {}", finding.fix)?;
        }
        let count = |level: Level| findings.iter().filter(|f| f.level == level).count();
        writeln!(
            out,
            "\n{} error(s), {} warning(s), {} note(s).",
            count(Level::Error),
            count(Level::Warning),
            count(Level::Info)
        )?;
        write_imported(out, imported)?;
    }
    if errors > 0 {
        out.flush()?;
        bail!("doctor found {errors} error(s); each has its fix above");
    }
    Ok(())
}

/// What interrupted writes left: an edit of both files that could not be finished, and
/// temporary files (which may hold secrets).
fn leftover_findings(context: &Context, recovered: Result<(), StoreError>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Err(error) = recovered {
        findings.push(Finding {
            level: Level::Error,
            file: None,
            line: None,
            message: error.to_string(),
            fix: "fix the cause named above; the next awsprof command then finishes the edit"
                .into(),
        });
    }
    match context.store.leftovers() {
        Ok(paths) => findings.extend(paths.into_iter().map(|path| Finding {
            level: Level::Warning,
            message: "a file left by an interrupted awsprof write (killed or failed); it may \
                      hold secrets"
                .into(),
            fix: format!(
                "run any awsprof command that edits the files (it removes it), or delete it: rm {}",
                path.display()
            ),
            file: Some(path),
            line: None,
        })),
        Err(error) => findings.push(Finding {
            level: Level::Warning,
            file: None,
            line: None,
            message: error.to_string(),
            fix: "make the folder of the files readable".into(),
        }),
    }
    findings
}

/// Problems with the folders that hold the files: a folder that is a file (AWS tools then
/// read no profiles, and nothing can be written) or that awsprof cannot write in.
fn folder_findings(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut seen = Vec::new();
    for kind in [FileKind::Config, FileKind::Credentials] {
        let path = context.store.path(kind);
        let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
            continue;
        };
        if seen.contains(&folder) {
            continue;
        }
        seen.push(folder);
        let Ok(meta) = std::fs::metadata(folder) else {
            continue;
        };
        if !meta.is_dir() {
            findings.push(Finding {
                level: Level::Error,
                file: Some(folder.to_path_buf()),
                line: None,
                message: "this is a file, not the folder that holds config and credentials: AWS \
                          tools read no profiles and nothing can save any"
                    .into(),
                fix: format!(
                    "move the file away (mv {0} {0}.old); awsprof add creates the folder",
                    folder.display()
                ),
            });
        } else if meta.permissions().readonly() {
            findings.push(Finding {
                level: Level::Warning,
                file: Some(folder.to_path_buf()),
                line: None,
                message: "the folder is read-only: no awsprof command (nor aws configure) can \
                          change the files in it"
                    .into(),
                fix: format!("chmod u+w {}", folder.display()),
            });
        }
    }
    findings
}

type Read = Result<Document, (String, Option<usize>)>;

fn file_facts<'a>(context: &'a Context, kind: FileKind, document: &'a Read) -> FileFacts<'a> {
    FileFacts {
        kind,
        path: context.store.path(kind),
        document: document.as_ref().map_err(Clone::clone),
        mode: context.store.mode(kind),
    }
}

/// Says which legacy files are fully imported and may be deleted (not a finding).
fn write_imported(out: &mut dyn Write, imported: &[PathBuf]) -> Result<()> {
    if !imported.is_empty() {
        let list: Vec<String> = imported.iter().map(|p| p.display().to_string()).collect();
        writeln!(
            out,
            "Already imported into profiles, so safe to delete: {}",
            list.join(" ")
        )?;
    }
    Ok(())
}
