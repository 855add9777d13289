//! A new user's first hour (issue 15) and the error paths no test covered (issue 12): typos
//! that must not create profiles, keys the AWS tools do not know, import's naming and
//! closing advice, flags that agree between commands, errors that blame the right thing,
//! and man pages a user can install.

mod common;

use std::fs;

use common::{KEY_ID, SECRET, Sandbox, stdout};
use predicates::prelude::*;
use serde_json::Value;

fn with_hyde() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write_config("# mine\n[profile hyde]\nregion = eu-west-1\n");
    sandbox.write_credentials(&format!(
        "[hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
    ));
    sandbox
}

/// The files as they are, to prove a failed command wrote nothing.
fn snapshot(sandbox: &Sandbox) -> (String, String) {
    (sandbox.read_config(), sandbox.read_credentials())
}

#[test]
fn a_typo_in_the_profile_name_creates_nothing() {
    let sandbox = with_hyde();
    let before = snapshot(&sandbox);
    sandbox.fails(
        &["set", "hdye", "region", "eu-west-2"],
        "did you mean \"hyde\"",
    );
    sandbox
        .cmd()
        .args(["set", "hdye", "aws_secret_access_key", "-"])
        .write_stdin("junk\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"hyde\""));
    sandbox.fails(&["get", "hdye", "region"], "did you mean \"hyde\"");
    // unset of an unknown profile (issue 12.6)
    sandbox.fails(&["unset", "hdye", "region"], "did you mean \"hyde\"");
    assert_eq!(snapshot(&sandbox), before);
}

#[test]
fn unknown_keys_are_refused_unless_any_key() {
    let sandbox = with_hyde();
    let before = snapshot(&sandbox);
    sandbox.fails(
        &["set", "hyde", "regin", "eu-west-2"],
        "did you mean region",
    );
    sandbox.fails(
        &["set", "hyde", "aws_access_key", "AKIA"],
        "aws_access_key_id",
    );
    sandbox.fails(&["get", "hyde", "regin"], "--any-key");
    sandbox.fails(&["unset", "hyde", "regin"], "--any-key");
    // A sub-property and an invalid key (issue 12.6).
    sandbox.fails(
        &["set", "hyde", "s3.max_concurrent_requests", "10"],
        "sub-property",
    );
    sandbox.fails(&["set", "hyde", "bad key", "x"], "not a valid key");
    sandbox.fails(&["set", "hyde", "output", "jsno"], "did you mean json");
    assert_eq!(snapshot(&sandbox), before);

    sandbox
        .run(&[
            "set",
            "hyde",
            "granted_sso_start_url",
            "https://x",
            "--any-key",
        ])
        .success();
    assert!(
        sandbox
            .read_config()
            .contains("granted_sso_start_url = https://x")
    );
    sandbox
        .run(&["get", "hyde", "granted_sso_start_url", "--any-key"])
        .success()
        .stdout("https://x\n");
}

#[test]
fn unset_says_when_there_is_nothing_to_do() {
    let sandbox = with_hyde();
    let before = snapshot(&sandbox);
    sandbox
        .run(&["unset", "hyde", "output"])
        .success()
        .stdout("Profile \"hyde\" has no output; nothing to do.\n");
    assert_eq!(snapshot(&sandbox), before);
}

#[test]
fn a_secret_from_stdin_is_one_line_without_its_line_ending() {
    let sandbox = with_hyde();
    sandbox
        .cmd()
        .args(["set", "hyde", "aws_secret_access_key", "-"])
        .write_stdin("new/secret\r\nsecond line\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("****"))
        .stdout(predicate::str::contains("new/secret").not());
    assert!(
        sandbox
            .read_credentials()
            .contains("aws_secret_access_key = new/secret\n")
    );
    sandbox.fails(
        &["set", "hyde", "aws_session_token", "-"],
        "no value on stdin",
    );
}

#[test]
fn get_of_a_secret_into_a_pipe_names_reveal() {
    let sandbox = with_hyde();
    sandbox.fails(&["get", "hyde", "aws_secret_access_key"], "--reveal");
    sandbox
        .run(&["get", "hyde", "aws_secret_access_key", "--reveal"])
        .success()
        .stdout(format!("{SECRET}\n"));
}

#[test]
fn add_force_changes_only_what_is_given() {
    let sandbox = with_hyde();
    sandbox
        .run(&["add", "hyde", "--force", "--region", "us-east-1"])
        .success()
        .stdout("Updated profile \"hyde\".\n");
    assert_eq!(
        sandbox.read_config(),
        "# mine\n[profile hyde]\nregion = us-east-1\n"
    );
    assert!(sandbox.read_credentials().contains(SECRET), "keys kept");
    // The hint `which` gives for a missing region works as printed.
    sandbox.run(&["unset", "hyde", "region"]).success();
    let which = stdout(&sandbox.run(&["which", "hyde"]).success());
    assert!(which.contains("awsprof set hyde region REGION"), "{which}");
    sandbox
        .run(&["set", "hyde", "region", "eu-west-3"])
        .success();
}

#[test]
fn flags_agree_between_commands() {
    let sandbox = with_hyde();
    let by_shell = stdout(
        &sandbox
            .run(&["export", "hyde", "--shell", "fish"])
            .success(),
    );
    let by_format = stdout(
        &sandbox
            .run(&["export", "hyde", "--format", "fish"])
            .success(),
    );
    assert_eq!(by_shell, by_format);
    assert!(
        by_shell.starts_with("set -gx AWS_ACCESS_KEY_ID"),
        "{by_shell}"
    );
    // The shell names `use` takes work for export too.
    let bash = stdout(
        &sandbox
            .run(&["export", "hyde", "--shell", "bash"])
            .success(),
    );
    assert!(bash.starts_with("export AWS_ACCESS_KEY_ID="), "{bash}");
    // which NAME is which --profile NAME.
    let positional = stdout(&sandbox.run(&["which", "hyde", "--json"]).success());
    let flag = stdout(
        &sandbox
            .run(&["which", "--profile", "hyde", "--json"])
            .success(),
    );
    assert_eq!(positional, flag);
    sandbox.run(&["which", "hyde", "--profile", "hyde"]).code(2);
    // Global options under their own heading, not mixed into each command's.
    let help = stdout(&sandbox.run(&["add", "--help"]).success());
    let global = help
        .find("Global options:")
        .expect("a Global options heading");
    assert!(help.find("--config-file").unwrap() > global, "{help}");
}

#[test]
fn remove_dash_f_removes_without_asking_even_a_source_profile() {
    let sandbox = with_hyde();
    sandbox
        .run(&[
            "add",
            "admin",
            "--role-arn",
            "arn:aws:iam::1:role/A",
            "--source-profile",
            "hyde",
        ])
        .success();
    sandbox.fails(&["remove", "hyde", "--yes"], "source_profile of admin");
    sandbox
        .run(&["remove", "hyde", "-f"])
        .success()
        .stdout(predicate::str::contains("Removed profile \"hyde\""));
    assert!(!sandbox.read_credentials().contains("hyde"));
}

#[test]
fn removing_or_renaming_the_profile_in_force_warns() {
    let sandbox = with_hyde();
    sandbox
        .cmd()
        .args(["rename", "hyde", "jekyll"])
        .env("AWS_PROFILE", "hyde")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "AWS_PROFILE=hyde makes the one in force",
        ));
    sandbox.add("default", &[]).success();
    sandbox
        .run(&["remove", "default", "--yes"])
        .success()
        .stderr(predicate::str::contains("when no profile is chosen"));
}

#[test]
fn use_says_what_it_did_on_stderr() {
    let sandbox = with_hyde();
    sandbox
        .run(&["use", "hyde"])
        .success()
        .stdout(predicate::str::contains("export AWS_PROFILE='hyde'"))
        .stderr(predicate::str::contains("now using profile \"hyde\""));
}

#[test]
fn list_marks_no_profile_when_environment_keys_win() {
    let sandbox = with_hyde();
    let list = |env_keys: bool| {
        let mut cmd = sandbox.cmd();
        cmd.args(["list", "--json"]).env("AWS_PROFILE", "hyde");
        if env_keys {
            cmd.env("AWS_ACCESS_KEY_ID", "AKIAENV0000000000000")
                .env("AWS_SECRET_ACCESS_KEY", "env");
        }
        let rows: Value = serde_json::from_str(&stdout(&cmd.assert().success())).unwrap();
        rows[0]["active"].as_bool().unwrap()
    };
    assert!(list(false));
    assert!(!list(true), "which says the environment's keys win");
    sandbox
        .cmd()
        .arg("list")
        .env("AWS_PROFILE", "hyde")
        .env("AWS_ACCESS_KEY_ID", "AKIAENV0000000000000")
        .env("AWS_SECRET_ACCESS_KEY", "env")
        .assert()
        .success()
        .stderr(predicate::str::contains("environment win"));
}

/// Refusals that need no network (role, SSO and process profiles are fetched now; their
/// tests run against the local moto server).
#[test]
fn export_refusals_print_nothing_on_stdout() {
    let sandbox = Sandbox::new();
    sandbox.write_config("[profile bare]\nregion = eu-west-1\n");
    sandbox.write_credentials(
        "[keys]\naws_access_key_id = AKIAKEYS000000000000\naws_secret_access_key = 100%\n\
         [half]\naws_access_key_id = AKIAHALF000000000000\n",
    );
    sandbox.fails(&["export", "bare"], "has no credentials");
    sandbox.fails(&["export", "half"], "aws_secret_access_key is not");
    sandbox.fails(&["export", "keys", "--shell", "cmd"], "cmd.exe cannot take");
    sandbox.fails(&["export", "keys", "--format", "cmd"], "--shell powershell");
    sandbox.fails(&["export", "nope"], "not found");
}

#[test]
fn one_file_named_as_both_config_and_credentials_is_refused() {
    let sandbox = with_hyde();
    let before = snapshot(&sandbox);
    sandbox
        .cmd()
        .args(["set", "hyde", "region", "eu-west-2"])
        .env("AWS_CONFIG_FILE", sandbox.credentials())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the same file"));
    let link = sandbox.home().join("link");
    std::os::unix::fs::symlink(sandbox.config(), &link).unwrap();
    sandbox
        .cmd()
        .args(["add", "x", "--access-key-id", KEY_ID])
        .arg("--credentials-file")
        .arg(&link)
        .write_stdin(SECRET)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the same file"));
    assert_eq!(snapshot(&sandbox), before);
}

#[test]
fn a_file_where_the_aws_folder_should_be() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.home().join(".aws"), "not a folder").unwrap();
    // As the AWS CLI: no profiles, no failure.
    sandbox
        .run(&["list"])
        .success()
        .stdout(predicate::str::contains("No profiles"));
    sandbox
        .add("hyde", &[])
        .code(1)
        .stderr(predicate::str::contains(".aws is a file, not a folder"));
    sandbox
        .run(&["doctor"])
        .code(1)
        .stdout(predicate::str::contains("this is a file, not the folder"));
}

#[test]
fn a_read_only_aws_folder_is_blamed_not_the_file() {
    let sandbox = with_hyde();
    let folder = sandbox.home().join(".aws");
    let mode = |m| {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&folder, fs::Permissions::from_mode(m)).unwrap();
    };
    mode(0o555);
    sandbox
        .run(&["doctor"])
        .stdout(predicate::str::contains("the folder is read-only"));
    // root writes anyway, so the write error is seen as an ordinary user: run as `nobody`
    // when this test runs as root (as CI does).
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    let mut cmd = if is_root {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(sandbox.home(), fs::Permissions::from_mode(0o755)).unwrap();
        let mut cmd = sandbox.cmd();
        let program = cmd.get_program().to_owned();
        let mut setpriv = assert_cmd::Command::new("setpriv");
        setpriv
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(program)
            .env("HOME", sandbox.home())
            .env("AWS_CONFIG_FILE", sandbox.config())
            .env("AWS_SHARED_CREDENTIALS_FILE", sandbox.credentials());
        cmd = setpriv;
        cmd
    } else {
        sandbox.cmd()
    };
    cmd.args(["set", "hyde", "output", "json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not writable"))
        .stderr(predicate::str::contains("chmod u+w"));
    mode(0o755);
}

#[test]
fn import_names_each_file_and_lists_only_what_is_safe_to_delete() {
    let sandbox = Sandbox::new();
    let home = sandbox.home();
    fs::create_dir(home.join("creds")).unwrap();
    fs::write(
        home.join(".boto"),
        "[Credentials]\naws_access_key_id = AKIADEFAULT000000000\naws_secret_access_key = d\n",
    )
    .unwrap();
    fs::write(
        home.join("creds/clientC.cfg"),
        "[Credentials]\naws_access_key_id = AKIACLIENTC000000000\naws_secret_access_key = c\n\n\
         [Boto]\nec2_region_name = eu-west-3\n",
    )
    .unwrap();
    fs::write(
        home.join(".boto_cont"),
        "[Credentials]\naws_access_key_id = AKIACONT000000000000\naws_secret_access_key = x\n  more\n",
    )
    .unwrap();
    fs::write(
        home.join(".boto_broken"),
        "[Credentials]\naws_access_key_id = AKIABROKEN0000000000\naws_secret_access_key = b\nnonsense\n",
    )
    .unwrap();
    let assert = sandbox
        .cmd()
        .arg("import")
        .env("BOTO_CONFIG", home.join("creds/clientC.cfg"))
        .assert()
        .success();
    let report = stdout(&assert);
    let seen = sandbox.botocore(&["clientC", "default", "broken"]);
    assert_eq!(seen["clientC"]["access_key"], "AKIACLIENTC000000000");
    assert_eq!(seen["clientC"]["region"], "eu-west-3", "ec2_region_name");
    assert_eq!(seen["default"]["access_key"], "AKIADEFAULT000000000");
    assert_eq!(seen["broken"]["access_key"], "AKIABROKEN0000000000");
    let advice = report
        .lines()
        .find(|line| line.contains("you may delete"))
        .unwrap_or_else(|| panic!("{report}"));
    let listed: Vec<&str> = advice.split_whitespace().collect();
    let boto = home.join(".boto").display().to_string();
    let client = home.join("creds/clientC.cfg").display().to_string();
    assert!(
        listed.contains(&boto.as_str()) && listed.contains(&client.as_str()),
        "{advice}"
    );
    assert!(
        !advice.contains(".boto_cont") && !advice.contains(".boto_broken"),
        "{advice}"
    );
    assert!(report.contains("continues on the next line"), "{report}");
    assert!(
        report.contains(".boto_broken: line 4 cannot be read"),
        "{report}"
    );

    // --as names one profile: several files are refused (issue 12.6).
    sandbox
        .cmd()
        .args(["import", "--as", "x"])
        .arg(home.join(".boto"))
        .arg(home.join("creds/clientC.cfg"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--as names one profile"));
}

#[test]
fn man_pages_are_complete_and_installable() {
    let sandbox = Sandbox::new();
    let main = stdout(&sandbox.run(&["man"]).success());
    assert!(!main.contains("awsprof-help"), "no page for clap's help");
    assert!(
        main.contains("awsprof\\-add(1)"),
        "SEE ALSO names the pages"
    );
    let add = stdout(&sandbox.run(&["man", "add"]).success());
    assert!(add.contains(".SH SYNOPSIS\n\\fBawsprof add\\fR"), "{add}");
    assert!(add.contains(".SH \"GLOBAL OPTIONS\""), "{add}");
    assert!(add.contains("\\-\\-credentials\\-file"), "{add}");
    assert!(!add.contains("EXTRA"), "{add}");
    let examples = add
        .split(".SH EXAMPLES\n.nf\n")
        .nth(1)
        .expect("EXAMPLES, unfilled");
    assert!(
        examples
            .lines()
            .any(|line| line.starts_with("printf") && line.ends_with("eu\\-west\\-1")),
        "one command per line: {examples}"
    );
    let dir = sandbox.home().join("share/man/man1");
    let installed = sandbox
        .cmd()
        .args(["man", "--install"])
        .arg(&dir)
        .env_remove("MANPATH")
        .assert()
        .success();
    assert!(dir.join("awsprof.1").is_file() && dir.join("awsprof-import.1").is_file());
    // A folder man does not search yet: the hint gives the MANPATH that makes it (the
    // folder holding man1), and with it `man` finds the page.
    let root = sandbox.home().join("share/man");
    let hint = String::from_utf8(installed.get_output().stderr.clone()).unwrap();
    assert!(
        hint.contains(&format!("export MANPATH=\"{}:$MANPATH\"", root.display())),
        "{hint}"
    );
    if let Ok(found) = std::process::Command::new("man")
        .args(["-w", "awsprof-add"])
        .env("MANPATH", format!("{}:", root.display()))
        .output()
    {
        assert_eq!(
            String::from_utf8_lossy(&found.stdout).trim(),
            dir.join("awsprof-add.1").display().to_string()
        );
    }
    sandbox.fails(&["man", "nope"], "no subcommand");
}

#[test]
fn key_names_complete_for_get_and_set() {
    let sandbox = with_hyde();
    let output = sandbox
        .cmd()
        .args(["--", "awsprof", "get", "hyde", "reg"])
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "3")
        .env("_CLAP_IFS", "\n")
        .assert()
        .success();
    assert_eq!(stdout(&output), "region");
}

/// A region or role AWS cannot use is written (S3-compatible services have regions of
/// their own), but said at once, not only by `doctor` later.
#[test]
fn doubtful_regions_and_roles_are_said_when_written() {
    let sandbox = with_hyde();
    sandbox
        .run(&["set", "hyde", "region", "eu-west1"])
        .success()
        .stderr(predicates::str::contains(
            "warning: region \"eu-west1\" is no AWS region name",
        ));
    assert!(sandbox.read_config().contains("region = eu-west1"));
    sandbox
        .run(&["set", "hyde", "region", "eu-west-1"])
        .success()
        .stderr(predicates::str::contains("no AWS region name").not());
    sandbox
        .run(&[
            "add",
            "y",
            "--role-arn",
            "Admin",
            "--source-profile",
            "hyde",
        ])
        .success()
        .stderr(predicates::str::contains(
            "warning: role_arn \"Admin\" is no ARN",
        ));
}

/// Renaming a profile to its own name is a mistake said as one, not advice to remove it.
#[test]
fn renaming_to_the_same_name_says_so_and_changes_nothing() {
    let sandbox = with_hyde();
    let before = snapshot(&sandbox);
    sandbox.fails(&["rename", "hyde", "hyde"], "already has that name");
    sandbox
        .run(&["rename", "hyde", "hyde"])
        .stderr(predicates::str::contains("awsprof remove").not());
    assert_eq!(snapshot(&sandbox), before);
}
