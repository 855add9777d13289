//! One module per subcommand, the dispatch, and the context each subcommand gets.

mod add;
mod completions;
mod doctor;
mod exec;
mod export;
mod fetch;
mod get;
mod import;
mod init;
mod list;
mod login;
mod logout;
mod man;
mod prompt;
mod remove;
mod rename;
mod set;
mod show;
mod unset;
mod r#use;
mod which;
mod whoami;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::{Cli, Command, FileArgs};
use crate::env::Env;
use crate::output::{self, Terminal};
use crate::profiles::{FileKind, Profile, ProfileSet, Warning};
use crate::resolve;
use crate::store::{self, Files, Overrides, Store, Updated};

/// What every subcommand gets: the files, the environment and the terminal.
pub struct Context {
    /// The two files.
    pub store: Store,
    /// The environment, captured once.
    pub env: Env,
    /// Terminals and colour.
    pub terminal: Terminal,
}

impl Context {
    /// Builds the context for a run: file locations from the flags and the environment.
    pub fn new(files: &FileArgs, env: Env, terminal: Terminal) -> Context {
        let overrides = Overrides {
            config: files.config_file.clone(),
            credentials: files.credentials_file.clone(),
        };
        Context {
            store: Store::new(store::process_locations(&env, &overrides)),
            env,
            terminal,
        }
    }

    /// The home directory by the AWS rule (`HOME`, `USERPROFILE`, `HOMEDRIVE`+`HOMEPATH`).
    pub fn home(&self) -> std::path::PathBuf {
        store::process_home(&self.env).into()
    }

    /// Expands a leading `~` in a path from the environment, as the file locations do.
    pub fn expand_home(&self, path: &str) -> std::path::PathBuf {
        store::process_expand_tilde(&self.env, path)
    }

    /// Reads both files (a missing file is empty; an unparseable one is an error).
    pub fn load(&self) -> Result<Files> {
        Ok(self.store.read()?)
    }

    /// The profiles of both files, printing the reader's warnings to stderr.
    pub fn profiles<'a>(&self, files: &'a Files) -> ProfileSet<'a> {
        let set = files.profiles();
        self.print_warnings(&set.warnings);
        set
    }

    /// Prints the reader's warnings with the file path and line.
    pub fn print_warnings(&self, warnings: &[Warning]) {
        for warning in warnings {
            output::warn(format_args!(
                "{}:{}: {}",
                self.store.path(warning.origin.file).display(),
                warning.origin.line,
                warning.message
            ));
        }
    }

    /// `message` about the profile at `place`, led by `path:line: ` of its section (the
    /// config file's when both files have one and no file is meant), as warnings are.
    pub fn located(
        &self,
        set: &ProfileSet<'_>,
        place: Option<&resolve::Place>,
        message: impl std::fmt::Display,
    ) -> String {
        let line = place.and_then(|place| {
            let profile = set.get(&place.profile)?;
            let config = profile.config_line.map(|line| (FileKind::Config, line));
            let credentials = profile
                .credentials_line
                .map(|line| (FileKind::Credentials, line));
            match place.file {
                Some(FileKind::Config) => config,
                Some(FileKind::Credentials) => credentials,
                None => config.or(credentials),
            }
        });
        match line {
            Some((file, line)) => {
                format!("{}:{line}: {message}", self.store.path(file).display())
            }
            None => message.to_string(),
        }
    }

    /// Runs a locked update of both files and prints the store's warnings.
    pub fn update<T>(&self, edit: impl FnOnce(&mut Files) -> Result<T>) -> Result<T> {
        let Updated { value, warnings } = self.store.update(edit)?;
        for warning in warnings {
            output::warn(warning);
        }
        Ok(value)
    }
}

/// What `which` answers for `flag` (`--profile`), with the legacy boto files and the
/// `AWS_CREDENTIAL_FILE` that botocore would read.
pub fn which_of(
    context: &Context,
    files: &Files,
    merged: &ProfileSet<'_>,
    flag: Option<&str>,
) -> Result<resolve::Which, resolve::WhichError> {
    let boto = crate::legacy::botocore_boto_files(&context.env);
    let ec2_file = context
        .env
        .get("AWS_CREDENTIAL_FILE")
        .and_then(|path| store::read_to_string(&context.expand_home(path)).ok());
    resolve::which(&resolve::WhichInputs {
        env: &context.env,
        flag_profile: flag,
        merged,
        config: &files.config,
        credentials: &files.credentials,
        boto: &boto,
        ec2_credential_file: ec2_file.as_deref(),
    })
}

impl Context {
    /// The load → profiles → find preamble of the commands that read one profile: reads
    /// both files and runs `body` with the profile set and the profile, or fails with the
    /// closest names.
    pub fn with_profile<T>(
        &self,
        name: &str,
        body: impl FnOnce(&ProfileSet<'_>, &Profile<'_>) -> Result<T>,
    ) -> Result<T> {
        let files = self.load()?;
        let set = self.profiles(&files);
        let profile = find_profile(&set, name)?;
        body(&set, profile)
    }
}

/// Fails unless either file defines profile `name` (the error names the closest ones).
/// The headers alone answer; the profiles are read only to suggest names.
pub fn require_profile(files: &Files, name: &str) -> Result<()> {
    if crate::profiles::exists(&files.config, &files.credentials, name) {
        return Ok(());
    }
    bail!("{}", not_found_message(&files.profiles(), name))
}

/// Warns when `name` is the profile in force in this shell (chosen by `AWS_PROFILE` or
/// `AWS_DEFAULT_PROFILE`) or `default`, which AWS tools use when nothing is chosen: after
/// `doing` it (removing, renamed, ...), they no longer find it.
pub fn warn_if_in_force(context: &Context, name: &str, doing: &str) {
    let selection = crate::resolve::select_profile(None, &context.env);
    if selection.name == name && selection.source != crate::resolve::ProfileSource::Default {
        output::warn(format_args!(
            "{doing} profile {name:?}, which {}={name} makes the one in force: AWS tools in \
             this shell fail until you switch (awsprof use OTHER, or awsprof use --unset)",
            selection.source.describe()
        ));
    } else if name == "default" {
        output::warn(format_args!(
            "{doing} profile \"default\", which AWS tools use when no profile is chosen: \
             they then find no profile unless AWS_PROFILE or --profile names one"
        ));
    }
}

/// A property key for `get`, `set` and `unset`, in lower case: a valid key the AWS tools
/// know, or any valid key with `--any-key` (tools such as granted read their own keys).
pub fn checked_key(key: &str, any_key: bool) -> Result<String> {
    let key = key.to_ascii_lowercase();
    if !crate::ini::is_valid_identifier(&key) {
        bail!("{key:?} is not a valid key (letters, digits and _ - / . % @ : +)");
    }
    if any_key || crate::profiles::is_known_key(&key) {
        return Ok(key);
    }
    let closest = crate::profiles::closest_keys(&key);
    let hint = match closest.as_slice() {
        [] => String::new(),
        keys => format!("did you mean {}? ", keys.join(" or ")),
    };
    bail!(
        "{key:?} is not a key the AWS tools know; {hint}pass --any-key to use it anyway \
         (for tools that read their own keys)"
    )
}

/// Looks a profile up, or fails with the closest names as suggestions.
pub fn find_profile<'s, 'a>(set: &'s ProfileSet<'a>, name: &str) -> Result<&'s Profile<'a>> {
    if let Some(profile) = set.get(name) {
        return Ok(profile);
    }
    bail!("{}", not_found_message(set, name))
}

/// The error for a profile `which` could not find: the closest names and what selected
/// it (`--profile`, `AWS_PROFILE`, ...), as `which`, `export`, `exec` and `whoami` say it.
pub fn selected_profile_not_found(
    set: &ProfileSet<'_>,
    name: &str,
    selected_by: resolve::ProfileSource,
) -> anyhow::Error {
    anyhow::anyhow!(
        "{} (selected by {}); the AWS CLI fails the same way",
        not_found_message(set, name),
        selected_by.describe()
    )
}

/// `profile "x" not found; did you mean ...` with a pointer to `awsprof list`.
pub fn not_found_message(set: &ProfileSet<'_>, name: &str) -> String {
    let suggestions = set.closest_names(name);
    let hint = match suggestions.as_slice() {
        [] if set.profiles.is_empty() => {
            "there are no profiles yet; add one with: awsprof add NAME".to_string()
        }
        [] => "run `awsprof list` to see them all".to_string(),
        names => format!(
            "did you mean {}?",
            names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    format!("profile {name:?} not found; {hint}")
}

/// The variables that choose the files and the profile. [`Env`] holds UTF-8 only, so a
/// value that is not UTF-8 would be dropped, and awsprof would edit another file or
/// profile than the AWS CLI uses: such a value is an error instead.
const CHOOSING_VARIABLES: [&str; 8] = [
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "HOME",
    "USERPROFILE",
    "HOMEDRIVE",
    "HOMEPATH",
];

/// Fails on the first of [`CHOOSING_VARIABLES`] whose value is not UTF-8.
fn refuse_non_utf8_variables() -> Result<()> {
    for name in CHOOSING_VARIABLES {
        if let Some(value) = std::env::var_os(name)
            && value.to_str().is_none()
        {
            bail!(
                "{name} is not valid UTF-8 ({}); awsprof reads UTF-8 settings only, and would \
                 otherwise use another file or profile than the AWS CLI: set {name} to a \
                 UTF-8 value, or unset it",
                value.to_string_lossy()
            );
        }
    }
    Ok(())
}

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    refuse_non_utf8_variables()?;
    let env = Env::from_process();
    let terminal = Terminal::detect(&env);
    let context = Context::new(&cli.files, env, terminal);
    // Before anything else, an edit of both files that was interrupted is finished or
    // undone, so that no command sees one file old and the other new. (doctor reports
    // what it cannot settle instead.)
    if !matches!(cli.command, Command::Doctor(_)) {
        context.store.recover()?;
    }
    // Buffered: stdout is line-buffered, and a list of 10,000 names must not cost 10,000
    // writes. Prompts are written to stderr, so nothing waits behind this buffer.
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let out: &mut dyn Write = &mut stdout;
    match &cli.command {
        Command::List(args) => list::run(&context, args, out)?,
        Command::Show(args) => show::run(&context, args, out)?,
        Command::Which(args) => which::run(&context, args, out)?,
        Command::Add(args) => add::run(&context, args, out)?,
        Command::Remove(args) => remove::run(&context, args, out)?,
        Command::Use(args) => r#use::run(&context, args, out)?,
        Command::Export(args) => export::run(&context, args, out)?,
        Command::Init(args) => init::run(&context, args, out)?,
        Command::Completions(args) => completions::run(&context, args, out)?,
        Command::Import(args) => import::run(&context, args, out)?,
        Command::Rename(args) => rename::run(&context, args, out)?,
        Command::Get(args) => get::run(&context, args, out)?,
        Command::Set(args) => set::run(&context, args, out)?,
        Command::Unset(args) => unset::run(&context, args, out)?,
        Command::Doctor(args) => doctor::run(&context, args, out)?,
        Command::Whoami(args) => whoami::run(&context, args, out)?,
        Command::Login(args) => login::run(&context, args, out)?,
        Command::Logout(args) => logout::run(&context, args, out)?,
        Command::Exec(args) => {
            out.flush()?;
            exec::run(&context, args)?
        }
        Command::Man(args) => man::run(&context, args, out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
