//! The IAM Identity Center portal: GetRoleCredentials (a role's credentials for an access
//! token) and Logout, over REST-JSON, unsigned (the token is the proof), as botocore calls
//! them; and the AWS CLI v2 cache of the role credentials in `~/.aws/cli/cache`.

use serde_json::{Map, Value};

use super::cache::{credentials_object, python_dumps, sha1_hex};
use super::endpoints::Endpoint;
use super::http::{Request, Response, Transport};
use super::{AwsError, Credentials, Timestamp};
use crate::secret::{ExposeSecret, SecretString};

/// The header that carries the access token.
const BEARER_HEADER: &str = "x-amz-sso_bearer_token";

/// A portal client bound to one endpoint.
pub struct Portal<'t> {
    transport: &'t Transport,
    endpoint: Endpoint,
}

impl<'t> Portal<'t> {
    /// A client that sends to `endpoint`.
    pub fn new(transport: &'t Transport, endpoint: Endpoint) -> Portal<'t> {
        Portal {
            transport,
            endpoint,
        }
    }

    /// GetRoleCredentials: the credentials of `role_name` in `account_id`.
    pub fn get_role_credentials(
        &self,
        token: &SecretString,
        account_id: &str,
        role_name: &str,
    ) -> Result<Credentials, AwsError> {
        const OPERATION: &str = "GetRoleCredentials";
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("role_name", role_name)
            .append_pair("account_id", account_id)
            .finish();
        let response = self.transport.send(&Request {
            method: "GET",
            url: format!("{}/federation/credentials?{query}", self.endpoint.url),
            headers: vec![(BEARER_HEADER.into(), token.expose_secret().to_string())],
            body: Vec::new(),
        })?;
        if !response.is_success() {
            return Err(json_error("SSO", OPERATION, &response));
        }
        let bad = |message: &str| AwsError::BadResponse {
            operation: OPERATION,
            message: message.to_string(),
        };
        let value: Value =
            serde_json::from_slice(&response.body).map_err(|_| bad("the body is not JSON"))?;
        let role = value
            .get("roleCredentials")
            .ok_or_else(|| bad("no roleCredentials"))?;
        let text = |key: &str| role.get(key).and_then(Value::as_str);
        let (Some(id), Some(secret), Some(token)) = (
            text("accessKeyId"),
            text("secretAccessKey"),
            text("sessionToken"),
        ) else {
            return Err(bad(
                "roleCredentials without accessKeyId, secretAccessKey and sessionToken",
            ));
        };
        let expiration = role
            .get("expiration")
            .and_then(Value::as_f64)
            .ok_or_else(|| bad("roleCredentials without expiration"))?;
        // Milliseconds since the epoch; botocore keeps whole seconds.
        let expiration = (expiration / 1000.0).floor();
        if !(0.0..=Timestamp::LAST_WRITABLE.0 as f64).contains(&expiration) {
            return Err(bad("roleCredentials with an expiration out of range"));
        }
        let mut credentials = Credentials::from_keys(id, secret, Some(token));
        credentials.expiration = Some(Timestamp(expiration as i64));
        credentials.account_id = Some(account_id.to_string());
        Ok(credentials)
    }

    /// Logout: ends the portal session of `token`.
    pub fn logout(&self, token: &SecretString) -> Result<(), AwsError> {
        let response = self.transport.send(&Request {
            method: "POST",
            url: format!("{}/logout", self.endpoint.url),
            headers: vec![(BEARER_HEADER.into(), token.expose_secret().to_string())],
            body: Vec::new(),
        })?;
        if response.is_success() {
            Ok(())
        } else {
            Err(json_error("SSO", "Logout", &response))
        }
    }
}

/// An AWS error from a REST-JSON answer, its code found where botocore looks: the
/// `x-amzn-ErrorType` header, else `__type` or `code` in the body; SSO-OIDC's OAuth
/// `error` names (`authorization_pending`, ...) are mapped to their exception names.
pub fn json_error(service: &'static str, operation: &'static str, response: &Response) -> AwsError {
    let body: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    let code = response
        .header("x-amzn-errortype")
        .map(str::to_string)
        .or_else(|| text("__type").or_else(|| text("code")).map(str::to_string))
        .map(|code| {
            let code = code.split(':').next().unwrap_or_default();
            code.rsplit('#').next().unwrap_or_default().to_string()
        })
        .or_else(|| text("error").map(oauth_exception))
        .filter(|code| !code.is_empty())
        .unwrap_or_else(|| format!("HTTP{}", response.status));
    let message = text("message")
        .or_else(|| text("Message"))
        .or_else(|| text("error_description"))
        .unwrap_or("no error message")
        .to_string();
    AwsError::Service {
        service,
        operation,
        code,
        message,
        status: response.status,
    }
}

/// The exception name of an OAuth error (`slow_down` → `SlowDownException`).
fn oauth_exception(error: &str) -> String {
    let mut name: String = error
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    name.push_str("Exception");
    name
}

/// The AWS CLI v2 cache key of a role's SSO credentials: sha1 hex of the compact sorted
/// JSON of `accountId`, `roleName` and `sessionName` (or, for a legacy profile,
/// `startUrl`), as botocore's `SSOCredentialFetcher` makes it.
pub fn role_cache_key(
    account_id: &str,
    role_name: &str,
    session_name: Option<&str>,
    start_url: &str,
) -> String {
    let last = match session_name {
        Some(name) => ("sessionName", name),
        None => ("startUrl", start_url),
    };
    // Already in sorted order: accountId < roleName < sessionName < startUrl.
    let pairs = [("accountId", account_id), ("roleName", role_name), last];
    let json = pairs
        .iter()
        .map(|(key, value)| {
            format!(
                "{}:{}",
                python_dumps(&Value::from(*key), false),
                python_dumps(&Value::from(*value), false)
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    sha1_hex(format!("{{{json}}}").as_bytes())
}

/// The cache entry botocore writes for SSO role credentials:
/// `{"ProviderType": "sso", "Credentials": {..., "Expiration": "...Z", "AccountId"}}`.
pub fn role_cache_entry(credentials: &Credentials) -> Value {
    let creds = credentials_object(credentials, Timestamp::to_rfc3339);
    let mut entry = Map::new();
    entry.insert("ProviderType".into(), "sso".into());
    entry.insert("Credentials".into(), Value::Object(creds));
    Value::Object(entry)
}

/// Whether a cache file holds SSO role credentials (what `aws sso logout` removes).
pub fn is_role_cache_entry(entry: &Value) -> bool {
    entry.get("ProviderType").and_then(Value::as_str) == Some("sso")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed with botocore 1.43's SSOCredentialFetcher._create_cache_key.
    #[test]
    fn role_cache_keys_match_botocore() {
        assert_eq!(
            role_cache_key("012345678901", "SampleRole", Some("dev"), "https://x"),
            "4f0072b03f86a95e613340c2868ab49e9cc60d6e"
        );
        assert_eq!(
            role_cache_key(
                "012345678901",
                "SampleRole",
                None,
                "https://d-abc123.awsapps.com/start"
            ),
            "6bb8ec4da2026aa60b9286aa331acd17d55a6f86"
        );
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn code(error: AwsError) -> String {
        match error {
            AwsError::Service { code, .. } => code,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn error_codes_are_found_where_botocore_looks() {
        let header = response(
            400,
            &[(
                "x-amzn-errortype",
                "SlowDownException:http://internal.amazon.com/",
            )],
            r#"{"error": "slow_down"}"#,
        );
        assert_eq!(
            code(json_error("SSO-OIDC", "CreateToken", &header)),
            "SlowDownException"
        );
        let oauth = response(
            400,
            &[],
            r#"{"error": "authorization_pending", "error_description": null}"#,
        );
        assert_eq!(
            code(json_error("SSO-OIDC", "CreateToken", &oauth)),
            "AuthorizationPendingException"
        );
        let typed = response(
            401,
            &[],
            r#"{"__type": "com.amazon#UnauthorizedException", "message": "no"}"#,
        );
        assert_eq!(
            code(json_error("SSO", "GetRoleCredentials", &typed)),
            "UnauthorizedException"
        );
        assert_eq!(
            code(json_error("SSO", "Logout", &response(500, &[], "<html>"))),
            "HTTP500"
        );
        // An answer with no AWS error says what to check, not only the status.
        let shown = json_error("SSO-OIDC", "RegisterClient", &response(500, &[], "")).to_string();
        assert!(shown.contains("no error message"), "{shown}");
        assert!(
            shown.contains("check that the endpoint is the AWS service"),
            "{shown}"
        );
    }
}
