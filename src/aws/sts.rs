//! STS over the query protocol: AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken
//! and GetCallerIdentity. Requests are form-encoded POSTs signed with SigV4 (web identity
//! requests are unsigned, as botocore sends them); answers are XML.

use std::time::SystemTime;

use super::endpoints::{Endpoint, Service};
use super::http::{Request, Response, Transport};
use super::sign::sign_request;
use super::xml::Fields;
use super::{AwsError, Credentials, Timestamp};
use crate::secret::{ExposeSecret, SecretString};

/// The STS API version.
const API_VERSION: &str = "2011-06-15";

/// The parameters of AssumeRole, named as botocore names them.
#[derive(Clone, Debug, Default)]
pub struct AssumeRole {
    /// `RoleArn`
    pub role_arn: String,
    /// `RoleSessionName`
    pub role_session_name: String,
    /// `ExternalId`
    pub external_id: Option<String>,
    /// `SerialNumber` (the MFA device)
    pub serial_number: Option<String>,
    /// `TokenCode` (the MFA code)
    pub token_code: Option<SecretString>,
    /// `DurationSeconds`
    pub duration_seconds: Option<i64>,
}

/// The parameters of AssumeRoleWithWebIdentity.
#[derive(Clone, Debug, Default)]
pub struct AssumeRoleWithWebIdentity {
    /// `RoleArn`
    pub role_arn: String,
    /// `RoleSessionName`
    pub role_session_name: String,
    /// `WebIdentityToken`
    pub web_identity_token: SecretString,
    /// `DurationSeconds`
    pub duration_seconds: Option<i64>,
}

/// The parameters of GetSessionToken.
#[derive(Clone, Debug, Default)]
pub struct GetSessionToken {
    /// `SerialNumber` (the MFA device)
    pub serial_number: Option<String>,
    /// `TokenCode` (the MFA code)
    pub token_code: Option<SecretString>,
    /// `DurationSeconds`
    pub duration_seconds: Option<i64>,
}

/// Temporary credentials and what STS said about them.
#[derive(Clone, Debug)]
pub struct Issued {
    /// The credentials (with expiry and, for roles, the account).
    pub credentials: Credentials,
    /// `AssumedRoleUser/Arn`, for roles.
    pub assumed_role_arn: Option<String>,
    /// `AssumedRoleUser/AssumedRoleId`, for roles.
    pub assumed_role_id: Option<String>,
    /// `ResponseMetadata/RequestId`.
    pub request_id: Option<String>,
}

/// Who the credentials belong to: the answer of GetCallerIdentity.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CallerIdentity {
    /// The account.
    pub account: String,
    /// The ARN of the user or assumed role.
    pub arn: String,
    /// The unique id.
    pub user_id: String,
}

/// An STS client bound to one endpoint.
pub struct Sts<'t> {
    transport: &'t Transport,
    endpoint: Endpoint,
}

impl<'t> Sts<'t> {
    /// A client that sends to `endpoint`.
    pub fn new(transport: &'t Transport, endpoint: Endpoint) -> Sts<'t> {
        Sts {
            transport,
            endpoint,
        }
    }

    /// AssumeRole with the `source` credentials.
    pub fn assume_role(&self, source: &Credentials, call: &AssumeRole) -> Result<Issued, AwsError> {
        let mut params = vec![
            ("RoleArn", call.role_arn.clone()),
            ("RoleSessionName", call.role_session_name.clone()),
        ];
        push_duration(&mut params, call.duration_seconds);
        push(&mut params, "ExternalId", call.external_id.as_deref());
        push(&mut params, "SerialNumber", call.serial_number.as_deref());
        push(
            &mut params,
            "TokenCode",
            call.token_code.as_ref().map(|t| t.expose_secret()),
        );
        let fields = self.call("AssumeRole", &params, Some(source))?;
        issued(&fields, "AssumeRole")
    }

    /// AssumeRoleWithWebIdentity (unsigned: the token is the proof).
    pub fn assume_role_with_web_identity(
        &self,
        call: &AssumeRoleWithWebIdentity,
    ) -> Result<Issued, AwsError> {
        let mut params = vec![
            ("RoleArn", call.role_arn.clone()),
            ("RoleSessionName", call.role_session_name.clone()),
            (
                "WebIdentityToken",
                call.web_identity_token.expose_secret().to_string(),
            ),
        ];
        push_duration(&mut params, call.duration_seconds);
        let fields = self.call("AssumeRoleWithWebIdentity", &params, None)?;
        issued(&fields, "AssumeRoleWithWebIdentity")
    }

    /// GetSessionToken with long-term `source` credentials (for MFA sessions).
    pub fn get_session_token(
        &self,
        source: &Credentials,
        call: &GetSessionToken,
    ) -> Result<Issued, AwsError> {
        let mut params = Vec::new();
        push_duration(&mut params, call.duration_seconds);
        push(&mut params, "SerialNumber", call.serial_number.as_deref());
        push(
            &mut params,
            "TokenCode",
            call.token_code.as_ref().map(|t| t.expose_secret()),
        );
        let fields = self.call("GetSessionToken", &params, Some(source))?;
        issued(&fields, "GetSessionToken")
    }

    /// GetCallerIdentity: which account and ARN `credentials` belong to.
    pub fn get_caller_identity(
        &self,
        credentials: &Credentials,
    ) -> Result<CallerIdentity, AwsError> {
        let operation = "GetCallerIdentity";
        let fields = self.call(operation, &[], Some(credentials))?;
        let field = |name: &str| required(&fields, operation, &format!("{operation}Result/{name}"));
        Ok(CallerIdentity {
            account: field("Account")?,
            arn: field("Arn")?,
            user_id: field("UserId")?,
        })
    }

    /// Sends one query-protocol call and returns the fields of a successful answer.
    fn call(
        &self,
        operation: &'static str,
        params: &[(&str, String)],
        credentials: Option<&Credentials>,
    ) -> Result<Fields, AwsError> {
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.append_pair("Action", operation);
        body.append_pair("Version", API_VERSION);
        for (name, value) in params {
            body.append_pair(name, value);
        }
        let mut request = Request {
            method: "POST",
            url: format!("{}/", self.endpoint.url),
            headers: vec![(
                "content-type".into(),
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            )],
            body: body.finish().into_bytes(),
        };
        if let Some(credentials) = credentials {
            sign_request(
                &mut request,
                credentials,
                Service::Sts.signing_name(),
                &self.endpoint.region,
                SystemTime::now(),
            )?;
        }
        let response = self.transport.send(&request)?;
        answer_fields(operation, &response)
    }
}

/// The fields of an answer, or the error it carries. A 2xx body that is not XML is not
/// quoted: it may hold the credentials it failed to wrap.
fn answer_fields(operation: &'static str, response: &Response) -> Result<Fields, AwsError> {
    let text = String::from_utf8_lossy(&response.body);
    let fields = Fields::parse(&text);
    if !response.is_success() {
        return Err(service_error(
            operation,
            response.status,
            fields.as_ref(),
            &text,
        ));
    }
    fields.ok_or_else(|| AwsError::BadResponse {
        operation,
        message: format!("not XML ({} bytes)", response.body.len()),
    })
}

fn push(params: &mut Vec<(&'static str, String)>, name: &'static str, value: Option<&str>) {
    if let Some(value) = value {
        params.push((name, value.to_string()));
    }
}

fn push_duration(params: &mut Vec<(&'static str, String)>, duration: Option<i64>) {
    if let Some(seconds) = duration {
        params.push(("DurationSeconds", seconds.to_string()));
    }
}

/// The error of a non-2xx answer: AWS's code and message from `ErrorResponse/Error`.
fn service_error(
    operation: &'static str,
    status: u16,
    fields: Option<&Fields>,
    text: &str,
) -> AwsError {
    let field = |name: &str| fields.and_then(|f| f.get(name)).map(str::to_string);
    AwsError::Service {
        service: "STS",
        operation,
        code: field("Error/Code").unwrap_or_else(|| format!("HTTP{status}")),
        message: field("Error/Message").unwrap_or_else(|| excerpt(text)),
        status,
    }
}

/// The start of an unexpected body, for messages.
fn excerpt(text: &str) -> String {
    let mut short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        short.push_str("...");
    }
    short
}

fn required(fields: &Fields, operation: &'static str, path: &str) -> Result<String, AwsError> {
    fields
        .get(path)
        .map(str::to_string)
        .ok_or_else(|| AwsError::BadResponse {
            operation,
            message: format!("{path} is missing"),
        })
}

/// The credentials of an AssumeRole, AssumeRoleWithWebIdentity or GetSessionToken answer.
fn issued(fields: &Fields, operation: &'static str) -> Result<Issued, AwsError> {
    let result = format!("{operation}Result");
    let field = |name: &str| required(fields, operation, &format!("{result}/Credentials/{name}"));
    let expiration = field("Expiration")?;
    let expiration = Timestamp::parse(&expiration).ok_or_else(|| AwsError::BadResponse {
        operation,
        message: format!("Expiration {expiration:?} is not a date"),
    })?;
    let assumed_role_arn = fields
        .get(&format!("{result}/AssumedRoleUser/Arn"))
        .map(str::to_string);
    Ok(Issued {
        credentials: Credentials {
            access_key_id: field("AccessKeyId")?,
            secret_access_key: SecretString::from(field("SecretAccessKey")?),
            session_token: Some(SecretString::from(field("SessionToken")?)),
            expiration: Some(expiration),
            account_id: assumed_role_arn.as_deref().and_then(account_of_arn),
        },
        assumed_role_id: fields
            .get(&format!("{result}/AssumedRoleUser/AssumedRoleId"))
            .map(str::to_string),
        assumed_role_arn,
        request_id: fields.get("ResponseMetadata/RequestId").map(str::to_string),
    })
}

/// The account field of an ARN (`arn:partition:service:region:account:resource`).
pub fn account_of_arn(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, _, _, account, _] if !account.is_empty() => Some(account.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_successful_answer_that_is_not_xml_is_not_quoted() {
        let body = "<Credentials><SessionToken>FwoGZXIvYXdzEXAMPLE</Credentials>";
        let ok = Response {
            status: 200,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        };
        let error = answer_fields("AssumeRole", &ok).unwrap_err().to_string();
        assert!(
            error.contains(&format!("not XML ({} bytes)", body.len())),
            "{error}"
        );
        assert!(!error.contains("EXAMPLE"), "{error}");
        let failed = Response { status: 502, ..ok };
        let error = answer_fields("AssumeRole", &failed)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("<SessionToken>FwoG"),
            "a failure keeps its excerpt: {error}"
        );
    }

    #[test]
    fn assume_role_answer() {
        let fields = Fields::parse(
            "<AssumeRoleResponse><AssumeRoleResult><Credentials>\
             <AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>s</SecretAccessKey>\
             <SessionToken>t</SessionToken><Expiration>2026-12-02T05:00:00Z</Expiration>\
             </Credentials><AssumedRoleUser><AssumedRoleId>AROA:x</AssumedRoleId>\
             <Arn>arn:aws:sts::123456789012:assumed-role/r/x</Arn></AssumedRoleUser>\
             </AssumeRoleResult><ResponseMetadata><RequestId>id</RequestId></ResponseMetadata>\
             </AssumeRoleResponse>",
        )
        .unwrap();
        let issued = issued(&fields, "AssumeRole").unwrap();
        assert_eq!(issued.credentials.access_key_id, "ASIAX");
        assert_eq!(issued.credentials.token(), Some("t"));
        assert_eq!(
            issued.credentials.expiration,
            Timestamp::parse("2026-12-02T05:00:00Z")
        );
        assert_eq!(
            issued.credentials.account_id.as_deref(),
            Some("123456789012")
        );
        assert_eq!(issued.request_id.as_deref(), Some("id"));
    }

    #[test]
    fn error_answer_keeps_code_and_message_and_says_what_to_do() {
        let text = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                    <Message>User is not authorized</Message></Error></ErrorResponse>";
        let error =
            service_error("AssumeRole", 403, Fields::parse(text).as_ref(), text).to_string();
        assert!(
            error.starts_with(
                "STS AssumeRole failed: AccessDenied: User is not authorized (HTTP 403); "
            ),
            "{error}"
        );
        assert!(error.contains("trust policy"));
        let garbage = service_error("AssumeRole", 502, None, "Bad Gateway").to_string();
        assert!(garbage.contains("HTTP502: Bad Gateway"), "{garbage}");
    }

    #[test]
    fn missing_fields_are_named() {
        let fields = Fields::parse("<R><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId></Credentials></AssumeRoleResult></R>").unwrap();
        let error = issued(&fields, "AssumeRole").unwrap_err().to_string();
        assert!(
            error.contains("AssumeRoleResult/Credentials/Expiration is missing"),
            "{error}"
        );
    }

    #[test]
    fn accounts_of_arns() {
        assert_eq!(
            account_of_arn("arn:aws:iam::123:user/a:b").as_deref(),
            Some("123")
        );
        assert_eq!(account_of_arn("nonsense"), None);
    }
}
