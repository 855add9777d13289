//! `awsprof set NAME KEY VALUE`: one property of an existing profile, in the file it
//! belongs in. Secrets only from a hidden prompt or stdin (`-`), so they never show in `ps`.

use std::io::Write;

use anyhow::{Result, bail};

use super::{Context, checked_key, prompt, require_profile};
use crate::cli::SetArgs;
use crate::output;
use crate::profiles::edit;
use crate::profiles::validate;
use crate::profiles::{FileKind, is_credential_key, is_secret_key};
use crate::secret::{ExposeSecret, SECRET_MASK, SecretString};

/// Runs `awsprof set`.
pub fn run(context: &Context, args: &SetArgs, out: &mut dyn Write) -> Result<()> {
    if args.key.contains('.') {
        bail!(
            "{} names a sub-property; awsprof set writes top-level keys only, so edit the \
             block in the config file by hand",
            args.key
        );
    }
    let key = checked_key(&args.key, args.any_key)?;
    let value = if args.value == "-" {
        value_from_input(context, args, &key)?
    } else if is_secret_key(&key) {
        bail!(
            "secrets are not taken from the command line (other users can see it in ps); \
             pass - and type it at the prompt, or the value on stdin: printf '%s\\n' \"$VALUE\" \
             | awsprof set {} {key} -",
            args.name
        );
    } else {
        SecretString::from(args.value.clone())
    };
    let value = value.expose_secret();
    validate::for_key(&key, value)?;
    if let Some(doubt) = validate::doubt(&key, value) {
        output::warn(doubt);
    }
    let (home, other) = if is_credential_key(&key) {
        (FileKind::Credentials, FileKind::Config)
    } else {
        (FileKind::Config, FileKind::Credentials)
    };
    let moved = context.update(|files| {
        require_profile(files, &args.name)?;
        let moved = edit::remove_properties(files.get_mut(other), other, &args.name, &[&key]);
        edit::set_properties(files.get_mut(home), home, &args.name, &[(&key, value)])?;
        Ok(moved)
    })?;
    if moved {
        output::hint(format_args!(
            "moved {key} of {:?} from the {} file to the {} file, where AWS tools look for it",
            args.name,
            other.as_str(),
            home.as_str()
        ));
    }
    let shown = if is_secret_key(&key) {
        SECRET_MASK
    } else {
        value
    };
    writeln!(
        out,
        "Set {key} = {shown} in profile {:?} ({} file).",
        args.name,
        home.as_str()
    )?;
    Ok(())
}

/// VALUE `-`: on a terminal a prompt (without echo for a secret) that asks again until the
/// value is valid; otherwise the first line of stdin.
fn value_from_input(context: &Context, args: &SetArgs, key: &str) -> Result<SecretString> {
    // Fail on an unknown profile before asking for a secret it would not go into.
    require_profile(&context.load()?, &args.name)?;
    if context.terminal.stdin && context.terminal.stderr {
        let echo = if is_secret_key(key) {
            prompt::Echo::Hidden
        } else {
            prompt::Echo::Shown
        };
        let question = format!("{key} of profile {:?}", args.name);
        return prompt::ask(&question, echo, |text| validate::for_key(key, text));
    }
    match prompt::stdin_lines(1)?.pop() {
        Some(line) => Ok(line),
        None => bail!(
            "no value on stdin; pipe it as the first line: printf '%s\\n' \"$VALUE\" | \
             awsprof set {} {key} -",
            args.name
        ),
    }
}
