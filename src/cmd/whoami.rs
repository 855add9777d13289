//! `awsprof whoami [NAME]`: STS GetCallerIdentity with the profile's credentials: the
//! account, ARN and user id they really belong to.

use std::io::Write;

use anyhow::{Context as _, Result};

use super::Context;
use super::fetch;
use crate::aws::sts::Sts;
use crate::cli::WhoamiArgs;
use crate::output;

/// Runs `awsprof whoami`.
pub fn run(context: &Context, args: &WhoamiArgs, out: &mut dyn Write) -> Result<()> {
    let fetched = fetch::fetch(context, args.name.as_deref(), &args.fetch)?;
    let sts = Sts::new(fetched.transport.get()?, fetched.sts.clone());
    let identity = sts
        .get_caller_identity(&fetched.credentials)
        .with_context(|| format!("cannot ask STS who profile {:?} is", fetched.profile))?;
    if args.json {
        let document = serde_json::json!({
            "profile": fetched.profile,
            "account": identity.account,
            "arn": identity.arn,
            "user_id": identity.user_id,
        });
        return Ok(output::write_json(out, &document)?);
    }
    writeln!(out, "Profile:  {}", fetched.profile)?;
    writeln!(out, "Account:  {}", output::visible(&identity.account))?;
    writeln!(out, "ARN:      {}", output::visible(&identity.arn))?;
    writeln!(out, "User id:  {}", output::visible(&identity.user_id))?;
    Ok(())
}
