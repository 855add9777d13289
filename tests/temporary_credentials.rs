//! export, exec and whoami for temporary credentials, against moto's STS on 127.0.0.1 and
//! compared with botocore and the `aws` CLI on the same server. Nothing here reaches
//! anything but 127.0.0.1: every AWS_ variable and proxy is removed, every endpoint is
//! moto, and the EC2 metadata service is switched off.

mod common;

use std::fs;

use common::Sandbox;
use common::moto::{Call, FileServer, moto};
use serde_json::Value;

const MFA_CODE: &str = "123456";

const CONFIG: &str = "\
[profile base]
region = eu-west-1
[profile r1]
role_arn = arn:aws:iam::123456789012:role/one
source_profile = base
external_id = ext-1
[profile r2]
role_arn = arn:aws:iam::123456789012:role/two
source_profile = r1
role_session_name = second
mfa_serial = arn:aws:iam::123456789012:mfa/me
duration_seconds = 1800
[profile web]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = TOKEN_FILE
role_session_name = web-session
[profile web-default-name]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = TOKEN_FILE
[profile proc]
credential_process = PROCESS
[profile proc-role]
role_arn = arn:aws:iam::123456789012:role/from-process
source_profile = proc
[profile mfa-keys]
mfa_serial = arn:aws:iam::123456789012:mfa/keys
[profile env-role]
role_arn = arn:aws:iam::123456789012:role/from-env
credential_source = Environment
[profile ecs-role]
role_arn = arn:aws:iam::123456789012:role/from-container
credential_source = EcsContainer
[profile sso]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = Admin
[profile sso-role]
role_arn = arn:aws:iam::123456789012:role/after-sso
source_profile = sso
";

const CREDENTIALS: &str = "\
[base]
aws_access_key_id = AKIAEXAMPLEBASE00001
aws_secret_access_key = base-secret
[mfa-keys]
aws_access_key_id = AKIAEXAMPLEMFAKEYS01
aws_secret_access_key = mfa-secret
";

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    let token = sandbox.home().join("web-token");
    fs::write(&token, "a-web-identity-token").unwrap();
    let process =
        r#"printf '{"Version": 1, "AccessKeyId": "AKIAEXAMPLEPROCESS01", "SecretAccessKey": "p"}'"#;
    sandbox.write_config(
        &CONFIG
            .replace("TOKEN_FILE", token.to_str().unwrap())
            .replace("PROCESS", process),
    );
    sandbox.write_credentials(CREDENTIALS);
    sandbox
}

/// A call's parameters, and the static key that signed it (or "temporary").
type Comparable = (Vec<(String, String)>, Option<String>);

/// What a call is for the comparison: its parameters, and the static key that signed it
/// (temporary keys differ between runs by nature).
fn comparable(calls: &[Call]) -> Vec<Comparable> {
    calls
        .iter()
        .map(|call| {
            let signer = call.signed_by.clone().map(|key| {
                if key.starts_with("AKIA") {
                    key
                } else {
                    "temporary".into()
                }
            });
            (call.params.clone().into_iter().collect(), signer)
        })
        .collect()
}

fn normalized_arn(arn: &str) -> String {
    match arn.split_once("botocore-session-") {
        Some((head, _)) => format!("{head}botocore-session-N"),
        None => arn.to_string(),
    }
}

fn whoami_json(sandbox: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["whoami", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&sandbox.awsprof_ok(&all)).unwrap()
}

#[test]
fn the_same_sts_calls_and_identity_as_botocore() {
    let moto = moto();
    for profile in [
        "r1",
        "r2",
        "web",
        "web-default-name",
        "proc",
        "proc-role",
        "base",
    ] {
        let ours = sandbox();
        let (awsprof, our_calls) =
            moto.record(|| whoami_json(&ours, &[profile, "--no-cache", "--mfa-code", MFA_CODE]));
        let theirs = sandbox();
        let (botocore, botocore_calls) =
            moto.record(|| theirs.botocore_credentials(profile, false, MFA_CODE));
        assert_eq!(
            comparable(&our_calls),
            comparable(&botocore_calls),
            "{profile}"
        );
        assert!(!our_calls.is_empty());
        assert_eq!(
            normalized_arn(awsprof["arn"].as_str().unwrap()),
            normalized_arn(botocore["arn"].as_str().unwrap()),
            "{profile}"
        );
        assert_eq!(awsprof["profile"], profile);
    }
}

#[test]
fn named_credential_sources_match_botocore() {
    let moto = moto();
    let dir = tempfile::tempdir().unwrap();
    let container_keys = r#"{"AccessKeyId": "AKIAEXAMPLECONTAINER", "SecretAccessKey": "c",
        "Token": "container-token", "Expiration": "2099-01-01T00:00:00Z"}"#;
    fs::write(dir.path().join("credentials"), container_keys).unwrap();
    let server = FileServer::start(dir.path());
    let full_uri = format!("http://127.0.0.1:{}/credentials", server.port);
    // (profile, its environment, the key that signs the AssumeRole)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: [Case; 2] = [
        (
            "env-role",
            vec![
                ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEENVIRON01"),
                ("AWS_SECRET_ACCESS_KEY", "e"),
            ],
            "AKIAEXAMPLEENVIRON01",
        ),
        (
            "ecs-role",
            vec![("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri)],
            "AKIAEXAMPLECONTAINER",
        ),
    ];
    for (profile, env, signer) in cases {
        let ours = sandbox();
        let (output, our_calls) = moto.record(|| {
            ours.networked()
                .envs(env.iter().copied())
                .args(["whoami", "--json", profile, "--no-cache"])
                .output()
                .unwrap()
        });
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let theirs = sandbox();
        let (_, botocore_calls) =
            moto.record(|| theirs.botocore_credentials_with(profile, false, MFA_CODE, &env));
        assert_eq!(
            comparable(&our_calls),
            comparable(&botocore_calls),
            "{profile}"
        );
        assert_eq!(
            comparable(&our_calls)[0].1.as_deref(),
            Some(signer),
            "{profile}"
        );
    }
}

#[test]
fn mfa_and_role_parameters_reach_sts() {
    let moto = moto();
    let sandbox = sandbox();
    let (_, calls) = moto.record(|| sandbox.awsprof_ok(&["export", "r2", "--mfa-code", MFA_CODE]));
    let actions: Vec<&str> = calls.iter().map(|c| c.params["Action"].as_str()).collect();
    assert_eq!(actions, ["AssumeRole", "AssumeRole"], "{calls:#?}");
    assert_eq!(calls[0].params["ExternalId"], "ext-1");
    assert_eq!(calls[0].params["RoleSessionName"], "botocore-session-N");
    assert_eq!(calls[0].signed_by.as_deref(), Some("AKIAEXAMPLEBASE00001"));
    assert_eq!(
        calls[1].params["SerialNumber"],
        "arn:aws:iam::123456789012:mfa/me"
    );
    assert_eq!(calls[1].params["TokenCode"], MFA_CODE);
    assert_eq!(calls[1].params["DurationSeconds"], "1800");
    assert_eq!(calls[1].params["RoleSessionName"], "second");
}

#[test]
fn an_mfa_code_given_to_awsprof_serves_the_aws_cli_from_the_cache() {
    let moto = moto();
    let sandbox = sandbox();
    let exported = sandbox.awsprof_ok(&["export", "r2", "--mfa-code", MFA_CODE]);
    // The aws CLI has no terminal and no code: it can only succeed from the cache.
    let ((ok, stdout, stderr), calls) =
        moto.record(|| sandbox.aws_cli(&["sts", "get-caller-identity", "--profile", "r2"]));
    assert!(ok, "{stderr}");
    let actions: Vec<&str> = calls.iter().map(|c| c.params["Action"].as_str()).collect();
    assert_eq!(actions, ["GetCallerIdentity"]);
    let key_id = exported
        .lines()
        .find_map(|l| l.strip_prefix("export AWS_ACCESS_KEY_ID="))
        .unwrap()
        .trim_matches('\'');
    assert_eq!(calls[0].signed_by.as_deref(), Some(key_id));
    assert!(stdout.contains("assumed-role/two/second"), "{stdout}");
}

#[test]
fn the_aws_cli_cache_serves_awsprof_without_a_call() {
    let moto = moto();
    let sandbox = sandbox();
    let (ok, _, stderr) = sandbox.aws_cli(&["sts", "get-caller-identity", "--profile", "r1"]);
    assert!(ok, "{stderr}");
    let (exported, calls) =
        moto.record(|| sandbox.awsprof_ok(&["export", "r1", "--format", "json"]));
    assert_eq!(calls, []);
    let exported: Value = serde_json::from_str(&exported).unwrap();
    let cache_dir = sandbox.home().join(".aws/cli/cache");
    let cached: Vec<Value> = fs::read_dir(&cache_dir)
        .unwrap()
        .map(|e| serde_json::from_str(&fs::read_to_string(e.unwrap().path()).unwrap()).unwrap())
        .collect();
    let role_one = cached
        .iter()
        .find(|c| {
            c["AssumedRoleUser"]["Arn"]
                .as_str()
                .unwrap()
                .contains("role/one")
                || c["AssumedRoleUser"]["Arn"]
                    .as_str()
                    .unwrap()
                    .contains("assumed-role/one")
        })
        .unwrap();
    assert_eq!(
        exported["AccessKeyId"],
        role_one["Credentials"]["AccessKeyId"]
    );
    assert!(exported["Expiration"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn cache_files_are_private_and_a_nearly_expired_entry_is_replaced() {
    let moto = moto();
    use std::os::unix::fs::PermissionsExt;
    let sandbox = sandbox();
    sandbox.awsprof_ok(&["export", "r1"]);
    let dir = sandbox.home().join(".aws/cli/cache");
    assert_eq!(
        fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(
        fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // botocore's key for this role: sha1 of {"ExternalId": "ext-1", "RoleArn": ...}.
    assert_eq!(
        files[0].file_name().unwrap().to_str().unwrap(),
        format!(
            "{}.json",
            botocore_key(
                r#"{"ExternalId": "ext-1", "RoleArn": "arn:aws:iam::123456789012:role/one"}"#
            )
        )
    );
    let (_, calls) = moto.record(|| sandbox.awsprof_ok(&["export", "r1"]));
    assert_eq!(calls, [], "a fresh entry is used");
    let mut entry: Value = serde_json::from_str(&fs::read_to_string(&files[0]).unwrap()).unwrap();
    let soon = std::time::SystemTime::now() + std::time::Duration::from_secs(600);
    let soon = soon
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    entry["Credentials"]["Expiration"] = python_utc(soon).into();
    fs::write(&files[0], entry.to_string()).unwrap();
    let (_, calls) = moto.record(|| sandbox.awsprof_ok(&["export", "r1"]));
    assert_eq!(calls.len(), 1, "ten minutes left is too little: a new call");
    let (_, calls) = moto.record(|| sandbox.awsprof_ok(&["export", "r1", "--no-cache"]));
    assert_eq!(calls.len(), 1, "--no-cache always calls");
}

/// botocore's cache key of a JSON text (as `json.dumps(sort_keys=True)` wrote it).
fn botocore_key(json: &str) -> String {
    let output = std::process::Command::new("python3")
        .args([
            "-c",
            "import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())",
            json,
        ])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// `2026-12-02T05:00:00UTC` for a Unix time, via Python as botocore writes it.
fn python_utc(seconds: u64) -> String {
    let output = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys,datetime; from dateutil.tz import tzutc; print(datetime.datetime.fromtimestamp(int(sys.argv[1]), tzutc()).strftime('%Y-%m-%dT%H:%M:%S%Z'))",
            &seconds.to_string(),
        ])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

#[test]
fn mfa_session_calls_get_session_token_once_then_uses_the_cache() {
    let moto = moto();
    let sandbox = sandbox();
    let (exported, calls) = moto.record(|| {
        sandbox.awsprof_ok(&[
            "export",
            "mfa-keys",
            "--mfa-session",
            "--mfa-code",
            MFA_CODE,
        ])
    });
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].params["Action"], "GetSessionToken");
    assert_eq!(
        calls[0].params["SerialNumber"],
        "arn:aws:iam::123456789012:mfa/keys"
    );
    assert_eq!(calls[0].params["TokenCode"], MFA_CODE);
    assert_eq!(calls[0].signed_by.as_deref(), Some("AKIAEXAMPLEMFAKEYS01"));
    assert!(exported.contains("export AWS_CREDENTIAL_EXPIRATION="));
    let (again, calls) =
        moto.record(|| sandbox.awsprof_ok(&["export", "mfa-keys", "--mfa-session"]));
    assert_eq!(calls, []);
    assert_eq!(again, exported);
}

#[test]
fn static_keys_are_exported_without_a_call_and_whoami_asks_sts() {
    let moto = moto();
    let sandbox = sandbox();
    let (exported, calls) = moto.record(|| sandbox.awsprof_ok(&["export", "base"]));
    assert_eq!(calls, []);
    assert!(exported.contains("export AWS_ACCESS_KEY_ID='AKIAEXAMPLEBASE00001'"));
    assert!(exported.contains("unset AWS_CREDENTIAL_EXPIRATION"));
    let text = sandbox.awsprof_ok(&["whoami", "base"]);
    assert!(text.contains("Account:  123456789012"), "{text}");
    // Without a name: what an AWS CLI started now would use; here the environment's keys.
    let (output, calls) = moto.record(|| {
        sandbox
            .networked()
            .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEENVIRON02")
            .env("AWS_SECRET_ACCESS_KEY", "e")
            .args(["whoami", "--json"])
            .output()
            .unwrap()
    });
    let identity = common::json_of_success(&output);
    assert_eq!(identity["profile"], "default");
    assert_eq!(identity["account"], "123456789012");
    assert_eq!(calls[0].signed_by.as_deref(), Some("AKIAEXAMPLEENVIRON02"));
}

#[test]
fn exec_passes_variables_and_exit_code_and_drops_the_profile_variables() {
    let _moto = moto();
    let sandbox = sandbox();
    let output = sandbox
        .networked()
        .env("AWS_PROFILE", "base")
        .env("AWS_DEFAULT_PROFILE", "base")
        .args([
            "exec",
            "r1",
            "--",
            "sh",
            "-c",
            "echo \"$AWS_ACCESS_KEY_ID ${AWS_PROFILE-unset} ${AWS_DEFAULT_PROFILE-unset} $AWS_REGION ${AWS_CREDENTIAL_EXPIRATION:+expires}\"; exit 7",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(7));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let words: Vec<&str> = stdout.split_whitespace().collect();
    assert!(words[0].starts_with("ASIA"), "{stdout}");
    assert_eq!(words[1..], ["unset", "unset", "expires"]);
}

#[test]
fn failures_exit_1_with_the_reason_and_print_nothing() {
    let _moto = moto();
    let sandbox = sandbox();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let cases: [(&[&str], Option<String>, &str); 4] = [
        (
            &["export", "r1", "--no-cache"],
            Some(format!("http://127.0.0.1:{port}")),
            "cannot reach",
        ),
        (
            &["export", "sso-role"],
            None,
            "run `awsprof login sso-role`",
        ),
        (&["export", "nosuch"], None, "not found"),
        (&["whoami", "sso"], None, "IAM Identity Center"),
    ];
    for (args, endpoint, message) in cases {
        let mut cmd = sandbox.networked();
        if let Some(endpoint) = endpoint {
            cmd.env("AWS_ENDPOINT_URL_STS", endpoint);
        }
        let output = cmd.args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(output.stdout, b"", "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let broken = Sandbox::new();
    broken.write_config("[profile p]\ncredential_process = sh -c 'echo denied >&2; exit 2'\n");
    let output = broken.networked().args(["export", "p"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(output.stdout, b"");
    assert!(String::from_utf8_lossy(&output.stderr).contains("denied"));
    let no_code = sandbox
        .networked()
        .args(["export", "r2", "--no-cache"])
        .output()
        .unwrap();
    assert_eq!(no_code.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_code.stderr).contains("MFA code"));
}

#[test]
fn the_mfa_code_is_asked_on_the_terminal_without_echo() {
    let moto = moto();
    let sandbox = sandbox();
    let mut command = sandbox.networked();
    command.args(["export", "r2"]).env("TERM", "dumb");
    let ((asked, rest), calls) = moto.record(|| {
        let mut session = rexpect::session::spawn_command(command, Some(20_000)).unwrap();
        let asked = session
            .exp_string("Enter MFA code for arn:aws:iam::123456789012:mfa/me: ")
            .unwrap();
        session.send_line("654321").unwrap();
        (asked, session.exp_eof().unwrap())
    });
    assert_eq!(asked, "");
    assert!(!rest.contains("654321"), "the code was echoed: {rest:?}");
    assert!(rest.contains("export AWS_ACCESS_KEY_ID='ASIA"), "{rest:?}");
    assert_eq!(calls.last().unwrap().params["TokenCode"], "654321");
}
