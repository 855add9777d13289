//! IAM Identity Center (SSO) against a stub of the portal and SSO-OIDC on 127.0.0.1 (moto
//! has neither) and moto for STS: awsprof makes the same calls and writes the same token
//! and role-credential caches as botocore; the AWS CLI reads awsprof's caches; `login`
//! polls as the stub tells it; `logout` removes what it should; `list`/`which` tell the
//! token's state offline. Nothing is sent anywhere but 127.0.0.1, and no browser is run.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};

use common::Sandbox;
use serde_json::{Value, json};

/// The stub (and moto) of this test binary, started on first use, stopped when the
/// binary exits (the stub's stdin closes).
struct Servers {
    sso_port: u16,
    moto_port: u16,
    _child: Mutex<(Child, ChildStdin)>,
}

fn servers() -> &'static Servers {
    static SERVERS: OnceLock<Servers> = OnceLock::new();
    SERVERS.get_or_init(|| {
        let (child, stdin, line) = common::moto::start_support_server("sso_stub.py", &["--moto"]);
        let ports: Vec<u16> = line
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect();
        assert!(
            ports.len() == 2 && ports[1] != 0,
            "the SSO stub or moto did not start (pip install 'moto[server]', or run .ci/run)"
        );
        Servers {
            sso_port: ports[0],
            moto_port: ports[1],
            _child: Mutex::new((child, stdin)),
        }
    })
}

/// The stub to one test at a time (its log and state are shared), reset to `config`.
struct Stub {
    _turn: MutexGuard<'static, ()>,
}

fn stub(config: Value) -> Stub {
    static TURN: Mutex<()> = Mutex::new(());
    let turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    request("POST", "/stub/reset", &config.to_string());
    Stub { _turn: turn }
}

impl Stub {
    /// The requests since the reset, or since the last call of `log`.
    fn log(&self) -> Vec<Value> {
        let text = request("GET", "/stub/log", "");
        let log: Vec<Value> = serde_json::from_str(&text).unwrap();
        let seen = LOG_SEEN.with(|seen| seen.replace(log.len()));
        log[seen.min(log.len())..].to_vec()
    }
}

thread_local! {
    static LOG_SEEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Drop for Stub {
    fn drop(&mut self) {
        LOG_SEEN.with(|seen| seen.set(0));
    }
}

/// An HTTP/1.0 request to the stub; returns the body.
fn request(method: &str, path: &str, body: &str) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", servers().sso_port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    assert!(head.contains(" 200 "), "the stub answered {head}");
    body.to_string()
}

fn stub_url() -> String {
    format!("http://127.0.0.1:{}", servers().sso_port)
}

/// Which way the SSO endpoints reach the stub.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Endpoints {
    /// `AWS_ENDPOINT_URL_SSO` and `AWS_ENDPOINT_URL_SSO_OIDC`.
    Environment,
    /// The profile's `services` section (the config must have it).
    ServicesSection,
}

/// Confines a command to the sandbox and the local servers: no AWS variable, proxy,
/// display or browser from the outside; STS at moto; SSO at the stub.
fn confine(cmd: &mut Command, sandbox: &Sandbox, endpoints: Endpoints) {
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("AWS_")
            || name.to_ascii_lowercase().ends_with("_proxy")
            || ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER"].contains(&name.as_str())
        {
            cmd.env_remove(&name);
        }
    }
    cmd.env("HOME", sandbox.home())
        .env("AWS_CONFIG_FILE", sandbox.config())
        .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials())
        .env(
            "AWS_ENDPOINT_URL_STS",
            format!("http://127.0.0.1:{}", servers().moto_port),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    if endpoints == Endpoints::Environment {
        cmd.env("AWS_ENDPOINT_URL_SSO", stub_url())
            .env("AWS_ENDPOINT_URL_SSO_OIDC", stub_url());
    }
}

fn awsprof(sandbox: &Sandbox, args: &[&str]) -> Output {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("awsprof"));
    confine(&mut cmd, sandbox, Endpoints::Environment);
    cmd.args(args).output().unwrap()
}

fn awsprof_ok(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = awsprof(sandbox, args);
    assert!(
        output.status.success(),
        "awsprof {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs awsprof, expects exit 1, nothing on stdout and `message` on stderr.
fn awsprof_fails(sandbox: &Sandbox, args: &[&str], message: &str) {
    let output = awsprof(sandbox, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?} printed on stdout");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
}

/// botocore resolving `profile` as AWS CLI v2 does (caches in ~/.aws/cli/cache).
fn botocore(sandbox: &Sandbox, profile: &str, endpoints: Endpoints) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_sso.py");
    let mut cmd = Command::new("python3");
    confine(&mut cmd, sandbox, endpoints);
    let output = cmd.arg(script).arg(profile).output().unwrap();
    assert!(
        output.status.success(),
        "botocore failed for {profile}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The installed AWS CLI (v1) confined the same way; returns (success, stdout, stderr).
fn aws_cli(sandbox: &Sandbox, args: &[&str]) -> (bool, String, String) {
    let mut cmd = Command::new("aws");
    confine(&mut cmd, sandbox, Endpoints::Environment);
    let output = cmd.args(args).output().expect("the aws CLI is needed");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const START_URL: &str = "https://d-abc123.awsapps.com/start";
/// sha1("dev"): the token file of `[sso-session dev]`.
const DEV_TOKEN: &str = "34c6fceca75e456f25e7e99531e2425c6c1de443";

/// Profiles of one sso-session, a role chained on one of them, and a legacy profile that
/// reaches the stub through its services section.
fn config() -> String {
    format!(
        "[sso-session dev]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n\n\
         [profile work-readonly]\nsso_session = dev\nsso_account_id = 111111111111\n\
         sso_role_name = ReadOnly\nregion = eu-west-1\n\n\
         [profile work-ops]\nsso_session = dev\nsso_account_id = 222222222222\n\
         sso_role_name = Ops\nregion = eu-west-1\n\n\
         [profile work-admin]\nrole_arn = arn:aws:iam::111111111111:role/admin\n\
         source_profile = work-readonly\nrole_session_name = me\nregion = eu-west-1\n\n\
         [profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = eu-central-1\n\
         sso_account_id = 333333333333\nsso_role_name = Legacy\nregion = eu-west-1\nservices = local\n\n\
         [services local]\nsso =\n  endpoint_url = {url}\nsso_oidc =\n  endpoint_url = {url}\n",
        url = stub_url()
    )
}

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write_config(&config());
    sandbox
}

fn sha1_hex(text: &str) -> String {
    let output = Command::new("python3")
        .args([
            "-c",
            "import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())",
            text,
        ])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

fn token_dir(sandbox: &Sandbox) -> PathBuf {
    sandbox.home().join(".aws/sso/cache")
}

fn role_cache_dir(sandbox: &Sandbox) -> PathBuf {
    sandbox.home().join(".aws/cli/cache")
}

/// Writes a token file as the AWS CLI does.
fn write_token(sandbox: &Sandbox, key: &str, token: Value) {
    std::fs::create_dir_all(token_dir(sandbox)).unwrap();
    std::fs::write(
        token_dir(sandbox).join(format!("{key}.json")),
        token.to_string(),
    )
    .unwrap();
}

fn token(access: &str, expires_at: &str) -> Value {
    json!({
        "startUrl": START_URL, "region": "us-east-1", "accessToken": access,
        "expiresAt": expires_at, "clientId": "client-0", "clientSecret": "client-secret-0",
        "registrationExpiresAt": "2100-01-01T00:00:00Z", "refreshToken": "refresh-0",
    })
}

/// The files of a folder by name, with their bytes.
fn files(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// What a request in the stub's log says, without what differs between clients.
fn call(entry: &Value) -> Value {
    json!({"method": entry["method"], "path": entry["path"], "query": entry["query"],
           "bearer": entry["bearer"], "body": entry["body"]})
}

fn export_json(sandbox: &Sandbox, profile: &str) -> Value {
    serde_json::from_str(&awsprof_ok(
        sandbox,
        &["export", profile, "--format", "json"],
    ))
    .unwrap()
}

#[test]
fn sso_session_and_legacy_profiles_make_botocores_calls_and_caches() {
    for (profile, key, endpoints) in [
        (
            "work-readonly",
            DEV_TOKEN.to_string(),
            Endpoints::Environment,
        ),
        (
            "legacy",
            sha1_hex("https://legacy.awsapps.com/start"),
            Endpoints::ServicesSection,
        ),
    ] {
        let stub = stub(json!({"tokens": ["good-token"]}));
        let (ours, theirs) = (sandbox(), sandbox());
        for sandbox in [&ours, &theirs] {
            write_token(sandbox, &key, token("good-token", "2100-01-01T00:00:00Z"));
        }
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("awsprof"));
        confine(&mut cmd, &ours, endpoints);
        let output = cmd
            .args(["export", profile, "--format", "json"])
            .output()
            .unwrap();
        let exported = common::json_of_success(&output);
        let our_calls: Vec<Value> = stub.log().iter().map(call).collect();
        let resolved = botocore(&theirs, profile, endpoints);
        let their_calls: Vec<Value> = stub.log().iter().map(call).collect();
        assert_eq!(our_calls.len(), 1, "{our_calls:?}");
        assert_eq!(our_calls[0]["path"], "/federation/credentials");
        assert_eq!(our_calls[0]["bearer"], "good-token");
        assert_eq!(our_calls, their_calls, "{profile}");
        assert_eq!(exported["AccessKeyId"], resolved["access_key_id"]);
        assert_eq!(exported["SecretAccessKey"], resolved["secret_access_key"]);
        assert_eq!(exported["SessionToken"], resolved["session_token"]);
        assert_eq!(exported["Expiration"], "2100-01-01T00:00:00Z");
        // The same role cache file, byte for byte; the token files untouched.
        let cached = files(&role_cache_dir(&ours));
        assert_eq!(cached.len(), 1);
        assert_eq!(cached, files(&role_cache_dir(&theirs)), "{profile}");
        assert_eq!(files(&token_dir(&ours)), files(&token_dir(&theirs)));
        // The next export is served from the cache: no call.
        assert_eq!(export_json(&ours, profile), exported);
        assert!(stub.log().is_empty());
    }
}

#[test]
fn a_token_close_to_expiry_is_refreshed_and_rewritten_as_botocore_does() {
    let stub = stub(json!({"refresh_tokens": ["refresh-0"]}));
    let soon = format!(
        "{}Z",
        &awsprof_time_in(300)[..19] // five minutes left: inside botocore's 15-minute window
    );
    let (ours, theirs) = (sandbox(), sandbox());
    for sandbox in [&ours, &theirs] {
        write_token(sandbox, DEV_TOKEN, token("old-token", &soon));
    }
    let exported = export_json(&ours, "work-readonly");
    let our_calls: Vec<Value> = stub.log().iter().map(call).collect();
    botocore(&theirs, "work-readonly", Endpoints::Environment);
    let their_calls: Vec<Value> = stub.log().iter().map(call).collect();
    assert_eq!(our_calls, their_calls);
    assert_eq!(our_calls[0]["path"], "/token");
    assert_eq!(
        our_calls[0]["body"],
        json!({"clientId": "client-0", "clientSecret": "client-secret-0",
               "grantType": "refresh_token", "refreshToken": "refresh-0"})
    );
    assert_eq!(our_calls[1]["path"], "/federation/credentials");
    assert!(
        exported["AccessKeyId"]
            .as_str()
            .unwrap()
            .starts_with("ASIA")
    );
    // The rewritten token files agree but for the second expiresAt was computed at.
    let read = |sandbox: &Sandbox| -> serde_json::Map<String, Value> {
        let path = token_dir(sandbox).join(format!("{DEV_TOKEN}.json"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let (mut mine, mut botos) = (read(&ours), read(&theirs));
    assert_ne!(mine["accessToken"], "old-token");
    assert_eq!(
        our_calls[1]["bearer"], mine["accessToken"],
        "the new token is used"
    );
    for token in [&mut mine, &mut botos] {
        let expires = token.remove("expiresAt").unwrap();
        assert!(expires.as_str().unwrap().ends_with('Z'), "{expires}");
        assert!(expires.as_str().unwrap() > soon.as_str());
    }
    assert_eq!(
        mine.keys().collect::<Vec<_>>(),
        botos.keys().collect::<Vec<_>>()
    );
    assert_eq!(mine, botos);
    use std::os::unix::fs::PermissionsExt;
    let path = token_dir(&ours).join(format!("{DEV_TOKEN}.json"));
    assert_eq!(
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

/// A time `seconds` from now in ISO 8601, from Python's clock (the one botocore reads).
fn awsprof_time_in(seconds: i64) -> String {
    let output = Command::new("python3")
        .args([
            "-c",
            "import datetime,sys; print((datetime.datetime.now(datetime.timezone.utc) + \
             datetime.timedelta(seconds=int(sys.argv[1]))).strftime('%Y-%m-%dT%H:%M:%SZ'))",
            &seconds.to_string(),
        ])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

#[test]
fn missing_expired_and_rejected_tokens_say_awsprof_login() {
    let stub = stub(json!({"tokens": ["good-token"]}));
    let sandbox = sandbox();
    awsprof_fails(
        &sandbox,
        &["export", "work-readonly"],
        "run `awsprof login work-readonly`",
    );
    awsprof_fails(
        &sandbox,
        &["export", "work-admin"],
        "run `awsprof login work-admin`",
    );
    // Expired, and the refresh is refused: botocore's "expired" after a failed refresh.
    write_token(
        &sandbox,
        DEV_TOKEN,
        token("good-token", "2020-01-01T00:00:00Z"),
    );
    awsprof_fails(
        &sandbox,
        &["export", "work-readonly"],
        "expired at 2020-01-01T00:00:00Z: run `awsprof login work-readonly`",
    );
    let calls = stub.log();
    assert_eq!(calls.len(), 1, "one refresh attempt, no GetRoleCredentials");
    assert_eq!(calls[0]["path"], "/token");
    // A token the portal no longer accepts.
    write_token(
        &sandbox,
        DEV_TOKEN,
        token("revoked-token", "2100-01-01T00:00:00Z"),
    );
    awsprof_fails(
        &sandbox,
        &["whoami", "work-ops"],
        "UnauthorizedException: Session token not found or invalid); it may have been revoked",
    );
    assert!(!role_cache_dir(&sandbox).exists(), "nothing was cached");
}

/// The login of the stub: `device` is what CreateToken answers to the device code.
fn login(sandbox: &Sandbox, name: &str, extra: &[&str]) -> Output {
    let mut args = vec!["login", name];
    args.extend_from_slice(extra);
    awsprof(sandbox, &args)
}

fn paths(log: &[Value]) -> Vec<String> {
    log.iter()
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn login_polls_as_told_and_writes_the_token_the_aws_cli_reads() {
    let stub = stub(json!({"device": ["pending", "slow_down", "ok"]}));
    let sandbox = sandbox();
    let output = login(&sandbox, "work-readonly", &["--no-browser"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("https://device.sso.example/\n"), "{stderr}");
    assert!(stderr.contains("CODE-0001"), "{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!(
            "Signed in to {START_URL} (sso-session \"dev\") until "
        )),
        "{stdout}"
    );
    let log = stub.log();
    assert_eq!(
        paths(&log),
        [
            "/client/register",
            "/device_authorization",
            "/token",
            "/token",
            "/token"
        ]
    );
    assert_eq!(
        log[0]["body"],
        json!({"clientName": "awsprof-client-dev", "clientType": "public"})
    );
    assert_eq!(
        log[1]["body"],
        json!({"clientId": "client-1", "clientSecret": "client-secret-1", "startUrl": START_URL})
    );
    for poll in &log[2..] {
        assert_eq!(
            poll["body"]["grantType"],
            "urn:ietf:params:oauth:grant-type:device_code"
        );
        assert_eq!(poll["body"]["deviceCode"], "device-1");
    }
    // The token file has the AWS CLI's name and fields, and botocore uses it.
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(token_dir(&sandbox).join(format!("{DEV_TOKEN}.json"))).unwrap(),
    )
    .unwrap();
    let keys: Vec<&str> = written
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "startUrl",
            "region",
            "accessToken",
            "expiresAt",
            "clientId",
            "clientSecret",
            "registrationExpiresAt",
            "refreshToken"
        ]
    );
    assert_eq!(written["registrationExpiresAt"], "2100-01-01T00:00:00Z");
    botocore(&sandbox, "work-ops", Endpoints::Environment);
    let used = stub.log();
    assert_eq!(paths(&used), ["/federation/credentials"]);
    assert_eq!(used[0]["bearer"], written["accessToken"]);
    // A second sign-in reuses the cached registration.
    login(&sandbox, "dev", &["--no-browser"]);
    assert_eq!(
        paths(&stub.log()),
        ["/device_authorization", "/token"],
        "no RegisterClient"
    );
}

#[test]
fn login_stops_on_denial_and_on_expiry_and_writes_nothing() {
    for (config, message) in [
        (
            json!({"device": ["pending", "denied"]}),
            "the sign-in was denied",
        ),
        (
            json!({"device": ["expired"]}),
            "expired before it was approved; run `awsprof login work-ops` again",
        ),
        (
            json!({"then": "pending", "interval": 1, "device_expires_in": 1}),
            "expired after 1 seconds without being approved",
        ),
    ] {
        let stub = stub(config);
        let sandbox = sandbox();
        awsprof_fails(&sandbox, &["login", "work-ops", "--no-browser"], message);
        assert!(
            !token_dir(&sandbox)
                .join(format!("{DEV_TOKEN}.json"))
                .exists()
        );
        assert!(paths(&stub.log()).contains(&"/token".to_string()));
    }
    let sandbox = sandbox();
    awsprof_fails(
        &sandbox,
        &["login", "nobody"],
        "(and there is no [sso-session nobody] section)",
    );
    sandbox.write_config("[profile keys]\nregion = eu-west-1\n");
    awsprof_fails(
        &sandbox,
        &["login", "keys"],
        "does not use IAM Identity Center",
    );
    // A broken chain says what is broken, for login and logout alike.
    sandbox.write_config(
        "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\
         [profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
    );
    for command in ["login", "logout"] {
        awsprof_fails(&sandbox, &[command, "a"], "profile formed an infinite loop");
    }
}

#[test]
fn login_opens_a_browser_only_where_usable_or_asked() {
    let _stub = stub(json!({"device": ["pending"]}));
    let sandbox = sandbox();
    let bin = sandbox.home().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opened = sandbox.home().join("opened");
    // A stand-in for xdg-open and for $BROWSER: records the URL, opens nothing.
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\n", opened.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |extra: &[&str], vars: &[(&str, &str)]| {
        request(
            "POST",
            "/stub/reset",
            &json!({"device": ["pending"]}).to_string(),
        );
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("awsprof"));
        confine(&mut cmd, &sandbox, Endpoints::Environment);
        cmd.env("PATH", &path).args(["login", "dev"]).args(extra);
        for (name, value) in vars {
            cmd.env(name, value);
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success());
        let urls = std::fs::read_to_string(&opened).unwrap_or_default();
        let _ = std::fs::remove_file(&opened);
        urls
    };
    let url = "https://device.sso.example/?user_code=CODE-0001\n";
    assert_eq!(run(&[], &[]), "", "no display, no BROWSER: nothing opened");
    assert_eq!(run(&["--browser"], &[]), url);
    assert_eq!(run(&[], &[("DISPLAY", ":0")]), url);
    assert_eq!(run(&["--no-browser"], &[("DISPLAY", ":0")]), "");
    let browser = format!("{} --new-tab %s", opener.display());
    assert_eq!(
        run(&[], &[("BROWSER", &browser)]),
        format!("--new-tab {url}")
    );
}

#[test]
fn sso_role_chains_work_and_the_aws_cli_reads_awsprofs_caches() {
    let stub = stub(json!({}));
    let sandbox = sandbox();
    assert!(
        login(&sandbox, "work-admin", &["--no-browser"])
            .status
            .success()
    );
    stub.log();
    let whoami: Value =
        serde_json::from_str(&awsprof_ok(&sandbox, &["whoami", "work-admin", "--json"])).unwrap();
    assert_eq!(
        whoami["arn"],
        "arn:aws:sts::111111111111:assumed-role/admin/me"
    );
    assert_eq!(paths(&stub.log()), ["/federation/credentials"]);
    // AWS CLI v1 takes the role from awsprof's assume-role cache: no SSO call at all.
    let (ok, stdout, stderr) = aws_cli(
        &sandbox,
        &["sts", "get-caller-identity", "--profile", "work-admin"],
    );
    assert!(ok, "{stderr}");
    let identity: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(identity["Arn"], whoami["arn"]);
    assert!(stub.log().is_empty(), "the CLI used awsprof's cache");
    // And it signs in with the token awsprof's login wrote.
    let (ok, _, stderr) = aws_cli(
        &sandbox,
        &["sts", "get-caller-identity", "--profile", "work-ops"],
    );
    assert!(ok, "{stderr}");
    let used = stub.log();
    assert_eq!(paths(&used), ["/federation/credentials"]);
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(token_dir(&sandbox).join(format!("{DEV_TOKEN}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(used[0]["bearer"], written["accessToken"]);
    assert_eq!(used[0]["query"]["account_id"], "222222222222");
}

#[test]
fn logout_removes_the_sessions_tokens_and_role_credentials() {
    let stub = stub(json!({"tokens": ["dev-token", "legacy-token"]}));
    let sandbox = sandbox();
    write_token(
        &sandbox,
        DEV_TOKEN,
        token("dev-token", "2100-01-01T00:00:00Z"),
    );
    let legacy_key = sha1_hex("https://legacy.awsapps.com/start");
    let mut legacy = token("legacy-token", "2100-01-01T00:00:00Z");
    legacy["region"] = "eu-central-1".into();
    write_token(&sandbox, &legacy_key, legacy);
    // A registration file is not a token: it stays.
    write_token(
        &sandbox,
        "registration",
        json!({"clientId": "c", "clientSecret": "s", "expiresAt": "2100-01-01T00:00:00Z"}),
    );
    for profile in ["work-readonly", "work-ops", "work-admin"] {
        export_json(&sandbox, profile);
    }
    let before = files(&role_cache_dir(&sandbox));
    assert_eq!(before.len(), 3, "two SSO roles and one assumed role");
    stub.log();
    let out = awsprof_ok(&sandbox, &["logout", "work-ops"]);
    assert_eq!(
        out,
        "Signed out: removed 1 SSO token file(s) and 2 cached role credential file(s).\n"
    );
    let ended = stub.log();
    assert_eq!(paths(&ended), ["/logout"]);
    assert_eq!(ended[0]["bearer"], "dev-token");
    let tokens = files(&token_dir(&sandbox));
    assert!(!tokens.contains_key(&format!("{DEV_TOKEN}.json")));
    assert_eq!(tokens.len(), 2);
    let after = files(&role_cache_dir(&sandbox));
    assert_eq!(after.len(), 1, "the assumed role's STS entry is not SSO's");
    assert!(after.values().all(|text| !text.contains("\"sso\"")));
    // Without a name, as `aws sso logout`: every token, every SSO role credential.
    export_json(&sandbox, "legacy");
    stub.log();
    let out = awsprof_ok(&sandbox, &["logout"]);
    assert_eq!(
        out,
        "Signed out: removed 1 SSO token file(s) and 1 cached role credential file(s).\n"
    );
    assert_eq!(paths(&stub.log()), ["/logout"]);
    assert_eq!(
        files(&token_dir(&sandbox)).keys().collect::<Vec<_>>(),
        ["registration.json"]
    );
}

#[test]
fn list_and_which_tell_the_tokens_state_offline() {
    let stub = stub(json!({}));
    let sandbox = sandbox();
    let status = |profile: &str| -> Value {
        let rows: Value = serde_json::from_str(&awsprof_ok(&sandbox, &["list", "--json"])).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .find(|row| row["name"] == profile)
            .unwrap()["sso_token"]
            .clone()
    };
    assert_eq!(
        status("work-readonly"),
        json!({"status": "missing", "expires_at": null, "refreshable": false})
    );
    assert_eq!(status("work-admin"), Value::Null, "only SSO profiles");
    let which = awsprof_ok(&sandbox, &["which", "--profile", "work-admin"]);
    assert!(
        which.contains(
            "SSO token:    not signed in (sso-session \"dev\"): run `awsprof login work-admin`"
        ),
        "{which}"
    );
    write_token(&sandbox, DEV_TOKEN, token("t", "2100-01-01T00:00:00Z"));
    assert_eq!(
        status("work-ops"),
        json!({"status": "valid", "expires_at": "2100-01-01T00:00:00Z", "refreshable": false})
    );
    let table = awsprof_ok(&sandbox, &["list"]);
    assert!(
        table.contains("valid until 2100-01-01T00:00:00Z"),
        "{table}"
    );
    write_token(&sandbox, DEV_TOKEN, token("t", "2020-01-01T00:00:00Z"));
    assert_eq!(
        status("work-ops"),
        json!({"status": "expired", "expires_at": "2020-01-01T00:00:00Z", "refreshable": true})
    );
    let which: Value = serde_json::from_str(&awsprof_ok(
        &sandbox,
        &["which", "--profile", "work-ops", "--json"],
    ))
    .unwrap();
    assert_eq!(which["sso_token"]["status"], "expired");
    assert!(stub.log().is_empty(), "list and which call no network");
}

#[test]
fn login_takes_absurd_lifetimes_and_intervals_without_overflow_or_busy_polling() {
    // An authorization lifetime past any clock is waited for no longer than allowed.
    let first = stub(json!({"device": ["pending"], "device_expires_in": i64::MAX}));
    let sandbox = sandbox();
    let output = login(&sandbox, "work-readonly", &["--no-browser"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    drop(first);
    // A token lifetime past any clock is refused, not added up into a panic.
    let second = stub(json!({"token_expires_in": i64::MAX}));
    let sandbox = self::sandbox();
    let output = login(&sandbox, "work-readonly", &["--no-browser"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("expiresIn"), "{stderr}");
    assert!(
        !token_dir(&sandbox)
            .join(format!("{DEV_TOKEN}.json"))
            .exists()
    );
    drop(second);
    // interval 0 would poll in a tight loop: at least a second apart, so a 2-second
    // authorization is polled at most 3 times.
    let stub = stub(json!({"then": "pending", "interval": 0, "device_expires_in": 2}));
    let output = login(&sandbox, "work-readonly", &["--no-browser"]);
    assert!(!output.status.success());
    let polls = paths(&stub.log()).iter().filter(|p| *p == "/token").count();
    assert!((1..=3).contains(&polls), "{polls} polls");
}

#[test]
fn a_registration_that_cannot_be_cached_is_named_in_the_warning() {
    let _stub = stub(json!({}));
    let first = sandbox();
    let output = login(&first, "work-readonly", &["--no-browser"]);
    assert!(output.status.success());
    let registration = files(&token_dir(&first))
        .into_keys()
        .find(|name| *name != format!("{DEV_TOKEN}.json"))
        .expect("a registration file");
    // A folder where the registration goes: it cannot be written, the sign-in still works.
    let second = sandbox();
    std::fs::create_dir_all(token_dir(&second).join(&registration)).unwrap();
    let output = login(&second, "work-readonly", &["--no-browser"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("could not cache the client registration in ")
            && stderr.contains(&format!("{registration}: ")),
        "{stderr}"
    );
}

/// A run killed between writing a cache file and renaming it leaves a temporary copy of
/// the credentials or token in the cache folder: the next write of that entry deletes it,
/// and `logout` deletes every one, as it deletes the tokens and credentials themselves.
#[test]
fn copies_left_by_killed_writes_go_with_the_next_write_and_with_logout() {
    let _stub = stub(json!({"tokens": ["access-1"]}));
    let sandbox = sandbox();
    write_token(
        &sandbox,
        DEV_TOKEN,
        token("access-1", "2100-01-01T00:00:00Z"),
    );
    let leftovers = |dir: &Path| {
        files(dir)
            .into_keys()
            .filter(|name| name.contains(".awsprof-tmp."))
            .collect::<Vec<_>>()
    };
    let kill_export_until_a_copy_is_left = || {
        for step in 1..30 {
            let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("awsprof"));
            confine(&mut cmd, &sandbox, Endpoints::Environment);
            cmd.env("AWSPROF_TEST_FAULT", format!("crash@{step}"))
                .args(["export", "work-readonly"])
                .output()
                .unwrap();
            if !leftovers(&role_cache_dir(&sandbox)).is_empty() {
                return;
            }
        }
        panic!("no step of export left a temporary file");
    };
    kill_export_until_a_copy_is_left();
    awsprof_ok(&sandbox, &["export", "work-readonly"]);
    assert_eq!(leftovers(&role_cache_dir(&sandbox)), Vec::<String>::new());
    // A login killed while writing the token leaves a copy of it, like this one of a
    // process that has ended.
    let mut ended = Command::new("true").spawn().unwrap();
    let pid = ended.id();
    ended.wait().unwrap();
    let copy = token_dir(&sandbox).join(format!(".{DEV_TOKEN}.json.awsprof-tmp.{pid}.1.0"));
    std::fs::write(&copy, token("access-1", "2100-01-01T00:00:00Z").to_string()).unwrap();
    std::fs::remove_file(
        role_cache_dir(&sandbox)
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();
    kill_export_until_a_copy_is_left();
    awsprof_ok(&sandbox, &["logout"]);
    assert_eq!(leftovers(&role_cache_dir(&sandbox)), Vec::<String>::new());
    assert_eq!(leftovers(&token_dir(&sandbox)), Vec::<String>::new());
}

/// Role credentials whose expiration has passed, or lies past year 9999, are an error:
/// they were exported with exit 0 (expired, or with an AWS_CREDENTIAL_EXPIRATION of year
/// 292277026596) and cached in a file the AWS CLI cannot read back.
#[test]
fn role_credentials_with_an_impossible_expiration_are_refused() {
    for expiration_ms in [json!(-5000), json!(1000), json!(1e22)] {
        let _stub = stub(json!({"tokens": ["good-token"], "role_expiration_ms": expiration_ms}));
        let sandbox = sandbox();
        write_token(
            &sandbox,
            DEV_TOKEN,
            token("good-token", "2100-01-01T00:00:00Z"),
        );
        awsprof_fails(&sandbox, &["export", "work-readonly"], "GetRoleCredentials");
        assert!(
            files(&role_cache_dir(&sandbox)).is_empty(),
            "{expiration_ms}: cached"
        );
    }
}
