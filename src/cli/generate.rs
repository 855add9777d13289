//! Files generated from the clap definitions and committed: completion scripts
//! (`completions/`) and man pages (`man/`). A test fails when the committed copies are stale.

use clap_complete::Shell;

use crate::cli;

/// The shells with a committed static completion script, and the file name of each.
pub const COMPLETION_FILES: [(Shell, &str); 5] = [
    (Shell::Bash, "awsprof.bash"),
    (Shell::Zsh, "_awsprof"),
    (Shell::Fish, "awsprof.fish"),
    (Shell::PowerShell, "_awsprof.ps1"),
    (Shell::Elvish, "awsprof.elv"),
];

/// The static completion script for a shell.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut command = cli::command();
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut command, "awsprof", &mut buffer);
    buffer
}

/// Every man page: `awsprof.1` and one `awsprof-SUBCOMMAND.1` per subcommand.
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let command = cli::command();
    let mut pages = Vec::new();
    let mut buffer = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut buffer)?;
    pages.push(("awsprof.1".to_string(), buffer));
    for sub in command.get_subcommands() {
        let name = format!("awsprof-{}", sub.get_name());
        let mut buffer = Vec::new();
        clap_mangen::Man::new(sub.clone().name(name.clone())).render(&mut buffer)?;
        pages.push((format!("{name}.1"), buffer));
    }
    Ok(pages)
}
