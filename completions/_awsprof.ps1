
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'awsprof' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'awsprof'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'awsprof' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every profile from both files, marking the one in force')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every property of one profile and the file each comes from')
            [CompletionResult]::new('which', 'which', [CompletionResultType]::ParameterValue, 'Tell which profile and credentials an AWS CLI started now would use, and why')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a profile (secrets from a prompt, stdin, the environment or a CSV; never argv)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a profile from both files, with the comments directly above it')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Print shell code that makes a profile the current shell''s (AWS_PROFILE)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print shell code that puts a profile''s credentials (temporary ones fetched) and region into the environment')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Print the shell integration: `awsprof use` switches the shell, profile names complete')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a static completion script')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Move legacy boto files and IAM console CSVs into profiles')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a profile in both files, with its comments and every source_profile naming it')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one property of a profile')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one property of a profile in the right file')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one property of a profile from both files')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check both files and the environment for problems, and say how to fix each')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with a profile''s credentials (temporary ones fetched) in its environment')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Ask STS which account and user or role a profile''s credentials really are')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to IAM Identity Center (SSO) with a device code; the AWS CLI shares the token')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Sign out of IAM Identity Center: remove SSO tokens and cached role credentials')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page, or install them all into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'awsprof;list' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Print one name per line (for scripts and completion)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array (access key ids in full; never secrets)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;show' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show secret values instead of a mask')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;which' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The same as NAME')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print every step of the chain, what it found, and why it won or was skipped')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;add' {
            [CompletionResult]::new('--access-key-id', '--access-key-id', [CompletionResultType]::ParameterName, 'The access key id (the secret comes from a prompt or stdin)')
            [CompletionResult]::new('--from-csv', '--from-csv', [CompletionResultType]::ParameterName, 'Take keys from the access-key CSV that the IAM console downloads')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The default region (written to the config file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The default output format: json, yaml, yaml-stream, text or table')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Make a role profile that assumes this role')
            [CompletionResult]::new('--source-profile', '--source-profile', [CompletionResultType]::ParameterName, 'The profile whose credentials assume the role (must exist)')
            [CompletionResult]::new('--mfa-serial', '--mfa-serial', [CompletionResultType]::ParameterName, 'The MFA device the role requires')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--from-env', '--from-env', [CompletionResultType]::ParameterName, 'Take keys and region from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Change an existing profile: only the values given change, the others, its comments and position stay (on a terminal with nothing given, asks with the current values as defaults). Keys replace another credential kind (role, SSO, process); a role replaces static keys')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;remove' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Do not ask, and remove it even when other profiles name it as source_profile')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Do not ask, and remove it even when other profiles name it as source_profile')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;use' {
            [CompletionResult]::new('--shell', '--shell', [CompletionResultType]::ParameterName, 'The shell to write for [default: from $SHELL, else sh]')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Unset AWS_PROFILE and AWS_DEFAULT_PROFILE instead (back to `default`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'awsprof;export' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The shell to write for, or the file format (--format is the same option)')
            [CompletionResult]::new('--shell', '--shell', [CompletionResultType]::ParameterName, 'The shell to write for, or the file format (--format is the same option)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The shell to write for, or the file format (--format is the same option)')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'The MFA code, instead of asking on the terminal or running the profile''s mfa_process')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--mfa-session', '--mfa-session', [CompletionResultType]::ParameterName, 'For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor write the AWS CLI''s credential cache (~/.aws/cli/cache)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'awsprof;init' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'awsprof;completions' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;import' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'The profile name for a single file''s keys')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace profiles whose keys differ')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;rename' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;get' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print secrets instead of a mask (without it, a secret is an error when stdout is not a terminal)')
            [CompletionResult]::new('--any-key', '--any-key', [CompletionResultType]::ParameterName, 'Accept a key the AWS tools do not know')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;set' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--any-key', '--any-key', [CompletionResultType]::ParameterName, 'Accept a key the AWS tools do not know')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;unset' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--any-key', '--any-key', [CompletionResultType]::ParameterName, 'Accept a key the AWS tools do not know')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;doctor' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;exec' {
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'The MFA code, instead of asking on the terminal or running the profile''s mfa_process')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--mfa-session', '--mfa-session', [CompletionResultType]::ParameterName, 'For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor write the AWS CLI''s credential cache (~/.aws/cli/cache)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;whoami' {
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'The MFA code, instead of asking on the terminal or running the profile''s mfa_process')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: {"profile", "account", "arn", "user_id"}')
            [CompletionResult]::new('--mfa-session', '--mfa-session', [CompletionResultType]::ParameterName, 'For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor write the AWS CLI''s credential cache (~/.aws/cli/cache)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;login' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Open the browser even where none seems usable')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Only print the URL and the code; open no browser')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;logout' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;man' {
            [CompletionResult]::new('--install', '--install', [CompletionResultType]::ParameterName, 'Write every page (awsprof.1 and one per subcommand) into this folder')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'awsprof;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every profile from both files, marking the one in force')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every property of one profile and the file each comes from')
            [CompletionResult]::new('which', 'which', [CompletionResultType]::ParameterValue, 'Tell which profile and credentials an AWS CLI started now would use, and why')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a profile (secrets from a prompt, stdin, the environment or a CSV; never argv)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a profile from both files, with the comments directly above it')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Print shell code that makes a profile the current shell''s (AWS_PROFILE)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print shell code that puts a profile''s credentials (temporary ones fetched) and region into the environment')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Print the shell integration: `awsprof use` switches the shell, profile names complete')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a static completion script')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Move legacy boto files and IAM console CSVs into profiles')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a profile in both files, with its comments and every source_profile naming it')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one property of a profile')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one property of a profile in the right file')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one property of a profile from both files')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check both files and the environment for problems, and say how to fix each')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with a profile''s credentials (temporary ones fetched) in its environment')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Ask STS which account and user or role a profile''s credentials really are')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to IAM Identity Center (SSO) with a device code; the AWS CLI shares the token')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Sign out of IAM Identity Center: remove SSO tokens and cached role credentials')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page, or install them all into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'awsprof;help;list' {
            break
        }
        'awsprof;help;show' {
            break
        }
        'awsprof;help;which' {
            break
        }
        'awsprof;help;add' {
            break
        }
        'awsprof;help;remove' {
            break
        }
        'awsprof;help;use' {
            break
        }
        'awsprof;help;export' {
            break
        }
        'awsprof;help;init' {
            break
        }
        'awsprof;help;completions' {
            break
        }
        'awsprof;help;import' {
            break
        }
        'awsprof;help;rename' {
            break
        }
        'awsprof;help;get' {
            break
        }
        'awsprof;help;set' {
            break
        }
        'awsprof;help;unset' {
            break
        }
        'awsprof;help;doctor' {
            break
        }
        'awsprof;help;exec' {
            break
        }
        'awsprof;help;whoami' {
            break
        }
        'awsprof;help;login' {
            break
        }
        'awsprof;help;logout' {
            break
        }
        'awsprof;help;man' {
            break
        }
        'awsprof;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
