//! `awsprof set NAME KEY VALUE`: one property, in the file it belongs in. Secrets only
//! from stdin (`-`), so they never show in `ps`.

use std::io::{Read, Write};

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::SetArgs;
use crate::ini::is_valid_identifier;
use crate::output;
use crate::profiles::edit;
use crate::profiles::validate;
use crate::profiles::{FileKind, is_credential_key, is_secret_key};
use crate::secret::{ExposeSecret, SecretString};

/// Runs `awsprof set`.
pub fn run(context: &Context, args: &SetArgs, out: &mut dyn Write) -> Result<()> {
    validate::profile_name(&args.name)?;
    let key = args.key.to_ascii_lowercase();
    if key.contains('.') {
        bail!(
            "{key} names a sub-property; awsprof set writes top-level keys only, so edit the \
             block in the config file by hand"
        );
    }
    if !is_valid_identifier(&key) {
        bail!("{key:?} is not a valid key (letters, digits and _ - / . % @ : +)");
    }
    let value = if args.value == "-" {
        read_stdin_line()?
    } else if is_secret_key(&key) {
        bail!(
            "secrets are not taken from the command line (other users can see it in ps); \
             pass - and the value on stdin: printf '%s\\n' \"$VALUE\" | awsprof set {} {key} -",
            args.name
        );
    } else {
        SecretString::from(args.value.clone())
    };
    let value = value.expose_secret();
    match key.as_str() {
        "region" => validate::region(value)?,
        "output" => validate::output_format(value)?,
        _ if is_credential_key(&key) => validate::credential(&key, value)?,
        _ => validate::value(&key, value)?,
    }
    let (home, other) = if is_credential_key(&key) {
        (FileKind::Credentials, FileKind::Config)
    } else {
        (FileKind::Config, FileKind::Credentials)
    };
    let moved = context.update(|files| {
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
        crate::secret::SECRET_MASK
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

/// The first line of stdin, without its line ending.
fn read_stdin_line() -> Result<SecretString> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("cannot read the value from stdin")?;
    let input = SecretString::from(input);
    let line = input.expose_secret().lines().next().unwrap_or_default();
    Ok(SecretString::from(line.to_string()))
}
