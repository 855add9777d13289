//! The IAM Identity Center token cache the AWS CLI shares: `~/.aws/sso/cache/<key>.json`,
//! keyed by the sha1 of the `sso-session` name (or, for a legacy profile, of the start
//! URL), and the client registration `aws sso login` keeps beside the tokens. The JSON
//! is written as botocore writes it (Python's `json.dumps`, times as `...Z`), atomically,
//! 0600 in a 0700 folder.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::cache::{Entry, JsonFileCache, python_dumps, read_json, sha1_hex};
use super::{AwsError, Timestamp};
use crate::profiles::ProfileSet;
use crate::resolve::{Base, ChainStep, SsoSource};
use crate::secret::{ExposeSecret, SecretString};

/// botocore refreshes a token with less than this many seconds left (`_REFRESH_WINDOW`),
/// and the AWS CLI reuses a registration only with more than this left.
pub const REFRESH_WINDOW_SECONDS: i64 = 15 * 60;

/// The token cache folder under `home`: `~/.aws/sso/cache`.
pub fn sso_cache_dir(home: &Path) -> PathBuf {
    home.join(".aws").join("sso").join("cache")
}

/// Where a token comes from: an `[sso-session]`, or a legacy profile's own start URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoSession {
    /// The `[sso-session]` name; `None` for a legacy `sso_start_url` profile.
    pub name: Option<String>,
    /// `sso_start_url`
    pub start_url: String,
    /// `sso_region`
    pub region: String,
    /// `sso_registration_scopes`, split at commas, when the session sets it.
    pub registration_scopes: Option<Vec<String>>,
}

impl SsoSession {
    /// The session of a plan whose base is SSO; `None` for any other base.
    pub fn of_base(set: &ProfileSet<'_>, base: &Base) -> Result<Option<SsoSession>, AwsError> {
        match base {
            Base::Sso(source) => SsoSession::of_source(set, source).map(Some),
            _ => Ok(None),
        }
    }

    /// The session of a chain's SSO step; `None` for any other step.
    pub fn of_step(set: &ProfileSet<'_>, step: &ChainStep) -> Result<Option<SsoSession>, AwsError> {
        match step {
            ChainStep::Sso(source) => SsoSession::of_source(set, source).map(Some),
            _ => Ok(None),
        }
    }

    /// The session of an SSO profile's settings.
    pub fn of_source(set: &ProfileSet<'_>, source: &SsoSource) -> Result<SsoSession, AwsError> {
        SsoSession::from_settings(
            set,
            &source.profile,
            source.sso_session.as_deref(),
            source.sso_start_url.as_deref(),
            source.sso_region.as_deref(),
        )
    }

    /// The session named by an `[sso-session NAME]` section, if there is one.
    pub fn named(set: &ProfileSet<'_>, name: &str) -> Option<Result<SsoSession, AwsError>> {
        let section = set.sso_sessions.get(name)?;
        let get = |key: &str| section.get(key).map(|v| v.text.to_string());
        let (start_url, region) = (get("sso_start_url"), get("sso_region"));
        Some(SsoSession::from_settings(
            set,
            &format!("sso-session {name}"),
            Some(name),
            start_url.as_deref(),
            region.as_deref(),
        ))
    }

    /// A session from the settings of `owner` (a profile, or the session itself), with
    /// the session's `sso_registration_scopes`.
    fn from_settings(
        set: &ProfileSet<'_>,
        owner: &str,
        name: Option<&str>,
        start_url: Option<&str>,
        region: Option<&str>,
    ) -> Result<SsoSession, AwsError> {
        let missing: Vec<&str> = [("sso_start_url", start_url), ("sso_region", region)]
            .iter()
            .filter(|(_, value)| value.is_none_or(str::is_empty))
            .map(|(key, _)| *key)
            .collect();
        if !missing.is_empty() {
            let place = match name {
                Some(name) => format!("[sso-session {name}]"),
                None => format!("profile {owner:?}"),
            };
            return Err(AwsError::Config(format!(
                "{owner} uses IAM Identity Center (SSO) but {place} has no {}; set it (the values \
                 are on the AWS access portal's \"Access keys\" page)",
                missing.join(" and ")
            )));
        }
        let registration_scopes = name
            .and_then(|name| set.sso_sessions.get(name))
            .and_then(|section| section.get("sso_registration_scopes"))
            .map(|raw| parse_scopes(&raw.text));
        Ok(SsoSession {
            name: name.map(str::to_string),
            start_url: start_url.unwrap_or_default().to_string(),
            region: region.unwrap_or_default().to_string(),
            registration_scopes,
        })
    }

    /// What names the session's token: the session name, else the start URL.
    fn token_identity(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.start_url)
    }

    /// The token file's key: sha1 hex of the session name, else of the start URL.
    pub fn token_key(&self) -> String {
        sha1_hex(self.token_identity().as_bytes())
    }

    /// The key of the cached client registration, as AWS CLI v2 names it: sha1 hex of
    /// `json.dumps({"tool": "botocore", "startUrl", "region", "scopes", "session_name"},
    /// sort_keys=True)`.
    pub fn registration_key(&self) -> String {
        let scopes = match &self.registration_scopes {
            Some(scopes) => Value::from(scopes.clone()),
            None => Value::Null,
        };
        let args = serde_json::json!({
            "tool": "botocore",
            "startUrl": self.start_url,
            "region": self.region,
            "scopes": scopes,
            "session_name": self.name,
        });
        sha1_hex(python_dumps(&args, true).as_bytes())
    }

    /// `sso-session "dev"` or `start URL https://...` for messages.
    pub fn describe(&self) -> String {
        match &self.name {
            Some(name) => format!("sso-session {name:?}"),
            None => format!("start URL {}", self.start_url),
        }
    }
}

/// The AWS CLI's parsing of `sso_registration_scopes`: comma-separated, blanks dropped.
pub fn parse_scopes(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// What a refresh needs: the refresh token and the registration that issued it.
#[derive(Clone, Debug)]
pub struct RefreshGrant {
    /// `refreshToken`
    pub refresh_token: SecretString,
    /// `clientId`
    pub client_id: String,
    /// `clientSecret`
    pub client_secret: SecretString,
    /// `registrationExpiresAt`, as written (botocore copies it unchanged).
    pub registration_expires_at: String,
}

impl RefreshGrant {
    /// Whether the registration may still be used at `now`.
    pub fn usable(&self, now: Timestamp) -> bool {
        Timestamp::parse(&self.registration_expires_at).is_some_and(|at| at > now)
    }
}

/// A cached access token.
#[derive(Clone, Debug)]
pub struct Token {
    /// `accessToken`
    pub access_token: SecretString,
    /// `expiresAt`
    pub expires_at: Timestamp,
    /// What a refresh needs, when the file holds all of it.
    pub refresh: Option<RefreshGrant>,
}

/// A new token from CreateToken, to be written for `session`.
#[derive(Clone, Debug)]
pub struct NewToken {
    /// `accessToken`
    pub access_token: SecretString,
    /// When it expires.
    pub expires_at: Timestamp,
    /// `refreshToken`, if CreateToken gave one.
    pub refresh_token: Option<SecretString>,
    /// The registration's client id.
    pub client_id: String,
    /// The registration's client secret.
    pub client_secret: SecretString,
    /// When the registration expires, as it is to be written.
    pub registration_expires_at: String,
}

/// A cached client registration (from RegisterClient).
#[derive(Clone, Debug)]
pub struct Registration {
    /// `clientId`
    pub client_id: String,
    /// `clientSecret`
    pub client_secret: SecretString,
    /// `expiresAt`
    pub expires_at: Timestamp,
}

/// Why a token cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// No file.
    Missing(PathBuf),
    /// A file without `accessToken` and a valid `expiresAt`.
    Invalid(PathBuf),
}

/// The token folder.
#[derive(Clone, Debug)]
pub struct TokenCache {
    files: JsonFileCache,
}

impl TokenCache {
    /// The token cache under `home`.
    pub fn new(home: &Path) -> TokenCache {
        TokenCache {
            files: JsonFileCache::new(sso_cache_dir(home)),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        self.files.dir()
    }

    /// Deletes every temporary file that killed runs left in the folder (they may hold
    /// tokens).
    pub fn remove_orphaned_temporaries(&self) -> std::io::Result<()> {
        self.files.remove_orphaned_temporaries()
    }

    /// The file of `session`'s token.
    pub fn token_path(&self, session: &SsoSession) -> PathBuf {
        self.files.path(&session.token_key())
    }

    /// The file of `session`'s cached client registration.
    pub fn registration_path(&self, session: &SsoSession) -> PathBuf {
        self.files.path(&session.registration_key())
    }

    /// The token of `session`, as botocore's `SSOTokenLoader` reads it.
    pub fn token(&self, session: &SsoSession) -> Result<Token, TokenProblem> {
        let path = self.token_path(session);
        let value = match self.files.entry(&session.token_key()) {
            Entry::Json(value) => value,
            Entry::Missing => return Err(TokenProblem::Missing(path)),
            Entry::Unusable => return Err(TokenProblem::Invalid(path)),
        };
        let text = |key: &str| value.get(key).and_then(Value::as_str);
        let (Some(access_token), Some(expires_at)) = (
            text("accessToken"),
            text("expiresAt").and_then(Timestamp::parse),
        ) else {
            return Err(TokenProblem::Invalid(path));
        };
        let refresh = match (
            text("refreshToken"),
            text("clientId"),
            text("clientSecret"),
            text("registrationExpiresAt"),
        ) {
            (Some(refresh), Some(id), Some(secret), Some(expires)) => Some(RefreshGrant {
                refresh_token: SecretString::from(refresh),
                client_id: id.to_string(),
                client_secret: SecretString::from(secret),
                registration_expires_at: expires.to_string(),
            }),
            _ => None,
        };
        Ok(Token {
            access_token: SecretString::from(access_token),
            expires_at,
            refresh,
        })
    }

    /// Writes `token` as the token of `session`, with the fields and in the order
    /// botocore writes them.
    pub fn put_token(&self, session: &SsoSession, token: &NewToken) -> std::io::Result<()> {
        let mut entry = Map::new();
        entry.insert("startUrl".into(), session.start_url.clone().into());
        entry.insert("region".into(), session.region.clone().into());
        entry.insert(
            "accessToken".into(),
            token.access_token.expose_secret().into(),
        );
        entry.insert("expiresAt".into(), token.expires_at.to_rfc3339().into());
        entry.insert("clientId".into(), token.client_id.clone().into());
        entry.insert(
            "clientSecret".into(),
            token.client_secret.expose_secret().into(),
        );
        entry.insert(
            "registrationExpiresAt".into(),
            token.registration_expires_at.clone().into(),
        );
        if let Some(refresh) = &token.refresh_token {
            entry.insert("refreshToken".into(), refresh.expose_secret().into());
        }
        self.files.put(&session.token_key(), &Value::Object(entry))
    }

    /// The cached registration of `session`, if it may be reused at `now`: more than 15
    /// minutes left, and made for the device code grant (AWS CLI v2 also caches
    /// registrations for its authorization code flow under the same key).
    pub fn registration(&self, session: &SsoSession, now: Timestamp) -> Option<Registration> {
        let value = self.files.get(&session.registration_key())?;
        let text = |key: &str| value.get(key).and_then(Value::as_str);
        let expires_at = Timestamp::parse(text("expiresAt")?)?;
        let for_auth_code = value
            .get("grantTypes")
            .and_then(Value::as_array)
            .is_some_and(|grants| grants.iter().any(|g| g == "authorization_code"));
        if for_auth_code || expires_at.0.saturating_sub(now.0) < REFRESH_WINDOW_SECONDS {
            return None;
        }
        Some(Registration {
            client_id: text("clientId")?.to_string(),
            client_secret: SecretString::from(text("clientSecret")?),
            expires_at,
        })
    }

    /// Caches `registration` for `session` as AWS CLI v2 does.
    pub fn put_registration(
        &self,
        session: &SsoSession,
        registration: &Registration,
    ) -> std::io::Result<()> {
        let mut entry = Map::new();
        entry.insert("clientId".into(), registration.client_id.clone().into());
        entry.insert(
            "clientSecret".into(),
            registration.client_secret.expose_secret().into(),
        );
        entry.insert(
            "expiresAt".into(),
            registration.expires_at.to_rfc3339().into(),
        );
        if let Some(scopes) = &session.registration_scopes {
            entry.insert("scopes".into(), scopes.clone().into());
        }
        self.files
            .put(&session.registration_key(), &Value::Object(entry))
    }

    /// The token files in the folder (files whose JSON has `accessToken`), with their
    /// `region`, as `aws sso logout` finds them.
    pub fn all_tokens(&self) -> Vec<(PathBuf, SecretString, Option<String>)> {
        json_files(self.files.dir())
            .into_iter()
            .filter_map(|(path, value)| {
                let token = value.get("accessToken")?.as_str()?;
                let region = value.get("region").and_then(Value::as_str);
                Some((path, SecretString::from(token), region.map(str::to_string)))
            })
            .collect()
    }
}

/// The `.json` regular files of `dir` whose content is a JSON object. Symbolic links
/// are skipped: nothing planted there is read or followed.
pub fn json_files(dir: &Path) -> Vec<(PathBuf, Value)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, Value)> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter_map(|path| {
            let value = read_json(&path)?;
            value.is_object().then_some((path, value))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Whether a session's token is usable now, for `list` and `which` (no network).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenStatus {
    /// Valid until this time.
    Valid(Timestamp),
    /// Expired at this time; `refreshable` when the file holds a refresh token with a
    /// live registration and the profile uses an `[sso-session]` (botocore refreshes only
    /// those).
    Expired {
        /// When it expired.
        at: Timestamp,
        /// Whether the next use will refresh it.
        refreshable: bool,
    },
    /// No token: sign in first.
    Missing,
    /// A file that is not a token.
    Invalid,
}

impl TokenStatus {
    /// The status of `session`'s token at `now`.
    pub fn of(cache: &TokenCache, session: &SsoSession, now: Timestamp) -> TokenStatus {
        match cache.token(session) {
            Err(TokenProblem::Missing(_)) => TokenStatus::Missing,
            Err(TokenProblem::Invalid(_)) => TokenStatus::Invalid,
            Ok(token) if token.expires_at > now => TokenStatus::Valid(token.expires_at),
            Ok(token) => TokenStatus::Expired {
                at: token.expires_at,
                refreshable: session.name.is_some()
                    && token.refresh.as_ref().is_some_and(|r| r.usable(now)),
            },
        }
    }

    /// Short words for a table cell.
    pub fn short(&self) -> String {
        match self {
            TokenStatus::Valid(until) => format!("valid until {}", until.to_rfc3339()),
            TokenStatus::Expired {
                refreshable: true, ..
            } => "expired, refreshable".to_string(),
            TokenStatus::Expired { .. } => "expired".to_string(),
            TokenStatus::Missing => "not signed in".to_string(),
            TokenStatus::Invalid => "unreadable".to_string(),
        }
    }

    /// The JSON shown by `list --json` and `which --json`:
    /// `{"status": "valid"|"expired"|"missing"|"invalid", "expires_at": ..., "refreshable": ...}`.
    pub fn to_json(&self) -> Value {
        let (status, expires_at, refreshable) = match self {
            TokenStatus::Valid(until) => ("valid", Some(*until), false),
            TokenStatus::Expired { at, refreshable } => ("expired", Some(*at), *refreshable),
            TokenStatus::Missing => ("missing", None, false),
            TokenStatus::Invalid => ("invalid", None, false),
        };
        serde_json::json!({
            "status": status,
            "expires_at": expires_at.map(Timestamp::to_rfc3339),
            "refreshable": refreshable,
        })
    }
}

/// Token states looked up by profile, each token file read once (a `list` of thousands
/// of SSO profiles shares a handful of sessions).
pub struct TokenStatuses {
    cache: TokenCache,
    now: Timestamp,
    seen: std::collections::HashMap<String, TokenStatus>,
}

impl TokenStatuses {
    /// Lookups in the token cache under `home`, at `now`.
    pub fn new(home: &Path, now: Timestamp) -> TokenStatuses {
        TokenStatuses {
            cache: TokenCache::new(home),
            now,
            seen: std::collections::HashMap::new(),
        }
    }

    /// The session whose token `profile`'s credentials start from (directly or as the
    /// source of its role chain), and that token's state; `None` when not SSO.
    pub fn of(&mut self, set: &ProfileSet<'_>, profile: &str) -> Option<(SsoSession, TokenStatus)> {
        let chain = crate::resolve::role_chain(set, profile).ok()?;
        let session = SsoSession::of_step(set, chain.steps.first()?).ok()??;
        let status = self
            .seen
            .entry(session.token_identity().to_string())
            .or_insert_with(|| TokenStatus::of(&self.cache, &session, self.now))
            .clone();
        Some((session, status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(name: Option<&str>) -> SsoSession {
        SsoSession {
            name: name.map(str::to_string),
            start_url: "https://d-abc123.awsapps.com/start".into(),
            region: "us-east-1".into(),
            registration_scopes: None,
        }
    }

    /// The file names of the SDK vectors (profile-provider/sso_credentials) and of AWS
    /// CLI v2's registration cache (computed with Python's hashlib and json).
    #[test]
    fn keys_match_the_aws_cli() {
        assert_eq!(
            session(Some("dev")).token_key(),
            "34c6fceca75e456f25e7e99531e2425c6c1de443"
        );
        assert_eq!(
            session(None).token_key(),
            sha1_hex(b"https://d-abc123.awsapps.com/start")
        );
        assert_eq!(
            session(Some("dev")).registration_key(),
            sha1_hex(
                br#"{"region": "us-east-1", "scopes": null, "session_name": "dev", "startUrl": "https://d-abc123.awsapps.com/start", "tool": "botocore"}"#
            )
        );
        assert_eq!(
            parse_scopes(" sso:account:access, ,codewhisperer:completions"),
            ["sso:account:access", "codewhisperer:completions"]
        );
    }

    #[test]
    fn tokens_round_trip_and_report_their_status() {
        let home = tempfile::tempdir().unwrap();
        let cache = TokenCache::new(home.path());
        let dev = session(Some("dev"));
        let now = Timestamp::parse("2030-01-01T00:00:00Z").unwrap();
        assert_eq!(TokenStatus::of(&cache, &dev, now), TokenStatus::Missing);
        let token = NewToken {
            access_token: SecretString::from("at"),
            expires_at: Timestamp(now.0 - 1),
            refresh_token: Some(SecretString::from("rt")),
            client_id: "cid".into(),
            client_secret: SecretString::from("cs"),
            registration_expires_at: "2030-03-01T00:00:00Z".into(),
        };
        cache.put_token(&dev, &token).unwrap();
        let text = std::fs::read_to_string(cache.token_path(&dev)).unwrap();
        assert_eq!(
            text,
            r#"{"startUrl": "https://d-abc123.awsapps.com/start", "region": "us-east-1", "accessToken": "at", "expiresAt": "2029-12-31T23:59:59Z", "clientId": "cid", "clientSecret": "cs", "registrationExpiresAt": "2030-03-01T00:00:00Z", "refreshToken": "rt"}"#
        );
        assert_eq!(
            TokenStatus::of(&cache, &dev, now),
            TokenStatus::Expired {
                at: Timestamp(now.0 - 1),
                refreshable: true
            }
        );
        let read = cache.token(&dev).unwrap();
        assert_eq!(read.access_token.expose_secret(), "at");
        assert!(read.refresh.unwrap().usable(now));
        std::fs::write(cache.token_path(&dev), "{\"accessToken\": \"x\"}").unwrap();
        assert_eq!(TokenStatus::of(&cache, &dev, now), TokenStatus::Invalid);
    }

    #[test]
    fn registrations_are_reused_only_for_the_device_grant_and_while_fresh() {
        let home = tempfile::tempdir().unwrap();
        let cache = TokenCache::new(home.path());
        let dev = session(Some("dev"));
        let now = Timestamp::parse("2030-01-01T00:00:00Z").unwrap();
        let registration = Registration {
            client_id: "cid".into(),
            client_secret: SecretString::from("cs"),
            expires_at: Timestamp(now.0 + REFRESH_WINDOW_SECONDS + 1),
        };
        cache.put_registration(&dev, &registration).unwrap();
        assert_eq!(cache.registration(&dev, now).unwrap().client_id, "cid");
        assert!(cache.registration(&dev, Timestamp(now.0 + 2)).is_none());
        let path = cache.files.path(&dev.registration_key());
        std::fs::write(
            &path,
            r#"{"clientId": "c", "clientSecret": "s", "expiresAt": "2031-01-01T00:00:00Z", "grantTypes": ["authorization_code", "refresh_token"]}"#,
        )
        .unwrap();
        assert!(cache.registration(&dev, now).is_none());
    }
}
