//! Reloading the settings after an edit, off the event loop's thread.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::config::{self, Config};
use crate::exercise::Library;
use crate::paths::Paths;

use super::settings::load_library;
use super::watch::FileWatch;

/// The config and the exercises as a reload reads them, off the event loop's thread.
pub(super) struct Settings {
    pub config: Result<Config, config::ConfigError>,
    pub library: Library,
}

/// Reloads run on tokio's blocking pool, so that a file that will not be read (a hung network
/// mount) stalls that thread and not reminders. Each reads everything afresh, so only the newest
/// one to finish needs applying; one started earlier that ends later is dropped.
pub(super) struct Reloads {
    done_tx: UnboundedSender<(u64, Settings)>,
    pub done: UnboundedReceiver<(u64, Settings)>,
    started: u64,
    applied: u64,
}

impl Reloads {
    pub fn new() -> Reloads {
        let (done_tx, done) = tokio::sync::mpsc::unbounded_channel();
        Reloads {
            done_tx,
            done,
            started: 0,
            applied: 0,
        }
    }

    pub fn start(&mut self, paths: &Paths, watch: Option<&Arc<Mutex<FileWatch>>>) {
        self.started += 1;
        let n = self.started;
        let (paths, watch, done) = (paths.clone(), watch.cloned(), self.done_tx.clone());
        tokio::task::spawn_blocking(move || {
            if let Some(watch) = watch {
                watch
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .refresh();
            }
            let settings = Settings {
                library: load_library(&paths),
                config: config::load(&paths.config_file),
            };
            // The receiver is gone only while quitting.
            let _ = done.send((n, settings));
        });
    }

    pub fn is_newest(&mut self, n: u64) -> bool {
        if n <= self.applied {
            return false;
        }
        self.applied = n;
        true
    }
}
