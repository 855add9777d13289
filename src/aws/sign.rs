//! Signature Version 4 with AWS's own signer (`aws-sigv4`).

use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use super::http::Request;
use super::{AwsError, Credentials};
use crate::secret::ExposeSecret;

/// Signs `request` for `service` in `region` at `time`, adding the signature headers.
pub fn sign_request(
    request: &mut Request,
    credentials: &Credentials,
    service: &str,
    region: &str,
    time: SystemTime,
) -> Result<(), AwsError> {
    let identity: Identity = aws_credential_types::Credentials::new(
        credentials.access_key_id.clone(),
        credentials.secret_access_key.expose_secret().to_string(),
        credentials.token().map(str::to_string),
        None,
        "awsprof",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|error| AwsError::Config(format!("cannot sign the request: {error}")))?
        .into();
    let signable = SignableRequest::new(
        request.method,
        request.url.as_str(),
        request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(&request.body),
    )
    .map_err(|error| AwsError::Config(format!("cannot sign the request: {error}")))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|error| AwsError::Config(format!("cannot sign the request: {error}")))?
        .into_parts();
    let (headers, _params) = instructions.into_parts();
    for header in headers {
        request
            .headers
            .push((header.name().to_string(), header.value().to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_headers_are_added_and_the_secret_is_not() {
        let mut request = Request {
            method: "POST",
            url: "https://sts.eu-west-1.amazonaws.com/".into(),
            headers: vec![(
                "content-type".into(),
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            )],
            body: b"Action=GetCallerIdentity&Version=2011-06-15".to_vec(),
        };
        let credentials = Credentials::from_keys("AKIDEXAMPLE", "SECRETKEY", Some("TOKEN"));
        sign_request(
            &mut request,
            &credentials,
            "sts",
            "eu-west-1",
            SystemTime::UNIX_EPOCH,
        )
        .unwrap();
        let names: Vec<&str> = request.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert!(names.contains(&"authorization"), "{names:?}");
        assert!(names.contains(&"x-amz-date"));
        assert!(names.contains(&"x-amz-security-token"));
        let authorization = &request
            .headers
            .iter()
            .find(|(k, _)| k == "authorization")
            .unwrap()
            .1;
        assert!(authorization.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/19700101/eu-west-1/sts/aws4_request"
        ));
        assert!(!authorization.contains("SECRETKEY"));
    }
}
