//! import, rename, get/set/unset and doctor: from one-boto-file-per-account to clean
//! profiles, checked with botocore.

mod common;

use std::fs;

use common::{KEY_ID, SECRET, Sandbox, stdout};
use predicates::prelude::*;
use serde_json::Value;

/// The layout from the question that started the project: four boto files, one with an
/// extra `[profile ...]`, one with a `[Boto]` section, and BOTO_CONFIG pointing at one.
fn seed(sandbox: &Sandbox) {
    let home = sandbox.home();
    fs::write(home.join(".boto"), "[Credentials]\naws_access_key_id = AKIADEFAULT000000000\naws_secret_access_key = d/secret\n\n[Boto]\ndebug = 0\nnum_retries = 10\n").unwrap();
    fs::write(home.join(".boto_clowncollege"), "[Credentials]\naws_access_key_id = AKIACLOWN00000000000\naws_secret_access_key = c+secret\n").unwrap();
    fs::write(home.join(".boto_razorassoc"), "# razor\n[Credentials]\naws_access_key_id: AKIARAZOR00000000000\naws_secret_access_key: r=secret\n\n[profile razor-readonly]\naws_access_key_id = AKIARAZORRO000000000\naws_secret_access_key = rr\n").unwrap();
    fs::write(
        home.join(".boto_xyz"),
        "[Credentials]\naws_access_key_id = AKIAXYZ0000000000000\naws_secret_access_key = x\n",
    )
    .unwrap();
}

const PROFILES: [(&str, &str); 5] = [
    ("default", "AKIADEFAULT000000000"),
    ("clowncollege", "AKIACLOWN00000000000"),
    ("razorassoc", "AKIARAZOR00000000000"),
    ("razor-readonly", "AKIARAZORRO000000000"),
    ("xyz", "AKIAXYZ0000000000000"),
];

#[test]
fn the_four_boto_files_become_profiles_and_doctor_ends_clean() {
    let sandbox = Sandbox::new();
    seed(&sandbox);
    let boto_config = sandbox.home().join(".boto_xyz");
    sandbox
        .cmd()
        .arg("doctor")
        .env("BOTO_CONFIG", &boto_config)
        .assert()
        .success()
        .stdout(predicate::str::contains("BOTO_CONFIG="))
        .stdout(predicate::str::contains(
            ".boto_clowncollege: a legacy boto credentials file",
        ))
        .stdout(predicate::str::contains("fix: awsprof import"));
    // `awsprof import` with BOTO_CONFIG set, which must succeed; returns its report.
    let import = || {
        let assert = sandbox
            .cmd()
            .arg("import")
            .env("BOTO_CONFIG", &boto_config)
            .assert()
            .success();
        stdout(&assert)
    };
    let report = import();
    assert!(
        report.contains("skipped: [Boto] holds boto settings"),
        "{report}"
    );
    assert_eq!(report.matches(" imported\n").count(), 5, "{report}");
    assert!(
        report.contains("you may delete the old files yourself"),
        "{report}"
    );
    assert!(report.contains("Remove BOTO_CONFIG"), "{report}");
    assert!(
        sandbox.home().join(".boto_xyz").exists(),
        "import must delete nothing"
    );

    let names: Vec<&str> = PROFILES.iter().map(|(n, _)| *n).collect();
    let seen = sandbox.botocore(&names);
    for (name, key) in PROFILES {
        assert_eq!(seen[name]["access_key"], key, "{name}");
        assert_eq!(seen[name]["method"], "shared-credentials-file", "{name}");
    }
    assert_eq!(seen["razorassoc"]["secret_key"], "r=secret");

    let before = sandbox.read_credentials();
    let again = import();
    assert_eq!(
        again.matches("unchanged (same keys already there)").count(),
        5,
        "{again}"
    );
    assert_eq!(sandbox.read_credentials(), before);

    sandbox
        .cmd()
        .arg("doctor")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("No problems found"))
        .stdout(predicate::str::contains("safe to delete"));
}

#[test]
fn dry_run_writes_nothing_and_conflicts_need_force() {
    let sandbox = Sandbox::new();
    seed(&sandbox);
    sandbox
        .run(&["import", "--dry-run"])
        .success()
        .stdout(predicate::str::contains("would import"));
    assert!(!sandbox.credentials().exists());
    let mine =
        "# my own\n[xyz]\naws_access_key_id = AKIAMINE000000000000\naws_secret_access_key = mine\n";
    sandbox.write_credentials(mine);
    sandbox
        .cmd()
        .arg("import")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "conflict: different keys already there",
        ))
        .stderr(predicate::str::contains("--force"));
    assert!(
        sandbox.read_credentials().starts_with(mine),
        "the conflicting profile was changed"
    );
    assert!(
        sandbox.read_credentials().contains("[clowncollege]"),
        "the others were imported"
    );
    sandbox
        .run(&["import", "--force"])
        .success()
        .stdout(predicate::str::contains("replaced (--force)"));
    assert_eq!(
        sandbox.botocore(&["xyz"])["xyz"]["access_key"],
        "AKIAXYZ0000000000000"
    );
    assert!(
        sandbox.read_credentials().starts_with("# my own\n[xyz]\n"),
        "replaced in place"
    );
}

#[test]
fn iam_console_csvs_in_both_formats() {
    let sandbox = Sandbox::new();
    let new_format = sandbox.home().join("hyde_accessKeys.csv");
    fs::write(
        &new_format,
        format!("\u{feff}Access key ID,Secret access key\r\n{KEY_ID},{SECRET}\r\n"),
    )
    .unwrap();
    let old_format = sandbox.home().join("credentials.csv");
    fs::write(
        &old_format,
        "User name,Password,Access key ID,Secret access key,Console login link\njekyll,,AKIAJEKYLL0000000000,j,https://x\nlanyon,,AKIALANYON0000000000,l,https://x\n",
    )
    .unwrap();
    sandbox
        .cmd()
        .arg("import")
        .arg(&new_format)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--as NAME"));
    sandbox
        .cmd()
        .arg("import")
        .arg(&new_format)
        .args(["--as", "hyde"])
        .assert()
        .success();
    sandbox
        .cmd()
        .arg("import")
        .arg(&old_format)
        .assert()
        .success();
    let seen = sandbox.botocore(&["hyde", "jekyll", "lanyon"]);
    assert_eq!(seen["hyde"]["secret_key"], SECRET);
    assert_eq!(seen["jekyll"]["access_key"], "AKIAJEKYLL0000000000");
    assert_eq!(seen["lanyon"]["secret_key"], "l");
}

#[test]
fn rename_moves_comments_and_references_and_botocore_follows() {
    let sandbox = Sandbox::new();
    sandbox.write_credentials("# the base account\n[base]\naws_access_key_id = AKIABASE000000000000\naws_secret_access_key = b\n");
    sandbox.write_config("[profile base]  # keep\nregion = eu-west-1\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\n\n[profile other]\nregion = us-east-1\n");
    sandbox
        .run(&["rename", "base", "root-account"])
        .success()
        .stdout("Renamed profile \"base\" to \"root-account\"; 1 source_profile now names it.\n");
    assert_eq!(
        sandbox.read_credentials(),
        "# the base account\n[root-account]\naws_access_key_id = AKIABASE000000000000\naws_secret_access_key = b\n"
    );
    assert_eq!(
        sandbox.read_config(),
        "[profile root-account]  # keep\nregion = eu-west-1\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = root-account\n\n[profile other]\nregion = us-east-1\n"
    );
    let seen = sandbox.botocore(&["admin", "root-account"]);
    assert_eq!(seen["admin"]["method"], "assume-role");
    assert_eq!(seen["root-account"]["access_key"], "AKIABASE000000000000");
    sandbox.fails(&["rename", "admin", "other"], "already exists");
    sandbox.fails(&["rename", "amdin", "x"], "did you mean \"admin\"");
    sandbox.fails(&["rename", "admin", "bad name"], "not a valid profile name");
}

#[test]
fn get_set_unset_edit_in_place_in_the_right_file() {
    let sandbox = Sandbox::new();
    sandbox.write_config("# settings\n[profile hyde]\nregion   =   us-east-1\noutput = json\n");
    sandbox.write_credentials("[hyde]\naws_access_key_id = AKIAOLD0000000000000\naws_secret_access_key = old\nregion = ap-south-1\n");
    sandbox
        .run(&["get", "hyde", "region"])
        .success()
        .stdout("ap-south-1\n");
    sandbox
        .run(&["set", "hyde", "region", "eu-west-2"])
        .success()
        .stderr(predicate::str::contains("moved region"));
    assert_eq!(
        sandbox.read_config(),
        "# settings\n[profile hyde]\nregion   =   eu-west-2\noutput = json\n"
    );
    assert_eq!(
        sandbox.read_credentials(),
        "[hyde]\naws_access_key_id = AKIAOLD0000000000000\naws_secret_access_key = old\n"
    );
    sandbox.fails(&["set", "hyde", "aws_secret_access_key", SECRET], "stdin");
    sandbox
        .cmd()
        .args(["set", "hyde", "aws_secret_access_key", "-"])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success();
    // Into a pipe a mask would be captured as if it were the secret (the contract: an
    // error naming --reveal; the mask is for terminals, see tests/terminal.rs).
    sandbox.fails(&["get", "hyde", "aws_secret_access_key"], "--reveal");
    sandbox
        .run(&["get", "hyde", "aws_secret_access_key", "--reveal"])
        .success()
        .stdout(format!("{SECRET}\n"));
    sandbox
        .cmd()
        .args(["set", "hyde", "region", "eu\n[evil]"])
        .assert()
        .code(1);
    sandbox.run(&["unset", "hyde", "output"]).success();
    sandbox.fails(&["get", "hyde", "output"], "has no output");
    let seen = sandbox.botocore(&["hyde"]);
    assert_eq!(seen["hyde"]["secret_key"], SECRET);
    assert_eq!(seen["hyde"]["region"], "eu-west-2");
    // set needs an existing profile (the contract); add creates one.
    sandbox.fails(&["set", "newbie", "region", "sa-east-1"], "not found");
    sandbox.add("newbie", &["--region", "sa-east-1"]).success();
    assert!(
        sandbox
            .read_config()
            .ends_with("\n[profile newbie]\nregion   =   sa-east-1\n"),
        "new lines copy the file's spacing"
    );
}

#[test]
fn doctor_finds_every_planted_problem() {
    let sandbox = Sandbox::new();
    sandbox.write_config(concat!(
        "[default]\nregion = eu-west-1\n\n",
        "[profile default]\noutput = json\n\n",
        "[profile a]\nregion = us-east-1 # N. Virginia\nregion = us-east-2\n\n",
        "[profile a]\noutput = text\n\n",
        "[stray]\nregion = x\n\n",
        "[profile in valid]\nregion = x\n\n",
        "[profile broken]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = nowhere\n\n",
        "[profile nosource]\nrole_arn = arn:aws:iam::1:role/Y\n\n",
        "[profile l1]\nrole_arn = arn:aws:iam::1:role/L1\nsource_profile = l2\n\n",
        "[profile l2]\nrole_arn = arn:aws:iam::1:role/L2\nsource_profile = l1\n",
    ));
    sandbox.write_credentials("\u{feff}[hyde]\naws_access_key_id = AKIAHYDE000000000000\naws_secret_access_key = h\nregion = us-west-1\n\n[profile jekyll]\naws_access_key_id = AKIAJ\naws_secret_access_key = j\n");
    std::os::unix::fs::PermissionsExt::set_mode(
        &mut fs::metadata(sandbox.credentials()).unwrap().permissions(),
        0o644,
    );
    fs::set_permissions(
        sandbox.credentials(),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    fs::write(
        sandbox.home().join(".boto_old"),
        "[Credentials]\naws_access_key_id = AKIAOLD0000000000000\naws_secret_access_key = o\n",
    )
    .unwrap();
    let assert = sandbox
        .cmd()
        .args(["doctor", "--json"])
        .env("AWS_PROFILE", "hyde")
        .env("AWS_DEFAULT_PROFILE", "a")
        .env("AWS_ACCESS_KEY_ID", "AKIAENV")
        .env("BOTO_CONFIG", "/nonexistent/boto")
        .assert()
        .code(1);
    let report: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(report["ok"], false);
    let findings = report["findings"].as_array().unwrap();
    let has = |level: &str, line: Option<u64>, text: &str| {
        findings.iter().any(|f| {
            f["level"] == level
                && f["message"].as_str().unwrap().contains(text)
                && line.is_none_or(|l| f["line"] == l)
                && !f["fix"].as_str().unwrap().is_empty()
        })
    };
    let expected: [(&str, Option<u64>, &str); 16] = [
        ("error", Some(1), "byte-order mark"),
        (
            "warning",
            Some(1),
            "[default] (line 1) and [profile default] (line 4)",
        ),
        ("warning", Some(8), "comment after region's value"),
        ("error", Some(9), "region is set twice"),
        ("error", Some(11), "[profile a] appears twice"),
        ("error", Some(14), "[stray] is ignored by every AWS tool"),
        ("warning", Some(17), "ignored by the AWS SDKs"),
        ("error", Some(22), "could not find source profile nowhere"),
        ("error", Some(25), "neither were defined"),
        ("error", Some(29), "infinite loop"),
        (
            "warning",
            Some(4),
            "region of profile \"hyde\" is in the credentials file",
        ),
        ("error", Some(6), "[profile jekyll] is ignored"),
        ("warning", None, "readable by group or others (mode 0644)"),
        (
            "warning",
            None,
            "AWS_ACCESS_KEY_ID is set beside AWS_PROFILE=hyde",
        ),
        (
            "warning",
            None,
            "AWS_DEFAULT_PROFILE=a and AWS_PROFILE=hyde differ",
        ),
        (
            "error",
            None,
            "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY",
        ),
    ];
    for (level, line, text) in expected {
        assert!(
            has(level, line, text),
            "missing {level} at {line:?}: {text}\n{findings:#?}"
        );
    }
    assert!(has("warning", None, "BOTO_CONFIG=/nonexistent/boto is set"));
    assert!(has("info", None, "legacy boto credentials file"));
    let human = sandbox.cmd().arg("doctor").assert().code(1);
    let text = stdout(&human);
    assert!(
        text.contains(&format!(
            "error: {}:1: the file starts with a byte-order mark",
            sandbox.credentials().display()
        )),
        "{text}"
    );
    assert!(
        text.contains("  fix: awsprof set hyde region us-west-1 (moves it to the config file)"),
        "{text}"
    );
}

#[test]
fn doctor_reports_unparseable_files_and_a_clean_setup_in_one_line() {
    let sandbox = Sandbox::new();
    sandbox.write_config("[default]\nregion: eu-west-1\n");
    sandbox
        .cmd()
        .arg("doctor")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            ":2: the AWS parser rejects this line: Expected an '=' sign",
        ));
    sandbox.write_config("[default]\nregion = eu-west-1\n");
    sandbox.write_credentials(
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n",
    );
    fs::set_permissions(
        sandbox.credentials(),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let assert = sandbox.cmd().arg("doctor").assert().success();
    let text = stdout(&assert);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("No problems found"));
}
