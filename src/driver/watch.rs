//! Watching the config file and the user's exercise folder, so edits apply while running.
//! Event-driven (inotify through `notify`): nothing wakes while nothing changes.

use std::path::{Path, PathBuf};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc::UnboundedSender;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Config,
    Exercises,
}

/// Keeps watching while alive.
pub struct FileWatch {
    watcher: RecommendedWatcher,
    exercises_dir: PathBuf,
    exercises_watched: bool,
}

impl FileWatch {
    /// Starts watching the exercise folder once it exists (it is made by the first import).
    pub fn notice_exercises_dir(&mut self) {
        if self.exercises_watched || !self.exercises_dir.is_dir() {
            return;
        }
        match self
            .watcher
            .watch(&self.exercises_dir, RecursiveMode::NonRecursive)
        {
            Ok(()) => self.exercises_watched = true,
            Err(e) => log::warn!("cannot watch {}: {e}", self.exercises_dir.display()),
        }
    }
}

/// Watches the folder around the config file (editors save by writing a new file and renaming
/// it over the old one, which a watch on the file itself would lose) and the exercise folder.
pub fn watch(
    config_file: &Path,
    exercises_dir: &Path,
    changes: UnboundedSender<Changed>,
) -> notify::Result<FileWatch> {
    let config = config_file.to_owned();
    let exercises = exercises_dir.to_owned();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let event = match event {
            Ok(event) => event,
            Err(e) => return log::warn!("file watch: {e}"),
        };
        if !matters(&event.kind) {
            return;
        }
        let touches = |target: &PathBuf| event.paths.iter().any(|p| p.starts_with(target));
        let change = if touches(&config) {
            Changed::Config
        } else if touches(&exercises) {
            Changed::Exercises
        } else {
            return;
        };
        // The receiver is gone only while quitting.
        let _ = changes.send(change);
    })?;
    let config_dir = config_file.parent().unwrap_or(Path::new("."));
    watcher.watch(config_dir, RecursiveMode::NonRecursive)?;
    let mut watch = FileWatch {
        watcher,
        exercises_dir: exercises_dir.to_owned(),
        exercises_watched: false,
    };
    watch.notice_exercises_dir();
    Ok(watch)
}

/// Reading a file (ours included) is no change; writing, creating, renaming and removing are.
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other | EventKind::Any => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}
