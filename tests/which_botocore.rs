//! Differential test: `awsprof which --json` against botocore (the AWS CLI's engine) over
//! a matrix of environments (variables × file layouts × profile kinds × file locations),
//! field by field.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

const KEYS: &str = "[default]\naws_access_key_id = AKIADEFAULT000000000\naws_secret_access_key = d\n\n\
# the main account\n[hyde]\naws_access_key_id = AKIAHYDE000000000000\naws_secret_access_key = h\n\n\
[temp]\naws_access_key_id = ASIATEMP000000000000\naws_secret_access_key = t\naws_session_token = tok\n\n\
[half]\naws_access_key_id = AKIAHALF000000000000\n";

const CONFIG: &str = "[default]\nregion = eu-west-1\n\n[profile hyde]\nregion = us-east-2\noutput = json\n\n\
[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = hyde\n\n\
[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/Chained\nsource_profile = admin\nregion = ap-south-1\n\n\
[profile envrole]\nrole_arn = arn:aws:iam::123456789012:role/Env\ncredential_source = Environment\n\n\
[profile loop1]\nrole_arn = arn:aws:iam::123456789012:role/L1\nsource_profile = loop2\n\n\
[profile loop2]\nrole_arn = arn:aws:iam::123456789012:role/L2\nsource_profile = loop1\n\n\
[profile self]\nrole_arn = arn:aws:iam::123456789012:role/Self\nsource_profile = self\naws_access_key_id = AKIASELF000000000000\naws_secret_access_key = s\n\n\
[profile dangling]\nrole_arn = arn:aws:iam::123456789012:role/D\nsource_profile = nowhere\n\n\
[profile nosource]\nrole_arn = arn:aws:iam::123456789012:role/N\n\n\
[profile webid]\nrole_arn = arn:aws:iam::123456789012:role/Web\nweb_identity_token_file = /tmp/token.jwt\n\n\
[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\n\
[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\nregion = eu-central-1\n\n\
[profile badsso]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n\n\
[profile tool]\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC000000000000\", \"SecretAccessKey\": \"p\"}'\n\n\
[profile ecs]\nrole_arn = arn:aws:iam::123456789012:role/Ecs\ncredential_source = EcsContainer\n\n\
[profile ec2meta]\nrole_arn = arn:aws:iam::123456789012:role/Ec2\ncredential_source = Ec2InstanceMetadata\n\n\
[profile inconfig]\naws_access_key_id = AKIACONFIG0000000000\naws_secret_access_key = c\n\n\
[profile settings]\nregion = sa-east-1\ns3 =\n  max_concurrent_requests = 10\n\n\
[profile half]\nregion = us-west-1\n";

/// A file layout: the two AWS files and any legacy files in HOME.
struct Layout {
    name: &'static str,
    config: Option<String>,
    credentials: Option<String>,
    boto: Option<&'static str>,
    /// Where the AWS files live: default paths, or custom ones named by variables.
    custom_paths: bool,
    profiles: &'static [&'static str],
}

fn layouts() -> Vec<Layout> {
    let crlf = |text: &str| text.replace('\n', "\r\n");
    vec![
        Layout { name: "empty", config: None, credentials: None, boto: None, custom_paths: false, profiles: &["default", "hyde"] },
        Layout {
            name: "full",
            config: Some(CONFIG.into()),
            credentials: Some(KEYS.into()),
            boto: None,
            custom_paths: false,
            profiles: &["default", "hyde", "temp", "half", "admin", "chained", "envrole", "loop1", "self", "dangling", "nosource", "webid", "dev", "badsso", "tool", "ecs", "ec2meta", "inconfig", "settings", "missing"],
        },
        Layout {
            name: "full-crlf-custom-paths",
            config: Some(crlf(CONFIG)),
            credentials: Some(crlf(KEYS)),
            boto: None,
            custom_paths: true,
            profiles: &["default", "hyde", "admin", "settings", "missing"],
        },
        Layout {
            name: "config-only-with-boto",
            config: Some("[profile hyde]\nregion = us-east-2\n".into()),
            credentials: None,
            boto: Some("[Credentials]\naws_access_key_id = AKIABOTO000000000000\naws_secret_access_key = b\n\n[Boto]\ndebug = 0\n"),
            custom_paths: false,
            profiles: &["default", "hyde"],
        },
        Layout {
            name: "default-in-config-with-keys",
            config: Some("[default]\naws_access_key_id = AKIACFGDEFAULT000000\naws_secret_access_key = x\nregion = us-west-2\n".into()),
            credentials: Some("[other]\naws_access_key_id = AKIAOTHER00000000000\naws_secret_access_key = o\n".into()),
            boto: None,
            custom_paths: false,
            profiles: &["default", "other"],
        },
    ]
}

/// Environment variations, each applied on top of the profile choice. None of them may make
/// botocore call the network: the instance metadata service is disabled in every case, and
/// the container endpoint variables are left out (botocore would fetch from them at once);
/// that provider is covered by a unit test instead. Without them, the `EcsContainer` and
/// `Ec2InstanceMetadata` credential sources are errors for botocore, as for `which`.
fn env_variants() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        ("plain", vec![]),
        (
            "env-keys",
            vec![
                ("AWS_ACCESS_KEY_ID", "AKIAENV0000000000000"),
                ("AWS_SECRET_ACCESS_KEY", "e"),
            ],
        ),
        (
            "env-key-only",
            vec![("AWS_ACCESS_KEY_ID", "AKIAENV0000000000000")],
        ),
        ("env-secret-only", vec![("AWS_SECRET_ACCESS_KEY", "e")]),
        (
            "region",
            vec![
                ("AWS_DEFAULT_REGION", "ca-central-1"),
                ("AWS_REGION", "il-central-1"),
            ],
        ),
        (
            "web-identity-env",
            vec![
                ("AWS_WEB_IDENTITY_TOKEN_FILE", "/tmp/env-token.jwt"),
                ("AWS_ROLE_ARN", "arn:aws:iam::1:role/EnvWeb"),
            ],
        ),
        (
            "web-identity-no-role",
            vec![("AWS_WEB_IDENTITY_TOKEN_FILE", "/tmp/env-token.jwt")],
        ),
        // Set but empty: botocore reads no such file at all.
        ("empty-config-file-variable", vec![("AWS_CONFIG_FILE", "")]),
        (
            "empty-credentials-file-variable",
            vec![("AWS_SHARED_CREDENTIALS_FILE", "")],
        ),
        // Set but empty: botocore's home is `/`, whatever USERPROFILE says (it is set to
        // the layout's home below, where the files are).
        ("empty-home", vec![("HOME", "")]),
    ]
}

/// How the profile is chosen.
#[derive(Clone, Copy, Debug)]
enum Choice<'a> {
    Nothing,
    Flag(&'a str),
    AwsProfile(&'a str),
    AwsDefaultProfile(&'a str),
}

struct Case {
    label: String,
    env: BTreeMap<String, String>,
    flag: Option<String>,
}

fn build_cases(root: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for layout in layouts() {
        let home = root.join(layout.name);
        fs::create_dir_all(home.join(".aws")).unwrap();
        let (config, credentials) = if layout.custom_paths {
            fs::create_dir_all(home.join("elsewhere")).unwrap();
            (home.join("elsewhere/cfg"), home.join("elsewhere/creds"))
        } else {
            (home.join(".aws/config"), home.join(".aws/credentials"))
        };
        if let Some(text) = &layout.config {
            fs::write(&config, text).unwrap();
        }
        if let Some(text) = &layout.credentials {
            fs::write(&credentials, text).unwrap();
        }
        if let Some(text) = layout.boto {
            fs::write(home.join(".boto"), text).unwrap();
        }
        let mut choices = vec![Choice::Nothing];
        for profile in layout.profiles {
            choices.push(Choice::Flag(profile));
            choices.push(Choice::AwsProfile(profile));
        }
        choices.push(Choice::AwsDefaultProfile(
            layout.profiles[layout.profiles.len() - 1],
        ));
        choices.push(Choice::AwsDefaultProfile("default"));
        for choice in choices {
            for (variant, vars) in env_variants() {
                // The full matrix on the small layouts; on the large one, every profile in
                // the plain environment and every variant for a few representative choices.
                let representative = matches!(
                    choice,
                    Choice::Nothing
                        | Choice::AwsProfile("hyde")
                        | Choice::Flag("hyde")
                        | Choice::AwsProfile("admin")
                        | Choice::AwsDefaultProfile(_)
                );
                if layout.profiles.len() > 5 && variant != "plain" && !representative {
                    continue;
                }
                let mut env: BTreeMap<String, String> = BTreeMap::new();
                env.insert("HOME".into(), home.display().to_string());
                env.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
                if layout.custom_paths {
                    env.insert("AWS_CONFIG_FILE".into(), config.display().to_string());
                    env.insert(
                        "AWS_SHARED_CREDENTIALS_FILE".into(),
                        credentials.display().to_string(),
                    );
                }
                for (key, value) in &vars {
                    env.insert(key.to_string(), value.to_string());
                }
                if variant == "empty-home" {
                    env.insert("USERPROFILE".into(), home.display().to_string());
                }
                let mut flag = None;
                match choice {
                    Choice::Nothing => {}
                    Choice::Flag(name) => flag = Some(name.to_string()),
                    Choice::AwsProfile(name) => {
                        env.insert("AWS_PROFILE".into(), name.into());
                    }
                    Choice::AwsDefaultProfile(name) => {
                        env.insert("AWS_DEFAULT_PROFILE".into(), name.into());
                        env.insert("AWS_PROFILE".into(), "hyde".into());
                    }
                }
                cases.push(Case {
                    label: format!("{} / {choice:?} / {variant}", layout.name),
                    env,
                    flag,
                });
            }
        }
        // The legacy BOTO_CONFIG variable pointing at a boto file elsewhere.
        let boto = home.join("boto_razorassoc");
        fs::write(
            &boto,
            "[Credentials]\naws_access_key_id = AKIARAZOR00000000000\naws_secret_access_key = r\n",
        )
        .unwrap();
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        env.insert("HOME".into(), home.display().to_string());
        env.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
        env.insert("BOTO_CONFIG".into(), boto.display().to_string());
        if layout.custom_paths {
            env.insert("AWS_CONFIG_FILE".into(), config.display().to_string());
            env.insert(
                "AWS_SHARED_CREDENTIALS_FILE".into(),
                credentials.display().to_string(),
            );
        }
        cases.push(Case {
            label: format!("{} / BOTO_CONFIG", layout.name),
            env,
            flag: None,
        });
    }
    cases
}

fn botocore_answers(cases: &[Case]) -> Vec<Value> {
    let input = Value::Array(
        cases
            .iter()
            .map(|c| json!({"env": c.env, "flag": c.flag}))
            .collect(),
    );
    common::python_json("botocore_which.py", &input, |command| command)
}

fn awsprof_answer(binary: &PathBuf, case: &Case) -> Value {
    let mut command = Command::new(binary);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    command.envs(&case.env).arg("which").arg("--json");
    if let Some(flag) = &case.flag {
        command.args(["--profile", flag]);
    }
    let output = command.output().unwrap();
    match output.status.code() {
        Some(0) => serde_json::from_slice(&output.stdout).unwrap(),
        Some(1) => {
            assert!(
                output.stdout.is_empty(),
                "{}: stdout on failure",
                case.label
            );
            json!({"error": String::from_utf8_lossy(&output.stderr)})
        }
        other => panic!(
            "{}: exit {other:?}: {}",
            case.label,
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

#[test]
fn which_agrees_with_botocore_on_the_whole_matrix() {
    let root = tempfile::tempdir().unwrap();
    let cases = build_cases(root.path());
    assert!(cases.len() >= 100, "only {} environments", cases.len());
    let expected = botocore_answers(&cases);
    let binary = assert_cmd::cargo::cargo_bin("awsprof");
    let mut failures = Vec::new();
    for (case, want) in cases.iter().zip(&expected) {
        let got = awsprof_answer(&binary, case);
        let agree = match (want.get("error"), got.get("error")) {
            (Some(_), Some(_)) => true,
            (None, None) => ["profile", "credentials_source", "access_key_id", "region"]
                .iter()
                .all(|field| got[field] == want[field]),
            _ => false,
        };
        if !agree {
            failures.push(format!(
                "{}\n    botocore: {want}\n    awsprof:  {got}",
                case.label
            ));
        }
    }
    eprintln!(
        "which vs botocore: {} environments, {} disagreements",
        cases.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} environments disagree:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// `export` takes the keys botocore takes: the credentials-file and config-file providers
/// each read one file, so a token or key of the other file never joins in.
#[test]
fn export_takes_the_keys_of_the_one_file_botocore_reads() {
    let sandbox = common::Sandbox::new();
    sandbox.write_credentials(
        "[p]\naws_access_key_id = AKIACREDENTIALSFILE1\naws_secret_access_key = credentials-secret\n\
         [q]\naws_secret_access_key = credentials-secret\n",
    );
    sandbox.write_config(
        "[profile p]\naws_session_token = CONFIGTOKEN\n\
         [profile q]\naws_access_key_id = AKIACONFIGFILE000001\naws_secret_access_key = config-secret\n",
    );
    let botocore = sandbox.botocore(&["p", "q"]);
    for profile in ["p", "q"] {
        let output = sandbox
            .cmd()
            .args(["export", profile, "--format", "json"])
            .output()
            .unwrap();
        let exported = common::json_of_success(&output);
        let expected = &botocore[profile];
        assert_eq!(exported["AccessKeyId"], expected["access_key"], "{profile}");
        assert_eq!(
            exported["SecretAccessKey"], expected["secret_key"],
            "{profile}"
        );
        assert_eq!(
            exported.get("SessionToken").unwrap_or(&Value::Null),
            &expected["token"],
            "{profile}: {exported}"
        );
    }
}
