//! Files that are not what they seem, through the real binary: devices, FIFOs, sockets and
//! folders where the files should be, planted links at the lock files, one file reached
//! through two paths, files too large to read, settings that are not UTF-8, and the
//! errors of failed writes. Nothing here may hang (every run has a deadline), follow a
//! link, or replace what is not a regular file.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use common::{KEY_ID, SECRET, Sandbox};
use predicates::prelude::*;

/// Longer than any command takes; a run past it hangs.
const DEADLINE: Duration = Duration::from_secs(60);

/// `awsprof` in the sandbox with the two files at the given paths, killed at the deadline.
fn awsprof(sandbox: &Sandbox, credentials: &Path, config: &Path) -> assert_cmd::Command {
    let mut cmd = sandbox.cmd();
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", credentials)
        .env("AWS_CONFIG_FILE", config)
        .timeout(DEADLINE);
    cmd
}

/// A character device of the sandbox's own, like /dev/null (made as root); elsewhere
/// /dev/null itself, which an ordinary user cannot replace anyway.
fn char_device(sandbox: &Sandbox, name: &str) -> PathBuf {
    let path = sandbox.home().join(name);
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid C string; makedev(1, 3) is the null device.
    let made = unsafe { libc::mknod(c_path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    if made == 0 {
        path
    } else {
        PathBuf::from("/dev/null")
    }
}

fn is_char_device(path: &Path) -> bool {
    fs::metadata(path).unwrap().file_type().is_char_device()
}

#[test]
fn a_character_device_reads_as_empty_and_is_never_written() {
    let sandbox = Sandbox::new();
    let device = char_device(&sandbox, "null");
    sandbox.write_config("[profile c]\nregion = eu-west-1\n");
    let config = sandbox.config();
    awsprof(&sandbox, &device, &config)
        .args(["list", "--names"])
        .assert()
        .success()
        .stdout("c\n");
    awsprof(&sandbox, &device, &config)
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
        .code(1)
        .stderr(predicate::str::contains("is a character device"))
        .stderr(predicate::str::contains("nothing was changed"));
    assert!(is_char_device(&device), "the device was replaced");
    assert_eq!(sandbox.read_config(), "[profile c]\nregion = eu-west-1\n");
    // An edit of the other file alone works: the device is only read.
    awsprof(&sandbox, &device, &config)
        .args(["set", "c", "output", "json"])
        .assert()
        .success();
    assert!(is_char_device(&device));
    let leftovers: Vec<_> = fs::read_dir(device.parent().unwrap())
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            name.contains(".null.awsprof").then_some(name)
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "files made beside the device: {leftovers:?}"
    );
}

#[test]
fn a_fifo_is_an_error_at_once_for_every_reader() {
    let sandbox = Sandbox::new();
    sandbox.write_config("");
    let fifo = sandbox.home().join("fifo");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    for args in [
        &["list"][..],
        &["list", "--names"],
        &["which"],
        &["doctor"],
        &["show", "a"],
        &["set", "a", "region", "eu-west-1"],
    ] {
        let output = awsprof(&sandbox, &fifo, &sandbox.config())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        // doctor reports on stdout, the others on stderr.
        let said = String::from_utf8_lossy(&[output.stdout, output.stderr].concat()).into_owned();
        assert!(
            said.contains("is a FIFO (named pipe), not a regular file"),
            "{args:?}: {said}"
        );
    }
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A pipe the shell hands over as a descriptor is no file in a folder: it is read.
    let output = StdCommand::new("bash")
        .arg("-c")
        .arg(format!(
            "AWS_CONFIG_FILE=<(printf '[profile piped]\\nregion = x\\n') '{}' list --json",
            assert_cmd::cargo::cargo_bin("awsprof").display()
        ))
        .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials())
        .env("HOME", sandbox.home())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"piped\""));
}

#[test]
fn a_socket_or_a_folder_is_an_error() {
    let sandbox = Sandbox::new();
    let socket = sandbox.home().join("socket");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let folder = sandbox.home().join("folder");
    fs::create_dir(&folder).unwrap();
    for (path, kind) in [(&socket, "is a socket"), (&folder, "is a directory")] {
        for args in [
            &["list"][..],
            &["list", "--names"],
            &["add", "a", "--access-key-id", KEY_ID],
        ] {
            awsprof(&sandbox, path, &sandbox.config())
                .args(args)
                .write_stdin(SECRET)
                .assert()
                .code(1)
                .stderr(predicate::str::contains(kind));
        }
    }
    assert!(fs::metadata(&socket).unwrap().file_type().is_socket());
    assert!(fs::metadata(&folder).unwrap().is_dir());
}

#[test]
fn a_symlinked_lock_file_is_refused_and_never_followed() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("");
    let victim = sandbox.home().join("victim");
    fs::write(&victim, "precious\n").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
    let lock = sandbox.home().join(".aws/.credentials.awsprof-lock");
    symlink(&victim, &lock).unwrap();
    sandbox
        .add("a", &[])
        .code(1)
        .stderr(predicate::str::contains("is a symbolic link"));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(
        fs::metadata(&victim).unwrap().permissions().mode() & 0o777,
        0o644
    );
    assert_eq!(sandbox.read_credentials(), "");

    // A dangling link: its target is not created.
    fs::remove_file(&lock).unwrap();
    let target = sandbox.home().join("created-by-awsprof");
    symlink(&target, sandbox.home().join(".aws/.config.awsprof-lock")).unwrap();
    sandbox
        .add("a", &["--region", "eu-west-1"])
        .code(1)
        .stderr(predicate::str::contains("is a symbolic link"));
    assert!(!target.exists());
    assert_eq!(sandbox.read_credentials(), "");
}

#[test]
fn one_file_through_two_paths_is_one_file() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("[a]\naws_access_key_id = A\naws_secret_access_key = s\n");
    symlink(".aws", sandbox.home().join("link")).unwrap();
    let other_path = sandbox.home().join("link/credentials");
    awsprof(&sandbox, &sandbox.credentials(), &other_path)
        .args(["set", "a", "region", "eu-west-1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("are the same file"));
}

/// Two sets of processes reach the same two files through different paths, whose order as
/// strings is the reverse of each other: none may wait forever on a lock the other holds.
#[test]
fn processes_using_different_paths_never_deadlock() {
    let sandbox = Sandbox::new();
    let (first, second) = (sandbox.home().join("a"), sandbox.home().join("b"));
    fs::create_dir(&first).unwrap();
    fs::create_dir(&second).unwrap();
    symlink("a", sandbox.home().join("z")).unwrap();
    fs::write(
        first.join("credentials"),
        "[p]\naws_access_key_id = A\naws_secret_access_key = s\n",
    )
    .unwrap();
    fs::write(second.join("config"), "[profile p]\nregion = eu-west-1\n").unwrap();
    let paths = [
        (first.join("credentials"), second.join("config")),
        (sandbox.home().join("z/credentials"), second.join("config")),
    ];
    let children: Vec<_> = (0..120)
        .map(|i| {
            let (credentials, config) = &paths[i % 2];
            StdCommand::new(assert_cmd::cargo::cargo_bin("awsprof"))
                .args(["set", "p", "region", ["eu-west-1", "us-east-2"][i / 2 % 2]])
                .env("HOME", sandbox.home())
                .env("AWS_SHARED_CREDENTIALS_FILE", credentials)
                .env("AWS_CONFIG_FILE", config)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let started = Instant::now();
    let mut hung = 0;
    for mut child in children {
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success());
                break;
            }
            if started.elapsed() > DEADLINE {
                child.kill().unwrap();
                child.wait().unwrap();
                hung += 1;
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    assert_eq!(hung, 0, "{hung} processes deadlocked");
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let sandbox = Sandbox::new();
    sandbox.write_config("");
    let huge = sandbox.home().join("huge");
    // Sparse: 5 GiB of zeros that take no disk.
    fs::File::create(&huge).unwrap().set_len(5 << 30).unwrap();
    limited(&sandbox, &huge)
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is larger than 4 GiB"));
    // /dev/zero is endless: as a character device, it reads as empty.
    limited(&sandbox, Path::new("/dev/zero"))
        .args(["list", "--names"])
        .assert()
        .success()
        .stdout("");
}

/// `awsprof` with `credentials` and an address space capped at 1 GiB, so that reading a
/// huge file to its end fails.
fn limited(sandbox: &Sandbox, credentials: &Path) -> assert_cmd::Command {
    use std::os::unix::process::CommandExt;
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("awsprof"));
    cmd.env_clear()
        .env("HOME", sandbox.home())
        .env("AWS_SHARED_CREDENTIALS_FILE", credentials)
        .env("AWS_CONFIG_FILE", sandbox.config());
    let limit = libc::rlimit {
        rlim_cur: 1 << 30,
        rlim_max: 1 << 30,
    };
    // SAFETY: setrlimit is async-signal-safe and changes only the child.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let mut cmd = assert_cmd::Command::from_std(cmd);
    cmd.timeout(DEADLINE);
    cmd
}

#[test]
fn rename_with_repeated_source_profile_keys_ends() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("[old]\naws_access_key_id = A\naws_secret_access_key = s\n");
    sandbox.write_config(
        "[profile old]\nregion = eu-west-1\n[profile r]\nrole_arn = arn:aws:iam::1:role/x\n\
         source_profile = old\nSource_Profile = old\nSOURCE_PROFILE = other\n",
    );
    awsprof(&sandbox, &sandbox.credentials(), &sandbox.config())
        .args(["rename", "old", "new"])
        .assert()
        .success()
        .stdout("Renamed profile \"old\" to \"new\"; 2 source_profile settings now name it.\n");
    assert_eq!(
        sandbox.read_config(),
        "[profile new]\nregion = eu-west-1\n[profile r]\nrole_arn = arn:aws:iam::1:role/x\n\
         source_profile = new\nSource_Profile = new\nSOURCE_PROFILE = other\n"
    );
}

#[test]
fn settings_that_are_not_utf8_are_an_error() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("[a]\naws_access_key_id = A\naws_secret_access_key = s\n");
    let not_utf8 = OsStr::from_bytes(b"/tmp/caf\xe9");
    for variable in [
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
        "AWS_PROFILE",
        "HOME",
    ] {
        sandbox
            .cmd()
            .env(variable, not_utf8)
            .arg("list")
            .timeout(DEADLINE)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "{variable} is not valid UTF-8"
            )));
    }
}

/// The test-only fault seam of debug builds: an OS error at one step of a write.
const FAULT: &str = "AWSPROF_TEST_FAULT";

#[test]
fn an_io_error_names_its_cause_once() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("");
    let output = sandbox
        .cmd()
        .env(FAULT, "write:credentials=EIO")
        .args(["add", "a", "--access-key-id", KEY_ID])
        .write_stdin(SECRET)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("os error 5").count(), 1, "{stderr}");
    assert!(stderr.contains("(the file is unchanged)"), "{stderr}");
    assert_eq!(sandbox.read_credentials(), "");

    let output = sandbox
        .cmd()
        .env(FAULT, "read:credentials=EACCES")
        .arg("list")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("os error 13").count(), 1, "{stderr}");
}

#[test]
fn a_failed_folder_sync_does_not_claim_the_file_is_unchanged() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("");
    sandbox
        .cmd()
        .env(FAULT, "sync-dir:credentials=EIO")
        .args(["add", "a", "--access-key-id", KEY_ID])
        .write_stdin(SECRET)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unchanged").not())
        .stderr(predicate::str::contains(format!(
            "{} changed, but saving the change to disk failed",
            sandbox.credentials().display()
        )));
    assert!(sandbox.read_credentials().contains("[a]"));
}

#[test]
fn doctor_reports_files_left_by_an_interrupted_write() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("");
    let temp = sandbox
        .home()
        .join(".aws/.credentials.awsprof-tmp.123.456.0");
    fs::write(&temp, "[a]\naws_secret_access_key = s\n").unwrap();
    let output = sandbox.cmd().args(["doctor", "--json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|finding| finding["level"] == "warning"
            && finding["file"] == temp.display().to_string()
            && finding["message"].as_str().unwrap().contains("interrupted")),
        "{report:#}"
    );
    // The next write removes it.
    sandbox.add("a", &[]).success();
    assert!(!temp.exists());

    // A journal that awsprof did not write stops every command, and doctor says why.
    let journal = sandbox.home().join(".aws/.config.awsprof-journal");
    fs::write(&journal, "not a journal").unwrap();
    sandbox
        .cmd()
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("awsprof did not write it"));
    let output = sandbox.cmd().args(["doctor", "--json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|finding| finding["level"] == "error"
            && finding["message"]
                .as_str()
                .unwrap()
                .contains(".config.awsprof-journal")),
        "{report:#}"
    );
}

/// Makes a FIFO at `path` (and its folder).
fn mkfifo(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
}

#[test]
fn a_fifo_in_the_sso_token_cache_blocks_no_command() {
    let sandbox = Sandbox::new();
    sandbox.write_config(
        "[profile s]\nsso_session = dev\nsso_account_id = 111122223333\nsso_role_name = R\n\
         [sso-session dev]\nsso_region = us-east-1\nsso_start_url = https://example.awsapps.com/start\n",
    );
    let token = sandbox
        .home()
        .join(".aws/sso/cache")
        .join(format!("{}.json", awsprof::aws::cache::sha1_hex(b"dev")));
    mkfifo(&token);
    for args in [
        &["list"][..],
        &["which", "s"],
        &["export", "s"],
        &["logout", "s"],
    ] {
        let output = sandbox
            .cmd()
            .args(args)
            // Nothing may be called; were it, only a closed local port answers.
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
            .timeout(DEADLINE)
            .output()
            .unwrap();
        assert!(output.status.code().is_some(), "{args:?} hung");
    }
}

#[test]
fn a_fifo_in_the_cli_cache_blocks_no_export() {
    let sandbox = Sandbox::new();
    let role = "arn:aws:iam::123456789012:role/r";
    sandbox.write_config(&format!(
        "[profile r]\nrole_arn = {role}\nsource_profile = k\n"
    ));
    sandbox.write_credentials(&format!(
        "[k]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
    ));
    let mut args = serde_json::Map::new();
    args.insert("RoleArn".into(), role.into());
    let entry = sandbox.home().join(".aws/cli/cache").join(format!(
        "{}.json",
        awsprof::aws::cache::assume_role_key(&args)
    ));
    mkfifo(&entry);
    let output = sandbox
        .cmd()
        .args(["export", "r"])
        // The cache misses, so STS is called: only a closed local port answers.
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
        .timeout(DEADLINE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(fs::symlink_metadata(&entry).unwrap().file_type().is_fifo());
}

/// A device (`/dev/zero`) or a huge file planted in the AWS CLI's caches
/// (`~/.aws/sso/cache`, `~/.aws/cli/cache`) is no cache entry: it is never read to
/// exhaustion (a cache file is at most 1 MiB), so `which`, `list`, `export` and `logout`
/// finish without filling memory. The only network address is a closed port on 127.0.0.1.
#[test]
fn devices_and_huge_files_in_the_aws_cli_caches_never_fill_memory() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials(&format!(
        "[keys]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
    ));
    sandbox.write_config(
        "[profile sso]\nsso_session = dev\nsso_account_id = 111111111111\nsso_role_name = admin\n\
         region = us-east-1\n\n[sso-session dev]\nsso_start_url = https://d-abc123.awsapps.com/start\n\
         sso_region = us-east-1\n\n[profile role]\nrole_arn = arn:aws:iam::123456789012:role/admin\n\
         source_profile = keys\nregion = us-east-1\n",
    );
    let sso_cache = sandbox.home().join(".aws/sso/cache");
    let cli_cache = sandbox.home().join(".aws/cli/cache");
    fs::create_dir_all(&sso_cache).unwrap();
    fs::create_dir_all(&cli_cache).unwrap();
    // sha1 of "dev", and botocore's cache key of the role (see src/aws/cache.rs).
    let token = sso_cache.join("34c6fceca75e456f25e7e99531e2425c6c1de443.json");
    let role_entry = cli_cache.join("85df843ebbf3964c64e26d66d796d302b1a7a5ff.json");
    let run = |args: &[&str]| {
        awsprof(&sandbox, &sandbox.credentials(), &sandbox.config())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
            .args(args)
            .output()
            .unwrap()
    };
    let planted = |path: &Path, how: &str| {
        let _ = fs::remove_file(path);
        if how == "device" {
            symlink("/dev/zero", path).unwrap();
        } else {
            fs::File::create(path).unwrap().set_len(3 << 30).unwrap();
        }
    };
    for how in ["device", "huge"] {
        planted(&token, how);
        planted(&role_entry, how);
        for args in [&["which", "--profile", "sso"][..], &["list"]] {
            let output = run(args);
            assert_eq!(output.status.code(), Some(0), "{how} {args:?}");
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            assert!(stdout.contains("unreadable"), "{how} {args:?}: {stdout}");
        }
        let output = run(&["export", "sso"]);
        assert_eq!(output.status.code(), Some(1), "{how}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("awsprof login sso"), "{how}: {stderr}");
        // The role's cache entry is skipped: STS is asked (and cannot be reached).
        let output = run(&["export", "role"]);
        assert_eq!(output.status.code(), Some(1), "{how}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("cannot reach http://127.0.0.1:1/"),
            "{how}: {stderr}"
        );
        assert_eq!(run(&["logout", "sso"]).status.code(), Some(0), "{how}");
    }
}

/// Root running awsprof on another user's files: that user plants a journal naming, beside
/// their own config, a file of root's in a sticky folder they may write to (`/tmp`), with
/// their "temporary file" and a copy of the journal there. Settling it would rename their
/// file over root's. It is refused: a temporary file belongs to its target's owner or to
/// the user running awsprof. (Needs root, to give files away; skipped otherwise.)
#[test]
fn a_planted_journal_cannot_replace_another_users_file_in_a_sticky_folder() {
    use std::os::unix::fs::chown;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root");
        return;
    }
    let sandbox = Sandbox::new();
    let other = 65534; // nobody
    let aws = sandbox.home().join("user/.aws");
    fs::create_dir_all(&aws).unwrap();
    let sticky = sandbox.home().join("tmp");
    fs::create_dir(&sticky).unwrap();
    fs::set_permissions(&sticky, fs::Permissions::from_mode(0o1777)).unwrap();
    let victim = sticky.join("victim");
    fs::write(&victim, "root's own\n").unwrap();
    let config = aws.join("config");
    let credentials = aws.join("credentials");
    fs::write(&config, "[profile a]\nregion = eu-west-1\n").unwrap();
    fs::write(&credentials, "").unwrap();
    let mut journal = b"awsprof journal 1\n".to_vec();
    for (target, temp) in [
        (&config, ".config.awsprof-tmp.1"),
        (&victim, ".victim.awsprof-tmp.1"),
    ] {
        journal.extend_from_slice(target.as_os_str().as_bytes());
        journal.push(0);
        journal.extend_from_slice(temp.as_bytes());
        journal.extend_from_slice(b"\0\n");
    }
    journal.extend_from_slice(b"end\n");
    for (path, contents) in [
        (aws.join(".config.awsprof-journal"), &journal[..]),
        (sticky.join(".victim.awsprof-journal"), &journal[..]),
        (aws.join(".config.awsprof-tmp.1"), b"[profile a]\n"),
        (sticky.join(".victim.awsprof-tmp.1"), b"the other user's\n"),
    ] {
        fs::write(&path, contents).unwrap();
        chown(&path, Some(other), Some(other)).unwrap();
    }
    for path in [&aws, &config, &credentials] {
        chown(path, Some(other), Some(other)).unwrap();
    }
    let output = awsprof(&sandbox, &credentials, &config)
        .args(["list", "--names"])
        .output()
        .unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "root's own\n");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("awsprof did not write it"), "{stderr}");
}

/// In a cache folder others can write to (`chmod -R a+rwX ~/.aws`, a shared home), an
/// entry another user planted under the key of a role would hand their credentials to the
/// next `export` or `exec`, which would then act in their account. An entry that any user
/// may write is not used (nor, for an ordinary user, one of another owner: see
/// `may_be_trusted`): the credentials are fetched anew (here from a closed port on
/// 127.0.0.1, so the run fails instead of using the entry).
#[test]
fn a_cache_entry_others_could_have_written_is_not_used() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials(&format!(
        "[keys]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
    ));
    sandbox.write_config(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = keys\n",
    );
    let cli_cache = sandbox.home().join(".aws/cli/cache");
    fs::create_dir_all(&cli_cache).unwrap();
    // botocore's cache key of the role (see src/aws/cache.rs).
    let entry = cli_cache.join("85df843ebbf3964c64e26d66d796d302b1a7a5ff.json");
    fs::write(
        &entry,
        r#"{"Credentials": {"AccessKeyId": "ASIAPLANTEDBYOTHERS", "SecretAccessKey": "theirs",
            "SessionToken": "theirs", "Expiration": "2099-01-01T00:00:00UTC"}}"#,
    )
    .unwrap();
    let export = || {
        awsprof(&sandbox, &sandbox.credentials(), &sandbox.config())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
            .args(["export", "role"])
            .output()
            .unwrap()
    };
    fs::set_permissions(&entry, fs::Permissions::from_mode(0o600)).unwrap();
    let output = export();
    assert!(output.status.success(), "the user's own entry is used");
    assert!(String::from_utf8_lossy(&output.stdout).contains("ASIAPLANTEDBYOTHERS"));
    for mode in [0o602, 0o666] {
        fs::set_permissions(&entry, fs::Permissions::from_mode(mode)).unwrap();
        let output = export();
        assert_eq!(output.status.code(), Some(1), "mode {mode:o}");
        assert!(output.stdout.is_empty(), "mode {mode:o}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("cannot reach http://127.0.0.1:1/"),
            "{stderr}"
        );
    }
}
