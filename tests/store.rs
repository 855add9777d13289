//! The store's promises, through the real binary: symlinks, modes, byte preservation,
//! refusing unparseable files, no lost update under concurrency, and atomicity under kill.

mod common;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::time::Duration;

use common::{KEY_ID, SECRET, Sandbox};
use predicates::prelude::*;

fn mode(path: &std::path::Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn new_files_are_private_and_aws_dir_is_0700() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .args([
            "add",
            "a",
            "--access-key-id",
            KEY_ID,
            "--region",
            "eu-west-1",
        ])
        .write_stdin(SECRET)
        .assert()
        .success();
    assert_eq!(mode(&sandbox.home().join(".aws")), 0o700);
    assert_eq!(mode(&sandbox.credentials()), 0o600);
    assert_eq!(mode(&sandbox.config()), 0o600);
}

#[test]
fn existing_mode_is_kept_and_readable_credentials_warn() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("[x]\naws_access_key_id = A\naws_secret_access_key = s\n");
    fs::set_permissions(sandbox.credentials(), fs::Permissions::from_mode(0o644)).unwrap();
    sandbox
        .add("a", &[])
        .success()
        .stderr(predicate::str::contains(
            "readable by group or others (mode 0644); run: chmod 600",
        ));
    assert_eq!(mode(&sandbox.credentials()), 0o644);
}

#[test]
fn symlinked_file_stays_a_symlink() {
    let sandbox = Sandbox::new();
    let dotfiles = sandbox.home().join("dotfiles");
    fs::create_dir_all(&dotfiles).unwrap();
    fs::create_dir_all(sandbox.home().join(".aws")).unwrap();
    fs::write(dotfiles.join("credentials"), "# mine\n").unwrap();
    fs::set_permissions(
        dotfiles.join("credentials"),
        fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    symlink("../dotfiles/credentials", sandbox.credentials()).unwrap();
    sandbox.add("a", &[]).success();
    assert!(
        fs::symlink_metadata(sandbox.credentials())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let target = fs::read_to_string(dotfiles.join("credentials")).unwrap();
    assert!(target.starts_with("# mine\n\n[a]\n"), "{target}");
    // A dangling link is followed too: the file is created where it points.
    fs::remove_file(dotfiles.join("credentials")).unwrap();
    sandbox.add("b", &[]).success();
    assert!(
        fs::symlink_metadata(sandbox.credentials())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(dotfiles.join("credentials"))
            .unwrap()
            .starts_with("[b]\n")
    );
}

#[test]
fn bom_and_crlf_survive_add_and_remove() {
    let sandbox = Sandbox::new();
    let original = "\u{feff}; team file\r\n[a]\r\nk = v\r\n";
    sandbox.write_credentials(original);
    sandbox.add("b", &[]).success();
    let after_add = sandbox.read_credentials();
    assert_eq!(
        after_add,
        format!(
            "{original}\r\n[b]\r\naws_access_key_id = {KEY_ID}\r\naws_secret_access_key = {SECRET}\r\n"
        )
    );
    sandbox.run(&["remove", "b"]).success();
    assert_eq!(sandbox.read_credentials(), original);
}

#[test]
fn unparseable_file_is_never_written_and_the_error_points_at_the_line() {
    let sandbox = Sandbox::new();
    let broken = "[default]\nregion = eu-west-1\nregion: us-east-1\n";
    sandbox.write_config(broken);
    sandbox
        .add("a", &["--region", "eu-west-1"])
        .code(1)
        .stderr(predicate::str::contains(
            "Expected an '=' sign defining a property",
        ))
        .stderr(predicate::str::contains(format!(
            "{}:3:1",
            sandbox.config().display()
        )))
        .stderr(predicate::str::contains("3 | region: us-east-1"));
    assert_eq!(sandbox.read_config(), broken);
    assert!(!sandbox.credentials().exists());
    sandbox
        .cmd()
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("awsprof: error: "));
}

#[test]
fn non_utf8_file_is_an_error_naming_it_and_is_left_alone() {
    let sandbox = Sandbox::new();
    let latin1 = b"[a]\n# caf\xe9\n";
    fs::create_dir_all(sandbox.home().join(".aws")).unwrap();
    fs::write(sandbox.credentials(), latin1).unwrap();
    sandbox
        .add("b", &[])
        .code(1)
        .stderr(predicate::str::contains("is not valid UTF-8 (line 2)"));
    assert_eq!(fs::read(sandbox.credentials()).unwrap(), latin1);
}

#[test]
fn fifty_concurrent_adds_lose_nothing() {
    let sandbox = Sandbox::new();
    let header = "# Team credentials. Do not edit by hand.\n[existing]\naws_access_key_id = AKIAEXISTING00000000\naws_secret_access_key = s\n";
    sandbox.write_credentials(header);
    sandbox.write_config("; config comment\n[default]\nregion = eu-west-1\n");
    let children: Vec<_> = (0..50)
        .map(|i| sandbox.spawn_add(&format!("p{i}"), &["--region", "us-east-2"]))
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let credentials = sandbox.read_credentials();
    let config = sandbox.read_config();
    assert!(credentials.starts_with(header));
    assert!(config.starts_with("; config comment\n[default]\nregion = eu-west-1\n"));
    let names: Vec<String> = (0..50).map(|i| format!("p{i}")).collect();
    for name in &names {
        assert_eq!(
            credentials.matches(&format!("\n[{name}]\n")).count(),
            1,
            "{name}"
        );
        assert_eq!(
            config.matches(&format!("\n[profile {name}]\n")).count(),
            1,
            "{name}"
        );
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let seen = sandbox.botocore(&refs);
    for name in &names {
        assert_eq!(seen[name]["access_key"], KEY_ID);
        assert_eq!(seen[name]["region"], "us-east-2");
    }
}

/// Kills writers at many moments of their run: each time the file must be exactly the old
/// or exactly the new text, and the next complete write leaves no temporary file behind.
#[test]
fn killed_writers_leave_old_or_new_file() {
    let sandbox = Sandbox::new();
    let mut big = String::from("# large file so that writes take a while\n");
    for i in 0..5_000 {
        big.push_str(&format!(
            "[seed{i}]\naws_access_key_id = AKIASEED{i:012}\naws_secret_access_key = {SECRET}\n"
        ));
    }
    sandbox.write_credentials(&big);
    // One uninterrupted write measures how long a run takes, so that the kills below
    // spread over all of it (start-up, parsing, writing, renaming).
    let started = std::time::Instant::now();
    sandbox.add("measure", &[]).success();
    let run_micros = started.elapsed().as_micros() as u64 + 1;
    let (mut old_seen, mut new_seen) = (0, 0);
    for attempt in 0..40u64 {
        let before = sandbox.read_credentials();
        let name = format!("k{attempt}");
        let mut child = sandbox.spawn_add(&name, &[]);
        std::thread::sleep(Duration::from_micros(run_micros * attempt / 32));
        let _ = child.kill();
        child.wait().unwrap();
        let after = sandbox.read_credentials();
        let added =
            format!("\n[{name}]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n");
        if after == before {
            old_seen += 1;
        } else {
            assert_eq!(
                after,
                format!("{before}{added}"),
                "torn file after kill {attempt}"
            );
            new_seen += 1;
        }
    }
    eprintln!("killed writers: {old_seen} left the old file, {new_seen} the new one");
    sandbox.add("final", &[]).success();
    let strays: Vec<_> = fs::read_dir(sandbox.home().join(".aws"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("awsprof-tmp"))
        .collect();
    assert!(strays.is_empty(), "stray temporary files: {strays:?}");
}

/// An edit that finds the lock held says what it waits for, then finishes once the lock
/// is free (a stopped awsprof, or any other holder, no longer looks like a hang).
#[test]
fn a_held_lock_is_waited_for_and_said() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    let sandbox = Sandbox::new();
    sandbox.write_config("[profile a]\nregion = eu-west-1\n");
    let lock = sandbox.home().join(".aws/.config.awsprof-lock");
    // A holder that locks the file as awsprof does (flock), says so, and lets go when its
    // stdin closes, or after a minute at the latest (so a silent wait fails, not hangs).
    let mut holder = Command::new("python3")
        .args([
            "-c",
            "import fcntl, signal, sys; signal.alarm(60); f = open(sys.argv[1], 'a'); \
             fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.read()",
        ])
        .arg(&lock)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(holder.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "locked\n");
    let mut edit = Command::new(assert_cmd::cargo::cargo_bin("awsprof"))
        .env("HOME", sandbox.home())
        .env("AWS_CONFIG_FILE", sandbox.config())
        .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials())
        .args(["set", "a", "region", "us-east-1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(edit.stderr.take().unwrap());
    let mut said = String::new();
    stderr.read_line(&mut said).unwrap();
    assert!(said.contains("hint: waiting for"), "{said}");
    assert!(said.contains(".config.awsprof-lock"), "{said}");
    holder.stdin.take().unwrap().write_all(b"").unwrap();
    holder.wait().unwrap();
    assert!(edit.wait().unwrap().success());
    assert!(sandbox.read_config().contains("region = us-east-1"));
}
