//! `awsprof list`: empty setups, the table, `--names`, `--json`, warnings and pipes.

mod common;

use common::{Sandbox, stdout};
use predicates::prelude::*;

const CONFIG: &str = "# work accounts\r\n[default]\r\nregion = eu-west-1\r\n\r\n[profile admin]\r\nrole_arn = arn:aws:iam::123456789012:role/Admin\r\nsource_profile = hyde\r\n\r\n[sso-session corp]\r\nsso_start_url = https://corp.awsapps.com/start\r\nsso_region = eu-west-1\r\n\r\n[profile dev]\r\nsso_session = corp\r\nsso_account_id = 111122223333\r\nsso_role_name = Dev\r\ns3 =\r\n  max_concurrent_requests = 10\r\n\r\n[profile tool]\r\ncredential_process = /usr/bin/fetch-creds\r\n\r\n[stray]\r\nregion = us-east-1\r\n";
const CREDENTIALS: &str = "[hyde]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n\n[default]\naws_access_key_id = AKIADEFAULT000000000\naws_secret_access_key = s\n\n[temp]\naws_access_key_id = ASIATEMP000000000000\naws_secret_access_key = s\naws_session_token = t\n";

#[test]
fn no_aws_folder_says_how_to_add_one() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("No profiles in"))
        .stdout(predicate::str::contains("awsprof add NAME"));
    assert!(!sandbox.home().join(".aws").exists());
    sandbox.run(&["list", "--names"]).success().stdout("");
    sandbox.run(&["list", "--json"]).success().stdout("[]\n");
}

#[test]
fn table_marks_the_active_profile_and_masks_keys() {
    let sandbox = Sandbox::new();
    sandbox.write_config(CONFIG);
    sandbox.write_credentials(CREDENTIALS);
    let expected = concat!(
        "    NAME     KIND     REGION     ACCESS KEY            FILES                SSO TOKEN\n",
        "    admin    role     -          -                     config               -\n",
        " *  default  static   eu-west-1  ****************0000  config, credentials  -\n",
        "    dev      sso      -          -                     config               not signed in\n",
        "    hyde     static   -          ****************MPLE  credentials          -\n",
        "    temp     session  -          ****************0000  credentials          -\n",
        "    tool     process  -          -                     config               -\n",
    );
    sandbox
        .cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(expected)
        .stderr(predicate::str::contains(
            "config:23: section [stray] is ignored",
        ));
}

#[test]
fn aws_profile_moves_the_marker_and_names_are_plain() {
    let sandbox = Sandbox::new();
    sandbox.write_config(CONFIG);
    sandbox.write_credentials(CREDENTIALS);
    let output = sandbox
        .cmd()
        .arg("list")
        .env("AWS_PROFILE", "hyde")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let marked: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with('*'))
        .collect();
    assert_eq!(marked.len(), 1);
    assert!(marked[0].contains("hyde"));
    sandbox
        .run(&["list", "--names"])
        .success()
        .stdout("admin\ndefault\ndev\nhyde\ntemp\ntool\n");
}

#[test]
fn json_follows_the_contract() {
    let sandbox = Sandbox::new();
    sandbox.write_config(CONFIG);
    sandbox.write_credentials(CREDENTIALS);
    let output = sandbox.cmd().args(["list", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        rows[1],
        serde_json::json!({"name": "default", "kind": "static", "region": "eu-west-1",
            "access_key_id": "AKIADEFAULT000000000", "in_credentials": true, "in_config": true, "active": true})
    );
    assert_eq!(rows[0]["region"], serde_json::Value::Null);
    assert_eq!(rows.as_array().unwrap().len(), 6);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let sandbox = Sandbox::new();
    let mut credentials = String::new();
    for i in 0..5000 {
        credentials.push_str(&format!(
            "[p{i}]\naws_access_key_id = AKIA{i:016}\naws_secret_access_key = s\n"
        ));
    }
    sandbox.write_credentials(&credentials);
    let binary = assert_cmd::cargo::cargo_bin("awsprof");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' list | head -1", binary.display()))
        .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials())
        .env("AWS_CONFIG_FILE", sandbox.config())
        .env("HOME", sandbox.home())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 1);
}

/// A config and a credentials file of `count` profiles each (together over the size from
/// which `list --names` scans in pieces on two threads), with comments and sub-properties.
fn large_files(sandbox: &Sandbox, count: usize) -> Vec<String> {
    let (mut config, mut credentials) = (String::new(), String::new());
    for i in 0..count {
        config.push_str(&format!(
            "# team {i}\n[profile c{i}]\nregion = eu-west-1\ns3 =\n  max_concurrent_requests = 4\n\n"
        ));
        credentials.push_str(&format!(
            "[k{i}]\naws_access_key_id = AKIA{i:016}\naws_secret_access_key = s{i}\n"
        ));
    }
    sandbox.write_config(&config);
    sandbox.write_credentials(&credentials);
    let mut names: Vec<String> = (0..count)
        .flat_map(|i| [format!("c{i}"), format!("k{i}")])
        .collect();
    names.sort();
    names
}

#[test]
fn names_of_large_files_are_every_profile_sorted() {
    let sandbox = Sandbox::new();
    let expected = large_files(&sandbox, 4000);
    let output = sandbox.run(&["list", "--names"]).success();
    let listed = stdout(&output);
    assert_eq!(listed.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn an_error_deep_in_a_large_file_names_its_line() {
    let sandbox = Sandbox::new();
    large_files(&sandbox, 4000);
    let mut config = std::fs::read_to_string(sandbox.config()).unwrap();
    let lines: Vec<&str> = config.lines().collect();
    // Six lines per profile: break the property line of profile 3,500.
    let broken = 6 * 3500 + 3;
    assert_eq!(lines[broken - 1], "region = eu-west-1");
    config = lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            if index == broken - 1 {
                "region eu-west-1"
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(sandbox.config(), config).unwrap();
    let place = format!("config:{broken}:1");
    for args in [&["list", "--names"][..], &["list"][..]] {
        sandbox
            .run(args)
            .failure()
            .stderr(predicate::str::contains(place.as_str()))
            .stderr(predicate::str::contains("Expected an '=' sign"));
    }
}

#[test]
fn names_can_come_from_a_pipe() {
    let sandbox = Sandbox::new();
    let binary = assert_cmd::cargo::cargo_bin("awsprof");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "AWS_CONFIG_FILE=<(printf '[profile b]\\nregion = x\\n[profile a]\\n') '{}' list --names",
            binary.display()
        ))
        .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials())
        .env("HOME", sandbox.home())
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "a\nb\n");
}
