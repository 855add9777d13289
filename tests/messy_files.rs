//! On a collection of messy real-world-looking files (tests/fixtures/messy), `add`,
//! `add --force` and `remove` change no byte outside the sections they touch, and botocore
//! reads every profile added.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use awsprof::ini::Document;
use awsprof::profiles::{self, FileKind};
use common::{KEY_ID, SECRET, Sandbox};

struct Fixture {
    name: String,
    kind: FileKind,
    text: String,
}

fn fixtures() -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/messy");
    let mut found: Vec<Fixture> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_none())
        .map(|path: PathBuf| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let kind = if name.starts_with("credentials-") {
                FileKind::Credentials
            } else {
                FileKind::Config
            };
            let text = fs::read_to_string(&path).unwrap();
            Fixture { name, kind, text }
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    let mut huge = String::from("# generated: 10,000 profiles\n");
    for i in 0..10_000 {
        huge.push_str(&format!(
            "\n# account {i}\n[profile p{i}]\nregion = us-east-1\noutput = json\n"
        ));
    }
    found.push(Fixture {
        name: "config-huge".into(),
        kind: FileKind::Config,
        text: huge,
    });
    found
}

fn path(sandbox: &Sandbox, kind: FileKind) -> PathBuf {
    match kind {
        FileKind::Config => sandbox.config(),
        FileKind::Credentials => sandbox.credentials(),
    }
}

fn setup(fixture: &Fixture) -> Sandbox {
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.home().join(".aws")).unwrap();
    fs::write(path(&sandbox, fixture.kind), &fixture.text).unwrap();
    sandbox
}

/// Text of the lines before `start` and from `end` on.
fn outside(document: &Document, start: usize, end: usize) -> (String, String) {
    let bom = if document.has_bom() { "\u{feff}" } else { "" };
    let all = document.lines().len();
    (
        format!("{bom}{}", document.span(0..start)),
        document.span(end..all).to_string(),
    )
}

#[test]
fn there_are_at_least_twenty_fixtures() {
    assert!(fixtures().len() > 20);
}

#[test]
fn add_then_remove_changes_nothing_else() {
    for fixture in fixtures() {
        let sandbox = setup(&fixture);
        let file = path(&sandbox, fixture.kind);
        sandbox.add("zz-new", &["--region", "eu-west-1"]).success();
        let after_add = fs::read_to_string(&file).unwrap();
        let ending = Document::parse(&fixture.text).line_ending().as_str();
        assert!(
            after_add.starts_with(&fixture.text),
            "{}: existing bytes changed",
            fixture.name
        );
        let added = &after_add[fixture.text.len()..];
        assert!(
            added
                .trim_start_matches(['\r', '\n'])
                .starts_with(match fixture.kind {
                    FileKind::Config => "[profile zz-new]",
                    FileKind::Credentials => "[zz-new]",
                }),
            "{}: appended {added:?}",
            fixture.name
        );
        assert!(
            added.lines().all(|l| !l.contains('\r') || ending == "\r\n"),
            "{}: line endings",
            fixture.name
        );
        if !fixture.name.ends_with("botocore-unreadable") {
            let seen = sandbox.botocore(&["zz-new"]);
            assert_eq!(seen["zz-new"]["access_key"], KEY_ID, "{}", fixture.name);
            assert_eq!(seen["zz-new"]["region"], "eu-west-1", "{}", fixture.name);
        }
        sandbox.run(&["remove", "zz-new", "--yes"]).success();
        let after_remove = fs::read_to_string(&file).unwrap();
        // Removing the last section also takes the blank lines above it, and the line
        // ending `add` gave a last line that had none stays.
        let expected = Document::parse(&fixture.text);
        let mut kept = expected.lines().len();
        while kept > 0 && expected.lines()[kept - 1].is_blank() {
            kept -= 1;
        }
        let bom = if expected.has_bom() { "\u{feff}" } else { "" };
        let trimmed = expected.span(0..kept);
        let trimmed = format!("{bom}{trimmed}");
        let restored = after_remove == fixture.text
            || after_remove == trimmed
            || after_remove == format!("{trimmed}{ending}");
        assert!(restored, "{}: remove left {after_remove:?}", fixture.name);
    }
}

#[test]
fn force_edits_only_the_profiles_own_sections() {
    for fixture in fixtures() {
        let document = Document::parse(&fixture.text);
        let empty = Document::default();
        let set = match fixture.kind {
            FileKind::Config => profiles::read(&document, &empty),
            FileKind::Credentials => profiles::read(&empty, &document),
        };
        let Some(name) = set.profiles.keys().next().cloned() else {
            continue;
        };
        let sections = profiles::sections_naming(&document, fixture.kind, name);
        let start = sections.iter().map(|(s, _)| s.start).min().unwrap();
        let end = sections.iter().map(|(s, _)| s.end).max().unwrap();
        let (before, after) = outside(&document, start, end);

        let sandbox = setup(&fixture);
        sandbox
            .cmd()
            .args([
                "add",
                name,
                "--force",
                "--access-key-id",
                KEY_ID,
                "--region",
                "sa-east-1",
            ])
            .write_stdin(SECRET)
            .assert()
            .success();
        let text = fs::read_to_string(path(&sandbox, fixture.kind)).unwrap();
        assert!(
            text.starts_with(&before),
            "{}: bytes before {name} changed",
            fixture.name
        );
        assert!(
            text.ends_with(&after),
            "{}: bytes after {name} changed",
            fixture.name
        );
        if !fixture.name.ends_with("botocore-unreadable") {
            let seen = sandbox.botocore(&[name]);
            assert_eq!(seen[&name]["access_key"], KEY_ID, "{}", fixture.name);
        }
    }
}
