//! `awsprof logout [NAME]`: ends IAM Identity Center sign-ins. With NAME, the session of
//! that profile: its token and the role credentials cached for the profiles that use it.
//! Without, as `aws sso logout`: every token in `~/.aws/sso/cache` and every SSO role
//! credential in `~/.aws/cli/cache`. Each token is also ended at the portal (Logout),
//! where it can be reached.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{Context, fetch};
use crate::aws::cache::{JsonFileCache, cli_cache_dir};
use crate::aws::endpoints::{self, Service};
use crate::aws::http::LazyTransport;
use crate::aws::sso::{self, Portal};
use crate::aws::sso_token::{SsoSession, TokenCache, json_files};
use crate::cli::LogoutArgs;
use crate::output;
use crate::profiles::ProfileSet;
use crate::resolve::{self, ChainStep};
use crate::secret::SecretString;

/// Runs `awsprof logout`.
pub fn run(context: &Context, args: &LogoutArgs, out: &mut dyn Write) -> Result<()> {
    let files = context.load()?;
    let set = context.profiles(&files);
    let home = context.home();
    let tokens = TokenCache::new(&home);
    let role_cache = JsonFileCache::new(cli_cache_dir(&home));
    let (token_count, role_count) = match &args.name {
        Some(name) => {
            let (session, profile) = fetch::session_for(context, &set, name)?;
            let transport = fetch::transport(context, set.get(&profile));
            let mut token_count = 0;
            if let Ok(token) = tokens.token(&session) {
                let ender = Ender {
                    context,
                    set: &set,
                    profile: &profile,
                    transport: &transport,
                };
                ender.end(&token.access_token, Some(&session.region));
            }
            if remove(&tokens.token_path(&session))? {
                token_count += 1;
            }
            let mut role_count = 0;
            for key in role_cache_keys(&set, &session) {
                let path = role_cache.path(&key);
                if role_cache
                    .get(&key)
                    .is_some_and(|e| sso::is_role_cache_entry(&e))
                    && remove(&path)?
                {
                    role_count += 1;
                }
            }
            (token_count, role_count)
        }
        None => {
            let profile = resolve::select_profile(None, &context.env).name;
            let transport = fetch::transport(context, set.get(&profile));
            let ender = Ender {
                context,
                set: &set,
                profile: &profile,
                transport: &transport,
            };
            let mut token_count = 0;
            for (path, token, region) in tokens.all_tokens() {
                ender.end(&token, region.as_deref());
                if remove(&path)? {
                    token_count += 1;
                }
            }
            let mut role_count = 0;
            for (path, entry) in json_files(role_cache.dir()) {
                if sso::is_role_cache_entry(&entry) && remove(&path)? {
                    role_count += 1;
                }
            }
            (token_count, role_count)
        }
    };
    // Copies of tokens and credentials in files that killed writes left.
    for (folder, removed) in [
        (tokens.dir(), tokens.remove_orphaned_temporaries()),
        (role_cache.dir(), role_cache.remove_orphaned_temporaries()),
    ] {
        removed.with_context(|| format!("cannot clean up {}", folder.display()))?;
    }
    writeln!(
        out,
        "Signed out: removed {token_count} SSO token file(s) and {role_count} cached role credential file(s)."
    )?;
    Ok(())
}

/// Ends tokens at the portal, with the endpoint settings of `profile`.
struct Ender<'a> {
    context: &'a Context,
    set: &'a ProfileSet<'a>,
    profile: &'a str,
    transport: &'a LazyTransport,
}

impl Ender<'_> {
    /// Calls Logout for `token` in `region` (a token without a region is only removed, as
    /// the AWS CLI does); a failure is a warning: the files go in any case.
    fn end(&self, token: &SecretString, region: Option<&str>) {
        let Some(region) = region else {
            return;
        };
        let ended = endpoints::resolve(
            Service::Sso,
            &self.context.env,
            self.set,
            self.profile,
            Some(region),
        )
        .and_then(|endpoint| Portal::new(self.transport.get()?, endpoint).logout(token));
        if let Err(error) = ended {
            output::warn(format_args!(
                "could not end the session at IAM Identity Center ({error}); its files are removed anyway"
            ));
        }
    }
}

/// The role cache keys of every profile whose credentials come from `session`'s token
/// (directly, or as the source of a role chain).
fn role_cache_keys(set: &ProfileSet<'_>, session: &SsoSession) -> Vec<String> {
    let mut keys = Vec::new();
    for name in set.profiles.keys() {
        let Ok(chain) = resolve::role_chain(set, name) else {
            continue;
        };
        let Some(ChainStep::Sso(source)) = chain.steps.first() else {
            continue;
        };
        let (Some(account), Some(role)) = (&source.sso_account_id, &source.sso_role_name) else {
            continue;
        };
        if let Ok(uses) = SsoSession::of_source(set, source)
            && uses.token_key() == session.token_key()
        {
            let key = sso::role_cache_key(account, role, uses.name.as_deref(), &uses.start_url);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// Removes a file (a symbolic link itself, never its target); `false` when missing.
fn remove(path: &Path) -> Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(anyhow::anyhow!("cannot remove {}: {error}", path.display())),
    }
}
