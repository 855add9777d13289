//! The AWS SDKs' shared test vectors (tests/fixtures/aws, see NOTICE.md there), every case.

use std::collections::BTreeMap;
use std::path::PathBuf;

use awsprof::ini::Document;
use awsprof::profiles;
use awsprof::resolve::{Env, select_profile};
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

fn to_sections(map: impl IntoIterator<Item = (String, profiles::Properties)>) -> Sections {
    map.into_iter()
        .map(|(name, properties)| {
            (
                name,
                properties
                    .into_iter()
                    .map(|(key, value)| (key, value.text))
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
