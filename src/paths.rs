//! Where unknot keeps its files, after the XDG base directory conventions.

use std::path::PathBuf;

use directories::ProjectDirs;

/// Every file and folder unknot reads or writes.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The config file: `$XDG_CONFIG_HOME/unknot/config.toml`, or `--config PATH`.
    pub config_file: PathBuf,
    /// The user's own exercise files: `$XDG_CONFIG_HOME/unknot/exercises/`.
    pub exercises_dir: PathBuf,
    /// The history folder, `$XDG_DATA_HOME/unknot/history/`: one log per computer, so the data
    /// folder can be synced between computers without two of them writing to one file.
    pub history_dir: PathBuf,
    /// This computer's log in it: `<machine>.jsonl` (see `platform::machine_name`).
    pub history_file: PathBuf,
    /// Where unknot 0.1 kept the log, `$XDG_DATA_HOME/unknot/history.jsonl`: moved into the
    /// folder as this computer's log, or read beside it if that cannot be done.
    pub legacy_history: PathBuf,
    /// Generated exercise pages: `$XDG_RUNTIME_DIR/unknot/`, else the cache folder.
    pub pages_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot find a home folder to keep unknot's files in (is $HOME set?)")]
pub struct NoHome;

impl Paths {
    pub fn from_env(config_override: Option<PathBuf>) -> Result<Paths, NoHome> {
        let dirs = ProjectDirs::from("", "", "unknot").ok_or(NoHome)?;
        let config_dir = dirs.config_dir();
        // Absolute, so the file watch has a real folder to watch for `--config config.toml`.
        let config_file = match config_override {
            Some(path) => std::path::absolute(&path).unwrap_or(path),
            None => config_dir.join("config.toml"),
        };
        let history_dir = dirs.data_dir().join("history");
        Ok(Paths {
            config_file,
            exercises_dir: config_dir.join("exercises"),
            history_file: history_dir.join(format!("{}.jsonl", crate::platform::machine_name())),
            history_dir,
            legacy_history: dirs.data_dir().join("history.jsonl"),
            pages_dir: dirs
                .runtime_dir()
                .unwrap_or_else(|| dirs.cache_dir())
                .join("pages"),
        })
    }
}

impl Paths {
    /// Every file under one folder, the log named `machine`: for tests, which must not touch
    /// the user's files.
    pub fn under(root: &std::path::Path, machine: &str) -> Paths {
        let history_dir = root.join("history");
        Paths {
            config_file: root.join("config.toml"),
            exercises_dir: root.join("exercises"),
            history_file: history_dir.join(format!("{machine}.jsonl")),
            history_dir,
            legacy_history: root.join("history.jsonl"),
            pages_dir: root.join("pages"),
        }
    }
}
