//! A small blocking HTTPS client: `ureq` with rustls, connect and total timeouts, and an
//! optional CA bundle (`AWS_CA_BUNDLE` / `ca_bundle`) that replaces the built-in roots.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ureq::tls::{PemItem, RootCerts, TlsConfig};

use super::AwsError;

/// How long establishing a connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole request may take, answer included.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer read; STS and SSO answers are a few KiB.
const MAX_BODY: u64 = 1 << 20;
/// The largest CA bundle read (the system's whole bundle is a few hundred KiB).
const MAX_BUNDLE: u64 = 16 << 20;

/// How the client is set up.
#[derive(Clone, Debug)]
pub struct TransportOptions {
    /// PEM file of the certificate authorities to trust instead of the built-in ones.
    pub ca_bundle: Option<PathBuf>,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// Timeout for the whole request.
    pub total_timeout: Duration,
}

impl Default for TransportOptions {
    fn default() -> TransportOptions {
        TransportOptions {
            ca_bundle: None,
            connect_timeout: CONNECT_TIMEOUT,
            total_timeout: TOTAL_TIMEOUT,
        }
    }
}

/// One HTTP request.
#[derive(Clone, Debug)]
pub struct Request {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The full URL.
    pub url: String,
    /// Headers, signed ones included.
    pub headers: Vec<(String, String)>,
    /// The body (empty for `GET`).
    pub body: Vec<u8>,
}

/// One HTTP answer: status and body, whatever the status.
#[derive(Clone, Debug)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The client. Build one per run and reuse it (connections are pooled).
pub struct Transport {
    agent: ureq::Agent,
}

impl Transport {
    /// A client with these options; fails when the CA bundle cannot be read.
    pub fn new(options: &TransportOptions) -> Result<Transport, AwsError> {
        let mut tls = TlsConfig::builder();
        if let Some(bundle) = &options.ca_bundle {
            tls = tls.root_certs(RootCerts::new_with_certs(&read_bundle(bundle)?));
        }
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.total_timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("awsprof/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls.build())
            .build();
        Ok(Transport {
            agent: config.into(),
        })
    }

    /// Sends a request and reads the answer.
    pub fn send(&self, request: &Request) -> Result<Response, AwsError> {
        let transport_error = |error: ureq::Error| AwsError::Transport {
            url: request.url.clone(),
            message: error.to_string(),
        };
        let mut builder = ureq::http::Request::builder()
            .method(request.method)
            .uri(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let http_request =
            builder
                .body(request.body.clone())
                .map_err(|error| AwsError::Transport {
                    url: request.url.clone(),
                    message: error.to_string(),
                })?;
        let mut response = self.agent.run(http_request).map_err(transport_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_string(), value.to_str().ok()?.to_string()))
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(transport_error)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// A client built on first use: runs that need no network (static keys, a warm cache)
/// never set up TLS or read the CA bundle.
pub struct LazyTransport {
    options: TransportOptions,
    built: std::cell::OnceCell<Transport>,
}

impl LazyTransport {
    /// A client with these options, built when first asked for.
    pub fn new(options: TransportOptions) -> LazyTransport {
        LazyTransport {
            options,
            built: std::cell::OnceCell::new(),
        }
    }

    /// The client, built now if needed.
    pub fn get(&self) -> Result<&Transport, AwsError> {
        if let Some(transport) = self.built.get() {
            return Ok(transport);
        }
        let transport = Transport::new(&self.options)?;
        Ok(self.built.get_or_init(|| transport))
    }
}

fn read_bundle(path: &Path) -> Result<Vec<ureq::tls::Certificate<'static>>, AwsError> {
    let bad = |message: String| {
        AwsError::Config(format!(
            "the CA bundle {} (AWS_CA_BUNDLE or ca_bundle) {message}",
            path.display()
        ))
    };
    let (pem, _) = crate::store::read_small(path, MAX_BUNDLE)
        .map_err(|error| bad(format!("cannot be read: {error}")))?;
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item.map_err(|error| bad(format!("is not valid PEM: {error}")))? {
            PemItem::Certificate(certificate) => certificates.push(certificate),
            _ => continue,
        }
    }
    if certificates.is_empty() {
        return Err(bad("holds no certificate".into()));
    }
    Ok(certificates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_without_certificates_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bundle.pem");
        std::fs::write(&path, "not a certificate\n").unwrap();
        let options = TransportOptions {
            ca_bundle: Some(path),
            ..TransportOptions::default()
        };
        let error = Transport::new(&options).err().unwrap().to_string();
        assert!(error.contains("holds no certificate"), "{error}");
    }
}
