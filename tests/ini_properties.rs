//! Property tests of the lossless model: `parse(s).to_string() == s` for every input, and an
//! edit of one profile changes no byte outside that profile's lines.

use awsprof::ini::Document;
use awsprof::profiles::{self, FileKind, profile_sections};
use proptest::prelude::*;

/// One line of a generated file, without its ending.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-e]".prop_map(|n| format!("[profile {n}]")),
        1 => "[a-e]".prop_map(|n| format!("[{n}]")),
        1 => Just("[default]".to_string()),
        1 => "[a-e]".prop_map(|n| format!("[sso-session {n}]  # sso")),
        4 => ("[a-z_]{1,8}", "[ \t]{0,2}", "[ \t]{0,2}", "[A-Za-z0-9/+=]{0,10}", prop::option::of("[#;] [a-z ]{0,6}"))
            .prop_map(|(k, l, r, v, c)| match c {
                Some(c) => format!("{k}{l}={r}{v} {c}"),
                None => format!("{k}{l}={r}{v}"),
            }),
        2 => "[ \t]{1,3}[a-z_]{1,5} = [a-z0-9]{0,5}",
        2 => "[#;][ -~]{0,12}",
        2 => "[ \t]{0,3}",
        1 => "[ -~]{0,15}",
        1 => "[\u{e9}\u{4e2d}\u{1f600} a-z]{0,6}",
    ]
}

fn ending() -> impl Strategy<Value = &'static str> {
    prop_oneof![4 => Just("\n"), 1 => Just("\r\n")]
}

/// A whole file: optional BOM, lines with mixed endings, optional final newline.
fn file() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec((line(), ending()), 0..30),
        any::<bool>(),
    )
        .prop_map(|(bom, lines, final_newline)| {
            let mut text = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            let count = lines.len();
            for (i, (line, ending)) in lines.into_iter().enumerate() {
                text.push_str(&line);
                if i + 1 < count || final_newline {
                    text.push_str(ending);
                }
            }
            text
        })
}

/// A file the AWS parser accepts: generated files with their invalid lines dropped.
fn valid_file() -> impl Strategy<Value = String> {
    file()
        .prop_map(|text| {
            let document = Document::parse(&text);
            let bad: Vec<usize> = document.errors().map(|e| e.line - 1).collect();
            let mut kept = String::new();
            for i in 0..document.lines().len() {
                if !bad.contains(&i) {
                    kept.push_str(document.span(i..i + 1));
                }
            }
            kept
        })
        .prop_filter("still valid after dropping lines", |text| {
            Document::parse(text).first_error().is_none()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_round_trips(text in any::<String>()) {
        prop_assert_eq!(Document::parse(&text).to_string(), text);
    }

    #[test]
    fn generated_files_round_trip(text in file()) {
        prop_assert_eq!(Document::parse(&text).to_string(), text);
    }

    #[test]
    fn setting_a_property_touches_only_that_profile(
        text in valid_file(),
        name in "[a-e]",
        key in "[a-z_]{1,8}",
        value in "[A-Za-z0-9/+=]{1,10}",
    ) {
        let mut document = Document::parse(&text);
        let Some(section) = profile_sections(&document, FileKind::Config, &name).pop() else {
            return Ok(());
        };
        let (prefix, suffix) = outside(&document, section.start, section.end);
        let original = document.clone();
        let empty = Document::default();
        let before = profiles::read(&original, &empty);
        document.set_properties(&section, &[(&key, &value)]).unwrap();
        let after_text = document.to_string();
        prop_assert!(after_text.starts_with(&prefix), "prefix changed");
        prop_assert!(after_text.ends_with(&suffix), "suffix changed");
        let after = profiles::read(&document, &empty);
        prop_assert_eq!(after.get(&name).unwrap().get(&key), Some(value.as_str()));
        // Other profiles keep every value (their line numbers may shift).
        let values = |set: &profiles::ProfileSet<'_>, name: &str| {
            set.get(name).map(|p| {
                p.properties
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.text.to_string()))
                    .collect::<Vec<_>>()
            })
        };
        for other in before.profiles.keys() {
            if *other != name {
                prop_assert_eq!(values(&before, other), values(&after, other));
            }
        }
    }

    #[test]
    fn removing_a_section_touches_only_that_section(text in valid_file(), name in "[a-e]") {
        let mut document = Document::parse(&text);
        let Some(section) = profile_sections(&document, FileKind::Config, &name).pop() else {
            return Ok(());
        };
        let (prefix, suffix) = outside(&document, section.start, section.end);
        document.remove_section(&section);
        let after = document.to_string();
        prop_assert!(after.ends_with(&suffix), "suffix changed");
        let kept_prefix = &after[..after.len() - suffix.len()];
        // Only separating blank lines (and a line ending) may go from before the section.
        prop_assert!(prefix.starts_with(kept_prefix.trim_end_matches(['\r', '\n'])));
        prop_assert!(prefix[kept_prefix.len().min(prefix.len())..].trim().is_empty());
    }

    /// Setting several keys in one rewrite gives the text that setting them one at a time
    /// gives (repeated keys, keys in any case, continuation lines and a missing final
    /// newline included).
    #[test]
    fn setting_several_keys_at_once_is_setting_them_one_by_one(
        text in valid_file(),
        name in "[a-e]",
        pairs in prop::collection::vec((prop_oneof!["[a-c_]{1,3}", "[A-C_]{1,3}"], "[A-Za-z0-9/+=]{1,6}"), 1..5),
    ) {
        let document = Document::parse(&text);
        let Some(section) = profile_sections(&document, FileKind::Config, &name).pop() else {
            return Ok(());
        };
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut at_once = document.clone();
        at_once.set_properties(&section, &pairs).unwrap();
        let mut one_by_one = document;
        for pair in &pairs {
            let section = profile_sections(&one_by_one, FileKind::Config, &name).pop().unwrap();
            one_by_one.set_properties(&section, &[*pair]).unwrap();
        }
        prop_assert_eq!(at_once.to_string(), one_by_one.to_string());
    }

    /// Removing keys from every section of a profile in one rewrite gives the text that
    /// removing each definition on its own gives.
    #[test]
    fn removing_keys_at_once_is_removing_them_one_by_one(
        text in valid_file(),
        name in "[a-e]",
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
    ) {
        let document = Document::parse(&text);
        let sections = profile_sections(&document, FileKind::Config, &name);
        // Keys the profile has (most of the time), so that removals happen, adjacent ones
        // and ones at the end of a file without a final newline among them.
        let present: Vec<String> = sections
            .iter()
            .flat_map(|section| document.properties(section).map(|p| p.key.to_string()))
            .chain(["absent".to_string()])
            .collect();
        let keys: Vec<&str> = picks.iter().map(|pick| pick.get(&present).as_str()).collect();
        let mut at_once = document.clone();
        let removed = at_once.remove_properties(&sections, &keys);
        let mut one_by_one = document;
        let mut removed_one_by_one = false;
        // One definition at a time, from the bottom of the file up.
        while let Some((section, key)) = profile_sections(&one_by_one, FileKind::Config, &name)
            .into_iter()
            .rev()
            .find_map(|section| {
                let key = one_by_one
                    .properties(&section)
                    .filter(|p| keys.iter().any(|k| p.key.eq_ignore_ascii_case(k)))
                    .last()?
                    .key
                    .to_string();
                Some((section, key))
            })
        {
            removed_one_by_one |= one_by_one.remove_properties(&[section], &[&key]);
        }
        prop_assert_eq!(removed, removed_one_by_one);
        prop_assert_eq!(at_once.to_string(), one_by_one.to_string());
    }

    #[test]
    fn appending_keeps_every_existing_byte(text in valid_file(), name in "[f-h]") {
        let mut document = Document::parse(&text);
        document.append_section(&format!("profile {name}"), &[("region", "eu-west-1")]).unwrap();
        let after = document.to_string();
        prop_assert!(after.starts_with(&text));
        let added = &after[text.len()..];
        let header = format!("[profile {name}]");
        prop_assert!(added.trim_start().starts_with(&header));
        let (reread, empty) = (Document::parse(&after), Document::default());
        let set = profiles::read(&reread, &empty);
        prop_assert_eq!(set.get(&name).unwrap().get("region"), Some("eu-west-1"));
    }
}

/// The text before line `start` and from line `end` on.
fn outside(document: &Document, start: usize, end: usize) -> (String, String) {
    let bom = if document.has_bom() { "\u{feff}" } else { "" };
    let all = document.lines().len();
    (
        format!("{bom}{}", document.span(0..start)),
        document.span(end..all).to_string(),
    )
}
