//! Calling AWS: the only part of awsprof that uses the network. It carries out the plan
//! that the offline resolver makes ([`crate::resolve::Plan`]): STS calls
//! ([`sts`]), `credential_process` ([`process`]), MFA codes ([`mfa`]), the AWS CLI's
//! credential cache ([`cache`]), endpoints as botocore resolves them ([`endpoints`]), over
//! one blocking HTTPS client ([`http`]) with AWS's own signer ([`sign`]).
//!
//! Layering: `cmd` → `aws` → `resolve`/`profiles`/`store`. The only output here is the MFA
//! prompt on the terminal and a warning when a cache cannot be written or a token
//! cannot be refreshed. IAM Identity Center: the portal ([`sso`]), its OIDC service
//! ([`sso_oidc`]) and the token cache the AWS CLI shares ([`sso_token`]).

pub mod cache;
pub mod credentials;
pub mod endpoints;
pub mod http;
pub mod mfa;
pub mod process;
pub mod sign;
pub mod sso;
pub mod sso_oidc;
pub mod sso_token;
pub mod sts;
pub mod timestamp;
mod xml;

pub use credentials::{Fetch, SsoSetup};
pub use timestamp::Timestamp;

use crate::secret::{ExposeSecret, SecretString};

/// A set of AWS credentials: static, or temporary with an expiry.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The access key id (not secret; shown masked in tables).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: SecretString,
    /// The session token of temporary credentials.
    pub session_token: Option<SecretString>,
    /// When temporary credentials expire.
    pub expiration: Option<Timestamp>,
    /// The account, where the source told it.
    pub account_id: Option<String>,
}

impl Credentials {
    /// Long-term or session keys as written in a profile or the environment.
    pub fn from_keys(id: &str, secret: &str, token: Option<&str>) -> Credentials {
        Credentials {
            access_key_id: id.to_string(),
            secret_access_key: SecretString::from(secret),
            session_token: token.filter(|t| !t.is_empty()).map(SecretString::from),
            expiration: None,
            account_id: None,
        }
    }

    /// The session token's text, if any.
    pub fn token(&self) -> Option<&str> {
        self.session_token.as_ref().map(|t| t.expose_secret())
    }
}

/// What can go wrong calling AWS. Each message says what failed, AWS's own code and
/// message where there is one, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    /// AWS answered with an error.
    #[error(
        "{service} {operation} failed: {code}: {message} (HTTP {status}){}",
        hint_suffix(code)
    )]
    Service {
        /// `STS`, `SSO`, ...
        service: &'static str,
        /// The operation, such as `AssumeRole`.
        operation: &'static str,
        /// AWS's error code, such as `AccessDenied`.
        code: String,
        /// AWS's message.
        message: String,
        /// The HTTP status.
        status: u16,
    },
    /// The request did not get an answer.
    #[error(
        "cannot reach {url}: {message}; check the network, the endpoint (AWS_ENDPOINT_URL_*, \
         endpoint_url) and AWS_CA_BUNDLE/ca_bundle"
    )]
    Transport {
        /// Where it was sent.
        url: String,
        /// What the client said.
        message: String,
    },
    /// An answer that is not what the operation returns.
    #[error("{operation}: unexpected answer: {message}")]
    BadResponse {
        /// The operation.
        operation: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A `credential_process` or `mfa_process` failed or printed something unusable.
    #[error("{what} `{command}` {message}")]
    Process {
        /// `credential_process` or `mfa_process`.
        what: &'static str,
        /// The command line.
        command: String,
        /// What went wrong.
        message: String,
    },
    /// No MFA code could be had.
    #[error("{0}")]
    Mfa(String),
    /// No usable IAM Identity Center sign-in: missing, expired or rejected.
    #[error("{0}")]
    SignIn(String),
    /// A setting that cannot be used as it is.
    #[error("{0}")]
    Config(String),
}

/// What to do about well-known AWS error codes.
fn hint_suffix(code: &str) -> String {
    let hint = match code {
        "AccessDenied" | "AccessDeniedException" => {
            "the source credentials may not assume this role: check the role's trust policy, \
             external_id, and that mfa_serial is set if the role requires MFA"
        }
        "ExpiredToken" | "ExpiredTokenException" => {
            "the source credentials have expired: refresh them (a new session token, or \
             `awsprof export` of the source profile) and try again"
        }
        "InvalidClientTokenId" | "UnrecognizedClientException" | "SignatureDoesNotMatch" => {
            "the access key id or secret is wrong or deleted: check them with `awsprof show NAME` \
             and replace them with `awsprof set`"
        }
        "ValidationError" => {
            "a parameter is invalid: check role_arn, duration_seconds and role_session_name"
        }
        "InvalidIdentityToken" | "IDPRejectedClaim" | "ExpiredTokenExceptionWebIdentity" => {
            "the web identity token was rejected: get a fresh token file"
        }
        "RegionDisabledException" => "STS is not enabled in this region: choose another region",
        // No AWS error code in the answer: a code made of the HTTP status.
        code if code.starts_with("HTTP") => {
            "the answer named no AWS error: check that the endpoint is the AWS service \
             (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's services section, \
             endpoint_url), or try again later if the server failed (HTTP 5xx)"
        }
        _ => return String::new(),
    };
    format!("; {hint}")
}
