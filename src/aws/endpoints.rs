//! Endpoints as botocore resolves them for the profile being resolved: unless
//! `ignore_configured_endpoint_urls` is true, `AWS_ENDPOINT_URL_<SERVICE>`, then
//! `AWS_ENDPOINT_URL`, then the `endpoint_url` of the service in the profile's `services`
//! section, then the profile's own `endpoint_url`; else the service's regional endpoint.

use super::AwsError;
use crate::env::Env;
use crate::profiles::ProfileSet;

/// The services awsprof calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Security Token Service.
    Sts,
    /// The IAM Identity Center portal (GetRoleCredentials).
    Sso,
    /// IAM Identity Center OIDC (RegisterClient, StartDeviceAuthorization, CreateToken).
    SsoOidc,
}

impl Service {
    /// botocore's snake-case service id: the key in a `[services]` section and, upper
    /// case, the suffix of `AWS_ENDPOINT_URL_<SERVICE>`.
    pub fn id(self) -> &'static str {
        match self {
            Service::Sts => "sts",
            Service::Sso => "sso",
            Service::SsoOidc => "sso_oidc",
        }
    }

    /// The name used in the signature (SigV4 `service`).
    pub fn signing_name(self) -> &'static str {
        match self {
            Service::Sts => "sts",
            Service::Sso => "awsssoportal",
            Service::SsoOidc => "sso-oauth",
        }
    }

    /// The regional endpoint AWS runs.
    fn default_url(self, region: &str) -> String {
        let suffix = if region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        match self {
            Service::Sts => format!("https://sts.{region}.{suffix}"),
            Service::Sso => format!("https://portal.sso.{region}.{suffix}"),
            Service::SsoOidc => format!("https://oidc.{region}.{suffix}"),
        }
    }
}

/// Where an endpoint came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointSource {
    /// An environment variable (its name).
    Environment(String),
    /// The profile's `services` section (its name).
    ServicesSection(String),
    /// The profile's `endpoint_url`.
    Profile,
    /// AWS's regional endpoint.
    Regional,
}

/// A resolved endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Base URL, without a trailing `/`.
    pub url: String,
    /// The region signed for.
    pub region: String,
    /// Where the URL came from.
    pub source: EndpointSource,
}

/// The region used when none is configured (as botocore's global STS endpoint signs).
pub const FALLBACK_REGION: &str = "us-east-1";

/// Resolves the endpoint of `service` for `profile` (the profile being resolved; its
/// region is `region`).
pub fn resolve(
    service: Service,
    env: &Env,
    set: &ProfileSet<'_>,
    profile: &str,
    region: Option<&str>,
) -> Result<Endpoint, AwsError> {
    let region = region.filter(|r| !r.is_empty());
    let signing_region = region.unwrap_or(FALLBACK_REGION).to_string();
    let endpoint = |url: &str, source| Endpoint {
        url: url.trim_end_matches('/').to_string(),
        region: signing_region.clone(),
        source,
    };
    if !ignore_configured(env, set, profile) {
        let service_var = format!("AWS_ENDPOINT_URL_{}", service.id().to_uppercase());
        for var in [service_var.as_str(), "AWS_ENDPOINT_URL"] {
            if let Some(url) = env.non_empty(var) {
                return Ok(endpoint(url, EndpointSource::Environment(var.into())));
            }
        }
        let scoped = set.get(profile);
        if let Some(section_name) = scoped.and_then(|p| p.get("services")) {
            let section = set.services.get(section_name).ok_or_else(|| {
                AwsError::Config(format!(
                    "profile {profile:?} uses the services section {section_name:?}, which does \
                     not exist; add [services {section_name}] to the config file or remove `services`"
                ))
            })?;
            let url = section
                .get(service.id())
                .and_then(|value| value.sub_properties())
                .and_then(|pairs| {
                    pairs
                        .into_iter()
                        .find(|(key, _)| key.eq_ignore_ascii_case("endpoint_url"))
                        .map(|(_, url)| url.to_string())
                })
                .filter(|url| !url.is_empty());
            if let Some(url) = url {
                return Ok(endpoint(
                    &url,
                    EndpointSource::ServicesSection(section_name.into()),
                ));
            }
        }
        if let Some(url) = scoped
            .and_then(|p| p.get("endpoint_url"))
            .filter(|u| !u.is_empty())
        {
            return Ok(endpoint(url, EndpointSource::Profile));
        }
    }
    let url = match (service, region) {
        (Service::Sts, None) => "https://sts.amazonaws.com".to_string(),
        (_, region) => service.default_url(region.unwrap_or(FALLBACK_REGION)),
    };
    Ok(endpoint(&url, EndpointSource::Regional))
}

/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`, else the profile's
/// `ignore_configured_endpoint_urls`: `true` in any case switches configured URLs off.
fn ignore_configured(env: &Env, set: &ProfileSet<'_>, profile: &str) -> bool {
    let value = env
        .get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .map(str::to_string)
        .or_else(|| {
            set.get(profile)
                .and_then(|p| p.get("ignore_configured_endpoint_urls"))
                .map(str::to_string)
        });
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;
    use crate::profiles;

    fn resolve_with(env: &[(&str, &str)], config: &str, service: Service) -> Endpoint {
        let config = Document::parse(config);
        let credentials = Document::default();
        let set = profiles::read(&config, &credentials);
        let env: Env = env.iter().copied().collect();
        let region = set.get("p").and_then(|p| p.get("region"));
        resolve(service, &env, &set, "p", region).unwrap()
    }

    const CONFIG: &str = "[profile p]\nregion = eu-west-1\nservices = local\nendpoint_url = http://127.0.0.1:1\n\
                          [services local]\nsts =\n  endpoint_url = http://127.0.0.1:2/\n";

    #[test]
    fn botocore_order() {
        let all = [
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:3"),
        ];
        assert_eq!(
            resolve_with(&all, CONFIG, Service::Sts).url,
            "http://127.0.0.1:4"
        );
        assert_eq!(
            resolve_with(&all[1..], CONFIG, Service::Sts).url,
            "http://127.0.0.1:3"
        );
        let from_section = resolve_with(&[], CONFIG, Service::Sts);
        assert_eq!(from_section.url, "http://127.0.0.1:2");
        assert_eq!(from_section.region, "eu-west-1");
        assert_eq!(
            resolve_with(&[], CONFIG, Service::Sso).url,
            "http://127.0.0.1:1"
        );
        let sso_oidc = [("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:5")];
        assert_eq!(
            resolve_with(&sso_oidc, CONFIG, Service::SsoOidc).url,
            "http://127.0.0.1:5"
        );
    }

    #[test]
    fn ignoring_configured_urls_gives_the_regional_endpoint() {
        let env = [
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:3"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "True"),
        ];
        let endpoint = resolve_with(&env, CONFIG, Service::Sts);
        assert_eq!(endpoint.url, "https://sts.eu-west-1.amazonaws.com");
        assert_eq!(endpoint.source, EndpointSource::Regional);
        let in_profile = "[profile p]\nregion = cn-north-1\nendpoint_url = http://x\nignore_configured_endpoint_urls = true\n";
        assert_eq!(
            resolve_with(&[], in_profile, Service::Sts).url,
            "https://sts.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            resolve_with(&[], "[profile p]\n", Service::Sts).url,
            "https://sts.amazonaws.com"
        );
    }

    #[test]
    fn a_missing_services_section_is_an_error() {
        let config = Document::parse("[profile p]\nservices = nowhere\n");
        let credentials = Document::default();
        let set = profiles::read(&config, &credentials);
        let error = resolve(Service::Sts, &Env::default(), &set, "p", None).unwrap_err();
        assert!(error.to_string().contains("[services nowhere]"), "{error}");
    }
}
