//! Edits that change both files (rename, remove, set moving a key, import) are one
//! change: killed at any step, or failing with EIO or ENOSPC at any write, they leave both
//! files entirely old or entirely new once the next awsprof command has run, whatever
//! that command is; and the error says truthfully which file changed.
//!
//! The steps are reached through the fault seam of debug builds (`AWSPROF_TEST_FAULT`):
//! `crash@N` kills the process (SIGKILL) at its N-th write step, `STEP:FILE=ERROR` fails
//! one step with an OS error. Real SIGKILLs at random moments complete the picture.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use awsprof::store::{Locations, Store};
use common::{KEY_ID, SECRET, Sandbox};

/// The test-only fault seam of debug builds.
const FAULT: &str = "AWSPROF_TEST_FAULT";

/// More steps than any edit here has (reads, two temporary files, two journals, renames,
/// folder syncs, clean-up), so crashes land on every step and some runs finish.
const MOST_STEPS: usize = 30;

/// One two-file edit: the files before, and the command that changes both.
struct Scenario {
    name: &'static str,
    credentials: String,
    config: String,
    /// A legacy boto file in HOME (for import): its name and text.
    boto: Option<(&'static str, String)>,
    /// Whether the edit changes the config file too. Import writes key pairs only, so
    /// it changes the credentials file alone (atomically, without a journal).
    changes_config: bool,
    args: &'static [&'static str],
}

fn scenarios() -> Vec<Scenario> {
    let keys = |name: &str| {
        format!("[{name}]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n")
    };
    let mut rename_config = String::from("# roles\n[profile old]\nregion = eu-west-1\n");
    for i in 0..30 {
        rename_config.push_str(&format!(
            "\n[profile role{i}]\nrole_arn = arn:aws:iam::123456789012:role/r{i}\nsource_profile = old\n"
        ));
    }
    vec![
        Scenario {
            name: "rename",
            credentials: format!("{}\n{}", keys("old"), keys("other")),
            config: rename_config,
            boto: None,
            changes_config: true,
            args: &["rename", "old", "new"],
        },
        Scenario {
            name: "remove",
            credentials: format!("{}\n# about gone\n{}", keys("keep"), keys("gone")),
            config: "[profile keep]\nregion = eu-west-1\n\n[profile gone]\nregion = us-east-2\noutput = json\n".into(),
            boto: None,
            changes_config: true,
            args: &["remove", "gone", "--yes"],
        },
        Scenario {
            name: "set-move",
            credentials: format!("{}region = eu-west-1\n", keys("a")),
            config: "[profile a]\noutput = json\n".into(),
            boto: None,
            changes_config: true,
            args: &["set", "a", "region", "us-east-2"],
        },
        Scenario {
            name: "import",
            credentials: keys("existing"),
            config: "[profile existing]\nregion = eu-west-1\n".into(),
            boto: Some((
                ".boto_acct",
                format!(
                    "[Credentials]\naws_access_key_id = AKIAACCT000000000000\naws_secret_access_key = {SECRET}\n"
                ),
            )),
            changes_config: false,
            args: &["import"],
        },
    ]
}

/// Both files' text.
type State = (String, String);

/// A sandbox holding a scenario's files as they are before the edit.
fn prepared(scenario: &Scenario) -> Sandbox {
    let sandbox = Sandbox::new();
    if let Some((name, text)) = &scenario.boto {
        fs::write(sandbox.home().join(name), text).unwrap();
    }
    restore(&sandbox, scenario);
    sandbox
}

fn restore(sandbox: &Sandbox, scenario: &Scenario) {
    sandbox.write_credentials(&scenario.credentials);
    sandbox.write_config(&scenario.config);
}

fn state(sandbox: &Sandbox) -> State {
    (sandbox.read_credentials(), sandbox.read_config())
}

/// The awsprof command in the sandbox, in an environment of its own.
fn command(sandbox: &Sandbox, args: &[&str]) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("awsprof"));
    command
        .args(args)
        .env_clear()
        .env("HOME", sandbox.home())
        .env("AWS_CONFIG_FILE", sandbox.config())
        .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials())
        .stdin(Stdio::null());
    command
}

/// Runs awsprof in the sandbox, with `fault` given to the seam.
fn awsprof(sandbox: &Sandbox, args: &[&str], fault: Option<&str>) -> Output {
    let mut command = command(sandbox, args);
    if let Some(fault) = fault {
        command.env(FAULT, fault);
    }
    command.output().unwrap()
}

/// The files after the edit runs uninterrupted.
fn edited(scenario: &Scenario) -> State {
    let sandbox = prepared(scenario);
    let output = awsprof(&sandbox, scenario.args, None);
    assert!(
        output.status.success(),
        "{}: {}",
        scenario.name,
        String::from_utf8_lossy(&output.stderr)
    );
    let after = state(&sandbox);
    assert_ne!(
        after.0, scenario.credentials,
        "{} changes credentials",
        scenario.name
    );
    assert_eq!(
        after.1 != scenario.config,
        scenario.changes_config,
        "{} changes config",
        scenario.name
    );
    after
}

/// Files in ~/.aws that interrupted writes leave: temporary files and journals.
fn leftovers(sandbox: &Sandbox, pattern: &str) -> Vec<String> {
    fs::read_dir(sandbox.home().join(".aws"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(pattern))
        .collect()
}

/// The commands that settle an interrupted edit in the kill loop: readers too.
const NEXT_COMMANDS: [&[&str]; 5] = [
    &["list"],
    &["list", "--names"],
    &["which"],
    &["show", "keep"],
    &["doctor"],
];

/// Kills the edit at every step in turn, `rounds` times; after each kill the next awsprof
/// command (run as a process every tenth round, else the same store code in this
/// process) must leave both files old or both new, and no journal.
fn kill_loop(scenario: &Scenario, rounds: usize) {
    let new = edited(scenario);
    let old = (scenario.credentials.clone(), scenario.config.clone());
    let sandbox = prepared(scenario);
    let store = Store::new(Locations {
        config: sandbox.config(),
        credentials: sandbox.credentials(),
    });
    let (mut old_seen, mut new_seen) = (0, 0);
    for round in 0..rounds {
        let crash_at = round % MOST_STEPS + 1;
        let output = awsprof(&sandbox, scenario.args, Some(&format!("crash@{crash_at}")));
        if round % 10 == 0 {
            awsprof(
                &sandbox,
                NEXT_COMMANDS[round / 10 % NEXT_COMMANDS.len()],
                None,
            );
        } else {
            store.recover().unwrap();
        }
        let after = state(&sandbox);
        if after == old {
            old_seen += 1;
        } else if after == new {
            new_seen += 1;
        } else {
            panic!(
                "{}: split or torn files after a crash at step {crash_at} (round {round}); \
                 stderr: {}\ncredentials:\n{}\nconfig:\n{}",
                scenario.name,
                String::from_utf8_lossy(&output.stderr),
                after.0,
                after.1
            );
        }
        let journals = leftovers(&sandbox, "journal");
        assert!(
            journals.is_empty(),
            "{}: {journals:?} left after a crash at step {crash_at} (round {round})",
            scenario.name
        );
        restore(&sandbox, scenario);
    }
    eprintln!(
        "{}: {rounds} crashes left the old files {old_seen} times, the new ones {new_seen}",
        scenario.name
    );
    assert!(old_seen > 0 && new_seen > 0, "the crashes missed the write");
    // The next full edit leaves no temporary file behind.
    assert!(awsprof(&sandbox, scenario.args, None).status.success());
    assert_eq!(state(&sandbox), new);
    assert_eq!(leftovers(&sandbox, "awsprof-tmp"), Vec::<String>::new());
}

/// How many crashes each edit gets.
const ROUNDS: usize = 1_000;

#[test]
fn rename_killed_at_any_step_is_old_or_new() {
    kill_loop(&scenarios()[0], ROUNDS);
}

#[test]
fn remove_killed_at_any_step_is_old_or_new() {
    kill_loop(&scenarios()[1], ROUNDS);
}

#[test]
fn set_moving_a_key_killed_at_any_step_is_old_or_new() {
    kill_loop(&scenarios()[2], ROUNDS);
}

#[test]
fn import_killed_at_any_step_is_old_or_new() {
    kill_loop(&scenarios()[3], ROUNDS);
}

/// Real SIGKILLs at moments spread over a whole run of each edit (start-up, parsing,
/// writing, renaming), on files large enough that the writes take a while.
#[test]
fn edits_killed_at_random_moments_are_old_or_new() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut random = move |below: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below.max(1)
    };
    for mut scenario in scenarios() {
        for i in 0..2_000 {
            scenario.credentials.push_str(&format!(
                "\n[filler{i}]\naws_access_key_id = AKIAFILLER{i:010}\naws_secret_access_key = {SECRET}\n"
            ));
            scenario
                .config
                .push_str(&format!("\n[profile filler{i}]\nregion = eu-west-1\n"));
        }
        let new = edited(&scenario);
        let old = (scenario.credentials.clone(), scenario.config.clone());
        let sandbox = prepared(&scenario);
        let started = Instant::now();
        assert!(awsprof(&sandbox, scenario.args, None).status.success());
        let run_micros = started.elapsed().as_micros() as u64;
        for _ in 0..50 {
            restore(&sandbox, &scenario);
            let mut child = command(&sandbox, scenario.args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_micros(random(run_micros)));
            let _ = child.kill();
            child.wait().unwrap();
            awsprof(&sandbox, &["list", "--names"], None);
            let after = state(&sandbox);
            assert!(
                after == old || after == new,
                "{}: split or torn files after a kill",
                scenario.name
            );
        }
    }
}

/// The second file's write fails (disk full, I/O error): nothing changed, and the error
/// says so; no temporary file or journal stays.
#[test]
fn a_failed_second_write_changes_neither_file() {
    for scenario in scenarios().into_iter().filter(|s| s.changes_config) {
        for fault in [
            "write:config=ENOSPC",
            "fsync:config=EIO",
            "journal:config=ENOSPC",
            "rename:credentials=EIO",
        ] {
            let sandbox = prepared(&scenario);
            let output = awsprof(&sandbox, scenario.args, Some(fault));
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{} {fault}", scenario.name);
            assert!(
                stderr.contains("(neither file was changed)"),
                "{} {fault}: {stderr}",
                scenario.name
            );
            assert_eq!(
                state(&sandbox),
                (scenario.credentials.clone(), scenario.config.clone()),
                "{} {fault}",
                scenario.name
            );
            assert!(awsprof(&sandbox, &["list"], None).status.success());
            assert_eq!(
                state(&sandbox),
                (scenario.credentials.clone(), scenario.config.clone())
            );
            assert_eq!(leftovers(&sandbox, "awsprof-journal"), Vec::<String>::new());
            assert_eq!(leftovers(&sandbox, "awsprof-tmp"), Vec::<String>::new());
        }
    }
}

/// The second rename fails after the first file changed: the error says which file
/// changed, and the next command, a reader, completes the edit. Then the tool can go on
/// editing (a split state used to make rename refuse in both directions).
#[test]
fn a_failed_second_rename_is_completed_by_the_next_command() {
    for scenario in scenarios().into_iter().filter(|s| s.changes_config) {
        let new = edited(&scenario);
        let sandbox = prepared(&scenario);
        let output = awsprof(&sandbox, scenario.args, Some("rename:config=EIO"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{}", scenario.name);
        let credentials = sandbox.credentials();
        assert!(
            stderr.contains(&format!(
                "cannot write {}: Input/output error (os error 5); {} was changed already, \
                 and the next awsprof command (any command) completes the edit",
                sandbox.config().display(),
                credentials.display()
            )),
            "{}: {stderr}",
            scenario.name
        );
        assert!(!stderr.contains("unchanged"), "{stderr}");
        assert!(
            awsprof(&sandbox, &["list", "--names"], None)
                .status
                .success()
        );
        assert_eq!(state(&sandbox), new, "{}", scenario.name);
        assert_eq!(leftovers(&sandbox, "awsprof-journal"), Vec::<String>::new());
    }
    // After rename's second rename failed, renaming back works.
    let scenario = &scenarios()[0];
    let sandbox = prepared(scenario);
    awsprof(&sandbox, scenario.args, Some("rename:config=EIO"));
    let back = awsprof(&sandbox, &["rename", "new", "old"], None);
    assert!(
        back.status.success(),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    assert_eq!(
        state(&sandbox),
        (scenario.credentials.clone(), scenario.config.clone())
    );
}

/// A journal names the temporary files by name only, beside files given by absolute
/// path, so a run from another folder, or through another path, settles it too.
#[test]
fn a_crashed_edit_is_settled_through_another_path() {
    let scenario = &scenarios()[0];
    let new = edited(scenario);
    let sandbox = prepared(scenario);
    // The step after both journals are in place: the first rename.
    let mut step = 1;
    loop {
        restore(&sandbox, scenario);
        awsprof(&sandbox, scenario.args, Some(&format!("crash@{step}")));
        if !leftovers(&sandbox, "awsprof-journal").is_empty()
            && state(&sandbox).0 != scenario.credentials
        {
            break;
        }
        for journal in leftovers(&sandbox, "awsprof-journal") {
            fs::remove_file(sandbox.home().join(".aws").join(journal)).unwrap();
        }
        step += 1;
        assert!(step < MOST_STEPS, "no step leaves a half-renamed edit");
    }
    std::os::unix::fs::symlink(".aws", sandbox.home().join("linked")).unwrap();
    let linked = |name: &str| sandbox.home().join("linked").join(name);
    let output = command(&sandbox, &["list", "--names"])
        .env("AWS_CONFIG_FILE", linked("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", linked("credentials"))
        .current_dir(Path::new("/"))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(state(&sandbox), new);
}
