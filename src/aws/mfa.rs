//! MFA codes: given with `--mfa-code`, printed by the profile's `mfa_process`, or asked
//! on the terminal (`/dev/tty`, without echo, so stdout stays clean for `eval`).

use super::{AwsError, process};
use crate::secret::{ExposeSecret, SecretString};
use crate::terminal::Echo;

/// Where MFA codes come from in this run.
#[derive(Clone, Debug, Default)]
pub struct MfaSource {
    /// `--mfa-code CODE`.
    pub code: Option<SecretString>,
    /// Whether asking on the terminal is allowed.
    pub may_prompt: bool,
}

impl MfaSource {
    /// A code for the device `serial`: the given one, else `mfa_process`'s, else asked.
    pub fn code_for(
        &self,
        serial: &str,
        mfa_process: Option<&str>,
    ) -> Result<SecretString, AwsError> {
        if let Some(code) = &self.code {
            return Ok(code.clone());
        }
        if let Some(command) = mfa_process.filter(|c| !c.trim().is_empty()) {
            return process::mfa_process(command);
        }
        if !self.may_prompt {
            return Err(no_terminal(serial));
        }
        prompt(serial)
    }
}

fn no_terminal(serial: &str) -> AwsError {
    AwsError::Mfa(format!(
        "an MFA code for {serial} is needed and there is no terminal to ask on; give it with \
         --mfa-code CODE, or set mfa_process in the profile"
    ))
}

/// Asks with botocore's prompt on stderr and reads the code from `/dev/tty` without echo
/// (as botocore's `getpass`): Enter ends it, Ctrl-C restores the terminal and exits 130.
fn prompt(serial: &str) -> Result<SecretString, AwsError> {
    use std::io::Write;
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| no_terminal(serial))?;
    let mut stderr = std::io::stderr();
    let _ = write!(stderr, "Enter MFA code for {serial}: ");
    let _ = stderr.flush();
    let code = crate::terminal::read_line(&mut tty, Echo::Hidden)
        .map_err(|_| no_terminal(serial))?
        .ok_or_else(|| AwsError::Mfa(format!("no MFA code was entered for {serial}")))?;
    let code = code.expose_secret().trim();
    if code.is_empty() {
        return Err(AwsError::Mfa(format!(
            "no MFA code was entered for {serial}"
        )));
    }
    Ok(SecretString::from(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_code_wins_then_process_then_no_terminal_is_an_error() {
        let given = MfaSource {
            code: Some(SecretString::from("111111")),
            may_prompt: false,
        };
        let code = given.code_for("arn:mfa", Some("printf 222222")).unwrap();
        assert_eq!(code.expose_secret(), "111111");
        let none = MfaSource::default();
        let code = none.code_for("arn:mfa", Some("printf 222222")).unwrap();
        assert_eq!(code.expose_secret(), "222222");
        let error = none.code_for("arn:mfa", None).unwrap_err().to_string();
        assert!(error.contains("--mfa-code"), "{error}");
    }
}
