//! Where the legacy boto files are: the two discovery rules, each written once.
//! - What `import` and `doctor` migrate: `$BOTO_CONFIG`, `~/.boto` and the
//!   one-file-per-account `~/.boto_NAME` ([`find_boto_files`], [`import_candidates`]).
//! - What botocore reads for credentials: `$BOTO_CONFIG` alone, else `/etc/boto.cfg` and
//!   `~/.boto` ([`botocore_boto_files`]).

use std::fs;
use std::path::{Path, PathBuf};

use super::boto::{self, BotoSection};
use crate::env::Env;
use crate::store;

/// The boto config files botocore would read, in its order, with their sections (`None`
/// when the file does not exist).
#[derive(Clone, Debug, Default)]
pub struct BotoFiles(pub Vec<(String, Option<Vec<BotoSection>>)>);

/// The legacy boto files botocore reads for credentials: `$BOTO_CONFIG` alone, else
/// `/etc/boto.cfg` and `~/.boto`.
pub fn botocore_boto_files(env: &Env) -> BotoFiles {
    let paths: Vec<String> = match env.get("BOTO_CONFIG") {
        Some(path) => vec![store::process_expand_tilde(env, path).display().to_string()],
        None => vec![
            "/etc/boto.cfg".into(),
            store::process_expand_tilde(env, "~/.boto")
                .display()
                .to_string(),
        ],
    };
    BotoFiles(
        paths
            .into_iter()
            .map(|path| {
                let sections = store::read_to_string(Path::new(&path))
                    .ok()
                    .map(|t| boto::parse(&t));
                (path, sections)
            })
            .collect(),
    )
}

/// The legacy files `import` and `doctor` look at for a process with environment `env`:
/// [`find_boto_files`] with the home folder and a non-empty `$BOTO_CONFIG`.
pub fn import_candidates(env: &Env) -> Vec<LegacyFile> {
    let boto_config = env
        .non_empty("BOTO_CONFIG")
        .map(|path| store::process_expand_tilde(env, path));
    find_boto_files(Path::new(&store::process_home(env)), boto_config.as_deref())
}

/// A legacy boto file that exists, and the profile its `[Credentials]` section becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyFile {
    /// The file.
    pub path: PathBuf,
    /// `NAME` for `.boto_NAME`, else `default`.
    pub profile: String,
    /// Whether `$BOTO_CONFIG` names it.
    pub from_variable: bool,
}

/// The profile a boto file's `[Credentials]` becomes: `default` for `.boto`, NAME for
/// `.boto_NAME` (however it is reached), else the file name without its extension
/// (`~/creds/clientC.cfg` → `clientC`), so that no two files' keys land in one profile.
pub fn profile_for(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name == ".boto" {
        return "default".to_string();
    }
    if let Some(suffix) = name.strip_prefix(".boto_").filter(|s| !s.is_empty()) {
        return suffix.to_string();
    }
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.trim_start_matches('.').to_string()
}

/// The legacy files that exist, in import order: `$BOTO_CONFIG`, `~/.boto`, then every
/// `~/.boto_NAME` by name. A file reached twice is listed once.
pub fn find_boto_files(home: &Path, boto_config: Option<&Path>) -> Vec<LegacyFile> {
    let mut candidates: Vec<(PathBuf, bool)> = Vec::new();
    if let Some(path) = boto_config {
        candidates.push((path.to_path_buf(), true));
    }
    candidates.push((home.join(".boto"), false));
    let mut suffixed: Vec<PathBuf> = fs::read_dir(home)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(".boto_") && n.len() > ".boto_".len())
                })
                .collect()
        })
        .unwrap_or_default();
    suffixed.sort();
    candidates.extend(suffixed.into_iter().map(|path| (path, false)));

    let mut seen: Vec<PathBuf> = Vec::new();
    let mut found = Vec::new();
    for (path, from_variable) in candidates {
        if !path.is_file() {
            continue;
        }
        let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.contains(&canonical) {
            continue;
        }
        seen.push(canonical);
        found.push(LegacyFile {
            profile: profile_for(&path),
            path,
            from_variable,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_named_after_their_files() {
        assert_eq!(profile_for(Path::new("/h/.boto")), "default");
        assert_eq!(profile_for(Path::new("/h/.boto_razor")), "razor");
        assert_eq!(profile_for(Path::new("/h/creds/clientC.cfg")), "clientC");
        assert_eq!(profile_for(Path::new("/etc/boto.cfg")), "boto");
    }

    #[test]
    fn finds_the_one_file_per_account_layout() {
        let home = tempfile::tempdir().unwrap();
        for name in [".boto", ".boto_xyz", ".boto_clowncollege", ".bashrc"] {
            fs::write(home.path().join(name), "").unwrap();
        }
        let elsewhere = home.path().join("boto.cfg");
        fs::write(&elsewhere, "").unwrap();
        let found = find_boto_files(home.path(), Some(&elsewhere));
        let names: Vec<_> = found.iter().map(|f| f.profile.as_str()).collect();
        // $BOTO_CONFIG naming another file is named after it, so ~/.boto stays `default`.
        assert_eq!(names, ["boto", "default", "clowncollege", "xyz"]);
        assert!(found[0].from_variable);
        // BOTO_CONFIG naming one of the files lists it once, under its own name.
        let found = find_boto_files(home.path(), Some(&home.path().join(".boto_xyz")));
        let names: Vec<_> = found.iter().map(|f| f.profile.as_str()).collect();
        assert_eq!(names, ["xyz", "default", "clowncollege"]);
    }
}
