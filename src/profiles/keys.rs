//! The property keys the AWS CLI and SDKs know, so that a typo (`regin`) is caught before
//! it is written, and the key names shell completion offers for `get`, `set` and `unset`.

/// Every key of a profile section that the AWS CLI, botocore or the SDKs read, plus the
/// `mfa_process` awsprof reads. Sorted, for completion.
pub const KNOWN_KEYS: [&str; 60] = [
    "account_id_endpoint_mode",
    "api_versions",
    "auth_scheme_preference",
    "aws_access_key_id",
    "aws_account_id",
    "aws_secret_access_key",
    "aws_security_token",
    "aws_session_token",
    "ca_bundle",
    "cli_auto_prompt",
    "cli_binary_format",
    "cli_follow_urlparam",
    "cli_help_output",
    "cli_history",
    "cli_pager",
    "cli_timestamp_format",
    "credential_process",
    "credential_source",
    "defaults_mode",
    "disable_request_compression",
    "duration_seconds",
    "ec2_metadata_service_endpoint",
    "ec2_metadata_service_endpoint_mode",
    "ec2_metadata_v1_disabled",
    "endpoint_discovery_enabled",
    "endpoint_url",
    "external_id",
    "ignore_configure_endpoint_urls",
    "login_session",
    "max_attempts",
    "metadata_service_num_attempts",
    "metadata_service_timeout",
    "mfa_process",
    "mfa_serial",
    "output",
    "parameter_validation",
    "region",
    "request_checksum_calculation",
    "request_min_compression_size_bytes",
    "response_checksum_validation",
    "retry_mode",
    "role_arn",
    "role_session_name",
    "s3",
    "s3api",
    "sdk_ua_app_id",
    "services",
    "sigv4a_signing_region_set",
    "source_profile",
    "sso_account_id",
    "sso_region",
    "sso_registration_scopes",
    "sso_role_name",
    "sso_session",
    "sso_start_url",
    "sts_regional_endpoints",
    "tcp_keepalive",
    "use_dualstack_endpoint",
    "use_fips_endpoint",
    "web_identity_token_file",
];

/// Whether the AWS tools know a key (case-insensitive).
pub fn is_known_key(key: &str) -> bool {
    KNOWN_KEYS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(key))
}

/// The known keys closest to a mistyped one, best first (at most three).
pub fn closest_keys(key: &str) -> Vec<&'static str> {
    let key = key.to_ascii_lowercase();
    let mut scored: Vec<(f64, &'static str)> = KNOWN_KEYS
        .iter()
        .map(|known| (strsim::jaro_winkler(&key, known), *known))
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, known)| known).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted() {
        assert!(KNOWN_KEYS.is_sorted());
    }

    #[test]
    fn typos_find_their_key() {
        assert!(is_known_key("Region"));
        assert!(!is_known_key("regin"));
        assert_eq!(closest_keys("regin").first(), Some(&"region"));
        assert!(closest_keys("aws_access_key").contains(&"aws_access_key_id"));
    }
}
