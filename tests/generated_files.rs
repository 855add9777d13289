//! The committed `completions/` and `man/` folders must match what the clap definitions
//! generate. Refresh them with: AWSPROF_BLESS=1 cargo test --test generated_files

use std::fs;
use std::path::Path;

use awsprof::cli::generate;

const REFRESH: &str = "AWSPROF_BLESS=1 cargo test --test generated_files";

fn check(path: &Path, expected: &[u8], stale: &mut Vec<String>) {
    if std::env::var_os("AWSPROF_BLESS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, expected).unwrap();
        return;
    }
    if fs::read(path).ok().as_deref() != Some(expected) {
        stale.push(path.display().to_string());
    }
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (shell, file) in generate::COMPLETION_FILES {
        check(
            &root.join("completions").join(file),
            &generate::completion_script(shell),
            &mut stale,
        );
    }
    let pages = generate::man_pages().unwrap();
    for (file, text) in &pages {
        check(&root.join("man").join(file), text, &mut stale);
    }
    let committed = fs::read_dir(root.join("man"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(
        committed,
        pages.len(),
        "man/ holds pages of removed subcommands; run: {REFRESH}"
    );
    assert!(
        stale.is_empty(),
        "stale generated files: {}\nrefresh them with: {REFRESH}",
        stale.join(", ")
    );
}

#[test]
fn every_subcommand_has_examples_in_its_help() {
    for sub in awsprof::cli::command().get_subcommands() {
        let help = sub
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(
            help.contains("awsprof "),
            "`awsprof {} --help` shows no example",
            sub.get_name()
        );
    }
}
