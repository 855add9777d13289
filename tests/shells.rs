//! `export`, `use`, `init` and completions in real shells: sh, dash, bash, zsh and fish.
//! Hostile values must come back byte for byte and nothing in them may run.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Sandbox;
use rexpect::session::spawn_command;

/// A value with every character that means something to some shell.
fn hostile(marker: &Path) -> String {
    let m = marker.display();
    format!(
        "x'y\"z$(touch {m})`touch {m}`;|&<>\\n\\%PATH%!!{{a,b}}*?~#é漢🚀 a  b$HOME${{HOME}}\u{2018}q\u{2019}"
    )
}

/// Shells on this machine; sh, dash and bash are required, zsh and fish are installed by
/// `.ci/run` and so are required too.
const POSIX_SHELLS: [&str; 4] = ["sh", "dash", "bash", "zsh"];

fn bin_dir() -> PathBuf {
    assert_cmd::cargo::cargo_bin("awsprof")
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs a script in a shell with the sandbox's files and the binary on PATH.
fn run_shell(
    sandbox: &Sandbox,
    shell: &str,
    script: &str,
    extra: &[(&str, &str)],
) -> std::process::Output {
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new(shell);
    if shell == "fish" {
        command.arg("--no-config");
    }
    command
        .arg("-c")
        .arg(script)
        .env_clear()
        .env("PATH", path)
        .env("HOME", sandbox.home())
        .env("AWS_CONFIG_FILE", sandbox.config())
        .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(extra.iter().copied());
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {shell}: {e} (.ci/run installs zsh and fish)"))
}

fn setup() -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    let marker = sandbox.home().join("PWNED");
    let value = hostile(&marker);
    sandbox.write_credentials(&format!(
        "[hostile]\naws_access_key_id = AKIAHOSTILE000000000\naws_secret_access_key = {value}\naws_session_token = {value}\n\n\
         [plain]\naws_access_key_id = AKIAPLAIN00000000000\naws_secret_access_key = plainsecret\n"
    ));
    sandbox.write_config(&format!(
        "[profile hostile]\nregion = {value}\n\n[profile plain]\nregion = eu-west-1\n"
    ));
    (sandbox, value)
}

const READ_BACK_SH: &str = r#"printf '%s\n---\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "${AWS_SESSION_TOKEN-UNSET}" "$AWS_REGION" "$AWS_DEFAULT_REGION""#;
const READ_BACK_FISH: &str = r#"for v in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION; if set -q $v; printf '%s\n---\n' $$v; else; printf 'UNSET\n---\n'; end; end"#;

fn read_back(output: &std::process::Output) -> Vec<String> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    text.split("\n---\n")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn export_round_trips_hostile_values_in_every_shell() {
    let (sandbox, value) = setup();
    let marker = sandbox.home().join("PWNED");
    let expected = vec![
        "AKIAHOSTILE000000000".to_string(),
        value.clone(),
        value.clone(),
        value.clone(),
        value.clone(),
    ];
    for shell in POSIX_SHELLS {
        let script = format!("eval \"$(awsprof export hostile)\" && {READ_BACK_SH}");
        assert_eq!(
            read_back(&run_shell(&sandbox, shell, &script, &[])),
            expected,
            "{shell}"
        );
    }
    let script = format!("awsprof export hostile --format fish | source; and {READ_BACK_FISH}");
    assert_eq!(
        read_back(&run_shell(&sandbox, "fish", &script, &[])),
        expected,
        "fish"
    );
    assert!(!marker.exists(), "a value ran as code");
}

#[test]
fn export_unsets_a_stale_session_token() {
    let (sandbox, _) = setup();
    let stale = [("AWS_SESSION_TOKEN", "stale")];
    for shell in POSIX_SHELLS {
        let script = format!("eval \"$(awsprof export plain)\" && {READ_BACK_SH}");
        let values = read_back(&run_shell(&sandbox, shell, &script, &stale));
        assert_eq!(
            values,
            [
                "AKIAPLAIN00000000000",
                "plainsecret",
                "UNSET",
                "eu-west-1",
                "eu-west-1"
            ],
            "{shell}"
        );
    }
    let script = format!("awsprof export plain --format fish | source; and {READ_BACK_FISH}");
    let values = read_back(&run_shell(&sandbox, "fish", &script, &stale));
    assert_eq!(values[2], "UNSET");
}

/// botocore reads `AWS_SECURITY_TOKEN` before `AWS_SESSION_TOKEN`: a stale one left in the
/// shell would be sent with the new keys, so `export` and `use` unset it too.
#[test]
fn export_and_use_unset_a_stale_legacy_token() {
    let (sandbox, _) = setup();
    let stale = [("AWS_SECURITY_TOKEN", "stale")];
    for command in ["export plain", "use plain"] {
        let script = format!(
            "eval \"$(awsprof {command})\" && echo \"token=${{AWS_SECURITY_TOKEN-UNSET}}\""
        );
        let output = run_shell(&sandbox, "sh", &script, &stale);
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            "token=UNSET\n",
            "{command}"
        );
    }
}

#[test]
fn a_failing_export_changes_nothing() {
    let (sandbox, _) = setup();
    let script = r#"AWS_ACCESS_KEY_ID=keep; export AWS_ACCESS_KEY_ID; eval "$(awsprof export nope)"; echo "status=$? key=$AWS_ACCESS_KEY_ID""#;
    let output = run_shell(&sandbox, "bash", script, &[]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "status=0 key=keep\n"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("profile \"nope\" not found"));
}

#[test]
fn use_sets_the_profile_and_clears_what_would_beat_it() {
    let (sandbox, _) = setup();
    let competing = [
        ("AWS_ACCESS_KEY_ID", "AKIAENV"),
        ("AWS_SECRET_ACCESS_KEY", "x"),
        ("AWS_SESSION_TOKEN", "t"),
        ("AWS_DEFAULT_PROFILE", "other"),
    ];
    let show = r#"printf '%s|%s|%s|%s|%s\n' "$AWS_PROFILE" "${AWS_DEFAULT_PROFILE-U}" "${AWS_ACCESS_KEY_ID-U}" "${AWS_SECRET_ACCESS_KEY-U}" "${AWS_SESSION_TOKEN-U}""#;
    for shell in POSIX_SHELLS {
        let script = format!("eval \"$(awsprof use hostile)\" && {show}");
        let output = run_shell(&sandbox, shell, &script, &competing);
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            "hostile|U|U|U|U\n",
            "{shell}"
        );
    }
    let script = "awsprof use plain --shell fish | source; and echo $AWS_PROFILE; set -q AWS_ACCESS_KEY_ID; or echo cleared";
    let output = run_shell(&sandbox, "fish", script, &competing);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "plain\ncleared\n");
    let script = "eval \"$(awsprof use --unset)\"; echo \"${AWS_PROFILE-none}\"";
    let output = run_shell(&sandbox, "bash", script, &[("AWS_PROFILE", "plain")]);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "none\n");
    let output = run_shell(
        &sandbox,
        "bash",
        "awsprof use nope; echo \"status=$?\"",
        &[],
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "status=1\n");
}

#[test]
fn aws_cli_sees_the_switched_profile_and_exported_keys() {
    let (sandbox, _) = setup();
    let output = run_shell(
        &sandbox,
        "bash",
        "eval \"$(awsprof use plain)\" && aws configure list",
        &[("AWS_ACCESS_KEY_ID", "AKIAENV")],
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.lines()
            .any(|l| l.contains("profile") && l.contains("plain")),
        "{text}"
    );
    assert!(text.contains("****************0000"), "{text}");
    let output = run_shell(
        &sandbox,
        "bash",
        "eval \"$(awsprof export plain)\" && aws configure list",
        &[("AWS_SESSION_TOKEN", "stale")],
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains("access_key") && l.contains("0000") && l.contains("env")),
        "{text}"
    );
    assert!(text.contains("eu-west-1"), "{text}");
}

#[test]
fn completion_scripts_and_init_scripts_load_cleanly() {
    let (sandbox, _) = setup();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let checks = [
        ("bash", format!("source '{}'", root.join("awsprof.bash").display())),
        ("zsh", format!("autoload -Uz compinit && compinit -u && source '{}'", root.join("_awsprof").display())),
        ("fish", format!("source '{}'", root.join("awsprof.fish").display())),
        ("bash", "eval \"$(awsprof init bash)\" && type awsprof >/dev/null".to_string()),
        ("zsh", "autoload -Uz compinit && compinit -u && eval \"$(awsprof init zsh)\" && whence -w awsprof".to_string()),
        ("fish", "awsprof init fish | source; and functions -q awsprof".to_string()),
    ];
    for (shell, script) in checks {
        let output = run_shell(&sandbox, shell, &script, &[]);
        assert!(
            output.status.success(),
            "{shell}: {script}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "",
            "{shell}: {script}"
        );
    }
}

#[test]
fn profile_names_complete_live() {
    let (sandbox, _) = setup();
    let bash = "eval \"$(awsprof init bash)\"; COMP_WORDS=(awsprof use h); COMP_CWORD=2; _clap_complete_awsprof awsprof h use; echo \"${COMPREPLY[*]}\"";
    let output = run_shell(&sandbox, "bash", bash, &[]);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "hostile\n");
    let output = run_shell(
        &sandbox,
        "fish",
        "awsprof init fish | source; complete -C 'awsprof use p'",
        &[],
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "plain\tstatic\n");
}

/// Sources `init` in an interactive shell on a pseudo-terminal, runs `awsprof use`, and
/// reads AWS_PROFILE back from that same shell.
#[test]
fn init_wrapper_switches_the_current_shell() {
    let (sandbox, _) = setup();
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let posix_echo = "echo \"RESULT=$AWS_PROFILE/${AWS_ACCESS_KEY_ID}END status=$?\"";
    let shells: [(&str, &[&str], &str, &str); 3] = [
        (
            "bash",
            &["--norc", "--noprofile", "-i"],
            "eval \"$(awsprof init bash)\"",
            posix_echo,
        ),
        (
            "zsh",
            &["-f", "-i"],
            "autoload -Uz compinit; compinit -u; eval \"$(awsprof init zsh)\"",
            posix_echo,
        ),
        (
            "fish",
            &["--no-config", "-i"],
            "awsprof init fish | source",
            "echo \"RESULT=$AWS_PROFILE/$AWS_ACCESS_KEY_ID\"\"END status=$status\"",
        ),
    ];
    for (shell, args, init, echo) in shells {
        let mut command = Command::new(shell);
        command
            .args(args)
            .env_clear()
            .env("PATH", &path)
            .env("TERM", "dumb")
            .env("HOME", sandbox.home())
            .env("AWS_CONFIG_FILE", sandbox.config())
            .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials())
            .env("AWS_ACCESS_KEY_ID", "AKIASTALE");
        let mut session = spawn_command(command, Some(15_000)).unwrap();
        session.send_line(init).unwrap();
        session.send_line("awsprof use plain").unwrap();
        session.send_line(echo).unwrap();
        session
            .exp_string("RESULT=plain/END status=0")
            .unwrap_or_else(|e| panic!("{shell}: {e}"));
        session.send_line("exit").unwrap();
    }
}

#[test]
fn export_json_serves_as_a_credential_process_for_botocore() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials(
        "[plain]\naws_access_key_id = AKIAPLAIN00000000000\naws_secret_access_key = plainsecret\n\n\
         [temp]\naws_access_key_id = ASIATEMP000000000000\naws_secret_access_key = t\naws_session_token = tok\n",
    );
    let binary = assert_cmd::cargo::cargo_bin("awsprof");
    let process = |name: &str| {
        format!(
            "[profile via-{name}]\ncredential_process = {} --config-file {} --credentials-file {} export {name} --format json\n",
            binary.display(),
            sandbox.config().display(),
            sandbox.credentials().display()
        )
    };
    sandbox.write_config(&format!("{}\n{}", process("plain"), process("temp")));
    let output = sandbox
        .cmd()
        .args(["export", "plain", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"Version": 1, "AccessKeyId": "AKIAPLAIN00000000000", "SecretAccessKey": "plainsecret"})
    );
    let seen = sandbox.botocore(&["via-plain", "via-temp"]);
    assert_eq!(seen["via-plain"]["method"], "custom-process");
    assert_eq!(seen["via-plain"]["access_key"], "AKIAPLAIN00000000000");
    assert_eq!(seen["via-plain"]["token"], serde_json::Value::Null);
    assert_eq!(seen["via-temp"]["token"], "tok");
}

/// Each shell started as a user starts it, with only the README's line in its start-up
/// file (no `compinit` for zsh): no error at start, `awsprof use` switches the shell, and
/// profile names complete.
#[test]
fn shells_start_cleanly_with_only_the_readme_line() {
    let (sandbox, _) = setup();
    let home = sandbox.home();
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    fs::write(home.join(".bashrc"), "eval \"$(awsprof init bash)\"\n").unwrap();
    fs::write(home.join(".zshrc"), "eval \"$(awsprof init zsh)\"\n").unwrap();
    fs::create_dir_all(home.join(".config/fish")).unwrap();
    fs::write(
        home.join(".config/fish/config.fish"),
        "awsprof init fish | source\n",
    )
    .unwrap();
    let posix_echo = "echo \"RESULT=$AWS_PROFILE status=$?\"";
    let shells: [(&str, &str); 3] = [
        ("bash", posix_echo),
        ("zsh", posix_echo),
        ("fish", "echo \"RESULT=$AWS_PROFILE status=$status\""),
    ];
    for (shell, echo) in shells {
        let mut command = Command::new(shell);
        command
            .arg("-i")
            .env_clear()
            .env("PATH", &path)
            .env("TERM", "dumb")
            .env("HOME", home)
            .env("AWS_CONFIG_FILE", sandbox.config())
            .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials());
        let mut session = spawn_command(command, Some(15_000)).unwrap();
        session.send_line("echo STARTED").unwrap();
        let start = session
            .exp_string("STARTED")
            .unwrap_or_else(|e| panic!("{shell}: {e}"));
        for complaint in ["not found", "error", "rror:"] {
            assert!(!start.contains(complaint), "{shell} at start: {start:?}");
        }
        session.send_line("awsprof use plain").unwrap();
        session.send_line(echo).unwrap();
        let switched = session
            .exp_string("RESULT=plain status=0")
            .unwrap_or_else(|e| panic!("{shell}: {e}"));
        assert!(!switched.contains("not found"), "{shell}: {switched:?}");
        if shell == "zsh" {
            // Completion is registered although nothing in ~/.zshrc runs compinit.
            session
                .send_line("print -r -- \"COMPLETER=${_comps[awsprof]}.\"")
                .unwrap();
            session
                .exp_string("COMPLETER=_clap_dynamic_completer_awsprof.")
                .unwrap_or_else(|e| panic!("zsh completion not registered: {e}"));
        }
        session.send_line("exit").unwrap();
        session.exp_eof().unwrap_or_else(|e| panic!("{shell}: {e}"));
    }
}
