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
    // The issue 15 contract: no region is offered from `default` (Enter would have written
    // default's region into the new profile); Enter leaves it out.
    session.exp_string("Default region name [none]").unwrap();
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
        "[default]\nregion = eu-west-1\n\n[profile hyde]\noutput = json\n"
    );
}

#[test]
fn add_asks_again_after_each_bad_answer_and_keeps_the_good_ones() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&sandbox, &["add", "hyde"]);
    session.exp_string("AWS Access Key ID").unwrap();
    session.send_line("").unwrap();
    session.exp_string("is empty; try again").unwrap();
    session.exp_string("AWS Access Key ID").unwrap();
    session.send_line(KEY_ID).unwrap();
    session.exp_string("AWS Secret Access Key").unwrap();
    session.send_line(&format!("{SECRET} ")).unwrap();
    session.exp_string("whitespace").unwrap();
    session.exp_string("AWS Secret Access Key").unwrap();
    session.send_line(SECRET).unwrap();
    session.exp_string("AWS Session Token").unwrap();
    session.send_line("").unwrap();
    session.exp_string("Default region name").unwrap();
    session.send_line("eu west 1").unwrap();
    session.exp_string("not a region name").unwrap();
    session.exp_string("Default region name").unwrap();
    session.send_line("eu-west-1").unwrap();
    session.exp_string("Default output format").unwrap();
    session.send_line("jsno").unwrap();
    session.exp_string("did you mean json").unwrap();
    session.exp_string("Default output format").unwrap();
    session.send_line("json").unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("Added profile \"hyde\""), "{rest:?}");
    assert_eq!(
        sandbox.read_credentials(),
        format!("[hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n")
    );
    assert_eq!(
        sandbox.read_config(),
        "[profile hyde]\nregion = eu-west-1\noutput = json\n"
    );
}

#[test]
fn add_force_on_a_terminal_keeps_current_values_on_enter() {
    let sandbox = Sandbox::new();
    sandbox.write_config("[profile hyde]\nregion = eu-west-1\noutput = text\n");
    let credentials =
        format!("[hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n");
    sandbox.write_credentials(&credentials);
    let mut session = spawn(&sandbox, &["add", "hyde", "--force"]);
    session
        .exp_string("AWS Access Key ID [****************MPLE]")
        .unwrap();
    session.send_line("").unwrap();
    session
        .exp_string("AWS Secret Access Key [****************]")
        .unwrap();
    session.send_line("").unwrap();
    session.exp_string("AWS Session Token [none]").unwrap();
    session.send_line("").unwrap();
    session
        .exp_string("Default region name [eu-west-1]")
        .unwrap();
    session.send_line("").unwrap();
    session.exp_string("Default output format [text]").unwrap();
    session.send_line("json").unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("Updated profile \"hyde\""), "{rest:?}");
    assert_eq!(sandbox.read_credentials(), credentials);
    assert_eq!(
        sandbox.read_config(),
        "[profile hyde]\nregion = eu-west-1\noutput = json\n"
    );
    // With a value given, nothing is asked: only that value changes.
    let mut session = spawn(
        &sandbox,
        &["add", "hyde", "--force", "--region", "us-east-1"],
    );
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("Updated profile \"hyde\""), "{rest:?}");
    assert_eq!(
        sandbox.read_config(),
        "[profile hyde]\nregion = us-east-1\noutput = json\n"
    );
}

#[test]
fn set_asks_for_a_secret_without_echo_and_enter_ends_it() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials(&format!(
        "[hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = old\n"
    ));
    let mut session = spawn(&sandbox, &["set", "hyde", "aws_secret_access_key", "-"]);
    session
        .exp_string("aws_secret_access_key of profile \"hyde\"")
        .unwrap();
    session.send_line("new/secret").unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(!rest.contains("new/secret"), "echoed: {rest:?}");
    assert!(rest.contains("Set aws_secret_access_key"), "{rest:?}");
    assert!(
        sandbox
            .read_credentials()
            .contains("aws_secret_access_key = new/secret\n")
    );
    // On a terminal, get shows the mask (a pipe gets an error naming --reveal).
    let mut session = spawn(&sandbox, &["get", "hyde", "aws_secret_access_key"]);
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("****************"), "{rest:?}");
    assert!(!rest.contains("new/secret"));
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
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("Kept profile \"hyde\""), "{rest:?}");
    assert!(!rest.contains("error"), "saying no is no error: {rest:?}");
    assert_eq!(sandbox.read_credentials(), credentials);

    // A whole line: `yes` and Enter (not the first keystroke), after a bad answer.
    let mut session = spawn(&sandbox, &["remove", "hyde"]);
    session.exp_string("Remove profile \"hyde\"").unwrap();
    session.send_line("maybe").unwrap();
    session.exp_string("answer y or yes").unwrap();
    session.send("ye").unwrap();
    assert_eq!(
        sandbox.read_credentials(),
        credentials,
        "nothing before Enter"
    );
    session.send_line("s").unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("Removed profile \"hyde\""), "{rest:?}");
    assert_eq!(sandbox.read_credentials(), "");
}

#[test]
fn tables_fit_the_terminal_and_print_in_full_when_piped() {
    let sandbox = Sandbox::new();
    let long = "x".repeat(300);
    sandbox.write_credentials(&format!(
        "[{long}]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n\
         [hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
    ));
    let mut command = sandboxed(&sandbox, assert_cmd::cargo::cargo_bin("awsprof"));
    command
        .arg("list")
        .env("COLUMNS", "60")
        .env("NO_COLOR", "1");
    let mut session = spawn_command(command, Some(10_000)).unwrap();
    // rexpect hands bytes over one char each; put the UTF-8 back together.
    let bytes: Vec<u8> = session
        .exp_eof()
        .unwrap()
        .chars()
        .map(|c| c as u8)
        .collect();
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 3, "one line per row: {text:?}");
    for line in &lines {
        assert!(line.trim_end().chars().count() <= 60, "{line:?}");
    }
    assert!(text.contains('…'), "the long name is cut: {text:?}");
    assert!(text.contains("hyde"), "{text:?}");
    let piped = sandbox.run(&["list"]).success();
    let piped = String::from_utf8(piped.get_output().stdout.clone()).unwrap();
    assert!(piped.contains(&long), "full text when piped");
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
    session.send("half-typed").unwrap();
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

/// Ctrl-C at the MFA prompt of `export`: the code is read from the terminal without echo,
/// and Ctrl-C restores echo and exits 130 (not killed by SIGINT), with nothing printed.
#[test]
fn ctrl_c_at_the_mfa_prompt_restores_echo_and_exits_130() {
    let sandbox = Sandbox::new();
    sandbox.write_config(
        "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = k\n\
         mfa_serial = arn:aws:iam::123456789012:mfa/me\n",
    );
    sandbox.write_credentials(&format!(
        "[k]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
    ));
    let awsprof = assert_cmd::cargo::cargo_bin("awsprof");
    let mut command = sandboxed(&sandbox, "sh");
    // Nothing is called before the code is entered; were it, only a closed local port answers.
    command.env("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
    command.arg("-c").arg(format!(
        "stty echo; trap : INT; '{}' export r; echo \"status=$?\"; stty -a",
        awsprof.display()
    ));
    let mut session = spawn_command(command, Some(10_000)).unwrap();
    session
        .exp_string("Enter MFA code for arn:aws:iam::123456789012:mfa/me: ")
        .unwrap();
    session.send("1234").unwrap();
    session.send_control('c').unwrap();
    let (typed, status) = session.exp_regex("status=[0-9]+").unwrap();
    assert_eq!(status, "status=130", "{typed:?}");
    assert!(!typed.contains("1234"), "the code was echoed: {typed:?}");
    assert!(!typed.contains("AWS_"), "something was exported: {typed:?}");
    let settings = session.exp_eof().unwrap();
    let words: Vec<&str> = settings.split_whitespace().collect();
    assert!(
        words.contains(&"echo") && !words.contains(&"-echo"),
        "echo is off after Ctrl-C: {settings:?}"
    );
}

/// On a terminal `awsprof man add` is a formatted page (through the system's `man`), not
/// roff source; piped it stays roff, for `man -l -` or a file.
#[test]
fn man_on_a_terminal_is_formatted() {
    if std::process::Command::new("man")
        .arg("-w")
        .output()
        .is_err()
    {
        return; // no man on this system: the roff is printed, as when piped
    }
    let sandbox = Sandbox::new();
    let mut command = sandboxed(&sandbox, assert_cmd::cargo::cargo_bin("awsprof"));
    command.args(["man", "add"]).env("MANPAGER", "cat");
    let mut session = spawn_command(command, Some(10_000)).unwrap();
    let page = session.exp_eof().unwrap();
    assert!(page.contains("General Commands Manual"), "{page}");
    assert!(!page.contains(".SH"), "roff on a terminal: {page}");
    sandbox
        .run(&["man", "add"])
        .success()
        .stdout(predicates::str::contains(".SH"));
}
