//! Where the two files are: `--config-file`/`--credentials-file`, else `AWS_CONFIG_FILE` /
//! `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` / `~/.aws/credentials`.
//!
//! As botocore (the AWS CLI) reads them: a variable set to the empty string means no file
//! at all (a [`NO_FILE`] location); on Unix the home folder is `HOME` whenever it is set,
//! even empty (so `HOME=""` gives `/.aws/config`), else the account database; on Windows it
//! is `HOME`, then `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH` (the SDKs' rule).
//!
//! [`locate`] is pure (environment and platform are parameters) so that the SDKs'
//! `file-location-tests.json` can run on any machine.

use std::path::{Path, PathBuf};

use crate::env::Env;

/// The platform whose path rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// Linux, macOS and the other Unixes: `/` separates path parts.
    Unix,
    /// Windows: `\` separates path parts.
    Windows,
}

impl Platform {
    /// The platform this binary runs on.
    pub fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else {
            Platform::Unix
        }
    }

    fn separator(self) -> char {
        match self {
            Platform::Unix => '/',
            Platform::Windows => '\\',
        }
    }
}

/// The location of a file that is not there for anyone: its variable is set but empty,
/// which botocore reads as no file. Reads find it empty; awsprof never writes it.
pub const NO_FILE: &str = "";

/// Whether a location is [`NO_FILE`].
pub fn is_no_file(path: &Path) -> bool {
    path.as_os_str().is_empty()
}

/// The paths of the two files. Either may be [`NO_FILE`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locations {
    /// The config file.
    pub config: PathBuf,
    /// The credentials file.
    pub credentials: PathBuf,
}

/// Paths given on the command line, which beat the environment.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// `--config-file`
    pub config: Option<PathBuf>,
    /// `--credentials-file`
    pub credentials: Option<PathBuf>,
}

/// Finds the home directory as botocore does on `platform`. `env` looks up an environment
/// variable; `fallback` is asked only when the variables give none (the OS account
/// database). On Unix that is `HOME` whenever it is set, with its trailing `/` dropped, and
/// `/` when nothing is left (Python's `expanduser`); on Windows the first non-empty of
/// `HOME`, `USERPROFILE` and `HOMEDRIVE` + `HOMEPATH`.
pub fn home_dir(
    env: &dyn Fn(&str) -> Option<String>,
    fallback: &dyn Fn() -> Option<String>,
    platform: Platform,
) -> Option<String> {
    if platform == Platform::Unix {
        return match env("HOME") {
            Some(home) => match home.trim_end_matches('/') {
                "" => Some("/".into()),
                trimmed => Some(trimmed.to_string()),
            },
            None => fallback(),
        };
    }
    let set = |name: &str| env(name).filter(|value| !value.is_empty());
    set("HOME")
        .or_else(|| set("USERPROFILE"))
        .or_else(|| Some(format!("{}{}", set("HOMEDRIVE")?, set("HOMEPATH")?)))
        .or_else(fallback)
}

/// Expands `~` (alone, or followed by `/` or the platform's separator) at the start of a
/// path from the environment; `home` is asked only when there is one.
pub fn expand_tilde(value: &str, home: impl FnOnce() -> String, platform: Platform) -> String {
    match value.strip_prefix('~') {
        Some("") => home(),
        Some(rest) if rest.starts_with('/') || rest.starts_with(platform.separator()) => {
            let home = home();
            format!("{}{rest}", home.trim_end_matches(platform.separator()))
        }
        _ => value.to_string(),
    }
}

/// Resolves both locations. `~` (alone or followed by a separator) at the start of an
/// environment variable's value is expanded to the home directory; a variable set to the
/// empty string gives [`NO_FILE`].
pub fn locate(
    env: &dyn Fn(&str) -> Option<String>,
    fallback_home: &dyn Fn() -> Option<String>,
    platform: Platform,
    overrides: &Overrides,
) -> Locations {
    let home = || home_dir(env, fallback_home, platform).unwrap_or_else(|| ".".to_string());
    let sep = platform.separator();
    let pick = |flag: &Option<PathBuf>, variable: &str, file: &str| -> PathBuf {
        if let Some(path) = flag {
            return path.clone();
        }
        match env(variable) {
            Some(value) if value.is_empty() => PathBuf::from(NO_FILE),
            Some(value) => PathBuf::from(expand_tilde(&value, home, platform)),
            None => {
                let home = home();
                PathBuf::from(format!(
                    "{}{sep}.aws{sep}{file}",
                    home.trim_end_matches(sep)
                ))
            }
        }
    };
    Locations {
        config: pick(&overrides.config, "AWS_CONFIG_FILE", "config"),
        credentials: pick(
            &overrides.credentials,
            "AWS_SHARED_CREDENTIALS_FILE",
            "credentials",
        ),
    }
}

/// The home folder of a process with environment `env`: the AWS rule, then the OS account
/// database, then the current folder.
pub fn process_home(env: &Env) -> String {
    home_dir(
        &|name| env.get(name).map(str::to_string),
        &os_home,
        Platform::current(),
    )
    .unwrap_or_else(|| ".".into())
}

/// Both locations for a process with environment `env` and the command line's overrides.
pub fn process_locations(env: &Env, overrides: &Overrides) -> Locations {
    locate(
        &|name| env.get(name).map(str::to_string),
        &os_home,
        Platform::current(),
        overrides,
    )
}

/// Expands a leading `~` in a path given by the environment `env`, as [`locate`] does.
pub fn process_expand_tilde(env: &Env, path: &str) -> PathBuf {
    expand_tilde(path, || process_home(env), Platform::current()).into()
}

/// The home folder from the OS account database: the last resort after the variables.
fn os_home() -> Option<String> {
    std::env::home_dir().map(|p| p.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn run(vars: &[(&str, &str)], platform: Platform) -> Locations {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        locate(
            &|name| map.get(name).cloned(),
            &|| None,
            platform,
            &Overrides::default(),
        )
    }

    #[test]
    fn tilde_in_variables_is_expanded() {
        let found = run(
            &[("HOME", "/h"), ("AWS_CONFIG_FILE", "~/cfg/config")],
            Platform::Unix,
        );
        assert_eq!(found.config, PathBuf::from("/h/cfg/config"));
        assert_eq!(found.credentials, PathBuf::from("/h/.aws/credentials"));
    }

    #[test]
    fn flags_beat_variables() {
        let map: HashMap<&str, &str> = [("HOME", "/h"), ("AWS_CONFIG_FILE", "/env")].into();
        let found = locate(
            &|name| map.get(name).map(|v| v.to_string()),
            &|| None,
            Platform::Unix,
            &Overrides {
                config: Some("/flag".into()),
                credentials: None,
            },
        );
        assert_eq!(found.config, PathBuf::from("/flag"));
    }

    #[test]
    fn empty_home_falls_through_on_windows() {
        let found = run(&[("HOME", ""), ("USERPROFILE", "/u")], Platform::Windows);
        assert_eq!(found.config, PathBuf::from("/u\\.aws\\config"));
    }

    #[test]
    fn unix_home_is_home_even_empty_as_botocore_reads_it() {
        let found = run(&[("HOME", ""), ("USERPROFILE", "/u")], Platform::Unix);
        assert_eq!(found.config, PathBuf::from("/.aws/config"));
        let found = run(
            &[("HOME", "/h/"), ("AWS_CONFIG_FILE", "~/c")],
            Platform::Unix,
        );
        assert_eq!(found.config, PathBuf::from("/h/c"));
        assert_eq!(found.credentials, PathBuf::from("/h/.aws/credentials"));
        let found = run(&[("USERPROFILE", "/u")], Platform::Unix);
        assert_eq!(found.config, PathBuf::from("./.aws/config"));
    }

    #[test]
    fn empty_variables_mean_no_file() {
        let found = run(
            &[
                ("HOME", "/h"),
                ("AWS_CONFIG_FILE", ""),
                ("AWS_SHARED_CREDENTIALS_FILE", ""),
            ],
            Platform::Unix,
        );
        assert!(is_no_file(&found.config) && is_no_file(&found.credentials));
    }
}
