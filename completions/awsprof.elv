
use builtin;
use str;

set edit:completion:arg-completer[awsprof] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'awsprof'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'awsprof'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every profile from both files, marking the one in force'
            cand show 'Show every property of one profile and the file each comes from'
            cand which 'Tell which profile and credentials an AWS CLI started now would use, and why'
            cand add 'Create a profile (secrets from a prompt, stdin, the environment or a CSV; never argv)'
            cand remove 'Delete a profile from both files, with the comments directly above it'
            cand use 'Print shell code that makes a profile the current shell''s (AWS_PROFILE)'
            cand export 'Print shell code that puts a profile''s credentials (temporary ones fetched) and region into the environment'
            cand init 'Print the shell integration: `awsprof use` switches the shell, profile names complete'
            cand completions 'Print a static completion script'
            cand import 'Move legacy boto files and IAM console CSVs into profiles'
            cand rename 'Rename a profile in both files, with its comments and every source_profile naming it'
            cand get 'Print one property of a profile'
            cand set 'Set one property of a profile in the right file'
            cand unset 'Remove one property of a profile from both files'
            cand doctor 'Check both files and the environment for problems, and say how to fix each'
            cand exec 'Run a command with a profile''s credentials (temporary ones fetched) in its environment'
            cand whoami 'Ask STS which account and user or role a profile''s credentials really are'
            cand login 'Sign in to IAM Identity Center (SSO) with a device code; the AWS CLI shares the token'
            cand logout 'Sign out of IAM Identity Center: remove SSO tokens and cached role credentials'
            cand man 'Print a man page, or install them all into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'awsprof;list'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --names 'Print one name per line (for scripts and completion)'
            cand --json 'Print a JSON array (access key ids in full; never secrets)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;show'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --json 'Print JSON'
            cand --reveal 'Show secret values instead of a mask'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;which'= {
            cand --profile 'The same as NAME'
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --json 'Print JSON'
            cand --explain 'Print every step of the chain, what it found, and why it won or was skipped'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;add'= {
            cand --access-key-id 'The access key id (the secret comes from a prompt or stdin)'
            cand --from-csv 'Take keys from the access-key CSV that the IAM console downloads'
            cand --region 'The default region (written to the config file)'
            cand --output 'The default output format: json, yaml, yaml-stream, text or table'
            cand --role-arn 'Make a role profile that assumes this role'
            cand --source-profile 'The profile whose credentials assume the role (must exist)'
            cand --mfa-serial 'The MFA device the role requires'
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --from-env 'Take keys and region from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION'
            cand --force 'Change an existing profile: only the values given change, the others, its comments and position stay (on a terminal with nothing given, asks with the current values as defaults). Keys replace another credential kind (role, SSO, process); a role replaces static keys'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;remove'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -f 'Do not ask, and remove it even when other profiles name it as source_profile'
            cand --force 'Do not ask, and remove it even when other profiles name it as source_profile'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;use'= {
            cand --shell 'The shell to write for [default: from $SHELL, else sh]'
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --unset 'Unset AWS_PROFILE and AWS_DEFAULT_PROFILE instead (back to `default`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'awsprof;export'= {
            cand -f 'The shell to write for, or the file format (--format is the same option)'
            cand --shell 'The shell to write for, or the file format (--format is the same option)'
            cand --format 'The shell to write for, or the file format (--format is the same option)'
            cand --mfa-code 'The MFA code, instead of asking on the terminal or running the profile''s mfa_process'
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --mfa-session 'For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA'
            cand --no-cache 'Neither read nor write the AWS CLI''s credential cache (~/.aws/cli/cache)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'awsprof;init'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'awsprof;completions'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;import'= {
            cand --as 'The profile name for a single file''s keys'
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --dry-run 'Print the plan and write nothing'
            cand --force 'Replace profiles whose keys differ'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;rename'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;get'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --reveal 'Print secrets instead of a mask (without it, a secret is an error when stdout is not a terminal)'
            cand --any-key 'Accept a key the AWS tools do not know'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;set'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --any-key 'Accept a key the AWS tools do not know'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;unset'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --any-key 'Accept a key the AWS tools do not know'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;doctor'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;exec'= {
            cand --mfa-code 'The MFA code, instead of asking on the terminal or running the profile''s mfa_process'
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --mfa-session 'For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA'
            cand --no-cache 'Neither read nor write the AWS CLI''s credential cache (~/.aws/cli/cache)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;whoami'= {
            cand --mfa-code 'The MFA code, instead of asking on the terminal or running the profile''s mfa_process'
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --json 'Print JSON: {"profile", "account", "arn", "user_id"}'
            cand --mfa-session 'For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA'
            cand --no-cache 'Neither read nor write the AWS CLI''s credential cache (~/.aws/cli/cache)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;login'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand --browser 'Open the browser even where none seems usable'
            cand --no-browser 'Only print the URL and the code; open no browser'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;logout'= {
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;man'= {
            cand --install 'Write every page (awsprof.1 and one per subcommand) into this folder'
            cand --config-file 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]'
            cand --credentials-file 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'awsprof;help'= {
            cand list 'List every profile from both files, marking the one in force'
            cand show 'Show every property of one profile and the file each comes from'
            cand which 'Tell which profile and credentials an AWS CLI started now would use, and why'
            cand add 'Create a profile (secrets from a prompt, stdin, the environment or a CSV; never argv)'
            cand remove 'Delete a profile from both files, with the comments directly above it'
            cand use 'Print shell code that makes a profile the current shell''s (AWS_PROFILE)'
            cand export 'Print shell code that puts a profile''s credentials (temporary ones fetched) and region into the environment'
            cand init 'Print the shell integration: `awsprof use` switches the shell, profile names complete'
            cand completions 'Print a static completion script'
            cand import 'Move legacy boto files and IAM console CSVs into profiles'
            cand rename 'Rename a profile in both files, with its comments and every source_profile naming it'
            cand get 'Print one property of a profile'
            cand set 'Set one property of a profile in the right file'
            cand unset 'Remove one property of a profile from both files'
            cand doctor 'Check both files and the environment for problems, and say how to fix each'
            cand exec 'Run a command with a profile''s credentials (temporary ones fetched) in its environment'
            cand whoami 'Ask STS which account and user or role a profile''s credentials really are'
            cand login 'Sign in to IAM Identity Center (SSO) with a device code; the AWS CLI shares the token'
            cand logout 'Sign out of IAM Identity Center: remove SSO tokens and cached role credentials'
            cand man 'Print a man page, or install them all into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'awsprof;help;list'= {
        }
        &'awsprof;help;show'= {
        }
        &'awsprof;help;which'= {
        }
        &'awsprof;help;add'= {
        }
        &'awsprof;help;remove'= {
        }
        &'awsprof;help;use'= {
        }
        &'awsprof;help;export'= {
        }
        &'awsprof;help;init'= {
        }
        &'awsprof;help;completions'= {
        }
        &'awsprof;help;import'= {
        }
        &'awsprof;help;rename'= {
        }
        &'awsprof;help;get'= {
        }
        &'awsprof;help;set'= {
        }
        &'awsprof;help;unset'= {
        }
        &'awsprof;help;doctor'= {
        }
        &'awsprof;help;exec'= {
        }
        &'awsprof;help;whoami'= {
        }
        &'awsprof;help;login'= {
        }
        &'awsprof;help;logout'= {
        }
        &'awsprof;help;man'= {
        }
        &'awsprof;help;help'= {
        }
    ]
    $completions[$command]
}
