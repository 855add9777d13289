//! The checks behind `awsprof doctor`: what is wrong with the files and the environment,
//! and what AWS tools read differently (botocore versus the AWS SDKs' shared rules).
//! Pure: the caller gathers file modes and legacy files from the disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::env::Env;
use crate::ini::{Document, is_valid_identifier};
use crate::legacy::boto::BotoSection;
use crate::profiles::validate::{
    CONFIGPARSER_DEFAULT_SECTION, is_temporary_key_id, looks_like_arn, looks_like_region,
};
use crate::profiles::{
    self, FileKind, LEGACY_SESSION_TOKEN_KEY, Origin, SESSION_TOKEN_KEY, SectionMeaning,
    section_meaning,
};
use crate::resolve::{self, ProfileSource};
use crate::secret::mask_key_id;

/// How bad a finding is. Any error makes `doctor` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Something fails or is silently ignored.
    Error,
    /// Works, but surprises: other tools read it differently, or it is unsafe.
    Warning,
    /// Worth knowing.
    Info,
}

impl Level {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// One problem: where, what, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How bad.
    pub level: Level,
    /// The file, where there is one.
    pub file: Option<PathBuf>,
    /// The 1-based line, where there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do (naming the awsprof command where one fixes it).
    pub fix: String,
}

/// One of the two files as doctor sees it.
pub struct FileFacts<'a> {
    /// Which file.
    pub kind: FileKind,
    /// Its path.
    pub path: &'a Path,
    /// The parsed document, or the reason it could not be read (with its line).
    pub document: Result<&'a Document, (String, Option<usize>)>,
    /// Its mode bits, if it exists.
    pub mode: Option<u32>,
}

/// Everything doctor checks.
pub struct Facts<'a> {
    /// The config file.
    pub config: FileFacts<'a>,
    /// The credentials file.
    pub credentials: FileFacts<'a>,
    /// The environment.
    pub env: &'a Env,
    /// Legacy boto files that exist.
    pub legacy_files: &'a [LegacyFacts],
}

/// A legacy boto file and what it holds.
pub struct LegacyFacts {
    /// The file.
    pub path: PathBuf,
    /// The profile its `[Credentials]` becomes on import.
    pub profile: String,
    /// Its sections.
    pub sections: Vec<BotoSection>,
}

impl LegacyFacts {
    /// The profiles this file's keys go to on import, with their key ids.
    pub fn keys(&self) -> Vec<(String, String)> {
        self.sections
            .iter()
            .filter_map(|section| {
                let profile = section.profile(&self.profile)?;
                Some((profile, section.get("aws_access_key_id")?.to_string()))
            })
            .collect()
    }
}

/// Bare config sections the AWS CLI itself uses, which are no profiles and no mistake.
const CLI_SECTIONS: [&str; 2] = ["plugins", "preview"];

struct Lints {
    findings: Vec<Finding>,
}

impl Lints {
    fn add(
        &mut self,
        level: Level,
        file: Option<&Path>,
        line: Option<usize>,
        message: String,
        fix: impl Into<String>,
    ) {
        self.findings.push(Finding {
            level,
            file: file.map(Path::to_path_buf),
            line,
            message,
            fix: fix.into(),
        });
    }
}

/// What doctor found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The problems, most serious first.
    pub findings: Vec<Finding>,
    /// Legacy boto files whose keys are all in profiles already (safe to delete; no finding).
    pub imported_legacy_files: Vec<PathBuf>,
}

/// Runs every check. The profiles of both files are read once, for every check that needs them.
pub fn check(facts: &Facts) -> Report {
    let mut lints = Lints {
        findings: Vec::new(),
    };
    for file in [&facts.config, &facts.credentials] {
        match &file.document {
            Ok(document) => check_document(&mut lints, file, document),
            Err((message, line)) => lints.add(
                Level::Error,
                Some(file.path),
                *line,
                message.clone(),
                "fix the file by hand; no AWS tool and no awsprof command can use it as it is",
            ),
        }
    }
    check_permissions(&mut lints, &facts.credentials);
    let set = match (&facts.config.document, &facts.credentials.document) {
        (Ok(config), Ok(credentials)) => Some(profiles::read(config, credentials)),
        _ => None,
    };
    if let Some(set) = &set {
        check_profiles(&mut lints, facts, set);
    }
    check_environment(&mut lints, facts);
    check_legacy(&mut lints, facts, set.as_ref());
    let imported_legacy_files = match &set {
        Some(set) => facts
            .legacy_files
            .iter()
            .filter(|file| is_imported(file, set))
            .map(|file| file.path.clone())
            .collect(),
        None => Vec::new(),
    };
    lints.findings.sort_by_key(|f| f.level);
    Report {
        findings: lints.findings,
        imported_legacy_files,
    }
}

fn check_document(lints: &mut Lints, file: &FileFacts, document: &Document) {
    let path = Some(file.path);
    if document.has_bom() {
        lints.add(
            Level::Error,
            path,
            Some(1),
            "the file starts with a byte-order mark, which botocore (the AWS CLI) cannot read: it fails with \"Unable to parse config file\"".into(),
            format!("remove the first three bytes: sed -i '1s/^\\xEF\\xBB\\xBF//' {}", file.path.display()),
        );
    }
    let sections = document.sections();
    let mut raw_names: HashMap<&str, usize> = HashMap::new();
    let mut defaults = (None, None);
    for section in &sections {
        let line = Some(section.header + 1);
        let name = document.section_name(section);
        if let Some(first) = raw_names.insert(name, section.header + 1) {
            lints.add(
                Level::Error,
                path,
                line,
                format!("[{}] appears twice (first at line {first}): the AWS SDKs merge the two, but botocore (the AWS CLI) refuses the whole file", name),
                "merge the two sections into one",
            );
        }
        let meaning = section_meaning(file.kind, name);
        if name == CONFIGPARSER_DEFAULT_SECTION {
            lints.add(
                Level::Error,
                path,
                line,
                "[DEFAULT] is applied by botocore (the AWS CLI) to every profile of this file: \
                 each key here silently becomes part of every other profile (a session token here \
                 signs every profile's requests wrongly), while the AWS SDKs read it as a profile \
                 of its own"
                    .into(),
                "move each key into the profiles that need it, then delete the [DEFAULT] section",
            );
            check_properties(lints, file, document, section, &meaning);
            continue;
        }
        match (&meaning, file.kind) {
            (
                SectionMeaning::Profile {
                    name: "default",
                    bare_default,
                },
                FileKind::Config,
            ) => {
                if *bare_default {
                    defaults.0 = line;
                } else {
                    defaults.1 = line;
                }
            }
            (SectionMeaning::Ignored(reason), FileKind::Config) => {
                let bare = !name.contains([' ', '\t']);
                if bare && CLI_SECTIONS.contains(&name) {
                    continue;
                }
                let invalid_name = name.starts_with("profile");
                lints.add(
                    if invalid_name { Level::Warning } else { Level::Error },
                    path,
                    line,
                    if invalid_name {
                        format!("[{name}] is ignored by the AWS SDKs ({reason}) but read by botocore (the AWS CLI)")
                    } else {
                        format!("[{name}] is ignored by every AWS tool: {reason}")
                    },
                    if bare {
                        format!("rename the header to [profile {name}]")
                    } else {
                        "rename the section: letters, digits and _ - / . % @ : + only".into()
                    },
                );
            }
            (SectionMeaning::Ignored(reason), FileKind::Credentials) => {
                let prefixed = name.strip_prefix("profile ").map(str::trim);
                lints.add(
                    if prefixed.is_some() {
                        Level::Error
                    } else {
                        Level::Warning
                    },
                    path,
                    line,
                    format!("[{name}] is ignored: {reason}"),
                    match prefixed {
                        Some(name) => format!("rename the header to [{name}]"),
                        None => {
                            "rename the section: letters, digits and _ - / . % @ : + only".into()
                        }
                    },
                );
            }
            _ => {}
        }
        check_properties(lints, file, document, section, &meaning);
    }
    if let (Some(bare), Some(prefixed)) = defaults {
        lints.add(
            Level::Warning,
            path,
            Some(bare),
            format!("[default] (line {bare}) and [profile default] (line {prefixed}) are both here: the AWS SDKs read only [profile default], botocore takes whichever comes last"),
            "merge them into one [default] section",
        );
    }
}

fn check_properties(
    lints: &mut Lints,
    file: &FileFacts,
    document: &Document,
    section: &crate::ini::Section,
    meaning: &SectionMeaning,
) {
    let path = Some(file.path);
    let mut keys: HashMap<String, usize> = HashMap::new();
    let name = document.section_name(section);
    for property in document.properties(section) {
        let line = property.line + 1;
        let key = property.key.to_ascii_lowercase();
        if let Some(first) = keys.insert(key.clone(), line) {
            lints.add(
                Level::Error,
                path,
                Some(line),
                format!("{key} is set twice in [{}] (first at line {first}): the AWS SDKs take the last, botocore (the AWS CLI) refuses the whole file", name),
                "delete one of the two lines",
            );
        }
        if !is_valid_identifier(property.key) {
            lints.add(
                Level::Warning,
                path,
                Some(line),
                format!(
                    "the key {:?} is ignored by the AWS SDKs (invalid name) but read by botocore",
                    property.key
                ),
                "rename the key: letters, digits and _ - / . % @ : + only",
            );
        }
        let line_record = &document.lines()[property.line];
        let text = document.text();
        if let Some((_, value)) = document.property_spans(property.line)
            && !text[value.end()..line_record.end()].trim().is_empty()
        {
            let reads = if profiles::is_secret_key(&key) {
                String::new()
            } else {
                format!(
                    ": it reads {:?}",
                    text[value.start()..line_record.end()].trim_end()
                )
            };
            lints.add(
                Level::Warning,
                path,
                Some(line),
                format!(
                    "the comment after {key}'s value is part of the value for botocore (the AWS CLI){reads}"
                ),
                "move the comment to its own line above",
            );
        }
        if let (FileKind::Credentials, SectionMeaning::Profile { name, .. }) = (file.kind, meaning)
            && (key == "region" || key == "output")
        {
            lints.add(
                Level::Warning,
                path,
                Some(line),
                format!("{key} of profile {name:?} is in the credentials file: the AWS CLI reads it there, most AWS SDKs do not"),
                format!("awsprof set {name} {key} {} (moves it to the config file)", property.value),
            );
        }
    }
}

fn check_permissions(lints: &mut Lints, credentials: &FileFacts) {
    if let Some(mode) = credentials.mode
        && mode & 0o077 != 0
    {
        lints.add(
            Level::Warning,
            Some(credentials.path),
            None,
            format!("the credentials file is readable by group or others (mode {mode:04o})"),
            format!("chmod 600 {}", credentials.path.display()),
        );
    }
}

/// The path of the file a value came from.
fn path_of<'a>(facts: &Facts<'a>, origin: Origin) -> &'a Path {
    match origin.file {
        FileKind::Config => facts.config.path,
        FileKind::Credentials => facts.credentials.path,
    }
}

/// Values AWS tools accept in the file but that cannot work: a role that is no ARN, a
/// region that is no region name, a temporary key id without its session token, a secret
/// without its key id, and two session tokens that botocore and the SDKs choose between
/// differently. Findings name keys and key ids (masked), never a secret.
fn check_values(lints: &mut Lints, facts: &Facts, profile: &profiles::Profile<'_>) {
    let name = profile.name;
    let value = |key: &str| profile.properties.get(key);
    if let Some(role) = value("role_arn")
        && !looks_like_arn(&role.text)
    {
        lints.add(
            Level::Error,
            Some(path_of(facts, role.origin)),
            Some(role.origin.line),
            format!(
                "role_arn of profile {name:?} is {:?}, which is no ARN: every attempt to assume it fails",
                role.text
            ),
            format!("awsprof set {name} role_arn arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME"),
        );
    }
    if let Some(region) = value("region")
        && !looks_like_region(&region.text)
    {
        lints.add(
            Level::Warning,
            Some(path_of(facts, region.origin)),
            Some(region.origin.line),
            format!(
                "region of profile {name:?} is {:?}, which is no AWS region name: requests go to an endpoint that does not exist",
                region.text
            ),
            format!("awsprof set {name} region REGION (a code such as eu-central-1, not a city)"),
        );
    }
    let key_id = value("aws_access_key_id");
    if let Some(id) = key_id
        && is_temporary_key_id(&id.text)
        && profile.session_token().is_none()
    {
        lints.add(
            Level::Error,
            Some(path_of(facts, id.origin)),
            Some(id.origin.line),
            format!(
                "profile {name:?} has the temporary key id {} (ASIA...) but no session token: AWS refuses a temporary key without its token",
                mask_key_id(&id.text)
            ),
            format!(
                "awsprof set {name} aws_session_token - (the token on stdin), or awsprof add {name} --force with long-term keys"
            ),
        );
    }
    if key_id.is_none() {
        for secret in [
            "aws_secret_access_key",
            SESSION_TOKEN_KEY,
            LEGACY_SESSION_TOKEN_KEY,
        ] {
            if let Some(found) = value(secret) {
                lints.add(
                    Level::Error,
                    Some(path_of(facts, found.origin)),
                    Some(found.origin.line),
                    format!(
                        "profile {name:?} has {secret} but no aws_access_key_id: botocore (the AWS CLI) ignores the secret, the AWS SDKs fail on it"
                    ),
                    format!(
                        "awsprof set {name} aws_access_key_id ID, or awsprof unset {name} {secret}"
                    ),
                );
            }
        }
    }
    if let (Some(legacy), Some(token)) = (value(LEGACY_SESSION_TOKEN_KEY), value(SESSION_TOKEN_KEY))
        && legacy.text != token.text
    {
        lints.add(
            Level::Warning,
            Some(path_of(facts, legacy.origin)),
            Some(legacy.origin.line),
            format!(
                "profile {name:?} has two different session tokens: botocore (the AWS CLI) uses aws_security_token, the AWS SDKs aws_session_token"
            ),
            format!("awsprof unset {name} {LEGACY_SESSION_TOKEN_KEY} (keep aws_session_token)"),
        );
    }
}

fn check_profiles(lints: &mut Lints, facts: &Facts, set: &profiles::ProfileSet<'_>) {
    // A [DEFAULT] section has its own finding; fixes naming it as a profile would be refused.
    for profile in set.profiles.values() {
        if profile.name != CONFIGPARSER_DEFAULT_SECTION {
            check_values(lints, facts, profile);
        }
    }
    for profile in set.profiles.values() {
        let Some(role) = profile.properties.get("role_arn") else {
            continue;
        };
        if profile.get("web_identity_token_file").is_some() {
            continue;
        }
        if let Err(error) = resolve::role_chain(set, profile.name) {
            let origin = profile
                .properties
                .get("source_profile")
                .map_or(role.origin, |v| v.origin);
            let file = match origin.file {
                FileKind::Config => facts.config.path,
                FileKind::Credentials => facts.credentials.path,
            };
            lints.add(
                Level::Error,
                Some(file),
                Some(origin.line),
                format!("profile {:?} cannot get credentials: {error}", profile.name),
                match profile.get("source_profile") {
                    Some(source) if set.get(source).is_none() => {
                        format!(
                            "awsprof add {source}, or awsprof set {} source_profile NAME",
                            profile.name
                        )
                    }
                    _ => format!(
                        "awsprof set {} source_profile NAME (a profile with keys)",
                        profile.name
                    ),
                },
            );
        }
    }
    for (name, session) in set.sso_sessions.iter() {
        if session.get("sso_start_url").is_none() || session.get("sso_region").is_none() {
            lints.add(
                Level::Error,
                Some(facts.config.path),
                session.iter().next().map(|(_, v)| v.origin.line),
                format!("[sso-session {name}] needs both sso_start_url and sso_region"),
                format!("add the missing keys to [sso-session {name}]"),
            );
        }
    }
    let selection = resolve::select_profile(None, facts.env);
    if selection.source != ProfileSource::Default && set.get(&selection.name).is_none() {
        lints.add(
            Level::Error,
            None,
            None,
            format!(
                "{} selects profile {:?}, which does not exist: every AWS command fails",
                selection.source.describe(),
                selection.name
            ),
            "eval \"$(awsprof use NAME)\" with an existing profile, or awsprof add it",
        );
    }
}

fn check_environment(lints: &mut Lints, facts: &Facts) {
    let env = facts.env;
    for (variable, file) in [
        ("AWS_CONFIG_FILE", "config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    ] {
        if env.get(variable) == Some("") {
            lints.add(
                Level::Warning,
                None,
                None,
                format!(
                    "{variable} is set but empty: the AWS CLI (botocore) then reads no {file} file at all, and awsprof neither reads nor writes one"
                ),
                format!("unset {variable}, or set it to the {file} file's path"),
            );
        }
    }
    if cfg!(unix) && env.get("HOME") == Some("") {
        lints.add(
            Level::Warning,
            None,
            None,
            "HOME is set but empty: the AWS CLI (botocore) then reads /.aws/config and /.aws/credentials".into(),
            "export HOME to your home folder (or unset it)",
        );
    }
    let profile_var = env.get("AWS_PROFILE");
    if let Some(profile) = profile_var
        && env.non_empty("AWS_ACCESS_KEY_ID").is_some()
    {
        lints.add(
            Level::Warning,
            None,
            None,
            format!("AWS_ACCESS_KEY_ID is set beside AWS_PROFILE={profile}: the keys in the environment win, so the profile is not used"),
            format!("eval \"$(awsprof use {profile})\" (it unsets the environment keys)"),
        );
    }
    match (env.non_empty("AWS_ACCESS_KEY_ID"), env.non_empty("AWS_SECRET_ACCESS_KEY")) {
        (Some(_), None) => lints.add(
            Level::Error,
            None,
            None,
            "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY: the AWS CLI fails with a partial credentials error".into(),
            "unset AWS_ACCESS_KEY_ID, or set both (eval \"$(awsprof export NAME)\")",
        ),
        (None, Some(_)) => lints.add(
            Level::Warning,
            None,
            None,
            "AWS_SECRET_ACCESS_KEY is set without AWS_ACCESS_KEY_ID: AWS tools ignore it".into(),
            "unset AWS_SECRET_ACCESS_KEY",
        ),
        _ => {}
    }
    if let Some(default_profile) = env.get("AWS_DEFAULT_PROFILE")
        && profile_var != Some(default_profile)
    {
        lints.add(
            Level::Warning,
            None,
            None,
            match profile_var {
                Some(profile) => format!("AWS_DEFAULT_PROFILE={default_profile} and AWS_PROFILE={profile} differ: the AWS CLI uses {default_profile}, the AWS SDKs use {profile}"),
                None => format!("AWS_DEFAULT_PROFILE={default_profile} is set: the AWS CLI uses it, the AWS SDKs ignore it and use default"),
            },
            format!("eval \"$(awsprof use {default_profile})\" (sets AWS_PROFILE, unsets AWS_DEFAULT_PROFILE)"),
        );
    }
}

fn is_imported(file: &LegacyFacts, set: &profiles::ProfileSet) -> bool {
    file.keys().iter().all(|(profile, key_id)| {
        set.get(profile)
            .and_then(|p| p.get("aws_access_key_id"))
            .is_some_and(|id| id == key_id)
    })
}

fn check_legacy(lints: &mut Lints, facts: &Facts, set: Option<&profiles::ProfileSet>) {
    if let Some(boto_config) = facts.env.get("BOTO_CONFIG") {
        lints.add(
            Level::Warning,
            None,
            None,
            format!("BOTO_CONFIG={boto_config} is set: the AWS CLI falls back to that legacy boto file's keys when a profile has none"),
            "awsprof import, then remove BOTO_CONFIG from your shell start-up file",
        );
    }
    for file in facts.legacy_files {
        if set.is_some_and(|set| is_imported(file, set)) {
            continue;
        }
        lints.add(
            Level::Info,
            Some(&file.path),
            None,
            "a legacy boto credentials file whose keys are not in a profile yet: named profiles replace the one-file-per-account layout".into(),
            "awsprof import (it reads every ~/.boto* file; nothing is deleted)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(config: &str, credentials: &str, env: &[(&str, &str)]) -> Vec<Finding> {
        let config = Document::parse(config);
        let credentials = Document::parse(credentials);
        let env: Env = env.iter().copied().collect();
        check(&Facts {
            config: FileFacts {
                kind: FileKind::Config,
                path: Path::new("config"),
                document: Ok(&config),
                mode: Some(0o600),
            },
            credentials: FileFacts {
                kind: FileKind::Credentials,
                path: Path::new("credentials"),
                document: Ok(&credentials),
                mode: Some(0o600),
            },
            env: &env,
            legacy_files: &[],
        })
        .findings
    }

    #[test]
    fn clean_setup_has_no_findings() {
        let findings = run(
            "[default]\nregion = eu-west-1\n\n[plugins]\nfoo = bar\n",
            "[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
            &[],
        );
        assert_eq!(findings, []);
    }

    /// The findings whose message holds `text`: level, line and fix.
    fn found<'a>(findings: &'a [Finding], text: &str) -> Vec<(Level, Option<usize>, &'a str)> {
        findings
            .iter()
            .filter(|f| f.message.contains(text))
            .map(|f| (f.level, f.line, f.fix.as_str()))
            .collect()
    }

    #[test]
    fn a_default_section_is_an_error_in_either_file() {
        let findings = run(
            "[DEFAULT]\nregion = eu-west-1\n",
            "[a]\naws_access_key_id = AKIA\naws_secret_access_key = s\n[DEFAULT]\naws_session_token = t\n",
            &[],
        );
        let got = found(&findings, "[DEFAULT] is applied by botocore");
        assert_eq!(got.len(), 2, "{findings:#?}");
        assert!(
            found(&findings, "profile \"DEFAULT\"").is_empty(),
            "{findings:#?}"
        );
        assert!(got.iter().all(|(level, _, _)| *level == Level::Error));
        assert_eq!([got[0].1, got[1].1], [Some(1), Some(4)]);
    }

    #[test]
    fn values_that_cannot_work_each_have_a_fix() {
        let findings = run(
            "[profile r]\nrole_arn = notanarn\nsource_profile = k\nregion = Frankfurt\n",
            "[k]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = SECRETVALUE1\n\
             [orphan]\naws_secret_access_key = SECRETVALUE2\n\
             [both]\naws_access_key_id = AKIA\naws_secret_access_key = s\naws_session_token = SECRETVALUE3\naws_security_token = SECRETVALUE4\n",
            &[],
        );
        let role = found(&findings, "which is no ARN");
        assert_eq!(
            role,
            [(
                Level::Error,
                Some(2),
                "awsprof set r role_arn arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME"
            )]
        );
        let region = found(&findings, "no AWS region name");
        assert_eq!(region.len(), 1);
        assert_eq!((region[0].0, region[0].1), (Level::Warning, Some(4)));
        assert!(region[0].2.starts_with("awsprof set r region"));
        let temporary = found(&findings, "no session token");
        assert_eq!((temporary[0].0, temporary[0].1), (Level::Error, Some(2)));
        assert!(temporary[0].2.contains("aws_session_token -"));
        let orphan = found(
            &findings,
            "has aws_secret_access_key but no aws_access_key_id",
        );
        assert_eq!(
            orphan,
            [(
                Level::Error,
                Some(5),
                "awsprof set orphan aws_access_key_id ID, or awsprof unset orphan aws_secret_access_key"
            )]
        );
        let tokens = found(&findings, "two different session tokens");
        assert_eq!((tokens[0].0, tokens[0].1), (Level::Warning, Some(10)));
        let all = format!("{findings:?}");
        assert!(!all.contains("SECRETVALUE"), "{all}");
        assert!(!all.contains("ASIAIOSFODNN7EXAMPLE"), "{all}");
    }

    #[test]
    fn empty_location_variables_warn() {
        let findings = run(
            "",
            "",
            &[
                ("AWS_CONFIG_FILE", ""),
                ("AWS_SHARED_CREDENTIALS_FILE", ""),
                ("HOME", ""),
            ],
        );
        assert_eq!(
            found(&findings, "AWS_CONFIG_FILE is set but empty").len(),
            1
        );
        assert_eq!(
            found(&findings, "AWS_SHARED_CREDENTIALS_FILE is set but empty").len(),
            1
        );
        assert_eq!(found(&findings, "HOME is set but empty").len(), 1);
    }

    #[test]
    fn each_finding_has_its_line() {
        let findings = run(
            "[profile a]\nregion = x # note\nregion = y\n[b]\n",
            "[profile c]\nregion = z\n",
            &[],
        );
        let got: Vec<(Level, Option<usize>)> = findings.iter().map(|f| (f.level, f.line)).collect();
        assert!(got.contains(&(Level::Error, Some(3))), "{findings:#?}");
        assert!(got.contains(&(Level::Warning, Some(2))), "{findings:#?}");
        assert!(got.contains(&(Level::Error, Some(4))), "{findings:#?}");
        assert!(got.contains(&(Level::Error, Some(1))), "{findings:#?}");
    }
}
