//! Shared test helpers: a sandbox with its own HOME and files, never the real ~/.aws.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use serde_json::Value;

pub mod moto;

/// Environment variables that would change what awsprof or botocore read.
const AWS_VARS: [&str; 14] = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "BOTO_CONFIG",
    "NO_COLOR",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
];

/// What a finished command printed on stdout, as text.
pub fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

/// The JSON a command printed on stdout, after checking that it succeeded (its stderr is
/// shown when it did not).
pub fn json_of_success(output: &std::process::Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A temporary HOME with `.aws/config` and `.aws/credentials` paths inside it.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    pub fn config(&self) -> PathBuf {
        self.home().join(".aws/config")
    }

    pub fn credentials(&self) -> PathBuf {
        self.home().join(".aws/credentials")
    }

    /// Writes the config file (creating ~/.aws).
    pub fn write_config(&self, text: &str) {
        fs::create_dir_all(self.home().join(".aws")).unwrap();
        fs::write(self.config(), text).unwrap();
    }

    /// Writes the credentials file (creating ~/.aws).
    pub fn write_credentials(&self, text: &str) {
        fs::create_dir_all(self.home().join(".aws")).unwrap();
        fs::write(self.credentials(), text).unwrap();
    }

    pub fn read_config(&self) -> String {
        fs::read_to_string(self.config()).unwrap()
    }

    pub fn read_credentials(&self) -> String {
        fs::read_to_string(self.credentials()).unwrap()
    }

    /// `awsprof` with this sandbox's HOME and files and no AWS variables from the outside.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("awsprof").unwrap();
        for var in AWS_VARS {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.home())
            .env("AWS_CONFIG_FILE", self.config())
            .env("AWS_SHARED_CREDENTIALS_FILE", self.credentials());
        cmd
    }

    /// Runs awsprof with these arguments (no stdin) and returns the assertion.
    pub fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd().args(args).assert()
    }

    /// `awsprof add NAME` with the test key id and secret (on stdin), plus `extra` options.
    pub fn add(&self, name: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd()
            .args(["add", name, "--access-key-id", KEY_ID])
            .args(extra)
            .write_stdin(SECRET)
            .assert()
    }

    /// Runs awsprof, expects exit 1 with `message` on stderr and nothing on stdout.
    pub fn fails(&self, args: &[&str], message: &str) {
        self.cmd()
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicates::str::contains(message));
    }

    /// `awsprof add NAME` as a child process of its own (stdin written, output discarded
    /// but stderr kept), for tests that run many at once or kill them.
    pub fn spawn_add(&self, name: &str, extra: &[&str]) -> std::process::Child {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("awsprof"))
            .args(["add", name, "--access-key-id", KEY_ID])
            .args(extra)
            .env("AWS_CONFIG_FILE", self.config())
            .env("AWS_SHARED_CREDENTIALS_FILE", self.credentials())
            .env("HOME", self.home())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(SECRET.as_bytes())
            .unwrap();
        child
    }

    /// What botocore (the AWS CLI's engine) resolves for each profile, in this sandbox.
    pub fn botocore(&self, profiles: &[&str]) -> Value {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_read.py");
        let mut cmd = StdCommand::new("python3");
        for var in AWS_VARS {
            cmd.env_remove(var);
        }
        let output = cmd
            .arg(script)
            .args(profiles)
            .env("HOME", self.home())
            .env("AWS_CONFIG_FILE", self.config())
            .env("AWS_SHARED_CREDENTIALS_FILE", self.credentials())
            // Never let botocore reach for the EC2 metadata service.
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .expect("python3 with botocore is needed (pip install botocore)");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("No module named 'botocore'"),
            "these tests need botocore for python3 (pip install botocore, or run .ci/run)"
        );
        assert!(
            output.status.success(),
            "botocore could not read the files: {stderr}"
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }
}

/// Runs a script of `tests/support/` with python3 (botocore must be installed), writes
/// `input` to its stdin as JSON and returns the JSON list it prints. `command` may add
/// environment to the child first.
pub fn python_json(
    script: &str,
    input: &Value,
    command: impl FnOnce(&mut StdCommand) -> &mut StdCommand,
) -> Vec<Value> {
    use std::io::Write;
    use std::process::Stdio;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(script);
    let mut python = StdCommand::new("python3");
    python.arg(path);
    let mut child = command(&mut python)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 with botocore is needed (pip install botocore)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The secret used throughout the tests (AWS's documentation example).
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The key id used throughout the tests.
pub const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
