//! Every clap type of the command line: the contract in `shared/spec/cli.md`.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::shell::{InitShell, Shell};

mod complete;
pub mod generate;

pub use complete::COMPLETE_VAR;

/// The clap command, for completions, man pages and tests.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Completion candidates for arguments that name a profile: the profiles in the files the
/// environment points at.
fn profile_names() -> ArgValueCompleter {
    ArgValueCompleter::new(complete::profile_name_candidates)
}

/// Completion candidates for arguments that name a property key: the keys AWS tools know.
fn key_names() -> ArgValueCompleter {
    ArgValueCompleter::new(complete::key_candidates)
}

/// Manage AWS named profiles in ~/.aws/credentials and ~/.aws/config.
///
/// awsprof lists, shows, adds and removes profiles, and tells which account an AWS CLI
/// started now would use, and why. Every edit keeps comments, layout and line endings byte
/// for byte, is atomic, locked against concurrent edits, and keeps symlinks and modes.
#[derive(Debug, Parser)]
#[command(name = "awsprof", version, max_term_width = 100)]
#[command(
    after_help = "Examples:\n  awsprof list\n  awsprof which --explain\n  \
    printf '%s\\n' \"$SECRET\" | awsprof add hyde --access-key-id AKIAIOSFODNN7EXAMPLE --region eu-west-1"
)]
pub struct Cli {
    /// Where the files are.
    #[command(flatten)]
    pub files: FileArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The help heading of the options every subcommand accepts, kept apart from each
/// subcommand's own.
const GLOBAL_OPTIONS: &str = "Global options";

/// Options that choose the files, accepted by every subcommand.
#[derive(Debug, Default, Args)]
pub struct FileArgs {
    /// The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL_OPTIONS)]
    pub config_file: Option<PathBuf>,
    /// The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL_OPTIONS)]
    pub credentials_file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every profile from both files, marking the one in force
    List(ListArgs),
    /// Show every property of one profile and the file each comes from
    Show(ShowArgs),
    /// Tell which profile and credentials an AWS CLI started now would use, and why
    Which(WhichArgs),
    /// Create a profile (secrets from a prompt, stdin, the environment or a CSV; never argv)
    Add(AddArgs),
    /// Delete a profile from both files, with the comments directly above it
    Remove(RemoveArgs),
    /// Print shell code that makes a profile the current shell's (AWS_PROFILE)
    Use(UseArgs),
    /// Print shell code that puts a profile's credentials (temporary ones fetched) and region into the environment
    Export(ExportArgs),
    /// Print the shell integration: `awsprof use` switches the shell, profile names complete
    Init(InitArgs),
    /// Print a static completion script
    Completions(CompletionsArgs),
    /// Move legacy boto files and IAM console CSVs into profiles
    Import(ImportArgs),
    /// Rename a profile in both files, with its comments and every source_profile naming it
    Rename(RenameArgs),
    /// Print one property of a profile
    Get(GetArgs),
    /// Set one property of a profile in the right file
    Set(SetArgs),
    /// Remove one property of a profile from both files
    Unset(UnsetArgs),
    /// Check both files and the environment for problems, and say how to fix each
    Doctor(DoctorArgs),
    /// Run a command with a profile's credentials (temporary ones fetched) in its environment
    Exec(ExecArgs),
    /// Ask STS which account and user or role a profile's credentials really are
    Whoami(WhoamiArgs),
    /// Sign in to IAM Identity Center (SSO) with a device code; the AWS CLI shares the token
    Login(LoginArgs),
    /// Sign out of IAM Identity Center: remove SSO tokens and cached role credentials
    Logout(LogoutArgs),
    /// Print a man page, or install them all into a folder
    Man(ManArgs),
}

/// `awsprof list`
#[derive(Debug, Args)]
#[command(
    after_help = "Columns: the marker (*) on the profile `awsprof which` would pick, name, kind \
    (static, session, role, sso, process, web-identity, config-only), region, masked access key id, \
    and the files that define the profile.\n\nExamples:\n  awsprof list\n  awsprof list --names | fzf\n  \
    awsprof list --json | jq -r '.[] | select(.kind == \"static\") | .name'"
)]
pub struct ListArgs {
    /// Print one name per line (for scripts and completion)
    #[arg(long, conflicts_with = "json")]
    pub names: bool,
    /// Print a JSON array (access key ids in full; never secrets)
    #[arg(long)]
    pub json: bool,
}

/// `awsprof show`
#[derive(Debug, Args)]
#[command(
    after_help = "Properties are merged as the AWS SDKs merge them: the credentials file wins \
    for a key that is in both. For a role profile, the chain of source profiles is shown too.\n\n\
    Examples:\n  awsprof show hyde\n  awsprof show hyde --json --reveal | jq .properties"
)]
pub struct ShowArgs {
    /// The profile
    #[arg(add = profile_names())]
    pub name: String,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
    /// Show secret values instead of a mask
    #[arg(long)]
    pub reveal: bool,
}

/// `awsprof which`
#[derive(Debug, Args)]
#[command(
    after_help = "Resolves as botocore (the engine of the AWS CLI) does, without running any \
    process or calling the network: the profile from --profile, else AWS_DEFAULT_PROFILE, else \
    AWS_PROFILE, else `default`; then the credential providers in botocore's order.\n\n\
    Examples:\n  awsprof which\n  awsprof which hyde --explain\n  AWS_PROFILE=prod awsprof which --json"
)]
pub struct WhichArgs {
    /// Resolve as `aws --profile NAME` would (this switches environment keys off)
    #[arg(value_name = "NAME", conflicts_with = "profile", add = profile_names())]
    pub name: Option<String>,
    /// The same as NAME
    #[arg(long, value_name = "NAME", add = profile_names())]
    pub profile: Option<String>,
    /// Print JSON
    #[arg(long, conflicts_with = "explain")]
    pub json: bool,
    /// Print every step of the chain, what it found, and why it won or was skipped
    #[arg(long)]
    pub explain: bool,
}

/// `awsprof add`
#[derive(Debug, Args)]
#[command(
    after_help = "Secrets never go on the command line. On a terminal, awsprof asks for what \
    is missing (the secret without echo). Otherwise the secret access key is the first line of \
    stdin and an optional session token the second.\n\nExamples:\n  awsprof add hyde\n  \
    printf '%s\\n' \"$SECRET\" | awsprof add hyde --access-key-id AKIAIOSFODNN7EXAMPLE --region eu-west-1\n  \
    awsprof add hyde --force --region us-east-1   (changes only the region)\n  \
    awsprof add ci --from-env\n  awsprof add jekyll --from-csv ~/Downloads/jekyll_accessKeys.csv\n  \
    awsprof add prod-admin --role-arn arn:aws:iam::123456789012:role/Admin --source-profile hyde"
)]
pub struct AddArgs {
    /// The new profile's name (letters, digits and _ - / . % @ : +)
    pub name: String,
    /// The access key id (the secret comes from a prompt or stdin)
    #[arg(long, value_name = "ID", conflicts_with_all = ["from_env", "from_csv", "role_arn"])]
    pub access_key_id: Option<String>,
    /// Take keys and region from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
    /// AWS_REGION / AWS_DEFAULT_REGION
    #[arg(long, conflicts_with_all = ["from_csv", "role_arn"])]
    pub from_env: bool,
    /// Take keys from the access-key CSV that the IAM console downloads
    #[arg(long, value_name = "FILE", conflicts_with = "role_arn")]
    pub from_csv: Option<PathBuf>,
    /// The default region (written to the config file)
    #[arg(long)]
    pub region: Option<String>,
    /// The default output format: json, yaml, yaml-stream, text or table
    #[arg(long)]
    pub output: Option<String>,
    /// Make a role profile that assumes this role
    #[arg(long, value_name = "ARN", requires = "source_profile")]
    pub role_arn: Option<String>,
    /// The profile whose credentials assume the role (must exist)
    #[arg(long, value_name = "NAME", requires = "role_arn", add = profile_names())]
    pub source_profile: Option<String>,
    /// The MFA device the role requires
    #[arg(long, value_name = "ARN")]
    pub mfa_serial: Option<String>,
    /// Change an existing profile: only the values given change, the others, its comments
    /// and position stay (on a terminal with nothing given, asks with the current values as
    /// defaults). Keys replace another credential kind (role, SSO, process); a role replaces
    /// static keys
    #[arg(long)]
    pub force: bool,
}

/// `awsprof remove`
#[derive(Debug, Args)]
#[command(
    after_help = "Deletes the profile's sections from both files with the comment block \
    directly above each header. Nothing else changes. On a terminal it asks first (y or \
    yes, then Enter).\n\nExamples:\n  awsprof remove old-client\n  \
    awsprof remove old-client --yes\n  awsprof remove base -f   (even though other profiles use it)"
)]
pub struct RemoveArgs {
    /// The profile
    #[arg(add = profile_names())]
    pub name: String,
    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
    /// Do not ask, and remove it even when other profiles name it as source_profile
    #[arg(long, short)]
    pub force: bool,
}

/// `awsprof use`
#[derive(Debug, Args)]
#[command(
    after_help = "Prints code that sets AWS_PROFILE and unsets AWS_DEFAULT_PROFILE, \
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_SECURITY_TOKEN, each of \
    which would otherwise beat the profile. With the shell integration (awsprof init) `awsprof use NAME` applies it \
    directly.\n\nExamples:\n  eval \"$(awsprof use hyde)\"\n  awsprof use hyde --shell fish | source\n  \
    eval \"$(awsprof use --unset)\""
)]
pub struct UseArgs {
    /// The profile
    #[arg(required_unless_present = "unset", conflicts_with = "unset", add = profile_names())]
    pub name: Option<String>,
    /// Unset AWS_PROFILE and AWS_DEFAULT_PROFILE instead (back to `default`)
    #[arg(long)]
    pub unset: bool,
    /// The shell to write for [default: from $SHELL, else sh]
    #[arg(long, value_enum)]
    pub shell: Option<Shell>,
}

/// Formats of `awsprof export`: code for any shell `use` writes for, or a file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Code for a shell (`export`, `set -gx`, ...), with the shell's own names and aliases.
    Shell(Shell),
    /// A .env file: `NAME='value'`
    Dotenv,
    /// The AWS credential_process JSON
    Json,
}

impl ValueEnum for ExportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            ExportFormat::Shell(Shell::Sh),
            ExportFormat::Shell(Shell::Fish),
            ExportFormat::Shell(Shell::Powershell),
            ExportFormat::Shell(Shell::Cmd),
            ExportFormat::Dotenv,
            ExportFormat::Json,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        match self {
            ExportFormat::Shell(shell) => shell.to_possible_value(),
            ExportFormat::Dotenv => {
                Some(PossibleValue::new("dotenv").help("A .env file: NAME='value'"))
            }
            ExportFormat::Json => {
                Some(PossibleValue::new("json").help("The AWS credential_process JSON"))
            }
        }
    }
}

/// `awsprof export`
#[derive(Debug, Args)]
#[command(
    after_help = "Sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or \
    unsets it when there is none, so a stale token never survives a switch; the older \
    AWS_SECURITY_TOKEN, which botocore reads first, is always unset), \
    AWS_CREDENTIAL_EXPIRATION for temporary credentials, and AWS_REGION and AWS_DEFAULT_REGION \
    when the profile has a region. Every kind of profile works: roles (chains, MFA, external \
    id), IAM Identity Center (SSO, after `awsprof login`), web identity and credential_process \
    profiles get temporary credentials, fetched and cached in ~/.aws/cli/cache exactly as the \
    AWS CLI does, so one MFA prompt or SSO sign-in serves both. \
    On an error nothing is printed on stdout.\n\nExamples:\n  \
    eval \"$(awsprof export hyde)\"\n  awsprof export prod-admin --shell fish | source\n  \
    awsprof export prod-admin --mfa-code 123456\n  \
    awsprof export hyde --mfa-session   (GetSessionToken with the profile's mfa_serial)\n  \
    awsprof export hyde --shell dotenv > .env\n  \
    credential_process = awsprof export hyde --shell json   (in another profile)"
)]
pub struct ExportArgs {
    /// The profile
    #[arg(add = profile_names())]
    pub name: String,
    /// The shell to write for, or the file format (--format is the same option)
    #[arg(
        long = "shell",
        short = 'f',
        visible_alias = "format",
        value_enum,
        default_value = "sh"
    )]
    pub format: ExportFormat,
    /// How temporary credentials are fetched
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// How temporary credentials are fetched: shared by `export`, `exec` and `whoami`.
#[derive(Debug, Default, Args)]
pub struct FetchArgs {
    /// The MFA code, instead of asking on the terminal or running the profile's mfa_process
    #[arg(long, value_name = "CODE")]
    pub mfa_code: Option<String>,
    /// For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA
    #[arg(long)]
    pub mfa_session: bool,
    /// Neither read nor write the AWS CLI's credential cache (~/.aws/cli/cache)
    #[arg(long)]
    pub no_cache: bool,
}

/// `awsprof exec`
#[derive(Debug, Args)]
#[command(
    after_help = "The command gets the variables `awsprof export` sets; AWS_PROFILE and \
    AWS_DEFAULT_PROFILE are removed from its environment so no tool resolves another profile. \
    awsprof replaces itself with the command, so signals and the exit code pass straight \
    through.\n\nExamples:\n  awsprof exec prod-admin -- aws s3 ls\n  \
    awsprof exec ci -- terraform plan"
)]
pub struct ExecArgs {
    /// The profile
    #[arg(add = profile_names())]
    pub name: String,
    /// How temporary credentials are fetched
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// The command and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<std::ffi::OsString>,
}

/// `awsprof whoami`
#[derive(Debug, Args)]
#[command(
    after_help = "Calls STS GetCallerIdentity with the profile's credentials (fetching \
    temporary ones as `export` does). Without NAME, the profile and credentials an AWS CLI \
    started now would use (see `awsprof which`).\n\nExamples:\n  awsprof whoami\n  \
    awsprof whoami prod-admin --json"
)]
pub struct WhoamiArgs {
    /// The profile [default: the one `awsprof which` reports]
    #[arg(add = profile_names())]
    pub name: Option<String>,
    /// Print JSON: {"profile", "account", "arn", "user_id"}
    #[arg(long)]
    pub json: bool,
    /// How temporary credentials are fetched
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// `awsprof login`
#[derive(Debug, Args)]
#[command(
    after_help = "The device-code sign-in of IAM Identity Center, as `aws sso login` does it: \
    awsprof prints a URL and a code on stderr, opens the browser where one is usable (BROWSER, \
    a desktop session, or macOS; --browser and --no-browser decide instead), and waits while \
    you approve. The token is written to ~/.aws/sso/cache, where the AWS CLI and the AWS SDKs \
    read it: one sign-in serves every profile of the sso-session, in awsprof and in `aws`. \
    NAME is a profile with sso_session or sso_start_url (or a role profile whose source is \
    one), or the name of an [sso-session] section.\n\nExamples:\n  awsprof login work\n  \
    awsprof login work --no-browser   (on a remote machine: open the URL elsewhere)\n  \
    eval \"$(awsprof export work-admin)\""
)]
pub struct LoginArgs {
    /// The profile, or an [sso-session] name
    #[arg(add = profile_names())]
    pub name: String,
    /// Open the browser even where none seems usable
    #[arg(long, conflicts_with = "no_browser")]
    pub browser: bool,
    /// Only print the URL and the code; open no browser
    #[arg(long)]
    pub no_browser: bool,
}

/// `awsprof logout`
#[derive(Debug, Args)]
#[command(
    after_help = "With NAME: signs out of that profile's sso-session (or start URL) and removes \
    the role credentials cached for its profiles. Without NAME: as `aws sso logout`, removes \
    every token in ~/.aws/sso/cache and every SSO role credential in ~/.aws/cli/cache. Each \
    token is also ended at IAM Identity Center (Logout), where it can be reached.\n\n\
    Examples:\n  awsprof logout work\n  awsprof logout"
)]
pub struct LogoutArgs {
    /// The profile, or an [sso-session] name [default: every session]
    #[arg(add = profile_names())]
    pub name: Option<String>,
}

/// `awsprof init`
#[derive(Debug, Args)]
#[command(after_help = "Add one line to your shell's start-up file:\n  \
    bash (~/.bashrc):        eval \"$(awsprof init bash)\"\n  \
    zsh (~/.zshrc):          eval \"$(awsprof init zsh)\"\n  \
    fish (config.fish):      awsprof init fish | source\n  \
    PowerShell ($PROFILE):   Invoke-Expression (& awsprof init powershell | Out-String)\n\n\
    Then `awsprof use NAME` switches the current shell and `awsprof use <TAB>` completes \
    profile names.")]
pub struct InitArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: InitShell,
}

/// `awsprof completions`
#[derive(Debug, Args)]
#[command(
    after_help = "Static scripts complete commands and options; `awsprof init` adds \
    completion of profile names too.\n\nExamples:\n  awsprof completions bash > \
    ~/.local/share/bash-completion/completions/awsprof\n  awsprof completions zsh > \
    \"${fpath[1]}/_awsprof\"\n  awsprof completions fish > ~/.config/fish/completions/awsprof.fish"
)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `awsprof import`
#[derive(Debug, Args)]
#[command(
    after_help = "With no PATH: $BOTO_CONFIG, ~/.boto and every ~/.boto_NAME. A boto \
    file's [Credentials] becomes a profile named after the file: ~/.boto -> default, \
    ~/.boto_razorassoc -> razorassoc, any other file by its name without extension \
    (~/creds/clientC.cfg -> clientC), or --as NAME; each [profile NAME] becomes NAME, and \
    ec2_region_name in [Boto] becomes the region. Other sections are reported and skipped. A \
    PATH ending in .csv is the IAM console's access-key CSV. Running it twice imports nothing \
    the second time; nothing is ever deleted: the closing advice names the files whose keys \
    are all in profiles now (checked by reading the files back) and the files kept, and \
    why.\n\nExamples:\n  \
    awsprof import --dry-run\n  awsprof import\n  awsprof import ~/Downloads/hyde_accessKeys.csv --as hyde"
)]
pub struct ImportArgs {
    /// Boto files or access-key CSVs [default: the legacy boto files that exist]
    pub paths: Vec<PathBuf>,
    /// The profile name for a single file's keys
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
    /// Print the plan and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Replace profiles whose keys differ
    #[arg(long)]
    pub force: bool,
}

/// `awsprof rename`
#[derive(Debug, Args)]
#[command(
    after_help = "Renames the sections in both files (their comments stay with them) and \
    updates every `source_profile = OLD`, in one locked update.\n\nExamples:\n  \
    awsprof rename clowncollege clown-college"
)]
pub struct RenameArgs {
    /// The profile to rename
    #[arg(add = profile_names())]
    pub old: String,
    /// Its new name (must not exist)
    pub new: String,
}

/// `awsprof get`
#[derive(Debug, Args)]
#[command(
    after_help = "Prints the value as the AWS SDKs merge the files (the credentials file \
    wins). Exits 1 when the profile does not exist or the key is not set. A key the AWS tools \
    do not know is refused with the closest known keys, unless --any-key.\n\nExamples:\n  awsprof get hyde region\n  \
    awsprof get hyde aws_secret_access_key --reveal | pbcopy"
)]
pub struct GetArgs {
    /// The profile
    #[arg(add = profile_names())]
    pub name: String,
    /// The key, e.g. region
    #[arg(add = key_names())]
    pub key: String,
    /// Print secrets instead of a mask (without it, a secret is an error when stdout is
    /// not a terminal)
    #[arg(long)]
    pub reveal: bool,
    /// Accept a key the AWS tools do not know
    #[arg(long)]
    pub any_key: bool,
}

/// `awsprof set`
#[derive(Debug, Args)]
#[command(
    after_help = "Secrets (aws_access_key_id, aws_secret_access_key, aws_session_token) go \
    to the credentials file, everything else to the config file; a key found in the other file \
    is moved. Secrets are never taken from the command line: with VALUE `-` they are asked \
    without echo on a terminal, else read from stdin's first line. The profile must exist \
    (create it with `awsprof add`); a key the AWS tools do not know is refused unless \
    --any-key.\n\nExamples:\n  \
    awsprof set hyde region eu-west-1\n  awsprof set hyde aws_secret_access_key -\n  \
    printf '%s\\n' \"$SECRET\" | awsprof set hyde aws_secret_access_key -"
)]
pub struct SetArgs {
    /// The profile
    #[arg(add = profile_names())]
    pub name: String,
    /// The key, e.g. region
    #[arg(add = key_names())]
    pub key: String,
    /// The value, or - to ask for it (without echo for a secret) or read stdin's first line
    pub value: String,
    /// Accept a key the AWS tools do not know
    #[arg(long)]
    pub any_key: bool,
}

/// `awsprof unset`
#[derive(Debug, Args)]
#[command(
    after_help = "Removes the key from every section of the profile in both files.\n\n\
    Examples:\n  awsprof unset hyde aws_session_token\n  awsprof unset hyde output"
)]
pub struct UnsetArgs {
    /// The profile
    #[arg(add = profile_names())]
    pub name: String,
    /// The key
    #[arg(add = key_names())]
    pub key: String,
    /// Accept a key the AWS tools do not know
    #[arg(long)]
    pub any_key: bool,
}

/// `awsprof doctor`
#[derive(Debug, Args)]
#[command(
    after_help = "Checks permissions, misplaced settings, headers AWS tools ignore, \
    duplicates and other things AWS tools read differently, broken role chains, environment \
    variables that override the selected profile, and legacy boto files. Exits 1 when it finds \
    an error.\n\nExamples:\n  awsprof doctor\n  awsprof doctor --json | jq '.findings[] | select(.level == \"error\")'"
)]
pub struct DoctorArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// `awsprof man`
#[derive(Debug, Args)]
#[command(
    after_help = "The man pages are built into the binary, so that `cargo install` users have \
    them too.\n\nExamples:\n  awsprof man | man -l -\n  awsprof man add | man -l -\n  \
    awsprof man --install ~/.local/share/man/man1"
)]
pub struct ManArgs {
    /// The subcommand whose page to print [default: the main page]
    #[arg(conflicts_with = "install")]
    pub command: Option<String>,
    /// Write every page (awsprof.1 and one per subcommand) into this folder
    #[arg(long, value_name = "DIR")]
    pub install: Option<PathBuf>,
}
