//! `unknot config ...`: look at the config file without starting the app.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::config::{self, DEFAULT_TOML};
use crate::paths::Paths;

/// Check, locate or print the config file.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Subcommand)]
pub enum ConfigCommand {
    /// Check the config file: print `PATH: OK`, or what is wrong and where (exit status 2).
    Check,
    /// Print the path of the config file in use.
    Path,
    /// Print the default config file, every key explained.
    Default,
}

/// Exit status of `config check` on a file that cannot be read or is not valid; 1 is left for
/// unknot itself failing.
const BAD_FILE: u8 = 2;

pub fn run(args: &ConfigArgs, paths: &Paths) -> anyhow::Result<ExitCode> {
    super::finish(run_to(
        args.command,
        paths,
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    ))
}

fn run_to(
    command: ConfigCommand,
    paths: &Paths,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let path = &paths.config_file;
    match command {
        ConfigCommand::Check => match config::load(path) {
            Ok(_) => writeln!(out, "{}: OK", path.display())?,
            Err(problem) => {
                writeln!(err, "{}", problem.render())?;
                return Ok(ExitCode::from(BAD_FILE));
            }
        },
        ConfigCommand::Path => writeln!(out, "{}", path.display())?,
        ConfigCommand::Default => out.write_all(DEFAULT_TOML.as_bytes())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;

    fn paths(config_file: &Path) -> Paths {
        Paths {
            config_file: config_file.to_owned(),
            ..Paths::under(Path::new("."), "this-computer")
        }
    }

    /// Exit status, stdout, stderr.
    fn run_capture(command: ConfigCommand, config_file: &Path) -> (ExitCode, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = run_to(command, &paths(config_file), &mut out, &mut err).unwrap();
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn check_accepts_a_good_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        fs::write(&file, "[breaks]\nevery = \"30m\"\n").unwrap();
        let (status, out, err) = run_capture(ConfigCommand::Check, &file);
        assert_eq!(status, ExitCode::SUCCESS);
        assert_eq!(out, format!("{}: OK\n", file.display()));
        assert_eq!(err, "");
    }

    #[test]
    fn check_points_at_a_bad_value() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        fs::write(&file, "[breaks]\nevery = \"0s\"\n").unwrap();
        let (status, out, err) = run_capture(ConfigCommand::Check, &file);
        assert_eq!(status, ExitCode::from(2));
        assert_eq!(out, "");
        assert_eq!(
            err,
            format!(
                "{}:2:9: every must be between 1s and 24h, got \"0s\"\n  |\n2 | every = \"0s\"\n  \
                 |         ^^^^\n",
                file.display()
            )
        );
    }

    #[test]
    fn check_reports_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("absent.toml");
        let (status, out, err) = run_capture(ConfigCommand::Check, &file);
        assert_eq!(status, ExitCode::from(2));
        assert_eq!(out, "");
        assert!(
            err.starts_with(&format!("{}: cannot read: ", file.display())),
            "{err}"
        );
    }

    #[test]
    fn path_and_default_print() {
        let file = Path::new("/somewhere/unknot.toml");
        let (status, out, _) = run_capture(ConfigCommand::Path, file);
        assert_eq!(status, ExitCode::SUCCESS);
        assert_eq!(out, "/somewhere/unknot.toml\n");

        let (status, out, _) = run_capture(ConfigCommand::Default, file);
        assert_eq!(status, ExitCode::SUCCESS);
        assert_eq!(out, DEFAULT_TOML);
    }
}
