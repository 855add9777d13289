//! Live completion: the profile names the shell offers, from the files the environment
//! points at. Each name comes with its kind as help text (fish and zsh show it) while the
//! files are small; large files are read by the store's fast name scan, names only, so that
//! completion at 10,000 profiles costs what `list --names` costs.

use std::ffi::OsStr;

use clap_complete::CompletionCandidate;

use crate::env::Env;
use crate::profiles::kind_of;
use crate::store::{self, Overrides, Store};

/// The variable that asks the binary for completions (clap_complete's protocol).
pub const COMPLETE_VAR: &str = "COMPLETE";

/// The profile names that start with what the user typed (`current`), for shell
/// completion. Silent on any error: completion must never print one.
pub fn profile_name_candidates(current: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = current.as_encoded_bytes();
    let env = Env::from_process();
    let store = Store::new(store::process_locations(&env, &Overrides::default()));
    // An interrupted two-file edit is settled first, as every command does.
    if store.recover().is_err() {
        return Vec::new();
    }
    if !store.is_large() {
        return names_with_kinds(&store, prefix);
    }
    let Ok(names) = store.profile_names() else {
        return Vec::new();
    };
    names
        .lines()
        .split(|&byte| byte == b'\n')
        .filter(|name| !name.is_empty() && name.starts_with(prefix))
        .map(|name| candidate(String::from_utf8_lossy(name).into_owned()))
        .collect()
}

/// The profiles whose names start with `prefix`, each with its kind as help, from a full
/// read of both files.
fn names_with_kinds(store: &Store, prefix: &[u8]) -> Vec<CompletionCandidate> {
    let Ok(files) = store.read() else {
        return Vec::new();
    };
    files
        .profiles()
        .profiles
        .values()
        .filter(|profile| profile.name.as_bytes().starts_with(prefix))
        .map(|profile| {
            let kind = kind_of(profile).as_str();
            candidate(profile.name.to_string()).help(Some(kind.into()))
        })
        .collect()
}

/// A candidate tagged as a profile: clap_complete would otherwise render the argument's
/// description as the tag of each candidate, which costs more than the whole name scan
/// when there are thousands.
fn candidate(name: String) -> CompletionCandidate {
    CompletionCandidate::new(name).tag(Some("profile".into()))
}

/// The property keys AWS tools know that start with what the user typed, for shell
/// completion of `get`, `set` and `unset`.
pub fn key_candidates(current: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = current.as_encoded_bytes();
    crate::profiles::KNOWN_KEYS
        .iter()
        .filter(|key| key.as_bytes().starts_with(prefix))
        .map(|key| CompletionCandidate::new(*key))
        .collect()
}
