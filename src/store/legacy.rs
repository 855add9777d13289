//! Legacy boto files: `$BOTO_CONFIG`, `~/.boto` and the one-file-per-account `~/.boto_NAME`.

use std::fs;
use std::path::{Path, PathBuf};

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

/// The profile a boto file's `[Credentials]` becomes: the suffix of `.boto_NAME`, else
/// `default`.
pub fn profile_for(path: &Path) -> String {
    path.file_name()
        .and_then(|name| name.to_str())
        .and_then(|name| name.strip_prefix(".boto_"))
        .filter(|suffix| !suffix.is_empty())
        .unwrap_or("default")
        .to_string()
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
    fn finds_the_one_file_per_account_layout() {
        let home = tempfile::tempdir().unwrap();
        for name in [".boto", ".boto_xyz", ".boto_clowncollege", ".bashrc"] {
            fs::write(home.path().join(name), "").unwrap();
        }
        let elsewhere = home.path().join("boto.cfg");
        fs::write(&elsewhere, "").unwrap();
        let found = find_boto_files(home.path(), Some(&elsewhere));
        let names: Vec<_> = found.iter().map(|f| f.profile.as_str()).collect();
        assert_eq!(names, ["default", "default", "clowncollege", "xyz"]);
        assert!(found[0].from_variable);
        // BOTO_CONFIG naming one of the files lists it once, under its own name.
        let found = find_boto_files(home.path(), Some(&home.path().join(".boto_xyz")));
        let names: Vec<_> = found.iter().map(|f| f.profile.as_str()).collect();
        assert_eq!(names, ["xyz", "default", "clowncollege"]);
    }
}
