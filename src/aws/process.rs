//! `credential_process` run as botocore runs it: the command line split as a POSIX shell
//! would (`shlex.split`) and run without a shell, stdout and stderr captured, stdin
//! shared; a non-zero exit is an error carrying its stderr; stdout is the JSON of
//! version 1 (`Version`, `AccessKeyId`, `SecretAccessKey`, optional `SessionToken`,
//! `Expiration` and `AccountId`). `mfa_process` runs the same way and prints a code.

use std::process::{Command, Stdio};

use serde_json::Value;

use super::{AwsError, Credentials, Timestamp};
use crate::secret::SecretString;

/// The most a command may print on stdout: credentials are a few KiB.
const STDOUT_LIMIT: u64 = 1 << 20;
/// The most of its stderr kept for the error message.
const STDERR_LIMIT: u64 = 64 << 10;

/// Runs a command line as botocore does and returns its stdout. A command that prints
/// more than [`STDOUT_LIMIT`] bytes is stopped (killed) and is an error, so a broken one
/// (`yes`) cannot fill memory.
fn run(what: &'static str, command_line: &str) -> Result<String, AwsError> {
    use std::io::Read;
    let error = |message: String| AwsError::Process {
        what,
        command: command_line.to_string(),
        message,
    };
    let words = shlex::split(command_line)
        .filter(|words| !words.is_empty())
        .ok_or_else(|| error("cannot be split into words (check its quotes)".into()))?;
    let mut child = Command::new(&words[0])
        .args(&words[1..])
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| error(format!("could not be started: {e}")))?;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(error("could not be started: no pipes".into()));
    };
    // stderr is drained beside stdout, so neither pipe can fill up and block the command.
    let stderr_reader = std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut stderr = stderr;
        let _ = (&mut stderr).take(STDERR_LIMIT).read_to_end(&mut kept);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        kept
    });
    let mut output = Vec::new();
    let read = stdout.take(STDOUT_LIMIT + 1).read_to_end(&mut output);
    if read.is_err() || output.len() as u64 > STDOUT_LIMIT {
        let _ = child.kill();
        let _ = child.wait();
        return Err(error(match read {
            Err(e) => format!("its output could not be read: {e}"),
            Ok(_) => format!("printed more than {STDOUT_LIMIT} bytes; it was stopped"),
        }));
    }
    let status = child
        .wait()
        .map_err(|e| error(format!("could not be waited for: {e}")))?;
    let stderr = stderr_reader.join().unwrap_or_default();
    if !status.success() {
        let stderr = String::from_utf8_lossy(&stderr);
        return Err(error(format!("failed ({status}): {}", stderr.trim())));
    }
    String::from_utf8(output).map_err(|_| error("printed something that is not UTF-8".into()))
}

/// Runs a `credential_process` and checks its JSON; credentials expired at `now` are
/// refused, as botocore refuses them.
pub fn credential_process(command_line: &str, now: Timestamp) -> Result<Credentials, AwsError> {
    let what = "credential_process";
    let stdout = run(what, command_line)?;
    parse_output(&stdout, now).map_err(|message| AwsError::Process {
        what,
        command: command_line.to_string(),
        message,
    })
}

/// Checks a credential process's JSON as botocore does, and the expiry as botocore checks
/// it when it uses the credentials: an `Expiration` at or before `now` is refused.
fn parse_output(stdout: &str, now: Timestamp) -> Result<Credentials, String> {
    let parsed: Value = serde_json::from_str(stdout)
        .map_err(|e| format!("printed JSON that cannot be read: {e}"))?;
    match parsed.get("Version") {
        Some(version) if version == 1 => {}
        Some(version) => {
            return Err(format!(
                "printed Version {version}; the supported version is 1"
            ));
        }
        None => return Err("printed JSON without \"Version\": 1".into()),
    }
    let text = |key: &str| -> Result<Option<&str>, String> {
        match parsed.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(format!("printed a {key} that is not a string")),
        }
    };
    let required = |key: &str| text(key)?.ok_or(format!("printed JSON without {key}"));
    let expiration = match text("Expiration")? {
        None => None,
        Some(value) => Some(Timestamp::parse(value).ok_or(format!(
            "printed an Expiration that is not a date: {value:?}"
        ))?),
    };
    if let Some(expiration) = expiration.filter(|e| e.0 <= now.0) {
        return Err(format!(
            "printed credentials that expired at {} (botocore: \"Credentials were refreshed, \
             but the refreshed credentials are still expired\"); have it print fresh ones",
            expiration.to_iso8601()
        ));
    }
    Ok(Credentials {
        access_key_id: required("AccessKeyId")?.to_string(),
        secret_access_key: SecretString::from(required("SecretAccessKey")?),
        session_token: text("SessionToken")?.map(SecretString::from),
        expiration,
        account_id: text("AccountId")?.map(str::to_string),
    })
}

/// Runs an `mfa_process` and returns the code it printed (its first line, trimmed).
pub fn mfa_process(command_line: &str) -> Result<SecretString, AwsError> {
    let what = "mfa_process";
    let stdout = run(what, command_line)?;
    let code = stdout.lines().next().unwrap_or_default().trim();
    if code.is_empty() {
        return Err(AwsError::Process {
            what,
            command: command_line.to_string(),
            message: "printed no code".into(),
        });
    }
    Ok(SecretString::from(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::parse("2026-01-01T00:00:00Z").unwrap()
    }

    #[test]
    fn expiring_exactly_now_is_expired() {
        let json = r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s",
                       "Expiration": "2026-01-01T00:00:00Z"}"#;
        assert!(parse_output(json, now()).is_err());
        let after = Timestamp::parse("2026-01-01T00:00:01Z").unwrap();
        let before = Timestamp::parse("2025-12-31T23:59:59Z").unwrap();
        assert!(parse_output(json, before).is_ok());
        assert!(parse_output(json, after).is_err());
    }

    #[test]
    fn output_is_checked() {
        let good = parse_output(
            r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "SessionToken": "t",
                "Expiration": "2030-01-01T00:00:00Z", "AccountId": "1"}"#,
            now(),
        )
        .unwrap();
        assert_eq!(good.token(), Some("t"));
        assert_eq!(good.account_id.as_deref(), Some("1"));
        for (json, expected) in [
            (r#"{"AccessKeyId": "A"}"#, "without \"Version\""),
            (r#"{"Version": 2}"#, "Version 2"),
            (
                r#"{"Version": 1, "SecretAccessKey": "s"}"#,
                "without AccessKeyId",
            ),
            (
                r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "x"}"#,
                "not a date",
            ),
            ("nope", "cannot be read"),
            (
                r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "2020-01-01T00:00:00Z"}"#,
                "expired at 2020-01-01",
            ),
        ] {
            let error = parse_output(json, now()).unwrap_err();
            assert!(error.contains(expected), "{json}: {error}");
        }
    }

    #[test]
    fn commands_run_without_a_shell_and_failures_carry_stderr() {
        let error = credential_process("sh -c 'echo broken >&2; exit 3'", now())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("broken") && error.contains("exit status: 3"),
            "{error}"
        );
        let credentials = credential_process(
            r#"printf '{"Version": 1, "AccessKeyId": "A;B", "SecretAccessKey": "s"}'"#,
            now(),
        )
        .unwrap();
        assert_eq!(credentials.access_key_id, "A;B");
        let code = mfa_process("printf '123456\\n'").unwrap();
        assert_eq!(crate::secret::ExposeSecret::expose_secret(&code), "123456");
        assert!(credential_process("'unclosed", now()).is_err());
        let endless = credential_process("yes", now()).unwrap_err().to_string();
        assert!(
            endless.contains("printed more than 1048576 bytes"),
            "{endless}"
        );
    }
}
