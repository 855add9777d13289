//! IAM Identity Center OIDC: RegisterClient, StartDeviceAuthorization and CreateToken
//! (the device code grant for `awsprof login`, the refresh token grant to renew a token),
//! over REST-JSON, unsigned, as botocore calls them.

use serde_json::{Map, Value};

use super::endpoints::Endpoint;
use super::http::{Request, Transport};
use super::sso::json_error;
use super::sso_token::Registration;
use super::{AwsError, Timestamp};
use crate::secret::{ExposeSecret, SecretString};

/// The longest a token may last: AWS's last a few hours, sessions at most 90 days. A
/// longer one would be written as a date no AWS tool reads back.
const MAX_TOKEN_SECONDS: i64 = 366 * 86_400;

/// The device code grant type.
const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// What StartDeviceAuthorization answers.
#[derive(Clone, Debug)]
pub struct DeviceAuthorization {
    /// `deviceCode`: what CreateToken exchanges.
    pub device_code: SecretString,
    /// `userCode`: what the user confirms in the browser.
    pub user_code: String,
    /// `verificationUri`
    pub verification_uri: String,
    /// `verificationUriComplete`: the page with the code filled in.
    pub verification_uri_complete: String,
    /// `expiresIn`: seconds the authorization may be approved in.
    pub expires_in: i64,
    /// `interval`: seconds between CreateToken polls, if given.
    pub interval: Option<i64>,
}

/// What CreateToken answers.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    /// `accessToken`
    pub access_token: SecretString,
    /// `expiresIn`, in seconds.
    pub expires_in: i64,
    /// `refreshToken`, if any.
    pub refresh_token: Option<SecretString>,
}

/// The grant CreateToken is called with.
#[derive(Clone, Copy, Debug)]
pub enum Grant<'a> {
    /// The device code of an approved StartDeviceAuthorization.
    DeviceCode(&'a SecretString),
    /// A refresh token.
    RefreshToken(&'a SecretString),
}

/// An SSO-OIDC client bound to one endpoint.
pub struct SsoOidc<'t> {
    transport: &'t Transport,
    endpoint: Endpoint,
}

impl<'t> SsoOidc<'t> {
    /// A client that sends to `endpoint`.
    pub fn new(transport: &'t Transport, endpoint: Endpoint) -> SsoOidc<'t> {
        SsoOidc {
            transport,
            endpoint,
        }
    }

    /// RegisterClient: a public client named `client_name`, with `scopes` if any.
    pub fn register_client(
        &self,
        client_name: &str,
        scopes: Option<&[String]>,
    ) -> Result<Registration, AwsError> {
        const OPERATION: &str = "RegisterClient";
        let mut body = Map::new();
        body.insert("clientName".into(), client_name.into());
        body.insert("clientType".into(), "public".into());
        if let Some(scopes) = scopes.filter(|s| !s.is_empty()) {
            body.insert("scopes".into(), scopes.to_vec().into());
        }
        let answer = self.post(OPERATION, "/client/register", body)?;
        Ok(Registration {
            client_id: field(&answer, OPERATION, "clientId")?,
            client_secret: SecretString::from(field(&answer, OPERATION, "clientSecret")?),
            expires_at: Timestamp(within(
                &answer,
                OPERATION,
                "clientSecretExpiresAt",
                0..=Timestamp::LAST_WRITABLE.0,
            )?),
        })
    }

    /// StartDeviceAuthorization for `start_url` with a registered client.
    pub fn start_device_authorization(
        &self,
        registration: &Registration,
        start_url: &str,
    ) -> Result<DeviceAuthorization, AwsError> {
        const OPERATION: &str = "StartDeviceAuthorization";
        let mut body = client_fields(&registration.client_id, &registration.client_secret);
        body.insert("startUrl".into(), start_url.into());
        let answer = self.post(OPERATION, "/device_authorization", body)?;
        Ok(DeviceAuthorization {
            device_code: SecretString::from(field(&answer, OPERATION, "deviceCode")?),
            user_code: field(&answer, OPERATION, "userCode")?,
            verification_uri: field(&answer, OPERATION, "verificationUri")?,
            verification_uri_complete: field(&answer, OPERATION, "verificationUriComplete")?,
            expires_in: number(&answer, OPERATION, "expiresIn")?,
            interval: answer.get("interval").and_then(Value::as_i64),
        })
    }

    /// CreateToken with `grant`, for the client `client_id`/`client_secret`.
    pub fn create_token(
        &self,
        client_id: &str,
        client_secret: &SecretString,
        grant: Grant<'_>,
    ) -> Result<IssuedToken, AwsError> {
        const OPERATION: &str = "CreateToken";
        let mut body = client_fields(client_id, client_secret);
        match grant {
            Grant::DeviceCode(code) => {
                body.insert("grantType".into(), DEVICE_CODE_GRANT.into());
                body.insert("deviceCode".into(), code.expose_secret().into());
            }
            Grant::RefreshToken(token) => {
                body.insert("grantType".into(), "refresh_token".into());
                body.insert("refreshToken".into(), token.expose_secret().into());
            }
        }
        let answer = self.post(OPERATION, "/token", body)?;
        Ok(IssuedToken {
            access_token: SecretString::from(field(&answer, OPERATION, "accessToken")?),
            expires_in: within(&answer, OPERATION, "expiresIn", 1..=MAX_TOKEN_SECONDS)?,
            refresh_token: answer
                .get("refreshToken")
                .and_then(Value::as_str)
                .map(SecretString::from),
        })
    }

    fn post(
        &self,
        operation: &'static str,
        path: &str,
        body: Map<String, Value>,
    ) -> Result<Value, AwsError> {
        let response = self.transport.send(&Request {
            method: "POST",
            url: format!("{}{path}", self.endpoint.url),
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(&Value::Object(body)).unwrap_or_default(),
        })?;
        if !response.is_success() {
            return Err(json_error("SSO-OIDC", operation, &response));
        }
        serde_json::from_slice(&response.body).map_err(|_| AwsError::BadResponse {
            operation,
            message: "the body is not JSON".into(),
        })
    }
}

fn client_fields(client_id: &str, client_secret: &SecretString) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("clientId".into(), client_id.into());
    body.insert("clientSecret".into(), client_secret.expose_secret().into());
    body
}

fn field(answer: &Value, operation: &'static str, name: &str) -> Result<String, AwsError> {
    answer
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| AwsError::BadResponse {
            operation,
            message: format!("no {name}"),
        })
}

fn number(answer: &Value, operation: &'static str, name: &str) -> Result<i64, AwsError> {
    answer
        .get(name)
        .and_then(Value::as_i64)
        .ok_or_else(|| AwsError::BadResponse {
            operation,
            message: format!("no number {name}"),
        })
}

/// The number `name`, refused outside `range` (a token written with an impossible expiry
/// would break the AWS CLI's cache as well as awsprof's).
fn within(
    answer: &Value,
    operation: &'static str,
    name: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, AwsError> {
    let value = number(answer, operation, name)?;
    if !range.contains(&value) {
        return Err(AwsError::BadResponse {
            operation,
            message: format!(
                "{name} {value} is out of range ({} to {})",
                range.start(),
                range.end()
            ),
        });
    }
    Ok(value)
}
