//! The legacy files `import` migrates and `which` and `doctor` read: boto config files (one
//! per account, `$BOTO_CONFIG`, `~/.boto`) and the IAM console's access-key CSV.

pub mod boto;
pub mod files;
pub mod iam_csv;

pub use files::{
    BotoFiles, LegacyFile, botocore_boto_files, find_boto_files, import_candidates, profile_for,
};
