//! Watching the config file and the user's exercise folder, so edits apply while running.
//! Event-driven (inotify through `notify`): nothing wakes while nothing changes.
//!
//! inotify watches inodes, not names, so a watch is lost or goes stale when what it watched is
//! replaced: a folder deleted and made again, a symbolic link pointed elsewhere. The watches
//! are therefore worked out again from what is on disk after every change ([`FileWatch::refresh`]):
//! - the folder holding `config.toml` (editors save by renaming a new file over the old one,
//!   which a watch on the file itself would lose);
//! - if `config.toml` is a link (stow, home-manager), the folder its target really is in;
//! - the exercise folder, and the folder it is in, to see it made again;
//! - the folders that exercise files linked into the exercise folder really are in;
//! - for a folder not there yet, the nearest one above it that is, to see it made.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::mailbox::Outbox;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Config,
    Exercises,
}

/// A folder's identity: a new folder under the same name is another inode, and needs its own watch.
type Inode = (u64, u64);

/// Keeps watching while alive.
pub struct FileWatch {
    watcher: RecommendedWatcher,
    config_file: PathBuf,
    exercises_dir: PathBuf,
    /// The file names that mean the config: its own, and its link target's. Shared with the
    /// event handler, which runs on notify's thread.
    config_names: Arc<Mutex<Vec<OsString>>>,
    /// Where exercise files linked into the exercise folder really are, also shared.
    exercise_targets: Arc<Mutex<Vec<PathBuf>>>,
    watched: BTreeMap<PathBuf, Inode>,
}

impl FileWatch {
    /// Sets the watches up again after a change: folders that came or went, a link re-pointed.
    /// It stats a few paths, so it belongs off the event loop's thread.
    pub fn refresh(&mut self) {
        let mut names = vec![file_name(&self.config_file)];
        let mut wanted = vec![existing_folder(&self.config_file)];
        let is_link = fs::symlink_metadata(&self.config_file).is_ok_and(|m| m.is_symlink());
        if is_link {
            match fs::canonicalize(&self.config_file) {
                Ok(target) => {
                    names.push(file_name(&target));
                    wanted.push(existing_folder(&target));
                }
                // A dangling link: the folder it points into may not exist yet.
                Err(_) => match fs::read_link(&self.config_file) {
                    Ok(target) => {
                        let target = self
                            .config_file
                            .parent()
                            .unwrap_or(Path::new("/"))
                            .join(target);
                        names.push(file_name(&target));
                        wanted.push(existing_folder(&target));
                    }
                    Err(e) => log::debug!("{}: {e}", self.config_file.display()),
                },
            }
        }
        if self.exercises_dir.is_dir() {
            wanted.push(Some(self.exercises_dir.clone()));
        }
        wanted.push(existing_folder(&self.exercises_dir));
        let targets = linked_targets(&self.exercises_dir);
        wanted.extend(targets.iter().map(|target| existing_folder(target)));
        *self
            .config_names
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = names;
        *self
            .exercise_targets
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = targets;

        let mut keep: BTreeMap<PathBuf, Inode> = BTreeMap::new();
        for dir in wanted.into_iter().flatten() {
            let Some(inode) = inode(&dir) else { continue };
            // Two names for one folder would share one inotify watch, and unwatching one name
            // would end it for both.
            if keep.values().any(|&i| i == inode) {
                continue;
            }
            keep.insert(dir, inode);
        }
        let stale: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|(dir, inode)| keep.get(*dir) != Some(inode))
            .map(|(dir, _)| dir.clone())
            .collect();
        for dir in stale {
            self.watched.remove(&dir);
            // notify drops a watch by itself when its folder is deleted; nothing to undo then.
            let _ = self.watcher.unwatch(&dir);
        }
        // Watched again even when already watched: a folder deleted and made again at once may
        // get its old inode number back, and only a new watch sees into it (inotify ended the
        // old one). For a watch still alive this changes nothing.
        for (dir, inode) in keep {
            match self.watcher.watch(&dir, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    if self.watched.insert(dir.clone(), inode) != Some(inode) {
                        log::debug!("watching {}", dir.display());
                    }
                }
                Err(e) => {
                    self.watched.remove(&dir);
                    log::warn!("cannot watch {}: {e}", dir.display());
                }
            }
        }
    }

    /// The folders watched now.
    pub fn folders(&self) -> impl Iterator<Item = &Path> {
        self.watched.keys().map(PathBuf::as_path)
    }
}

/// Watches the config file and the exercise folder wherever they really are (see the module
/// documentation), sending what changed.
pub fn watch(
    config_file: &Path,
    exercises_dir: &Path,
    changes: Outbox,
) -> notify::Result<FileWatch> {
    let config_names = Arc::new(Mutex::new(vec![file_name(config_file)]));
    let names = Arc::clone(&config_names);
    let exercise_targets = Arc::new(Mutex::new(Vec::new()));
    let targets = Arc::clone(&exercise_targets);
    let exercises = exercises_dir.to_owned();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let event = match event {
            Ok(event) => event,
            Err(e) => return log::warn!("file watch: {e}"),
        };
        if !matters(&event.kind) {
            return;
        }
        let names = names.lock().unwrap_or_else(PoisonError::into_inner);
        let targets = targets.lock().unwrap_or_else(PoisonError::into_inner);
        // Only the folders above are watched, so a name is enough to tell the config; one
        // change too many costs a reread, one too few an edit not applied.
        let is_config = |p: &PathBuf| p.file_name().is_some_and(|n| names.iter().any(|c| c == n));
        // The exercise folder, a file in it, or a folder above it coming or going.
        let is_exercises = |p: &PathBuf| {
            p.starts_with(&exercises) || exercises.starts_with(p) || targets.contains(p)
        };
        let change = if event.paths.iter().any(is_exercises) {
            Changed::Exercises
        } else if event.paths.iter().any(is_config) {
            Changed::Config
        } else {
            return;
        };
        changes.send(change);
    })?;
    let mut watch = FileWatch {
        watcher,
        config_file: config_file.to_owned(),
        exercises_dir: exercises_dir.to_owned(),
        config_names,
        exercise_targets,
        watched: BTreeMap::new(),
    };
    watch.refresh();
    if watch.watched.is_empty() {
        return Err(notify::Error::generic("no folder to watch").add_path(config_file.to_owned()));
    }
    Ok(watch)
}

/// Where the `*.toml` links in `dir` lead (dotfile managers link single files), for the
/// edits made there to be seen.
fn linked_targets(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_symlink()))
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .filter_map(|path| fs::canonicalize(path).ok())
        .collect()
}

fn file_name(path: &Path) -> OsString {
    path.file_name().unwrap_or_default().to_owned()
}

/// The folder `path` is in, or if that is not there (yet), the nearest folder above it that is.
fn existing_folder(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|dir| dir.is_dir())
        .map(Path::to_owned)
}

fn inode(dir: &Path) -> Option<Inode> {
    fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

/// Reading a file (ours included) is no change; writing, creating, renaming and removing are.
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other | EventKind::Any => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::mailbox::{mailboxes, Event, Inbox};

    /// Waits (at most 10 s) for `change` to be sent.
    fn wait_for(rx: &mut Inbox, change: Changed) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(10), async {
                while rx.recv().await != Some(Event::Changed(change)) {}
            })
            .await
            .unwrap_or_else(|_| panic!("no {change:?} within 10 s"));
        });
    }

    fn folders(watch: &FileWatch) -> Vec<PathBuf> {
        watch.folders().map(Path::to_owned).collect()
    }

    #[test]
    fn watches_follow_links_and_folders_that_come_and_go() {
        let root = tempfile::tempdir().expect("temp dir");
        let root = fs::canonicalize(root.path()).expect("canonical");
        let config_dir = root.join("config");
        let dotfiles = root.join("dotfiles");
        let other = root.join("other");
        for dir in [&config_dir, &dotfiles, &other] {
            fs::create_dir(dir).expect("mkdir");
        }
        fs::write(dotfiles.join("unknot.toml"), "").expect("write");
        let config = config_dir.join("config.toml");
        std::os::unix::fs::symlink(dotfiles.join("unknot.toml"), &config).expect("link");
        let exercises = root.join("xdg/unknot/exercises");
        let (tx, mut rx) = mailboxes();
        let mut watch = watch(&config, &exercises, tx).expect("watch");
        assert_eq!(
            folders(&watch),
            [root.clone(), config_dir.clone(), dotfiles.clone()]
        );

        // The link re-pointed: the old target's folder is no longer watched.
        fs::write(other.join("unknot.toml"), "").expect("write");
        fs::remove_file(&config).expect("rm");
        std::os::unix::fs::symlink(other.join("unknot.toml"), &config).expect("link");
        fs::create_dir_all(&exercises).expect("mkdir -p");
        watch.refresh();
        assert_eq!(
            folders(&watch),
            [
                config_dir.clone(),
                other.clone(),
                root.join("xdg/unknot"),
                exercises.clone()
            ]
        );

        // An exercise file linked from elsewhere: edits to its target are seen.
        let mine = root.join("mine");
        fs::create_dir(&mine).expect("mkdir");
        fs::write(mine.join("nod.toml"), "").expect("write");
        std::os::unix::fs::symlink(mine.join("nod.toml"), exercises.join("nod.toml"))
            .expect("link");
        wait_for(&mut rx, Changed::Exercises);
        watch.refresh();
        assert!(folders(&watch).contains(&mine), "{:?}", folders(&watch));
        while rx.try_recv().is_ok() {}
        fs::write(mine.join("nod.toml"), "id = \"x\"").expect("write");
        wait_for(&mut rx, Changed::Exercises);
        fs::remove_file(exercises.join("nod.toml")).expect("rm link");

        // The exercise folder deleted and made again (ext4 may give it the same inode number):
        // a file added to it afterwards is seen.
        while rx.try_recv().is_ok() {}
        fs::remove_dir(&exercises).expect("rmdir");
        fs::create_dir(&exercises).expect("mkdir");
        wait_for(&mut rx, Changed::Exercises);
        watch.refresh();
        while rx.try_recv().is_ok() {}
        fs::write(exercises.join("mine.toml"), "").expect("write");
        wait_for(&mut rx, Changed::Exercises);
    }
}
