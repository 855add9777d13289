//! The reader: what the sections of the config and credentials files mean, by the AWS
//! SDKs' rules (the ones `profile-parser-tests.json` pins down).
//!
//! - config file: `[profile NAME]`, `[default]`, `[sso-session NAME]`, `[services NAME]`;
//!   a `[profile default]` hides every bare `[default]` of the same file;
//! - credentials file: `[NAME]`;
//! - duplicate sections merge, the last value of a key wins, keys are case-insensitive;
//! - the credentials file wins over the config file for a key that is in both;
//! - invalid names are ignored, each with a warning that says where.

pub mod edit;
mod keys;
mod kind;
pub mod validate;

pub use keys::{KNOWN_KEYS, closest_keys, is_known_key};
pub use kind::{Kind, OTHER_SOURCE_KEYS, kind_of};

use std::borrow::Cow;

use indexmap::IndexMap;

use crate::ini::{Document, Section, is_ini_space, is_valid_identifier, trim_ini, trim_ini_start};

/// Which of the two AWS files a thing comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// `~/.aws/config`
    Config,
    /// `~/.aws/credentials`
    Credentials,
}

impl FileKind {
    /// `config` or `credentials`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        }
    }

    /// The section name (inside the brackets) that a new section for `profile` gets here.
    pub fn header_for(self, profile: &str) -> String {
        match self {
            FileKind::Config if profile != "default" => format!("profile {profile}"),
            _ => profile.to_string(),
        }
    }
}

/// The session token's key.
pub const SESSION_TOKEN_KEY: &str = "aws_session_token";

/// botocore's older name of the session token, which it still reads, before
/// `aws_session_token` when both are set.
pub const LEGACY_SESSION_TOKEN_KEY: &str = "aws_security_token";

/// The property keys that hold secrets or key ids and belong in the credentials file.
pub const CREDENTIAL_KEYS: [&str; 4] = [
    "aws_access_key_id",
    "aws_secret_access_key",
    SESSION_TOKEN_KEY,
    LEGACY_SESSION_TOKEN_KEY,
];

/// The keys whose values are secret and are masked unless revealed.
pub const SECRET_KEYS: [&str; 3] = [
    "aws_secret_access_key",
    SESSION_TOKEN_KEY,
    LEGACY_SESSION_TOKEN_KEY,
];

/// Whether a property key belongs in the credentials file rather than the config file.
pub fn is_credential_key(key: &str) -> bool {
    CREDENTIAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Whether a property key holds a secret.
pub fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Where a value or section was found: file and 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    /// The file.
    pub file: FileKind,
    /// 1-based line number.
    pub line: usize,
}

/// One property value and where it came from; borrowed from the document unless it was
/// joined from continuation lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value<'a> {
    /// The value as the SDKs read it (a sub-property block starts with `\n`).
    pub text: Cow<'a, str>,
    /// Where the winning definition is.
    pub origin: Origin,
}

impl Value<'_> {
    /// The `name = value` pairs of a sub-property block, or `None` for a plain value.
    pub fn sub_properties(&self) -> Option<Vec<(&str, &str)>> {
        let block = self.text.strip_prefix('\n')?;
        Some(
            block
                .lines()
                .filter_map(|line| line.split_once('='))
                .map(|(k, v)| (k.trim(), v.trim()))
                .collect(),
        )
    }
}

/// The properties of a profile or section: lower-cased key to value, in first-seen order,
/// the last definition of a key winning. A profile has a handful of keys, so a vector
/// searched in order beats hashing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Properties<'a> {
    entries: Vec<(Cow<'a, str>, Value<'a>)>,
}

impl<'a> Properties<'a> {
    /// The value of a key (case-insensitive).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.entries
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }

    /// Sets a key (stored in lower case); a later definition replaces an earlier one in place.
    pub fn insert(&mut self, key: &'a str, value: Value<'a>) {
        if let Some(entry) = self
            .entries
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
        {
            entry.1 = value;
            return;
        }
        let key = if key.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(key.to_ascii_lowercase())
        } else {
            Cow::Borrowed(key)
        };
        self.entries.push((key, value));
    }

    /// Keys and values in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value<'a>)> {
        self.entries.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// Whether there are no properties.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'a> FromIterator<(&'a str, Value<'a>)> for Properties<'a> {
    fn from_iter<I: IntoIterator<Item = (&'a str, Value<'a>)>>(iter: I) -> Properties<'a> {
        let mut properties = Properties::default();
        for (key, value) in iter {
            properties.insert(key, value);
        }
        properties
    }
}

/// A map with insertion order and a fast hash (file contents are not attacker-chosen).
pub type Map<K, V> = IndexMap<K, V, rustc_hash::FxBuildHasher>;

/// One named profile, merged from both files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile<'a> {
    /// The profile's name.
    pub name: &'a str,
    /// Its properties, merged.
    pub properties: Properties<'a>,
    /// The line of its first section header in the config file, if it has one there.
    pub config_line: Option<usize>,
    /// The line of its first section header in the credentials file, if it has one there.
    pub credentials_line: Option<usize>,
}

impl<'a> Profile<'a> {
    /// A profile with no sections yet.
    pub fn new(name: &'a str) -> Profile<'a> {
        Profile {
            name,
            properties: Properties::default(),
            config_line: None,
            credentials_line: None,
        }
    }

    /// The value of a key (case-insensitive), if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(key).map(|v| v.text.as_ref())
    }

    /// The session token as botocore reads it: `aws_security_token` when set, else
    /// `aws_session_token`.
    pub fn session_token(&self) -> Option<&str> {
        self.get(LEGACY_SESSION_TOKEN_KEY)
            .or_else(|| self.get(SESSION_TOKEN_KEY))
    }

    /// Whether a section of this profile is in the given file.
    pub fn is_in(&self, file: FileKind) -> bool {
        match file {
            FileKind::Config => self.config_line.is_some(),
            FileKind::Credentials => self.credentials_line.is_some(),
        }
    }
}

/// A section that every AWS SDK ignores, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where it is.
    pub origin: Origin,
    /// What is wrong and what to do.
    pub message: String,
}

/// Everything the two files define, borrowed from their documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet<'a> {
    /// Profiles by name, in the order they first appear (config file first).
    pub profiles: Map<&'a str, Profile<'a>>,
    /// `[sso-session NAME]` sections of the config file.
    pub sso_sessions: Map<&'a str, Properties<'a>>,
    /// `[services NAME]` sections of the config file.
    pub services: Map<&'a str, Properties<'a>>,
    /// Sections and keys that are ignored, with where they are.
    pub warnings: Vec<Warning>,
}

impl<'a> ProfileSet<'a> {
    /// A profile by exact name.
    pub fn get(&self, name: &str) -> Option<&Profile<'a>> {
        self.profiles.get(name)
    }

    /// Existing profile names closest to `name`, best first, for "did you mean" hints.
    pub fn closest_names(&self, name: &str) -> Vec<&str> {
        let mut scored: Vec<(f64, &str)> = self
            .profiles
            .keys()
            .map(|candidate| (strsim::jaro_winkler(name, candidate), *candidate))
            .filter(|(score, _)| *score > 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(3).map(|(_, n)| n).collect()
    }
}

/// What a section header means in a given file (names borrowed from the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionMeaning<'a> {
    /// A profile; `bare_default` marks a config-file `[default]` (hidden by `[profile default]`).
    Profile {
        /// The profile name.
        name: &'a str,
        /// Whether this is a `[default]` without the `profile` prefix in the config file.
        bare_default: bool,
    },
    /// `[sso-session NAME]`
    SsoSession(&'a str),
    /// `[services NAME]`
    Services(&'a str),
    /// Ignored by every AWS SDK, with the reason.
    Ignored(String),
}

/// A section meaning for a valid `name`, else why it is ignored.
fn named<'h>(
    name: &'h str,
    make: fn(&'h str) -> SectionMeaning<'h>,
    what: &str,
) -> SectionMeaning<'h> {
    if is_valid_identifier(name) {
        make(name)
    } else {
        SectionMeaning::Ignored(format!(
            "{what} name {name:?} is invalid (use letters, digits and _ - / . % @ : +)"
        ))
    }
}

/// Interprets a section name as the AWS SDKs do: `header` is the text between the
/// brackets, trimmed, as the classifier gives it ([`Document::section_name`]).
#[inline]
pub fn section_meaning(file: FileKind, header: &str) -> SectionMeaning<'_> {
    // The headers of nearly every file, checked first: `[name]` in the credentials file,
    // `[profile name]` in the config file.
    let common = match file {
        FileKind::Credentials => Some(header),
        FileKind::Config => header.strip_prefix("profile ").map(trim_ini_start),
    };
    match common.filter(|name| is_valid_identifier(name)) {
        Some(name) => SectionMeaning::Profile {
            name,
            bare_default: false,
        },
        None => any_section_meaning(file, header),
    }
}

/// What any trimmed section name means, by the whole set of rules.
fn any_section_meaning(file: FileKind, header: &str) -> SectionMeaning<'_> {
    let split = header
        .bytes()
        .position(is_ini_space)
        .map(|space| (&header[..space], trim_ini(&header[space + 1..])));
    match file {
        FileKind::Credentials => match split {
            None if is_valid_identifier(header) => SectionMeaning::Profile {
                name: header,
                bare_default: false,
            },
            Some(("profile", name)) => SectionMeaning::Ignored(format!(
                "the credentials file names profiles without the `profile` prefix: write [{name}]"
            )),
            _ => SectionMeaning::Ignored(format!(
                "profile name {header:?} is invalid (use letters, digits and _ - / . % @ : +)"
            )),
        },
        FileKind::Config => match split {
            None if header == "default" => SectionMeaning::Profile {
                name: header,
                bare_default: true,
            },
            None => SectionMeaning::Ignored(format!(
                "the config file names profiles with a `profile` prefix: write [profile {header}]"
            )),
            Some(("profile", name)) => named(
                name,
                |name| SectionMeaning::Profile {
                    name,
                    bare_default: false,
                },
                "profile",
            ),
            Some(("sso-session", name)) => named(name, SectionMeaning::SsoSession, "sso-session"),
            Some(("services", name)) => named(name, SectionMeaning::Services, "services"),
            Some((prefix, _)) => SectionMeaning::Ignored(format!(
                "unknown section type {prefix:?} (expected profile, sso-session or services)"
            )),
        },
    }
}

/// The sections of `document` that define profile `name`, in file order. In the config
/// file this includes a bare `[default]` only when no `[profile default]` exists, as the
/// SDKs read it; see [`sections_naming`] for every section that names the profile.
pub fn profile_sections(document: &Document, file: FileKind, name: &str) -> Vec<Section> {
    let all = sections_naming(document, file, name);
    let has_prefixed = all.iter().any(|(_, bare)| !bare);
    all.into_iter()
        .filter(|(_, bare)| !(*bare && has_prefixed))
        .map(|(section, _)| section)
        .collect()
}

/// Every section of `document` that names profile `name`, with whether it is a bare
/// config-file `[default]`.
pub fn sections_naming(document: &Document, file: FileKind, name: &str) -> Vec<(Section, bool)> {
    document
        .sections()
        .into_iter()
        .filter_map(
            |section| match section_meaning(file, document.section_name(&section)) {
                SectionMeaning::Profile {
                    name: found,
                    bare_default,
                } if found == name => Some((section, bare_default)),
                _ => None,
            },
        )
        .collect()
}

/// The names of all profiles of both files, in first-seen order, without reading their
/// properties: what `list --names` and shell completion need, and they run often.
pub fn names<'a>(config: &'a Document, credentials: &'a Document) -> Vec<&'a str> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut names = Vec::new();
    for (document, file) in [
        (config, FileKind::Config),
        (credentials, FileKind::Credentials),
    ] {
        for index in 0..document.lines().len() {
            let Some(header) = document.header_name(index) else {
                continue;
            };
            if let SectionMeaning::Profile { name, .. } = section_meaning(file, header)
                && seen.insert(name)
            {
                names.push(name);
            }
        }
    }
    names
}

/// One profile as a single file defines it (its sections there merged, last value
/// winning), without reading the other profiles.
pub fn profile_in<'a>(
    document: &'a Document,
    file: FileKind,
    name: &'a str,
) -> Option<Profile<'a>> {
    let sections = profile_sections(document, file, name);
    let first = sections.first()?;
    let mut profile = Profile::new(name);
    let line = Some(first.header + 1);
    match file {
        FileKind::Config => profile.config_line = line,
        FileKind::Credentials => profile.credentials_line = line,
    }
    for section in &sections {
        for property in document.properties(section) {
            if is_valid_identifier(property.key) {
                let origin = Origin {
                    file,
                    line: property.line + 1,
                };
                profile.properties.insert(
                    property.key,
                    Value {
                        text: property.value,
                        origin,
                    },
                );
            }
        }
    }
    Some(profile)
}

/// Whether either file defines profile `name`, by the section headers alone.
pub fn exists(config: &Document, credentials: &Document, name: &str) -> bool {
    names(config, credentials).contains(&name)
}

/// The profiles whose `source_profile` is `name`, by a scan of the property lines only.
pub fn source_profile_users<'a>(
    config: &'a Document,
    credentials: &'a Document,
    name: &str,
) -> Vec<&'a str> {
    let mut users = Vec::new();
    for (document, file) in [
        (config, FileKind::Config),
        (credentials, FileKind::Credentials),
    ] {
        for section in document.sections() {
            let SectionMeaning::Profile { name: user, .. } =
                section_meaning(file, document.section_name(&section))
            else {
                continue;
            };
            let uses = document
                .properties(&section)
                .any(|p| p.key.eq_ignore_ascii_case("source_profile") && p.value == name);
            if uses && user != name && !users.contains(&user) {
                users.push(user);
            }
        }
    }
    users
}

/// Reads the profiles of both files. Neither document may have a syntax error (the store
/// checks that before calling this); ignored sections and keys become warnings.
pub fn read<'a>(config: &'a Document, credentials: &'a Document) -> ProfileSet<'a> {
    let mut set = ProfileSet::default();
    read_file(&mut set, config, FileKind::Config);
    read_file(&mut set, credentials, FileKind::Credentials);
    set
}

fn read_file<'a>(set: &mut ProfileSet<'a>, document: &'a Document, file: FileKind) {
    let sections = document.sections();
    let meanings: Vec<SectionMeaning<'a>> = sections
        .iter()
        .map(|section| section_meaning(file, document.section_name(section)))
        .collect();
    let has_prefixed_default = file == FileKind::Config
        && meanings.iter().any(|meaning| {
            matches!(
                meaning,
                SectionMeaning::Profile {
                    name: "default",
                    bare_default: false
                }
            )
        });
    for (section, meaning) in sections.iter().zip(meanings) {
        let origin = Origin {
            file,
            line: section.header + 1,
        };
        let target = match meaning {
            SectionMeaning::Profile {
                bare_default: true, ..
            } if has_prefixed_default => {
                set.warnings.push(Warning {
                    origin,
                    message: "[default] is ignored because [profile default] is in the same file; \
                              merge them into one section"
                        .into(),
                });
                continue;
            }
            SectionMeaning::Profile { name, .. } => {
                let profile = set
                    .profiles
                    .entry(name)
                    .or_insert_with(|| Profile::new(name));
                let first_line = match file {
                    FileKind::Config => &mut profile.config_line,
                    FileKind::Credentials => &mut profile.credentials_line,
                };
                first_line.get_or_insert(origin.line);
                &mut profile.properties
            }
            SectionMeaning::SsoSession(name) => set.sso_sessions.entry(name).or_default(),
            SectionMeaning::Services(name) => set.services.entry(name).or_default(),
            SectionMeaning::Ignored(reason) => {
                set.warnings.push(Warning {
                    origin,
                    message: format!(
                        "section [{}] is ignored: {reason}",
                        document.section_name(section)
                    ),
                });
                continue;
            }
        };
        for property in document.properties(section) {
            let origin = Origin {
                file,
                line: property.line + 1,
            };
            if !is_valid_identifier(property.key) {
                set.warnings.push(Warning {
                    origin,
                    message: format!(
                        "property {:?} is ignored: its name is invalid (use letters, digits and _ - / . % @ : +)",
                        property.key
                    ),
                });
                continue;
            }
            target.insert(
                property.key,
                Value {
                    text: property.value,
                    origin,
                },
            );
        }
    }
}

/// For unit tests: reads two texts; the documents are leaked so the borrowed set can be
/// returned.
#[cfg(test)]
pub(crate) fn read_texts(config: &str, credentials: &str) -> ProfileSet<'static> {
    let config = Box::leak(Box::new(Document::parse(config)));
    let credentials = Box::leak(Box::new(Document::parse(credentials)));
    read(config, credentials)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn common_headers_mean_what_the_whole_rules_say(
            header in "(profile|sso-session|default|[a-c]{1,3})?[ \t]{0,2}[a-c!é]{0,4}",
            config in any::<bool>(),
        ) {
            let file = if config { FileKind::Config } else { FileKind::Credentials };
            let header = trim_ini(&header);
            prop_assert_eq!(section_meaning(file, header), any_section_meaning(file, header));
        }
    }

    #[test]
    fn credentials_win_and_origins_are_kept() {
        let set = read_texts("[profile a]\nregion = x\nkey = c\n", "[a]\nkey = k\n");
        let a = set.get("a").unwrap();
        assert_eq!(a.get("key"), Some("k"));
        assert_eq!(
            a.properties.get("key").unwrap().origin.file,
            FileKind::Credentials
        );
        assert_eq!(a.properties.get("region").unwrap().origin.line, 2);
        assert!(a.is_in(FileKind::Config) && a.is_in(FileKind::Credentials));
    }

    #[test]
    fn ignored_sections_warn_with_line() {
        let set = read_texts("[a]\nx = 1\n[profile b c]\n", "[profile d]\n");
        assert!(set.profiles.is_empty());
        let lines: Vec<_> = set
            .warnings
            .iter()
            .map(|w| (w.origin.file, w.origin.line))
            .collect();
        assert_eq!(
            lines,
            [
                (FileKind::Config, 1),
                (FileKind::Config, 3),
                (FileKind::Credentials, 1)
            ]
        );
    }

    #[test]
    fn sub_properties_split() {
        let set = read_texts("[profile a]\ns3 =\n  max = 10\n  style = path\n", "");
        let value = set.get("a").unwrap().properties.get("s3").unwrap();
        assert_eq!(
            value.sub_properties().unwrap(),
            [("max", "10"), ("style", "path")]
        );
    }

    #[test]
    fn names_match_the_full_read() {
        let config = Document::parse("[default]\n[profile b]\n[x]\n[profile default]\n");
        let credentials = Document::parse("[c]\n[b]\n[profile z]\n");
        let mut full: Vec<&str> = read(&config, &credentials)
            .profiles
            .keys()
            .copied()
            .collect();
        let mut quick = names(&config, &credentials);
        full.sort_unstable();
        quick.sort_unstable();
        assert_eq!(quick, full);
        assert_eq!(full, ["b", "c", "default"]);
    }

    #[test]
    fn closest_names_suggests() {
        let set = read_texts("[profile production]\n[profile staging]\n", "");
        assert_eq!(set.closest_names("prodution"), ["production"]);
    }
}
