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
    /// The answer log: `$XDG_DATA_HOME/unknot/history.jsonl`.
    pub history_file: PathBuf,
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
        Ok(Paths {
            config_file,
            exercises_dir: config_dir.join("exercises"),
            history_file: dirs.data_dir().join("history.jsonl"),
            pages_dir: dirs
                .runtime_dir()
                .unwrap_or_else(|| dirs.cache_dir())
                .join("pages"),
        })
    }
}
