//! The AWS SDKs' shared test vectors (tests/fixtures/aws, see NOTICE.md there), every case.

use std::collections::BTreeMap;
use std::path::PathBuf;

use awsprof::env::Env;
use awsprof::ini::Document;
use awsprof::profiles;
use awsprof::profiles::{Origin, Profile, ProfileSet, Value as PropertyValue};
use awsprof::resolve::{ChainStep, role_chain, select_profile};
use awsprof::store::{Overrides, Platform, locate};
use serde_json::Value;

fn vectors(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aws")
        .join(name);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    match json {
        Value::Array(cases) => cases,
        Value::Object(mut map) => match map.remove("tests") {
            Some(Value::Array(cases)) => cases,
            _ => panic!("{name}: no tests array"),
        },
        _ => panic!("{name}: unexpected shape"),
    }
}

type Sections = BTreeMap<String, BTreeMap<String, String>>;

fn to_sections<'a>(map: impl IntoIterator<Item = (&'a str, profiles::Properties<'a>)>) -> Sections {
    map.into_iter()
        .map(|(name, properties)| {
            (
                name.to_string(),
                properties
                    .iter()
                    .map(|(key, value)| (key.to_string(), value.text.to_string()))
                    .collect(),
            )
        })
        .collect()
}

fn expected_sections(value: Option<&Value>) -> Sections {
    let Some(Value::Object(map)) = value else {
        return Sections::new();
    };
    map.iter()
        .map(|(name, properties)| {
            let properties = properties
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect();
            (name.clone(), properties)
        })
        .collect()
}

/// Parses one case's files as the reader does: a syntax error in either file is the
/// result, else the profiles and sso-sessions.
fn parse_case(input: &Value) -> Result<(Sections, Sections), String> {
    let text = |key: &str| input.get(key).and_then(Value::as_str).unwrap_or("");
    let config = Document::parse(text("configFile"));
    let credentials = Document::parse(text("credentialsFile"));
    for document in [&config, &credentials] {
        if let Some(error) = document.first_error() {
            return Err(error.message);
        }
    }
    let set = profiles::read(&config, &credentials);
    let profiles = to_sections(
        set.profiles
            .into_iter()
            .map(|(name, profile)| (name, profile.properties)),
    );
    Ok((profiles, to_sections(set.sso_sessions)))
}

#[test]
fn profile_parser_vectors_all_pass() {
    let cases = vectors("profile-parser-tests.json");
    assert_eq!(cases.len(), 65);
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let output = &case["output"];
        let got = parse_case(&case["input"]);
        match (output.get("errorContaining"), got) {
            (Some(expected), Err(message)) => {
                let expected = expected.as_str().unwrap();
                if !message.contains(expected) {
                    failures.push(format!("{name}: error {message:?} lacks {expected:?}"));
                }
            }
            (Some(expected), Ok(parsed)) => failures.push(format!(
                "{name}: expected error {expected}, parsed {parsed:?}"
            )),
            (None, Err(message)) => failures.push(format!("{name}: unexpected error {message}")),
            (None, Ok((profiles, sso_sessions))) => {
                let config = &output["config"];
                let want = expected_sections(config.get("profiles"));
                if profiles != want {
                    failures.push(format!("{name}: profiles {profiles:?} != {want:?}"));
                }
                if let Some(expected) = config.get("sso_sessions") {
                    let want = expected_sections(Some(expected));
                    if sso_sessions != want {
                        failures.push(format!("{name}: sso {sso_sessions:?} != {want:?}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn file_location_vectors_all_pass() {
    let cases = vectors("file-location-tests.json");
    assert_eq!(cases.len(), 9);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let env: Env = case["environment"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        let platform = match case["platform"].as_str().unwrap() {
            "windows" => Platform::Windows,
            _ => Platform::Unix,
        };
        let found = locate(
            &|name| env.get(name).map(str::to_string),
            &|| None,
            platform,
            &Overrides::default(),
        );
        assert_eq!(
            found.config,
            PathBuf::from(case["configLocation"].as_str().unwrap()),
            "{name}"
        );
        assert_eq!(
            found.credentials,
            PathBuf::from(case["credentialsLocation"].as_str().unwrap()),
            "{name}"
        );
        if let Some(profile) = case.get("profile").and_then(Value::as_str) {
            assert_eq!(select_profile(None, &env).name, profile, "{name}");
        }
    }
}

fn properties(map: &Value) -> profiles::Properties<'_> {
    map.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let value = PropertyValue {
                text: v.as_str().unwrap().into(),
                origin: Origin {
                    file: profiles::FileKind::Config,
                    line: 1,
                },
            };
            (k.as_str(), value)
        })
        .collect()
}

/// The vector's name for a chain step, with the fields it checks.
fn vector_step(step: &ChainStep) -> Value {
    match step {
        ChainStep::AccessKey { access_key_id, .. } => {
            serde_json::json!({"AccessKey": {"access_key_id": access_key_id}})
        }
        ChainStep::NamedSource { source, .. } => serde_json::json!({ "NamedSource": source }),
        ChainStep::WebIdentityToken {
            role_arn,
            web_identity_token_file,
            ..
        } => serde_json::json!(
            {"WebIdentityToken": {"role_arn": role_arn, "web_identity_token_file": web_identity_token_file}}
        ),
        ChainStep::Sso(awsprof::resolve::SsoSource {
            sso_session,
            sso_region,
            sso_start_url,
            sso_account_id,
            sso_role_name,
            ..
        }) => {
            let fields: serde_json::Map<String, Value> = [
                ("sso_session", sso_session),
                ("sso_region", sso_region),
                ("sso_start_url", sso_start_url),
                ("sso_account_id", sso_account_id),
                ("sso_role_name", sso_role_name),
            ]
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_string(), Value::from(v.clone()?))))
            .collect();
            serde_json::json!({ "Sso": fields })
        }
        ChainStep::CredentialProcess { command, .. } => {
            serde_json::json!({ "CredentialProcess": command })
        }
        ChainStep::AssumeRole { role_arn, .. } => {
            serde_json::json!({"AssumeRole": {"role_arn": role_arn}})
        }
    }
}

/// Keeps only the fields of `expected` that awsprof models (secrets and session names are
/// not part of a chain's shape).
fn comparable(expected: &Value) -> Value {
    let mut step = expected.clone();
    if let Some(fields) = step
        .as_object_mut()
        .and_then(|o| o.values_mut().next())
        .and_then(Value::as_object_mut)
    {
        for extra in [
            "secret_access_key",
            "account_id",
            "role_session_name",
            "external_id",
            "session_token",
        ] {
            fields.remove(extra);
        }
    }
    step
}

#[test]
fn assume_role_vectors_all_pass() {
    let cases = vectors("assume-role-tests.json");
    assert_eq!(cases.len(), 28);
    let mut failures = Vec::new();
    for case in &cases {
        let docs = case["docs"].as_str().unwrap();
        let input = &case["input"];
        let mut set = ProfileSet::default();
        for (name, map) in input["profiles"].as_object().unwrap() {
            let mut profile = Profile::new(name);
            profile.properties = properties(map);
            set.profiles.insert(name, profile);
        }
        if let Some(sessions) = input.get("sso_sessions").and_then(Value::as_object) {
            for (name, map) in sessions {
                set.sso_sessions.insert(name, properties(map));
            }
        }
        let got = role_chain(&set, input["selected_profile"].as_str().unwrap());
        match (case["output"].get("ProfileChain"), got) {
            (Some(Value::Array(expected)), Ok(chain)) => {
                let got: Vec<Value> = chain.steps.iter().map(vector_step).collect();
                let want: Vec<Value> = expected.iter().map(comparable).collect();
                if got != want {
                    failures.push(format!("{docs}: {got:?} != {want:?}"));
                }
            }
            (None, Err(error)) => {
                let expected = case["output"]["Error"].as_str().unwrap();
                if !error.to_string().contains(expected) {
                    failures.push(format!("{docs}: error {error} lacks {expected:?}"));
                }
            }
            (_, got) => failures.push(format!("{docs}: got {got:?}, expected {}", case["output"])),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 28 failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
