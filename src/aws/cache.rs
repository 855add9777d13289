//! The AWS CLI's credential cache, `~/.aws/cli/cache/<key>.json`, byte-compatible with
//! botocore's `JSONFileCache`: the same key (sha1 of the sorted JSON of the call's
//! arguments), the same JSON (Python's `json.dumps` spelling), entries used while more
//! than 15 minutes remain. Files are written atomically, 0600, in a 0700 folder.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use sha1::{Digest, Sha1};

use super::{Credentials, Timestamp};
use crate::secret::{ExposeSecret, SecretString};

/// botocore's `DEFAULT_EXPIRY_WINDOW_SECONDS`: an entry with less left is not used.
pub const EXPIRY_WINDOW_SECONDS: i64 = 15 * 60;

/// The largest cache file read: entries and tokens are a few KiB.
pub const ENTRY_LIMIT: u64 = 1 << 20;

/// The cache folder of the AWS CLI under `home`: `~/.aws/cli/cache`.
pub fn cli_cache_dir(home: &Path) -> PathBuf {
    home.join(".aws").join("cli").join("cache")
}

/// One cache folder.
#[derive(Clone, Debug)]
pub struct JsonFileCache {
    dir: PathBuf,
}

impl JsonFileCache {
    /// The cache in `dir` (created on first write).
    pub fn new(dir: PathBuf) -> JsonFileCache {
        JsonFileCache { dir }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `key`.
    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The JSON stored under `key`; `None` when missing or not JSON (as botocore treats it),
    /// or not a regular file of at most [`ENTRY_LIMIT`] bytes (read without blocking).
    pub fn get(&self, key: &str) -> Option<Value> {
        match self.entry(key) {
            Entry::Json(value) => Some(value),
            Entry::Missing | Entry::Unusable => None,
        }
    }

    /// What is stored under `key`: see [`read_entry`].
    pub fn entry(&self, key: &str) -> Entry {
        read_entry(&self.path(key))
    }

    /// Stores `value` under `key`: Python's `json.dumps` spelling, written atomically
    /// (temporary file, fsync, rename), the folder created 0700. The file is 0600 even
    /// where an older one was not, as botocore's `mkstemp` and rename leave it. Temporary
    /// files of `key` that killed runs left (they hold credentials) are deleted.
    pub fn put(&self, key: &str, value: &Value) -> std::io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let path = self.path(key);
        crate::store::ensure_parent(&path)?;
        let prepared = crate::store::prepare(&path, python_dumps(value, false).as_bytes())?;
        let private = std::fs::Permissions::from_mode(0o600);
        let moved =
            std::fs::set_permissions(&prepared.temp, private).and_then(|()| prepared.rename());
        if let Err(error) = moved {
            prepared.discard();
            return Err(error);
        }
        crate::store::sync_folder(&path)?;
        // Written; a leftover that cannot be deleted now is deleted by a later write.
        let _ = crate::store::remove_orphaned_temporaries(&self.dir, Some(&path));
        Ok(())
    }

    /// Deletes every temporary file that killed runs left in the folder (`logout`).
    pub fn remove_orphaned_temporaries(&self) -> std::io::Result<()> {
        crate::store::remove_orphaned_temporaries(&self.dir, None)
    }
}

/// What a cache file holds.
#[derive(Debug)]
pub enum Entry {
    /// No file.
    Missing,
    /// A file that cannot be read or is not JSON (not a regular file, too large), or one
    /// that may not be trusted (see [`may_be_trusted`]).
    Unusable,
    /// The file's JSON.
    Json(Value),
}

/// What the cache file at `path` holds, read without blocking and with no check-then-read
/// race: a regular file of at most [`ENTRY_LIMIT`] bytes holding JSON that
/// [`may_be_trusted`]; a FIFO or device planted there is never waited on, a huge file
/// never read.
pub fn read_entry(path: &Path) -> Entry {
    use std::os::unix::fs::MetadataExt;
    match crate::store::read_small(path, ENTRY_LIMIT) {
        Ok((bytes, meta)) => {
            // SAFETY: geteuid has no preconditions and cannot fail.
            let me = unsafe { libc::geteuid() };
            if !may_be_trusted(meta.uid(), meta.mode(), me) {
                return Entry::Unusable;
            }
            serde_json::from_slice(&bytes).map_or(Entry::Unusable, Entry::Json)
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Entry::Missing,
        Err(_) => Entry::Unusable,
    }
}

/// The JSON of the cache file at `path`, if [`read_entry`] finds JSON there.
pub fn read_json(path: &Path) -> Option<Value> {
    match read_entry(path) {
        Entry::Json(value) => Some(value),
        Entry::Missing | Entry::Unusable => None,
    }
}

/// Whether a cache file of owner `owner` and mode `mode` may be used by user `me`: not
/// writable by others (botocore and awsprof write them 0600; group write is allowed, the
/// user's own group under a umask of 002), and the user's own. In a cache folder others
/// can write to, an entry another user planted would hand their credentials (or their SSO
/// token) to the next command, which would then act in their account. Root reads any
/// owner's: root running on a user's files (a container with `~/.aws` mounted) trusts
/// that user's config, `credential_process` included, already.
pub fn may_be_trusted(owner: u32, mode: u32, me: u32) -> bool {
    mode & 0o002 == 0 && (owner == me || me == 0)
}

/// The credentials in a cached STS answer (`{"Credentials": {...}}`) if they have more
/// than 15 minutes left at `now`. Any `Expiration` spelling is accepted.
pub fn fresh_credentials(entry: &Value, now: Timestamp) -> Option<Credentials> {
    let credentials = entry.get("Credentials")?;
    let field = |name: &str| credentials.get(name).and_then(Value::as_str);
    let expiration = Timestamp::parse(field("Expiration")?)?;
    if expiration.0 - now.0 < EXPIRY_WINDOW_SECONDS {
        return None;
    }
    Some(Credentials {
        access_key_id: field("AccessKeyId")?.to_string(),
        secret_access_key: SecretString::from(field("SecretAccessKey")?),
        session_token: field("SessionToken").map(SecretString::from),
        expiration: Some(expiration),
        account_id: field("AccountId").map(str::to_string),
    })
}

/// What botocore caches for an STS answer: `Credentials` (with `AccountId` where the
/// assumed role's ARN tells it), `AssumedRoleUser` and `ResponseMetadata`.
pub fn sts_entry(
    credentials: &Credentials,
    assumed_role_id: Option<&str>,
    assumed_role_arn: Option<&str>,
    request_id: Option<&str>,
) -> Value {
    let creds = credentials_object(credentials, Timestamp::to_cache_spelling);
    let mut entry = Map::new();
    entry.insert("Credentials".into(), Value::Object(creds));
    if let (Some(id), Some(arn)) = (assumed_role_id, assumed_role_arn) {
        entry.insert(
            "AssumedRoleUser".into(),
            serde_json::json!({"AssumedRoleId": id, "Arn": arn}),
        );
    }
    entry.insert(
        "ResponseMetadata".into(),
        serde_json::json!({
            "RequestId": request_id.unwrap_or_default(),
            "HTTPStatusCode": 200,
            "HTTPHeaders": {},
            "RetryAttempts": 0,
        }),
    );
    Value::Object(entry)
}

/// The `Credentials` object of a cache entry: `AccessKeyId`, `SecretAccessKey`,
/// `SessionToken`, `Expiration` (spelled by `spell`: botocore writes `...UTC` for STS
/// answers, `...Z` for SSO ones) and `AccountId`, each where there is one.
pub fn credentials_object(
    credentials: &Credentials,
    spell: fn(Timestamp) -> String,
) -> Map<String, Value> {
    let mut creds = Map::new();
    creds.insert(
        "AccessKeyId".into(),
        credentials.access_key_id.clone().into(),
    );
    creds.insert(
        "SecretAccessKey".into(),
        credentials.secret_access_key.expose_secret().into(),
    );
    if let Some(token) = credentials.token() {
        creds.insert("SessionToken".into(), token.into());
    }
    if let Some(expiration) = credentials.expiration {
        creds.insert("Expiration".into(), spell(expiration).into());
    }
    if let Some(account) = &credentials.account_id {
        creds.insert("AccountId".into(), account.clone().into());
    }
    creds
}

/// botocore's cache key for an assume-role call: the sha1 hex of `json.dumps(args,
/// sort_keys=True)` (botocore then replaces `:` and `/`, which hex never holds). `args` are the call's arguments
/// by botocore's names (`RoleArn`, `RoleSessionName` only when configured, `ExternalId`,
/// `SerialNumber`, `DurationSeconds` as a number, `Policy`), never the MFA code.
pub fn assume_role_key(args: &Map<String, Value>) -> String {
    let json = python_dumps(&Value::Object(args.clone()), true);
    sha1_hex(json.as_bytes())
}

/// The lower-case hex SHA-1 of `bytes`: the AWS CLI's cache file names (and, for SSO, the
/// token cache's: the sha1 of the session name or start URL).
pub fn sha1_hex(bytes: &[u8]) -> String {
    Sha1::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Python's `json.dumps(value, sort_keys=...)` with its defaults: `", "` and `": "`
/// separators and non-ASCII characters escaped as `\uXXXX`.
pub fn python_dumps(value: &Value, sort_keys: bool) -> String {
    let mut out = String::new();
    write_python(&mut out, value, sort_keys);
    out
}

fn write_python(out: &mut String, value: &Value, sort_keys: bool) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_python_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python(out, item, sort_keys);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if sort_keys {
                entries.sort_by(|a, b| a.0.chars().cmp(b.0.chars()));
            }
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python_string(out, key);
                out.push_str(": ");
                write_python(out, item, sort_keys);
            }
            out.push('}');
        }
    }
}

fn write_python_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    /// The keys were computed with botocore 1.43's AssumeRoleCredentialFetcher.
    #[test]
    fn keys_match_botocore() {
        assert_eq!(
            assume_role_key(&args(
                json!({"RoleArn": "arn:aws:iam::123456789012:role/admin"})
            )),
            "85df843ebbf3964c64e26d66d796d302b1a7a5ff"
        );
        let every = json!({
            "RoleArn": "arn:aws:iam::123456789012:role/admin",
            "RoleSessionName": "jo",
            "ExternalId": "ext:1/2",
            "SerialNumber": "arn:aws:iam::123456789012:mfa/me",
            "DurationSeconds": 3600,
        });
        assert_eq!(
            assume_role_key(&args(every)),
            "ad6048cc24d0f27e556ee29d296d3fe38f85ac1f"
        );
    }

    #[test]
    fn python_spelling() {
        let value = json!({"b": 1, "a": ["é", "x\"y\n", "😀"], "c": null});
        assert_eq!(
            python_dumps(&value, true),
            r#"{"a": ["\u00e9", "x\"y\n", "\ud83d\ude00"], "b": 1, "c": null}"#
        );
        assert_eq!(python_dumps(&value, false).chars().nth(2), Some('b'));
    }

    #[test]
    fn fresh_means_more_than_fifteen_minutes_left() {
        let entry = |expiration: &str| {
            json!({"Credentials": {"AccessKeyId": "ASIA", "SecretAccessKey": "s",
                   "SessionToken": "t", "Expiration": expiration}})
        };
        let now = Timestamp::parse("2026-12-02T04:00:00Z").unwrap();
        assert!(fresh_credentials(&entry("2026-12-02T04:15:01UTC"), now).is_some());
        assert!(fresh_credentials(&entry("2026-12-02T04:14:59Z"), now).is_none());
        assert!(fresh_credentials(&entry("2026-12-02T05:00:00+01:00"), now).is_none());
        assert!(fresh_credentials(&entry("soon"), now).is_none());
        assert!(fresh_credentials(&json!({"Credentials": {}}), now).is_none());
    }

    #[test]
    fn only_files_others_could_not_have_written_are_trusted() {
        assert!(may_be_trusted(1000, 0o100600, 1000));
        assert!(may_be_trusted(1000, 0o100664, 1000));
        assert!(!may_be_trusted(1000, 0o100602, 1000));
        assert!(!may_be_trusted(1001, 0o100600, 1000));
        assert!(may_be_trusted(1000, 0o100600, 0));
        assert!(!may_be_trusted(1000, 0o100666, 0));
    }

    #[test]
    fn written_files_are_private_and_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let cache = JsonFileCache::new(cli_cache_dir(home.path()));
        let credentials = Credentials {
            expiration: Timestamp::parse("2030-01-01T00:00:00Z"),
            ..Credentials::from_keys("ASIA", "s", Some("t"))
        };
        let entry = sts_entry(
            &credentials,
            Some("AROA:x"),
            Some("arn:aws:sts::1:assumed-role/r/x"),
            None,
        );
        cache.put("k", &entry).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&cache.path("k")), 0o600);
        assert_eq!(mode(&cli_cache_dir(home.path())), 0o700);
        let text = std::fs::read_to_string(cache.path("k")).unwrap();
        assert!(
            text.starts_with(r#"{"Credentials": {"AccessKeyId": "ASIA", "#),
            "{text}"
        );
        assert!(text.contains(r#""Expiration": "2030-01-01T00:00:00UTC""#));
        let back = fresh_credentials(&cache.get("k").unwrap(), Timestamp::now()).unwrap();
        assert_eq!(back.token(), Some("t"));
    }
}
