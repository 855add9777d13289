//! `awsprof add` and `awsprof remove`, checked byte for byte and with botocore reading the
//! result.

mod common;

use common::{KEY_ID, SECRET, Sandbox};
use predicates::prelude::*;

#[test]
fn add_from_stdin_writes_both_files_and_botocore_reads_it() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args([
            "add",
            "hyde",
            "--access-key-id",
            KEY_ID,
            "--region",
            "eu-west-1",
        ])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success()
        .stdout("Added profile \"hyde\".\n");
    assert_eq!(
        sandbox.read_credentials(),
        format!("[hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n")
    );
    assert_eq!(
        sandbox.read_config(),
        "[profile hyde]\nregion = eu-west-1\n"
    );
    let seen = sandbox.botocore(&["hyde"]);
    assert_eq!(seen["hyde"]["access_key"], KEY_ID);
    assert_eq!(seen["hyde"]["secret_key"], SECRET);
    assert_eq!(seen["hyde"]["region"], "eu-west-1");
    assert_eq!(seen["hyde"]["method"], "shared-credentials-file");
}

#[test]
fn add_session_token_from_second_line_and_default_profile_header() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args([
            "add",
            "default",
            "--access-key-id",
            "ASIAIOSFODNN7EXAMPLE",
            "--output",
            "json",
        ])
        .write_stdin(format!("{SECRET}\r\ntok/en+=\r\n"))
        .assert()
        .success();
    assert!(
        sandbox
            .read_credentials()
            .contains("aws_session_token = tok/en+=\n")
    );
    assert_eq!(sandbox.read_config(), "[default]\noutput = json\n");
    let seen = sandbox.botocore(&["default"]);
    assert_eq!(seen["default"]["token"], "tok/en+=");
}

#[test]
fn add_appends_after_existing_content_in_its_style() {
    let sandbox = Sandbox::new();
    let original = "# my accounts\r\n[old]\r\naws_access_key_id=AKIAOLD\r\naws_secret_access_key=x";
    sandbox.write_credentials(original);
    sandbox.add("new", &[]).success();
    assert_eq!(
        sandbox.read_credentials(),
        format!(
            "{original}\r\n\r\n[new]\r\naws_access_key_id={KEY_ID}\r\naws_secret_access_key={SECRET}\r\n"
        )
    );
}

#[test]
fn add_from_env_and_from_csv() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args(["add", "ci", "--from-env"])
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_REGION", "ap-south-1")
        .assert()
        .success();
    let csv = sandbox.home().join("keys.csv");
    std::fs::write(
        &csv,
        format!("\u{feff}User name,Password,Access key ID,Secret access key,Console login link\r\njekyll,,AKIAJEKYLL0000000000,{SECRET},https://x\r\n"),
    )
    .unwrap();
    sandbox
        .cmd()
        .args(["add", "jekyll", "--from-csv"])
        .arg(&csv)
        .assert()
        .success();
    let seen = sandbox.botocore(&["ci", "jekyll"]);
    assert_eq!(seen["ci"]["access_key"], KEY_ID);
    assert_eq!(seen["ci"]["region"], "ap-south-1");
    assert_eq!(seen["jekyll"]["access_key"], "AKIAJEKYLL0000000000");
    assert_eq!(seen["jekyll"]["secret_key"], SECRET);
}

#[test]
fn add_role_needs_an_existing_source() {
    let sandbox = Sandbox::new();
    let arn = "arn:aws:iam::123456789012:role/Admin";
    sandbox
        .run(&[
            "add",
            "admin",
            "--role-arn",
            arn,
            "--source-profile",
            "hide",
        ])
        .code(1)
        .stderr(predicate::str::contains(
            "source profile \"hide\" not found",
        ));
    assert!(!sandbox.config().exists());
    sandbox.add("hyde", &[]).success();
    sandbox
        .run(&[
            "add",
            "admin",
            "--role-arn",
            arn,
            "--source-profile",
            "hyde",
            "--mfa-serial",
            "arn:aws:iam::123456789012:mfa/me",
        ])
        .success();
    assert_eq!(
        sandbox.read_config(),
        format!(
            "[profile admin]\nrole_arn = {arn}\nsource_profile = hyde\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n"
        )
    );
    assert_eq!(
        sandbox.botocore(&["admin"])["admin"]["config"]["source_profile"],
        "hyde"
    );
}

#[test]
fn existing_profile_is_refused_unless_forced_in_place() {
    let sandbox = Sandbox::new();
    let credentials = "[a]\naws_access_key_id = AKIAAAAAAAAAAAAAAAAA\naws_secret_access_key = old\naws_session_token = stale\n\n# keep me\n[b]\nx = 1\n";
    sandbox.write_credentials(credentials);
    sandbox.write_config("[profile a]  # the main one\nregion = us-east-1 # here\n");
    sandbox
        .add("a", &[])
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(sandbox.read_credentials(), credentials);
    sandbox
        .cmd()
        .args([
            "add",
            "a",
            "--force",
            "--access-key-id",
            KEY_ID,
            "--region",
            "eu-west-2",
        ])
        .write_stdin(SECRET)
        .assert()
        .success()
        .stdout("Updated profile \"a\".\n");
    assert_eq!(
        sandbox.read_credentials(),
        format!(
            "[a]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n\n# keep me\n[b]\nx = 1\n"
        )
    );
    assert_eq!(
        sandbox.read_config(),
        "[profile a]  # the main one\nregion = eu-west-2 # here\n"
    );
    assert_eq!(
        sandbox.botocore(&["a"])["a"]["token"],
        serde_json::Value::Null
    );
}

#[test]
fn bad_values_are_refused_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["add", "bad name", "--access-key-id", KEY_ID],
            SECRET,
            "not a valid profile name",
        ),
        (
            &[
                "add",
                "x",
                "--access-key-id",
                KEY_ID,
                "--region",
                "eu\n[evil]",
            ],
            SECRET,
            "control character",
        ),
        (
            &["add", "x", "--access-key-id", "AKIA 123"],
            SECRET,
            "whitespace",
        ),
        (
            &["add", "x", "--access-key-id", KEY_ID],
            "sec ret\n",
            "whitespace",
        ),
        (
            &["add", "x", "--access-key-id", KEY_ID, "--output", "xml"],
            SECRET,
            "output \"xml\"",
        ),
    ];
    for (args, stdin, message) in cases {
        sandbox
            .cmd()
            .args(args)
            .write_stdin(stdin)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
    }
    sandbox.fails(&["add", "x"], "--access-key-id");
    assert!(!sandbox.home().join(".aws").exists());
}

#[test]
fn unusual_key_id_is_only_a_warning() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args(["add", "minio", "--access-key-id", "minioadmin"])
        .write_stdin("minioadmin")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "does not look like an AWS access key id",
        ));
}

#[test]
fn remove_takes_comments_and_keeps_the_rest() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("[keep]\naws_access_key_id = A\naws_secret_access_key = s\n\n# client X, until 2025\n[gone]\naws_access_key_id = B\naws_secret_access_key = t\n\n[last]\nx = y\n");
    sandbox.write_config("# global\n[default]\nregion = eu-west-1\n\n;gone's settings\n[profile gone]\nregion = us-east-1\n");
    sandbox
        .run(&["remove", "gone"])
        .success()
        .stdout("Removed profile \"gone\" from the credentials and config files.\n");
    assert_eq!(
        sandbox.read_credentials(),
        "[keep]\naws_access_key_id = A\naws_secret_access_key = s\n\n[last]\nx = y\n"
    );
    assert_eq!(
        sandbox.read_config(),
        "# global\n[default]\nregion = eu-west-1\n"
    );
    assert_eq!(sandbox.botocore(&["gone"])["gone"]["exists"], false);
}

#[test]
fn remove_refuses_a_source_profile_and_suggests_names() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("[base]\naws_access_key_id = A\naws_secret_access_key = s\n");
    sandbox
        .write_config("[profile admin]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\n");
    sandbox.fails(&["remove", "base"], "source_profile of admin");
    sandbox
        .run(&["remove", "bsae"])
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("did you mean \"base\""));
    sandbox.run(&["remove", "base", "--force"]).success();
    assert_eq!(sandbox.read_credentials(), "");
}

#[test]
fn remove_takes_every_duplicate_section() {
    let sandbox = Sandbox::new();
    sandbox.write_config("[profile default]\na = 1\n[default]\nb = 2\n[profile x]\nc = 3\n[profile default]\nd = 4\n");
    sandbox.run(&["remove", "default"]).success();
    assert_eq!(sandbox.read_config(), "[profile x]\nc = 3\n");
}
