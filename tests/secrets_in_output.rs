//! No secret in any output without `--reveal` or `export`, and no escape sequence a server
//! sends reaches the terminal. Unique secrets are planted in
//! broken and odd files (a secret above the first section, a pasted secret line without
//! `=`, an indented secret after a header, a secret with an inline comment, the legacy
//! `aws_security_token`, a `[DEFAULT]` section, a temporary key without its token, a secret
//! without its key id), and every command's stdout and stderr are searched for them.

mod common;

use common::Sandbox;

/// The planted secrets: each unique, so any leak is found wherever it comes from.
const PLANTED: [&str; 9] = [
    "PlantedAboveSection0qZ",
    "PlantedBareLine1xW",
    "PlantedIndented2vU",
    "PlantedInlineComment3tS",
    "PlantedSecurityToken4rQ",
    "PlantedDefaultToken5pO",
    "PlantedOrphanSecret6nM",
    "PlantedTemporarySecret7lK",
    "PlantedSessionToken8jI",
];

/// (what the files hold, config file, credentials file).
fn scenarios() -> Vec<(&'static str, String, String)> {
    let [
        above,
        bare,
        indented,
        inline,
        security,
        default,
        orphan,
        temporary,
        session,
    ] = PLANTED;
    let keys = "aws_access_key_id = AKIAIOSFODNN7EXAMPLE";
    vec![
        (
            "a secret line above the first section",
            String::new(),
            format!("aws_secret_access_key = {above}\n[p]\n{keys}\naws_secret_access_key = x\n"),
        ),
        (
            "a pasted secret line without `=`",
            String::new(),
            format!("[p]\n{keys}\n{bare}\n"),
        ),
        (
            "an indented secret right after a header, in the config file",
            format!("[profile p]\n  aws_session_token = {indented}\n"),
            String::new(),
        ),
        (
            "a pasted secret above the first section of the config file",
            format!("{bare}\n[profile p]\nregion = eu-west-1\n"),
            String::new(),
        ),
        (
            "secrets that parse: inline comment, legacy token, [DEFAULT], orphan, temporary key",
            "[profile p]\nregion = Frankfurt\nrole_arn = notanarn\n".to_string(),
            format!(
                "[p]\n{keys}\naws_secret_access_key = {inline} ;note\naws_security_token = {security}\naws_session_token = {session}\n\n\
                 [DEFAULT]\naws_session_token = {default}\n\n\
                 [orphan]\naws_secret_access_key = {orphan}\n\n\
                 [temp]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = {temporary}\n"
            ),
        ),
    ]
}

/// Every command that may print something about the files, without `--reveal` or
/// `export`; the editing ones last.
const COMMANDS: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["list", "--names"],
    &["show", "p"],
    &["show", "p", "--json"],
    &["show", "temp"],
    &["show", "orphan", "--json"],
    &["which"],
    &["which", "--json"],
    &["which", "--explain"],
    &["which", "--profile", "p", "--explain"],
    &["which", "--profile", "temp", "--json"],
    &["get", "p", "aws_secret_access_key"],
    &["get", "p", "aws_security_token"],
    &["get", "p", "aws_session_token"],
    &["get", "orphan", "aws_secret_access_key"],
    &["doctor"],
    &["doctor", "--json"],
    &["use", "p"],
    &["import", "--dry-run"],
    &["set", "p", "region", "eu-west-1"],
    &["set", "p", "output", "json"],
    &["unset", "p", "output"],
    &["rename", "temp", "temporary"],
    &["remove", "orphan", "--yes"],
];

#[test]
fn no_command_prints_a_planted_secret() {
    let mut leaks = Vec::new();
    let mut runs = 0;
    for (what, config, credentials) in scenarios() {
        let sandbox = Sandbox::new();
        sandbox.write_config(&config);
        sandbox.write_credentials(&credentials);
        for args in COMMANDS {
            let output = sandbox.cmd().args(*args).output().unwrap();
            runs += 1;
            let printed = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            for secret in PLANTED.iter().filter(|secret| printed.contains(**secret)) {
                leaks.push(format!(
                    "{what}: `awsprof {}` printed {secret}:\n{printed}",
                    args.join(" ")
                ));
            }
        }
        // A secret given to `set` on stdin is never echoed either.
        let output = sandbox
            .cmd()
            .args(["set", "p", "aws_security_token", "-"])
            .write_stdin("PlantedOnStdin9hG\n")
            .output()
            .unwrap();
        let printed =
            String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
        if printed.contains("PlantedOnStdin9hG") {
            leaks.push(format!(
                "{what}: set aws_security_token printed it: {printed}"
            ));
        }
    }
    assert!(runs > 100);
    assert!(leaks.is_empty(), "{}", leaks.join("\n\n"));
}

#[test]
fn the_legacy_token_is_a_secret_everywhere() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials(
        "[p]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\naws_security_token = LegacyToken\n",
    );
    sandbox
        .cmd()
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("\"kind\": \"session\""));
    sandbox.fails(
        &["set", "p", "aws_security_token", "on-argv"],
        "secrets are not taken from the command line",
    );
    sandbox
        .cmd()
        .args(["export", "p"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "export AWS_SESSION_TOKEN='LegacyToken'",
        ));
    // Writing a session token replaces the legacy one, which botocore would read first.
    sandbox
        .cmd()
        .args(["set", "p", "aws_session_token", "-"])
        .write_stdin("NewToken\n")
        .assert()
        .success();
    assert!(!sandbox.read_credentials().contains("LegacyToken"));
    let botocore = sandbox.botocore(&["p"]);
    assert_eq!(botocore["p"]["token"], "NewToken");
}

/// A server on 127.0.0.1 that answers one request with `status` (`200 OK`) and `body`;
/// returns its URL.
fn answering_server(status: &'static str, body: String) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 65536];
        let _ = stream.read(&mut request);
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    });
    url
}

/// `export` of a role whose STS is `url` (no cache): it must fail (exit 1).
fn export_role_from(url: &str) -> std::process::Output {
    let sandbox = Sandbox::new();
    sandbox.write_credentials(
        "[keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n",
    );
    sandbox.write_config(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = keys\n\
         region = us-east-1\n",
    );
    let output = sandbox
        .cmd()
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", url)
        .args(["export", "role", "--no-cache"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    output
}

/// An STS answer that carries credentials but cannot be read (here an HTML entity XML does
/// not know; a proxy that cuts the answer does the same) is an error that shows none of
/// it: in GetSessionToken's answer the session token comes first.
#[test]
fn an_unreadable_sts_answer_is_not_shown() {
    let token = "PlantedStsToken9hG";
    let secret = "PlantedStsSecret0fE";
    let body = format!(
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
         <Credentials><SessionToken>{token}</SessionToken><SecretAccessKey>{secret}&nbsp;\
         </SecretAccessKey></Credentials></AssumeRoleResult></AssumeRoleResponse>"
    );
    let output = export_role_from(&answering_server("200 OK", body));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("AssumeRole"), "{stderr}");
    assert!(
        !stderr.contains(token) && !stderr.contains(secret),
        "{stderr}"
    );
}

/// An error message from a server (here an STS answer that is not XML) is shown with its
/// control characters escaped: raw, OSC 52 would put a command into the clipboard and
/// `ESC [2J` would clear the screen.
#[test]
fn escape_sequences_from_a_server_never_reach_the_terminal() {
    let output = export_role_from(&answering_server(
        "403 Forbidden",
        "denied\u{1b}]52;c;cm0gLXJmIH4K\u{7}\u{1b}[2Jgotcha".to_string(),
    ));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("denied\\u{1b}]52;c;"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
}
