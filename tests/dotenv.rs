//! `export --format dotenv` as its readers read it: python-dotenv (with and without
//! interpolation) and `set -a; . FILE` in dash give back exactly the values of the profile,
//! and a value any of them would read differently is refused with the variable's name and
//! nothing on stdout.

mod common;

use std::process::Command;

use common::Sandbox;

/// Values every dotenv reader takes literally in single quotes.
const SAFE: [&str; 6] = [
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+=",
    "a#b;c=d",
    "é ü 😀 中文",
    "two  spaces inside",
    "{}[]()<>!?*&|~^%@,.:",
    "FwoGZXIvYXdzEBYaDEXAMPLE==",
];

/// Values holding a character that dotenv readers treat differently.
const HOSTILE: [&str; 6] = [
    "it's",
    "say \"hi\"",
    "back\\slash",
    "dollar$HOME",
    "tick`id`",
    "x${PATH}",
];

const VARIABLES: [&str; 5] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
];

/// A sandbox with one profile `p0`, `p1`, ... per value: the value as secret, session
/// token and region.
fn sandbox_with(values: &[&str]) -> Sandbox {
    let sandbox = Sandbox::new();
    let mut credentials = String::new();
    let mut config = String::new();
    for (index, value) in values.iter().enumerate() {
        credentials.push_str(&format!(
            "[p{index}]\naws_access_key_id = AKIADOTENV{index:010}\naws_secret_access_key = {value}\naws_session_token = {value}\n\n"
        ));
        config.push_str(&format!("[profile p{index}]\nregion = {value}\n\n"));
    }
    sandbox.write_credentials(&credentials);
    sandbox.write_config(&config);
    sandbox
}

/// What python-dotenv reads from `path`, variable by variable.
fn python_dotenv(path: &std::path::Path, interpolate: bool) -> Vec<String> {
    let script = format!(
        "import json, sys\nfrom dotenv import dotenv_values\nvalues = dotenv_values(sys.argv[1], interpolate={})\nprint(json.dumps([values.get(v) for v in {:?}]))",
        if interpolate { "True" } else { "False" },
        VARIABLES
    );
    let output = Command::new("python3")
        .args(["-c", &script])
        .arg(path)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "python-dotenv is needed (pip install python-dotenv, or run .ci/run): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// What dash reads with `set -a; . FILE`, variable by variable.
fn dash_source(path: &std::path::Path) -> Vec<String> {
    let script = format!(
        "set -a; . \"$1\"; for v in {}; do eval \"printf '%s\\n---\\n' \\\"\\${{$v}}\\\"\"; done",
        VARIABLES.join(" ")
    );
    let output = Command::new("dash")
        .args(["-c", &script, "dash"])
        .arg(path)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .output()
        .expect("dash is needed (.ci/run installs it)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .split("\n---\n")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_reader_reads_back_exactly_what_the_profile_holds() {
    let sandbox = sandbox_with(&SAFE);
    for (index, value) in SAFE.iter().enumerate() {
        let output = sandbox
            .cmd()
            .args(["export", &format!("p{index}"), "--format", "dotenv"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{value:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let file = sandbox.home().join(format!("p{index}.env"));
        std::fs::write(&file, &output.stdout).unwrap();
        let expected: Vec<String> = [format!("AKIADOTENV{index:010}")]
            .into_iter()
            .chain(std::iter::repeat_n(value.to_string(), 4))
            .collect();
        assert_eq!(
            python_dotenv(&file, true),
            expected,
            "{value:?} interpolated"
        );
        assert_eq!(python_dotenv(&file, false), expected, "{value:?}");
        assert_eq!(dash_source(&file), expected, "{value:?} in dash");
    }
}

#[test]
fn a_value_readers_disagree_on_is_refused_with_its_name() {
    let sandbox = sandbox_with(&HOSTILE);
    for index in 0..HOSTILE.len() {
        sandbox
            .cmd()
            .args(["export", &format!("p{index}"), "--format", "dotenv"])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicates::str::contains(
                "the value of AWS_SECRET_ACCESS_KEY contains",
            ));
    }
    // Only the region holds such a character: the error names the region's variable.
    sandbox.write_credentials(
        "[p0]\naws_access_key_id = AKIADOTENV0000000000\naws_secret_access_key = plain\n",
    );
    sandbox.write_config("[profile p0]\nregion = eu`id`\n");
    sandbox
        .cmd()
        .args(["export", "p0", "--format", "dotenv"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains(
            "the value of AWS_REGION contains",
        ));
}
