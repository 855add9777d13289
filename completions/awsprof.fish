# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_awsprof_global_optspecs
    string join \n config-file= credentials-file= h/help V/version
end

function __fish_awsprof_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_awsprof_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_awsprof_using_subcommand
    set -l cmd (__fish_awsprof_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c awsprof -n "__fish_awsprof_needs_command" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_needs_command" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsprof -n "__fish_awsprof_needs_command" -s V -l version -d 'Print version'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "list" -d 'List every profile from both files, marking the one in force'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "show" -d 'Show every property of one profile and the file each comes from'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "which" -d 'Tell which profile and credentials an AWS CLI started now would use, and why'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "add" -d 'Create a profile (secrets from a prompt, stdin, the environment or a CSV; never argv)'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "remove" -d 'Delete a profile from both files, with the comments directly above it'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "use" -d 'Print shell code that makes a profile the current shell\'s (AWS_PROFILE)'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "export" -d 'Print shell code that puts a profile\'s credentials (temporary ones fetched) and region into the environment'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "init" -d 'Print the shell integration: `awsprof use` switches the shell, profile names complete'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "completions" -d 'Print a static completion script'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "import" -d 'Move legacy boto files and IAM console CSVs into profiles'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "rename" -d 'Rename a profile in both files, with its comments and every source_profile naming it'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "get" -d 'Print one property of a profile'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "set" -d 'Set one property of a profile in the right file'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "unset" -d 'Remove one property of a profile from both files'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "doctor" -d 'Check both files and the environment for problems, and say how to fix each'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "exec" -d 'Run a command with a profile\'s credentials (temporary ones fetched) in its environment'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "whoami" -d 'Ask STS which account and user or role a profile\'s credentials really are'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "login" -d 'Sign in to IAM Identity Center (SSO) with a device code; the AWS CLI shares the token'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "logout" -d 'Sign out of IAM Identity Center: remove SSO tokens and cached role credentials'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "man" -d 'Print a man page, or install them all into a folder'
complete -c awsprof -n "__fish_awsprof_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c awsprof -n "__fish_awsprof_using_subcommand list" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand list" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand list" -l names -d 'Print one name per line (for scripts and completion)'
complete -c awsprof -n "__fish_awsprof_using_subcommand list" -l json -d 'Print a JSON array (access key ids in full; never secrets)'
complete -c awsprof -n "__fish_awsprof_using_subcommand list" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand show" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand show" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand show" -l json -d 'Print JSON'
complete -c awsprof -n "__fish_awsprof_using_subcommand show" -l reveal -d 'Show secret values instead of a mask'
complete -c awsprof -n "__fish_awsprof_using_subcommand show" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand which" -l profile -d 'The same as NAME' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand which" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand which" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand which" -l json -d 'Print JSON'
complete -c awsprof -n "__fish_awsprof_using_subcommand which" -l explain -d 'Print every step of the chain, what it found, and why it won or was skipped'
complete -c awsprof -n "__fish_awsprof_using_subcommand which" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l access-key-id -d 'The access key id (the secret comes from a prompt or stdin)' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l from-csv -d 'Take keys from the access-key CSV that the IAM console downloads' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l region -d 'The default region (written to the config file)' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l output -d 'The default output format: json, yaml, yaml-stream, text or table' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l role-arn -d 'Make a role profile that assumes this role' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l source-profile -d 'The profile whose credentials assume the role (must exist)' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l mfa-serial -d 'The MFA device the role requires' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l from-env -d 'Take keys and region from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION'
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -l force -d 'Change an existing profile: only the values given change, the others, its comments and position stay (on a terminal with nothing given, asks with the current values as defaults). Keys replace another credential kind (role, SSO, process); a role replaces static keys'
complete -c awsprof -n "__fish_awsprof_using_subcommand add" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand remove" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand remove" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand remove" -s y -l yes -d 'Do not ask for confirmation'
complete -c awsprof -n "__fish_awsprof_using_subcommand remove" -s f -l force -d 'Do not ask, and remove it even when other profiles name it as source_profile'
complete -c awsprof -n "__fish_awsprof_using_subcommand remove" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand use" -l shell -d 'The shell to write for [default: from $SHELL, else sh]' -r -f -a "sh\t'POSIX sh, and so dash, bash, zsh and ksh'
fish\t'fish'
powershell\t'PowerShell (pwsh and Windows PowerShell)'
cmd\t'Windows cmd.exe'"
complete -c awsprof -n "__fish_awsprof_using_subcommand use" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand use" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand use" -l unset -d 'Unset AWS_PROFILE and AWS_DEFAULT_PROFILE instead (back to `default`)'
complete -c awsprof -n "__fish_awsprof_using_subcommand use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsprof -n "__fish_awsprof_using_subcommand export" -s f -l shell -l format -d 'The shell to write for, or the file format (--format is the same option)' -r -f -a "sh\t'POSIX sh, and so dash, bash, zsh and ksh'
fish\t'fish'
powershell\t'PowerShell (pwsh and Windows PowerShell)'
cmd\t'Windows cmd.exe'
dotenv\t'A .env file: NAME=\'value\''
json\t'The AWS credential_process JSON'"
complete -c awsprof -n "__fish_awsprof_using_subcommand export" -l mfa-code -d 'The MFA code, instead of asking on the terminal or running the profile\'s mfa_process' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand export" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand export" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand export" -l mfa-session -d 'For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA'
complete -c awsprof -n "__fish_awsprof_using_subcommand export" -l no-cache -d 'Neither read nor write the AWS CLI\'s credential cache (~/.aws/cli/cache)'
complete -c awsprof -n "__fish_awsprof_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsprof -n "__fish_awsprof_using_subcommand init" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand init" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsprof -n "__fish_awsprof_using_subcommand completions" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand completions" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand completions" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand import" -l as -d 'The profile name for a single file\'s keys' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand import" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand import" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand import" -l dry-run -d 'Print the plan and write nothing'
complete -c awsprof -n "__fish_awsprof_using_subcommand import" -l force -d 'Replace profiles whose keys differ'
complete -c awsprof -n "__fish_awsprof_using_subcommand import" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand rename" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand rename" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand rename" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand get" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand get" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand get" -l reveal -d 'Print secrets instead of a mask (without it, a secret is an error when stdout is not a terminal)'
complete -c awsprof -n "__fish_awsprof_using_subcommand get" -l any-key -d 'Accept a key the AWS tools do not know'
complete -c awsprof -n "__fish_awsprof_using_subcommand get" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand set" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand set" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand set" -l any-key -d 'Accept a key the AWS tools do not know'
complete -c awsprof -n "__fish_awsprof_using_subcommand set" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand unset" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand unset" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand unset" -l any-key -d 'Accept a key the AWS tools do not know'
complete -c awsprof -n "__fish_awsprof_using_subcommand unset" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand doctor" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand doctor" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand doctor" -l json -d 'Print JSON'
complete -c awsprof -n "__fish_awsprof_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand exec" -l mfa-code -d 'The MFA code, instead of asking on the terminal or running the profile\'s mfa_process' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand exec" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand exec" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand exec" -l mfa-session -d 'For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA'
complete -c awsprof -n "__fish_awsprof_using_subcommand exec" -l no-cache -d 'Neither read nor write the AWS CLI\'s credential cache (~/.aws/cli/cache)'
complete -c awsprof -n "__fish_awsprof_using_subcommand exec" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand whoami" -l mfa-code -d 'The MFA code, instead of asking on the terminal or running the profile\'s mfa_process' -r
complete -c awsprof -n "__fish_awsprof_using_subcommand whoami" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand whoami" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand whoami" -l json -d 'Print JSON: {"profile", "account", "arn", "user_id"}'
complete -c awsprof -n "__fish_awsprof_using_subcommand whoami" -l mfa-session -d 'For a profile with keys and mfa_serial: temporary credentials from GetSessionToken with MFA'
complete -c awsprof -n "__fish_awsprof_using_subcommand whoami" -l no-cache -d 'Neither read nor write the AWS CLI\'s credential cache (~/.aws/cli/cache)'
complete -c awsprof -n "__fish_awsprof_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand login" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand login" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand login" -l browser -d 'Open the browser even where none seems usable'
complete -c awsprof -n "__fish_awsprof_using_subcommand login" -l no-browser -d 'Only print the URL and the code; open no browser'
complete -c awsprof -n "__fish_awsprof_using_subcommand login" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand logout" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand logout" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand logout" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand man" -l install -d 'Write every page (awsprof.1 and one per subcommand) into this folder' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand man" -l config-file -d 'The config file [default: $AWS_CONFIG_FILE, else ~/.aws/config]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand man" -l credentials-file -d 'The credentials file [default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials]' -r -F
complete -c awsprof -n "__fish_awsprof_using_subcommand man" -s h -l help -d 'Print help'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "list" -d 'List every profile from both files, marking the one in force'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "show" -d 'Show every property of one profile and the file each comes from'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "which" -d 'Tell which profile and credentials an AWS CLI started now would use, and why'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "add" -d 'Create a profile (secrets from a prompt, stdin, the environment or a CSV; never argv)'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "remove" -d 'Delete a profile from both files, with the comments directly above it'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "use" -d 'Print shell code that makes a profile the current shell\'s (AWS_PROFILE)'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "export" -d 'Print shell code that puts a profile\'s credentials (temporary ones fetched) and region into the environment'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "init" -d 'Print the shell integration: `awsprof use` switches the shell, profile names complete'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "completions" -d 'Print a static completion script'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "import" -d 'Move legacy boto files and IAM console CSVs into profiles'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "rename" -d 'Rename a profile in both files, with its comments and every source_profile naming it'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "get" -d 'Print one property of a profile'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "set" -d 'Set one property of a profile in the right file'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "unset" -d 'Remove one property of a profile from both files'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "doctor" -d 'Check both files and the environment for problems, and say how to fix each'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "exec" -d 'Run a command with a profile\'s credentials (temporary ones fetched) in its environment'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "whoami" -d 'Ask STS which account and user or role a profile\'s credentials really are'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "login" -d 'Sign in to IAM Identity Center (SSO) with a device code; the AWS CLI shares the token'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "logout" -d 'Sign out of IAM Identity Center: remove SSO tokens and cached role credentials'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "man" -d 'Print a man page, or install them all into a folder'
complete -c awsprof -n "__fish_awsprof_using_subcommand help; and not __fish_seen_subcommand_from list show which add remove use export init completions import rename get set unset doctor exec whoami login logout man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
