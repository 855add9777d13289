//! The offline resolver: which profile is selected, which credential source botocore would
//! use, and the `source_profile` chains of role profiles. Selection follows botocore (the engine of
//! the AWS CLI): `--profile`, else `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`.

use crate::env::Env;
use crate::profiles::ProfileSet;

mod chain;
mod credentials;
mod plan;

pub use chain::{ChainError, ChainStep, MAX_CHAIN, ProfileChain, SsoSource, role_chain};
pub use credentials::{
    CredentialSource, Outcome, Place, Step, Which, WhichError, WhichInputs, which,
};
pub use plan::{Base, Plan, PlanError, RoleStep, plan, plan_for};

/// Where the selected profile's name came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ProfileSource {
    /// `--profile NAME`
    #[serde(rename = "flag")]
    Flag,
    /// The `AWS_DEFAULT_PROFILE` variable (botocore reads it before `AWS_PROFILE`).
    #[serde(rename = "AWS_DEFAULT_PROFILE")]
    AwsDefaultProfile,
    /// The `AWS_PROFILE` variable.
    #[serde(rename = "AWS_PROFILE")]
    AwsProfile,
    /// Nothing chose one: `default`.
    #[serde(rename = "default")]
    Default,
}

impl ProfileSource {
    /// How the source is named in human output.
    pub fn describe(self) -> &'static str {
        match self {
            ProfileSource::Flag => "--profile",
            ProfileSource::AwsDefaultProfile => "AWS_DEFAULT_PROFILE",
            ProfileSource::AwsProfile => "AWS_PROFILE",
            ProfileSource::Default => "no profile chosen, so `default`",
        }
    }
}

/// The selected profile name and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The profile name.
    pub name: String,
    /// Where the name came from.
    pub source: ProfileSource,
}

/// Selects the profile as botocore does. A variable that is set but empty still counts
/// as set (botocore then looks for a profile named "", and fails).
pub fn select_profile(flag: Option<&str>, env: &Env) -> Selection {
    let (name, source) = if let Some(name) = flag {
        (name, ProfileSource::Flag)
    } else if let Some(name) = env.get("AWS_DEFAULT_PROFILE") {
        (name, ProfileSource::AwsDefaultProfile)
    } else if let Some(name) = env.get("AWS_PROFILE") {
        (name, ProfileSource::AwsProfile)
    } else {
        ("default", ProfileSource::Default)
    };
    Selection {
        name: name.to_string(),
        source,
    }
}

/// Where other AWS tools would answer differently from the AWS CLI (botocore) in this
/// environment: the SDKs ignore `AWS_DEFAULT_PROFILE` and read `AWS_REGION` first, and most
/// of them do not read a region from the credentials file.
pub fn other_tools_notes(
    env: &Env,
    flag: Option<&str>,
    which: &Which,
    set: &ProfileSet,
) -> Vec<String> {
    let mut notes = Vec::new();
    if flag.is_none()
        && let Some(default_profile) = env.get("AWS_DEFAULT_PROFILE")
    {
        let sdk_choice = env.get("AWS_PROFILE").unwrap_or("default");
        if sdk_choice != default_profile {
            notes.push(format!(
                "The AWS SDKs (Go, Java, JavaScript, Rust, ...) ignore AWS_DEFAULT_PROFILE: they would use profile {sdk_choice:?}, not {default_profile:?}."
            ));
        }
    }
    if let Some(region) = env.non_empty("AWS_REGION")
        && which.region.as_deref() != Some(region)
    {
        notes.push(format!(
            "The AWS SDKs read AWS_REGION first: they would use region {region:?}; the AWS CLI ignores AWS_REGION."
        ));
    }
    if which.region_source == Some("config-file")
        && let Some(value) = set
            .get(&which.profile)
            .and_then(|p| p.properties.get("region"))
        && value.origin.file == crate::profiles::FileKind::Credentials
    {
        notes.push(
            "The region comes from the credentials file: the AWS CLI reads it there, most SDKs do not; move it to the config file (awsprof doctor explains)."
                .into(),
        );
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn botocore_reads_aws_default_profile_first() {
        let env: Env = [("AWS_PROFILE", "a"), ("AWS_DEFAULT_PROFILE", "b")]
            .into_iter()
            .collect();
        assert_eq!(select_profile(None, &env).name, "b");
        assert_eq!(select_profile(Some("c"), &env).source, ProfileSource::Flag);
        let empty: Env = [("AWS_PROFILE", "")].into_iter().collect();
        assert_eq!(select_profile(None, &empty).name, "");
    }
}
