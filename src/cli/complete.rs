//! Live completion: the profile names the shell offers, from the files the environment
//! points at. Each name comes with its kind as help text (fish and zsh show it) while the
//! files are small; large files are read by the store's fast name scan, names only, so that
//! completion at 10,000 profiles costs what `list --names` costs.

use clap_complete::CompletionCandidate;

use crate::env::Env;
use crate::profiles::kind_of;
use crate::store::{self, Overrides, Store};

/// The variable that asks the binary for completions (clap_complete's protocol).
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Profile names for shell completion. Silent on any error: completion must never print one.
pub fn profile_name_candidates() -> Vec<CompletionCandidate> {
    let env = Env::from_process();
    let store = Store::new(store::process_locations(&env, &Overrides::default()));
    if !store.is_large() {
        return names_with_kinds(&store);
    }
    let Ok(names) = store.profile_names() else {
        return Vec::new();
    };
    names
        .lines()
        .split(|&byte| byte == b'\n')
        .filter(|name| !name.is_empty())
        .map(|name| CompletionCandidate::new(String::from_utf8_lossy(name).into_owned()))
        .collect()
}

/// Every profile's name with its kind as help, from a full read of both files.
fn names_with_kinds(store: &Store) -> Vec<CompletionCandidate> {
    let Ok(files) = store.read() else {
        return Vec::new();
    };
    files
        .profiles()
        .profiles
        .values()
        .map(|profile| {
            let kind = kind_of(profile).as_str();
            CompletionCandidate::new(profile.name).help(Some(kind.into()))
        })
        .collect()
}
