//! `unknot autostart enable|disable|status`: start unknot with the desktop session through an
//! XDG autostart entry, `$XDG_CONFIG_HOME/autostart/unknot.desktop`, which every desktop that
//! follows the XDG autostart spec (GNOME, KDE, XFCE, Cinnamon, MATE, LXQt) runs at login.
//!
//! The Debian package installs an entry for all users in `/etc/xdg/autostart/`. By the spec a
//! user's entry of the same name takes its place, so disabling writes one with `Hidden=true`,
//! and enabling removes that again.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::atomic_file;

/// Start unknot when you log in, or stop it.
#[derive(Debug, clap::Args)]
pub struct AutostartArgs {
    #[command(subcommand)]
    pub command: AutostartCommand,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Subcommand)]
pub enum AutostartCommand {
    /// Start unknot at login: write $XDG_CONFIG_HOME/autostart/unknot.desktop.
    Enable {
        /// Replace an entry that is not the one unknot writes (one edited by hand).
        #[arg(long)]
        force: bool,
    },
    /// Stop starting unknot at login: remove that entry.
    Disable {
        /// Remove the entry even if it is not the one unknot writes (one edited by hand).
        #[arg(long)]
        force: bool,
    },
    /// Say whether unknot starts at login, and with which command.
    Status,
}

/// The application's desktop entry: the autostart entry is this one, with our own Exec.
const DESKTOP_ENTRY: &str = include_str!("../../data/unknot.desktop");
const HEADER: &str =
    "# Written by `unknot autostart enable`; `unknot autostart disable` removes it.\n";
/// The user's entry that turns off the one installed for all users.
const HIDDEN: &str = "# Written by `unknot autostart disable`: unknot does not start at login for \
you, though it is installed to start for all users; `unknot autostart enable` removes this.
[Desktop Entry]
Type=Application
Name=unknot
Hidden=true
";

#[derive(Debug, thiserror::Error)]
pub enum AutostartError {
    #[error("cannot find a home folder for the autostart entry (is $HOME set?)")]
    NoHome,
    #[error("cannot tell where the unknot binary is")]
    NoExe(#[source] io::Error),
    #[error("no desktop entry can run {0}: its path is not UTF-8 or holds a control character")]
    UnfitPath(PathBuf),
    #[error("cannot read {}", .0.display())]
    Read(PathBuf, #[source] io::Error),
    #[error("cannot write {}", .0.display())]
    Write(PathBuf, #[source] io::Error),
    #[error("cannot remove {}", .0.display())]
    Remove(PathBuf, #[source] io::Error),
}

pub fn run(args: &AutostartArgs) -> anyhow::Result<ExitCode> {
    let dirs = directories::BaseDirs::new().ok_or(AutostartError::NoHome)?;
    let file = dirs.config_dir().join("autostart").join("unknot.desktop");
    let system = system_entry();
    let system = system.as_deref();
    let done = match args.command {
        AutostartCommand::Enable { force } => enable(&file, system, &exec_line()?, force)?,
        AutostartCommand::Disable { force } => disable(&file, system, force)?,
        AutostartCommand::Status => status(&file, system, &exec_line()?)?,
    };
    super::finish(match done {
        Done::Said(line) => writeln!(io::stdout().lock(), "{line}").map(|()| ExitCode::SUCCESS),
        Done::Refused(line) => {
            writeln!(io::stderr().lock(), "unknot: {line}").map(|()| ExitCode::FAILURE)
        }
    })
}

/// The one line a command prints: what it did (stdout), or why it did nothing (stderr, exit 1).
enum Done {
    Said(String),
    Refused(String),
}

/// What is at the entry's place now.
enum Found {
    Nothing,
    /// The entry unknot writes, running this Exec.
    Ours(String),
    /// The entry `disable` writes to hide the one installed for all users.
    OursHidden,
    /// Something else (edited by hand, or another tool's), running this Exec if it has one.
    Other(Option<String>),
}

fn found(file: &Path) -> Result<Found, AutostartError> {
    let text = match fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(AutostartError::Read(file.to_owned(), e)),
    };
    if text == HIDDEN {
        return Ok(Found::OursHidden);
    }
    let exec = text
        .lines()
        .find_map(|line| line.strip_prefix("Exec="))
        .map(str::to_owned);
    Ok(match exec {
        Some(exec) if text == entry(&exec) => Found::Ours(exec),
        exec => Found::Other(exec),
    })
}

fn runs(exec: &Option<String>) -> String {
    match exec {
        Some(exec) => format!("it runs `{exec}`"),
        None => "it has no Exec line".to_owned(),
    }
}

/// The entry installed for all users (by the package), where the XDG base directory spec looks
/// for it: `$XDG_CONFIG_DIRS`, else `/etc/xdg`. One the desktop turned off does not count.
fn system_entry() -> Option<PathBuf> {
    let dirs = std::env::var_os("XDG_CONFIG_DIRS")
        .filter(|dirs| !dirs.is_empty())
        .unwrap_or_else(|| "/etc/xdg".into());
    std::env::split_paths(&dirs)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join("autostart").join("unknot.desktop"))
        .find(|file| file.is_file())
        .filter(|file| !turned_off(file))
}

fn remove(file: &Path) -> Result<(), AutostartError> {
    fs::remove_file(file)
        .and_then(|()| sync_dir(file))
        .map_err(|e| AutostartError::Remove(file.to_owned(), e))
}

fn write(file: &Path, text: &str) -> Result<(), AutostartError> {
    file.parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| atomic_file::replace(file, text.as_bytes(), 0o644))
        .map_err(|e| AutostartError::Write(file.to_owned(), e))
}

fn enable(
    file: &Path,
    system: Option<&Path>,
    exec: &str,
    force: bool,
) -> Result<Done, AutostartError> {
    let path = file.display();
    if let Some(system) = system {
        match found(file)? {
            Found::OursHidden => {
                remove(file)?;
                return Ok(Done::Said(format!(
                    "autostart enabled: removed {path}, so {} starts unknot at login",
                    system.display()
                )));
            }
            Found::Nothing => {
                return Ok(Done::Said(format!(
                    "autostart already enabled: {} (installed for all users) starts unknot \
                     at login",
                    system.display()
                )))
            }
            Found::Ours(_) | Found::Other(_) => {}
        }
    }
    let said = match found(file)? {
        Found::Ours(old) if old == exec => {
            return Ok(Done::Said(format!(
                "autostart already enabled: {path} runs `{exec}`"
            )))
        }
        Found::Other(old) if !force => {
            return Ok(Done::Refused(format!(
                "{path} exists and is not the entry unknot writes (edited by hand?); {}. \
                 `unknot autostart enable --force` replaces it",
                runs(&old)
            )))
        }
        Found::Ours(old) => format!("autostart enabled: {path} now runs `{exec}` (it ran `{old}`)"),
        Found::Other(old) => {
            let was = old.map_or(String::new(), |old| format!(", which ran `{old}`"));
            format!(
                "autostart enabled: replaced {path} (not unknot's own entry{was}); \
                 it now runs `{exec}`"
            )
        }
        Found::Nothing | Found::OursHidden => {
            format!("autostart enabled: {path} runs `{exec}` at login")
        }
    };
    write(file, &entry(exec))?;
    Ok(Done::Said(said))
}

fn disable(file: &Path, system: Option<&Path>, force: bool) -> Result<Done, AutostartError> {
    let path = file.display();
    let gone = match found(file)? {
        Found::OursHidden => {
            return Ok(Done::Said(format!(
                "autostart already disabled: {path} hides the entry installed for all users"
            )))
        }
        Found::Nothing if system.is_none() => {
            return Ok(Done::Said(format!(
                "autostart already disabled: there is no {path}"
            )))
        }
        Found::Nothing => String::new(),
        Found::Other(old) if !force => {
            return Ok(Done::Refused(format!(
                "{path} is not the entry unknot writes (edited by hand?); {}. \
                 `unknot autostart disable --force` removes it",
                runs(&old)
            )))
        }
        Found::Ours(_) => String::new(),
        Found::Other(old) => format!(" ({})", runs(&old)),
    };
    if let Some(system) = system {
        // Removing ours would leave the one for all users in force: hide it instead.
        write(file, HIDDEN)?;
        return Ok(Done::Said(format!(
            "autostart disabled: {path} now hides {} (installed for all users){gone}",
            system.display()
        )));
    }
    remove(file)?;
    Ok(Done::Said(format!(
        "autostart disabled: removed {path}{gone}"
    )))
}

fn status(file: &Path, system: Option<&Path>, exec: &str) -> Result<Done, AutostartError> {
    let path = file.display();
    Ok(Done::Said(match found(file)? {
        Found::OursHidden => {
            format!("disabled: {path} hides the entry installed for all users")
        }
        Found::Nothing => match system {
            Some(system) => format!(
                "enabled: {} (installed for all users) starts unknot at login",
                system.display()
            ),
            None => format!("disabled: there is no {path}"),
        },
        Found::Ours(old) if old == exec => format!("enabled: {path} runs `{old}`"),
        Found::Ours(old) => format!(
            "enabled: {path} runs `{old}`; `unknot autostart enable` would make it run `{exec}`"
        ),
        Found::Other(old) if turned_off(file) => format!(
            "disabled: {path} turns it off (Hidden=true or X-GNOME-Autostart-enabled=false); {}",
            runs(&old)
        ),
        Found::Other(old) => format!(
            "enabled: {path} (not the entry unknot writes: edited by hand?); {}",
            runs(&old)
        ),
    }))
}

/// Whether an entry says not to start: the XDG autostart spec's `Hidden=true`, or GNOME's key.
fn turned_off(file: &Path) -> bool {
    fs::read_to_string(file).is_ok_and(|text| {
        text.lines().any(|line| {
            let line = line.replace(' ', "");
            line == "Hidden=true" || line == "X-GNOME-Autostart-enabled=false"
        })
    })
}

/// The autostart entry running `exec` (already quoted and escaped for an Exec line).
fn entry(exec: &str) -> String {
    let mut text = String::from(HEADER);
    for line in DESKTOP_ENTRY.lines() {
        if line.starts_with("Exec=") {
            text.push_str("Exec=");
            text.push_str(exec);
        } else {
            text.push_str(line);
        }
        text.push('\n');
    }
    text
}

/// `unknot` when that name on PATH is this very binary, so the entry survives a reinstall
/// elsewhere on PATH; else the binary's absolute path.
fn exec_line() -> Result<String, AutostartError> {
    let exe = std::env::current_exe().map_err(AutostartError::NoExe)?;
    let exe = fs::canonicalize(&exe).unwrap_or(exe);
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("unknot"))
            .find(|candidate| is_executable(candidate))
    });
    if on_path.and_then(|found| fs::canonicalize(found).ok()) == Some(exe.clone()) {
        return Ok("unknot".to_owned());
    }
    exec_quoted(&exe).ok_or(AutostartError::UnfitPath(exe))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `path` as the program of an Exec line, by the Desktop Entry spec: quoted if it holds a
/// reserved character, `"` `` ` `` `$` `\` escaped inside the quotes, then `\` doubled again
/// and `%` doubled as the file format requires. None for a path no Exec line can hold.
fn exec_quoted(path: &Path) -> Option<String> {
    let path = path.to_str()?;
    if path.chars().any(char::is_control) {
        return None;
    }
    const RESERVED: &str = " \t\"'\\><~|&;$*?#()`";
    let quoted = if path.chars().any(|c| RESERVED.contains(c)) {
        let mut q = String::from('"');
        for c in path.chars() {
            if matches!(c, '"' | '`' | '$' | '\\') {
                q.push('\\');
            }
            q.push(c);
        }
        q.push('"');
        q
    } else {
        path.to_owned()
    };
    Some(quoted.replace('\\', "\\\\").replace('%', "%%"))
}

/// Syncs the folder holding `file`, so a rename or removal in it survives a power cut.
fn sync_dir(file: &Path) -> io::Result<()> {
    File::open(file.parent().unwrap_or(Path::new(".")))?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_go_in_as_they_are() {
        assert_eq!(
            exec_quoted(Path::new("/home/ann/.cargo/bin/unknot")).as_deref(),
            Some("/home/ann/.cargo/bin/unknot")
        );
    }

    #[test]
    fn reserved_characters_are_quoted_and_escaped_twice() {
        assert_eq!(
            exec_quoted(Path::new("/home/ann/my apps/unknot")).as_deref(),
            Some(r#""/home/ann/my apps/unknot""#)
        );
        // `$` escaped inside the quotes, then that backslash doubled by the file format.
        assert_eq!(
            exec_quoted(Path::new("/opt/$x/100%/unknot")).as_deref(),
            Some(r#""/opt/\\$x/100%%/unknot""#)
        );
        assert_eq!(exec_quoted(Path::new("/tmp/a\nb")), None);
    }

    #[test]
    fn the_entry_is_the_desktop_file_with_our_exec() {
        let text = entry("/usr/local/bin/unknot");
        assert!(text.starts_with(HEADER));
        assert!(text.contains("\nExec=/usr/local/bin/unknot\n"));
        assert_eq!(text.matches("Exec=").count(), 1);
        assert!(text.contains("\nIcon=unknot\n"));
    }
}
