//! The prompts in a real pseudo-terminal: `add` asks for what is missing without echoing
//! the secret, and `remove` asks before deleting.

mod common;

use std::process::Command;

use common::{KEY_ID, SECRET, Sandbox};
use rexpect::session::{PtySession, spawn_command};

fn spawn(sandbox: &Sandbox, args: &[&str]) -> PtySession {
    let mut command = sandboxed(sandbox, assert_cmd::cargo::cargo_bin("awsprof"));
    command.args(args);
    spawn_command(command, Some(10_000)).unwrap()
}

/// `program` with only the sandbox's HOME and files, and a dumb terminal.
fn sandboxed(sandbox: &Sandbox, program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TERM", "dumb")
        .env("HOME", sandbox.home())
        .env("AWS_CONFIG_FILE", sandbox.config())
        .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials());
    command
}

#[test]
fn add_prompts_hide_the_secret_and_write_the_profile() {
    let sandbox = Sandbox::new();
    sandbox.write_config("[default]\nregion = eu-west-1\n");
    let mut session = spawn(&sandbox, &["add", "hyde"]);
    session.exp_string("AWS Access Key ID").unwrap();
    session.send_line(KEY_ID).unwrap();
    session.exp_string("AWS Secret Access Key").unwrap();
    session.send_line(SECRET).unwrap();
    let between = session.exp_string("AWS Session Token").unwrap();
    assert!(
        !between.contains(SECRET),
        "the secret was echoed: {between:?}"
    );
    session.send_line("").unwrap();
    // The default region is the default profile's.
    session
        .exp_string("Default region name [eu-west-1]")
        .unwrap();
    session.send_line("").unwrap();
    session.exp_string("Default output format").unwrap();
    session.send_line("json").unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("Added profile \"hyde\""), "{rest:?}");
    assert!(!rest.contains(SECRET));
    assert_eq!(
        sandbox.read_credentials(),
        format!("[hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n")
    );
    assert_eq!(
        sandbox.read_config(),
        "[default]\nregion = eu-west-1\n\n[profile hyde]\nregion = eu-west-1\noutput = json\n"
    );
}

#[test]
fn remove_asks_first_and_no_keeps_the_profile() {
    let sandbox = Sandbox::new();
    let credentials =
        format!("[hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n");
    sandbox.write_credentials(&credentials);
    let mut session = spawn(&sandbox, &["remove", "hyde"]);
    session.exp_string("Remove profile \"hyde\"").unwrap();
    session.send_line("n").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(sandbox.read_credentials(), credentials);

    let mut session = spawn(&sandbox, &["remove", "hyde"]);
    session.exp_string("Remove profile \"hyde\"").unwrap();
    session.send_line("y").unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("Removed profile \"hyde\""), "{rest:?}");
    assert_eq!(sandbox.read_credentials(), "");
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials(&format!(
        "[hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
    ));
    let list = |no_color: Option<&str>| {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("awsprof"));
        command
            .arg("list")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", sandbox.home())
            .env("AWS_CONFIG_FILE", sandbox.config())
            .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials());
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let mut session = spawn_command(command, Some(10_000)).unwrap();
        session.exp_eof().unwrap()
    };
    assert!(list(None).contains("\x1b[1m"), "a terminal gets colour");
    for value in ["1", ""] {
        let text = list(Some(value));
        assert!(text.contains("hyde"), "{text:?}");
        assert!(
            !text.contains('\x1b'),
            "NO_COLOR={value:?} must switch colour off: {text:?}"
        );
    }
}

/// Ctrl-C at the hidden secret prompt: awsprof exits 130, writes nothing, and leaves the
/// terminal with echo on (a shell in the same terminal runs `stty` after it to see).
#[test]
fn ctrl_c_at_the_hidden_prompt_restores_echo_and_exits_130() {
    let sandbox = Sandbox::new();
    let awsprof = assert_cmd::cargo::cargo_bin("awsprof");
    let mut command = sandboxed(&sandbox, "sh");
    command.arg("-c").arg(format!(
        // rexpect starts its terminal with echo off, as no user's is.
        "stty echo; trap : INT; '{}' add hyde; echo \"status=$?\"; stty -a",
        awsprof.display()
    ));
    let mut session = spawn_command(command, Some(10_000)).unwrap();
    session.exp_string("AWS Access Key ID").unwrap();
    session.send_line(KEY_ID).unwrap();
    session.exp_string("AWS Secret Access Key").unwrap();
    session.send_control('c').unwrap();
    session.exp_string("status=130").unwrap();
    let settings = session.exp_eof().unwrap();
    let words: Vec<&str> = settings.split_whitespace().collect();
    assert!(
        words.contains(&"echo") && !words.contains(&"-echo"),
        "echo is off after Ctrl-C: {settings:?}"
    );
    assert!(!sandbox.credentials().exists());
    assert!(!sandbox.config().exists());
}
