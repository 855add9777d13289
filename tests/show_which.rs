//! `awsprof show` and `awsprof which` through the binary: human output, JSON and errors.

mod common;

use common::{Sandbox, stdout};
use predicates::prelude::*;
use serde_json::{Value, json};

const CONFIG: &str = "# main settings\n[default]\nregion = eu-west-1\n\n[profile hyde]\nregion = us-east-2 # work\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = hyde\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n\n[profile loop1]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = loop2\n\n[profile loop2]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = loop1\n";
const CREDENTIALS: &str = "[hyde]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_session_token = FwoGZXIvYXdzEBYaDEXAMPLE\n";

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write_config(CONFIG);
    sandbox.write_credentials(CREDENTIALS);
    sandbox
}

#[test]
fn show_masks_secrets_and_nests_sub_properties() {
    let sandbox = sandbox();
    let assert = sandbox.run(&["show", "hyde"]).success();
    let text = stdout(&assert).replace(&sandbox.home().display().to_string(), "~");
    let expected = concat!(
        "Profile hyde (session)\n",
        " KEY                        VALUE                 FROM\n",
        " region                     us-east-2             ~/.aws/config:6\n",
        " s3                                               ~/.aws/config:7\n",
        "   max_concurrent_requests  10\n",
        "   addressing_style         path\n",
        " aws_access_key_id          ****************MPLE  ~/.aws/credentials:2\n",
        " aws_secret_access_key      ****************      ~/.aws/credentials:3\n",
        " aws_session_token          ****************      ~/.aws/credentials:4\n",
    );
    assert_eq!(text, expected);
    assert!(!text.contains("wJalr"));
}

#[test]
fn show_json_follows_the_contract() {
    let sandbox = sandbox();
    let masked: Value = serde_json::from_slice(
        &sandbox
            .cmd()
            .args(["show", "hyde", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(masked["name"], "hyde");
    assert_eq!(masked["kind"], "session");
    assert_eq!(
        masked["properties"]["s3"],
        json!({"max_concurrent_requests": "10", "addressing_style": "path"})
    );
    assert_eq!(
        masked["properties"]["aws_access_key_id"],
        "AKIAIOSFODNN7EXAMPLE"
    );
    assert_eq!(
        masked["properties"]["aws_secret_access_key"],
        "****************"
    );
    assert_eq!(masked["sources"]["region"], "config");
    assert_eq!(masked["sources"]["aws_secret_access_key"], "credentials");
    let revealed: Value = serde_json::from_slice(
        &sandbox
            .cmd()
            .args(["show", "hyde", "--json", "--reveal"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        revealed["properties"]["aws_secret_access_key"],
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    );
}

#[test]
fn show_role_prints_its_chain_and_broken_chains_fail() {
    let sandbox = sandbox();
    let assert = sandbox.run(&["show", "admin"]).success();
    assert!(stdout(&assert).ends_with(
        "Credentials chain (first step supplies the keys):\n  1. hyde: static keys (****************MPLE)\n  2. admin: assume role arn:aws:iam::123456789012:role/Admin\n"
    ));
    sandbox
        .run(&["show", "loop1"])
        .code(1)
        .stdout(predicate::str::contains("Profile loop1 (role)"))
        .stderr(predicate::str::contains(
            "infinite loop: loop1 -> loop2 -> loop1",
        ));
}

#[test]
fn show_unknown_profile_suggests() {
    sandbox()
        .cmd()
        .args(["show", "hide"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("awsprof: error: profile \"hide\" not found; did you mean \"hyde\"?\n");
}

#[test]
fn which_names_awsprofs_own_sign_in_and_process_runs() {
    let sandbox = Sandbox::new();
    sandbox.write_config(
        "[profile s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
         sso_account_id = 111122223333\nsso_role_name = R\n\
         [profile p]\ncredential_process = printf x\n",
    );
    let sso = stdout(&sandbox.run(&["which", "s"]).success());
    assert!(
        sso.contains("(needs a valid sign-in: awsprof login s)") && !sso.contains("aws sso login"),
        "{sso}"
    );
    let process = stdout(&sandbox.run(&["which", "p"]).success());
    assert!(
        process.contains("runs `printf x` when the credentials are used")
            && !process.contains("not run by awsprof"),
        "{process}"
    );
}

#[test]
fn broken_chains_and_settings_say_their_file_and_line() {
    let sandbox = Sandbox::new();
    sandbox.write_config(
        "[profile bad]\nrole_arn = arn:x\ncredential_source = Magic\n\
         [profile l1]\nrole_arn = arn:1\nsource_profile = l2\n\
         [profile l2]\nrole_arn = arn:2\nsource_profile = l1\n\
         [profile sv]\naws_access_key_id = AKIA\naws_secret_access_key = s\nservices = nope\n",
    );
    let config = sandbox.config().display().to_string();
    for (args, at, what) in [
        (&["which", "bad"][..], 1, "credential source \"Magic\""),
        (&["export", "bad"], 1, "credential source \"Magic\""),
        (&["which", "l1"], 7, "infinite loop in source_profile"),
        (&["export", "l1"], 7, "infinite loop in source_profile"),
        (&["show", "l1"], 7, "infinite loop"),
        (&["whoami", "sv"], 13, "services section \"nope\""),
    ] {
        let output = sandbox.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        let line = stderr.lines().last().unwrap_or_default();
        assert!(
            line.starts_with(&format!("awsprof: error: {config}:{at}: ")) && line.contains(what),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn which_explain_says_why_export_cannot_carry_it_out() {
    let sandbox = Sandbox::new();
    sandbox.write_config("[profile l]\nlogin_session = arn:aws:iam::1:user/me\n");
    let explained = stdout(&sandbox.run(&["which", "l", "--explain"]).success());
    assert!(
        explained.contains(
            "`awsprof export`, `exec` and `whoami` cannot carry this out: botocore would take \
             the credentials of profile \"l\" from login"
        ),
        "{explained}"
    );
}

#[test]
fn export_and_which_say_an_unknown_profile_alike() {
    let expected = "awsprof: error: profile \"hide\" not found; did you mean \"hyde\"? \
                    (selected by --profile); the AWS CLI fails the same way\n";
    for command in ["which", "export", "whoami"] {
        sandbox()
            .cmd()
            .args([command, "hide"])
            .assert()
            .code(1)
            .stdout("")
            .stderr(expected);
    }
}

#[test]
fn which_explains_the_chain_and_other_tools() {
    let sandbox = sandbox();
    let assert = sandbox
        .cmd()
        .args(["which", "--explain"])
        .env("AWS_DEFAULT_PROFILE", "hyde")
        .env("AWS_PROFILE", "admin")
        .env("AWS_REGION", "il-central-1")
        .assert()
        .success();
    let text = stdout(&assert).replace(&sandbox.home().display().to_string(), "~");
    let expected = concat!(
        "Profile:      hyde (AWS_DEFAULT_PROFILE)\n",
        "Credentials:  shared-credentials-file: keys at line 2 of the credentials file\n",
        "Access key:   ****************MPLE\n",
        "Region:       us-east-2 (from profile \"hyde\")\n",
        "Files:        ~/.aws/config and ~/.aws/credentials\n",
        "\n",
        "How the AWS CLI (botocore) resolves credentials, in order:\n",
        "   1. env                           skipped  AWS_ACCESS_KEY_ID is not set\n",
        "   2. assume-role                   skipped  the profile has no role_arn\n",
        "   3. assume-role-with-web-identity skipped  no AWS_WEB_IDENTITY_TOKEN_FILE and no web_identity_token_file in the profile\n",
        "   4. sso                           skipped  the profile has no sso_account_id or sso_role_name\n",
        "   5. shared-credentials-file       CHOSEN   keys at line 2 of the credentials file\n",
        "\n",
        "What `awsprof export`, `exec` and `whoami` carry out:\n",
        "   1. the keys of profile \"hyde\" (****************MPLE, with a session token)\n",
        "\n",
        "Other AWS tools:\n",
        "  - The AWS SDKs (Go, Java, JavaScript, Rust, ...) ignore AWS_DEFAULT_PROFILE: they would use profile \"admin\", not \"hyde\".\n",
        "  - The AWS SDKs read AWS_REGION first: they would use region \"il-central-1\"; the AWS CLI ignores AWS_REGION.\n",
    );
    assert_eq!(text, expected);
}

#[test]
fn which_json_and_errors() {
    let sandbox = sandbox();
    let output = sandbox
        .cmd()
        .args(["which", "--json", "--profile", "admin"])
        .env("AWS_DEFAULT_REGION", "ca-central-1")
        .output()
        .unwrap();
    let which: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        which,
        json!({"profile": "admin", "profile_source": "flag", "credentials_source": "assume-role",
               "access_key_id": null, "region": "ca-central-1", "region_source": "AWS_DEFAULT_REGION"})
    );
    sandbox
        .cmd()
        .args(["which"])
        .env("AWS_PROFILE", "prod")
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("profile \"prod\" not found")
                .and(predicate::str::contains("AWS_PROFILE")),
        );
    sandbox.fails(
        &["which", "--profile", "loop1"],
        "infinite loop in source_profile",
    );
    sandbox
        .cmd()
        .args(["which"])
        .env("AWS_ACCESS_KEY_ID", "AKIAONLY")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("AWS_SECRET_ACCESS_KEY is not"));
}

/// A `source_profile` chain of thousands of profiles overflowed the stack (SIGABRT) in
/// `which`, `show` and `export`; past 256 profiles it is an error that says so (botocore
/// fails at about 300, with RecursionError). A chain of 256 still resolves.
#[test]
fn a_chain_of_thousands_of_profiles_is_an_error_not_a_crash() {
    let sandbox = Sandbox::new();
    let chain = |length: usize| {
        let mut config = String::from("[profile p0]\ncredential_process = false\n");
        for i in 1..length {
            config.push_str(&format!(
                "[profile p{i}]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = p{}\n",
                i - 1
            ));
        }
        sandbox.write_config(&config);
    };
    chain(256);
    sandbox
        .run(&["which", "--profile", "p255"])
        .success()
        .stdout(predicate::str::contains("assume-role"));
    chain(20_000);
    for args in [
        &["which", "--profile", "p19999"][..],
        &["which", "--explain", "--profile", "p19999"],
        &["show", "p19999"],
        &["export", "p19999"],
    ] {
        // which --explain and show print what they can before the error, as for a loop.
        sandbox
            .cmd()
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("passes more than 256 profiles"));
    }
}
