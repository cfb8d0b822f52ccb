//! `unknot completions SHELL` and `unknot manpage [DIR]`: shell completions and man pages made
//! by the binary from its own clap definition, so packages need no build-time generation and
//! they never disagree with the binary.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;
use clap::Command;

/// Writes the completion script for `shell`. clap_complete lists hidden subcommands too, so
/// they are left out of the command it is given.
pub fn completions(
    shell: clap_complete::Shell,
    cmd: Command,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut cmd = visible(cmd);
    clap_complete::generate(shell, &mut cmd, "unknot", out);
    out.flush()
}

/// Prints the man page, or with `dir` writes it and one page per subcommand there.
pub fn manpage(cmd: Command, dir: Option<&Path>) -> anyhow::Result<()> {
    // No page for `help`: its entry would point at a page nobody installs.
    let cmd = cmd.disable_help_subcommand(true);
    match dir {
        None => {
            let mut out = io::stdout().lock();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
        }
        Some(dir) => clap_mangen::generate_to(cmd, dir)
            .with_context(|| format!("cannot write the man pages to {}", dir.display()))?,
    }
    Ok(())
}

/// `cmd` without its hidden subcommands (clap can add but not remove one, so this copies).
fn visible(cmd: Command) -> Command {
    let mut copy = Command::new("unknot")
        .args(cmd.get_arguments().cloned())
        .subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    if cmd.get_version().is_some() {
        copy = copy.version(env!("CARGO_PKG_VERSION"));
    }
    if let Some(about) = cmd.get_about() {
        copy = copy.about(about.clone());
    }
    copy
}
