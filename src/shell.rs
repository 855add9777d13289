//! Shells: quoting, lines that set and unset variables, and the `init` integration
//! scripts. Output of `use` and `export` is evaluated by a shell, so every value is quoted
//! so that evaluating it can never run anything, whatever the value holds.

use std::fmt::Write as _;

use anyhow::{Result, bail};

/// A shell (or format) that awsprof writes code for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// POSIX sh, and so dash, bash, zsh and ksh.
    #[value(alias = "bash", alias = "zsh", alias = "dash", alias = "ksh")]
    Sh,
    /// fish.
    Fish,
    /// PowerShell (pwsh and Windows PowerShell).
    #[value(alias = "pwsh")]
    Powershell,
    /// Windows cmd.exe.
    Cmd,
}

impl Shell {
    /// The shell named by a path such as `$SHELL` (`/usr/bin/fish` is fish); POSIX sh for
    /// anything unknown.
    pub fn from_path(path: &str) -> Shell {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let name = name.strip_suffix(".exe").unwrap_or(name);
        match name {
            "fish" => Shell::Fish,
            "pwsh" | "powershell" => Shell::Powershell,
            "cmd" => Shell::Cmd,
            _ => Shell::Sh,
        }
    }

    /// A line that sets (and exports) a variable.
    pub fn set(self, name: &str, value: &str) -> Result<String> {
        Ok(match self {
            Shell::Sh => format!("export {name}={}", quote_sh(value)),
            Shell::Fish => format!("set -gx {name} {}", quote_fish(value)),
            Shell::Powershell => format!("$Env:{name} = {}", quote_powershell(value)),
            Shell::Cmd => format!("set \"{name}={}\"", check_cmd(name, value)?),
        })
    }

    /// A line that removes a variable from the environment.
    pub fn unset(self, name: &str) -> String {
        match self {
            Shell::Sh => format!("unset {name}"),
            // `set -e` fails (status 4) on an unset variable; that is no failure here.
            Shell::Fish => format!("set -e {name}; or true"),
            Shell::Powershell => {
                format!("Remove-Item Env:{name} -ErrorAction SilentlyContinue")
            }
            Shell::Cmd => format!("set {name}="),
        }
    }
}

/// POSIX single quotes: everything is literal; a `'` is written `'\''`.
pub fn quote_sh(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// fish single quotes: only `\` and `'` are special, each escaped with `\`.
pub fn quote_fish(value: &str) -> String {
    let mut quoted = String::from("'");
    for c in value.chars() {
        if c == '\\' || c == '\'' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

/// PowerShell single quotes: literal; `'` and the typographic single quotes
/// U+2018..U+201B (which PowerShell also takes as quotes) are doubled.
pub fn quote_powershell(value: &str) -> String {
    let mut quoted = String::from("'");
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            quoted.push(c);
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

/// cmd.exe has no quoting that stops `%VAR%` expansion, and `"` or a line break would end
/// the command, so values with those are refused rather than mangled.
fn check_cmd<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, '%' | '"' | '!' | '^') || c.is_control())
    {
        bail!(
            "the value of {name} contains {c:?}, which cmd.exe cannot take safely; \
             use --shell powershell or --shell dotenv"
        );
    }
    Ok(value)
}

/// A dotenv line, `NAME='value'`: single quotes, which python-dotenv, docker compose and
/// `set -a; . FILE` in sh all read literally, as long as the value holds none of the
/// characters they treat differently (`'`, `"`, `\`, `$`, a backtick, a line break or any
/// other control character). Such a value is refused with the variable's name: AWS keys,
/// tokens and regions never hold these.
pub fn dotenv_line(name: &str, value: &str) -> Result<String> {
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, '\'' | '"' | '\\' | '$' | '`') || c.is_control())
    {
        bail!(
            "the value of {name} contains {}, which dotenv readers (python-dotenv, docker \
             compose, `set -a; . FILE` in sh) read differently; nothing was printed: use \
             --shell sh or --shell json",
            c.escape_default()
        );
    }
    Ok(format!("{name}='{value}'"))
}

/// The shells `awsprof init` supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InitShell {
    /// bash: `eval "$(awsprof init bash)"` in ~/.bashrc
    Bash,
    /// zsh: `eval "$(awsprof init zsh)"` in ~/.zshrc
    Zsh,
    /// fish: `awsprof init fish | source` in ~/.config/fish/config.fish
    Fish,
    /// PowerShell: `Invoke-Expression (& awsprof init powershell | Out-String)` in $PROFILE
    Powershell,
}

impl InitShell {
    /// The line a user adds to the shell's start-up file.
    pub fn rc_line(self) -> &'static str {
        match self {
            InitShell::Bash => "eval \"$(awsprof init bash)\"",
            InitShell::Zsh => "eval \"$(awsprof init zsh)\"",
            InitShell::Fish => "awsprof init fish | source",
            InitShell::Powershell => "Invoke-Expression (& awsprof init powershell | Out-String)",
        }
    }

    /// The name clap_complete uses for the shell.
    pub fn completion_name(self) -> &'static str {
        match self {
            InitShell::Bash => "bash",
            InitShell::Zsh => "zsh",
            InitShell::Fish => "fish",
            InitShell::Powershell => "powershell",
        }
    }

    /// The wrapper that makes `awsprof use NAME` change the current shell: it evaluates the
    /// code `use` prints when run at a prompt (stdout a terminal), and passes every other
    /// call, and `use` inside `$(...)`, straight through.
    pub fn wrapper(self) -> String {
        let mut script = String::new();
        let _ = writeln!(
            script,
            "# awsprof shell integration ({}); add to your start-up file:\n#   {}",
            self.completion_name(),
            self.rc_line()
        );
        script.push_str(match self {
            InitShell::Bash | InitShell::Zsh => POSIX_WRAPPER,
            InitShell::Fish => FISH_WRAPPER,
            InitShell::Powershell => POWERSHELL_WRAPPER,
        });
        script
    }
}

const POSIX_WRAPPER: &str = r#"awsprof() {
  if [ "${1-}" = use ] && [ -t 1 ]; then
    case " $* " in *" -h "*|*" --help "*) command awsprof "$@"; return ;; esac
    shift
    local awsprof_code
    awsprof_code="$(command awsprof use --shell sh "$@")" || return
    eval "$awsprof_code"
  else
    command awsprof "$@"
  fi
}
"#;

const FISH_WRAPPER: &str = r#"function awsprof --description 'awsprof; `awsprof use NAME` switches this shell'
    if test (count $argv) -ge 1; and test "$argv[1]" = use; and isatty stdout; and not contains -- --help $argv; and not contains -- -h $argv
        set -l awsprof_code (command awsprof use --shell fish $argv[2..-1] | string collect)
        set -l awsprof_status $pipestatus[1]
        test $awsprof_status -eq 0; or return $awsprof_status
        printf '%s\n' $awsprof_code | source
    else
        command awsprof $argv
    end
end
"#;

const POWERSHELL_WRAPPER: &str = r#"function awsprof {
    $awsprofExe = Get-Command awsprof -CommandType Application | Select-Object -First 1
    if ($args.Count -ge 1 -and $args[0] -eq 'use' -and -not ($args -contains '--help' -or $args -contains '-h')) {
        $rest = @($args | Select-Object -Skip 1)
        $awsprofCode = & $awsprofExe use --shell powershell @rest
        if ($LASTEXITCODE -ne 0) { return }
        Invoke-Expression ($awsprofCode -join "`n")
    } else {
        & $awsprofExe @args
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_quotes_single_quotes() {
        assert_eq!(quote_sh("it's $(x)"), r"'it'\''s $(x)'");
    }

    #[test]
    fn fish_escapes_backslash_and_quote() {
        assert_eq!(quote_fish(r"a\b'c$d"), r"'a\\b\'c$d'");
    }

    #[test]
    fn powershell_doubles_all_single_quote_forms() {
        assert_eq!(quote_powershell("a'b"), "'a''b'");
        assert_eq!(
            quote_powershell("\u{2018}x\u{2019}\u{201A}\u{201B}"),
            "'\u{2018}\u{2018}x\u{2019}\u{2019}\u{201A}\u{201A}\u{201B}\u{201B}'"
        );
        assert_eq!(quote_powershell("$(Get-Date) `n"), "'$(Get-Date) `n'");
        assert_eq!(
            Shell::Powershell.set("AWS_X", "a'b").unwrap(),
            "$Env:AWS_X = 'a''b'"
        );
        assert_eq!(
            Shell::Powershell.unset("AWS_X"),
            "Remove-Item Env:AWS_X -ErrorAction SilentlyContinue"
        );
    }

    #[test]
    fn cmd_sets_plain_values_and_refuses_expansions() {
        assert_eq!(
            Shell::Cmd.set("AWS_X", "ab/c+d=").unwrap(),
            "set \"AWS_X=ab/c+d=\""
        );
        assert_eq!(Shell::Cmd.unset("AWS_X"), "set AWS_X=");
        for hostile in ["%PATH%", "a\"b", "x!y!", "a^b", "a\nb"] {
            assert!(Shell::Cmd.set("AWS_X", hostile).is_err(), "{hostile:?}");
        }
    }

    #[test]
    fn dotenv_single_quotes_or_refuses_with_the_name() {
        assert_eq!(
            dotenv_line("K", "wJalr/K7+MDENG= #x;é").unwrap(),
            "K='wJalr/K7+MDENG= #x;é'"
        );
        for hostile in [
            "a'b", "a\"b", "a\\b", "a$b", "a`b`", "a\nb", "a\rb", "a\u{0}b",
        ] {
            let error = dotenv_line("AWS_X", hostile).unwrap_err().to_string();
            assert!(error.contains("AWS_X"), "{hostile:?}: {error}");
        }
    }

    #[test]
    fn shells_from_paths() {
        assert_eq!(Shell::from_path("/usr/bin/fish"), Shell::Fish);
        assert_eq!(Shell::from_path("/bin/zsh"), Shell::Sh);
        assert_eq!(Shell::from_path("C:\\x\\pwsh.exe"), Shell::Powershell);
        assert_eq!(Shell::from_path(""), Shell::Sh);
    }
}
