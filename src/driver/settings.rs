//! The settings side of the app: opening the config for editing, applying what a reload read,
//! adding exercise files, and telling the user about a broken config once.

use std::path::PathBuf;

use crate::config::{self, Config};
use crate::core::{ExerciseMeta, Input};
use crate::exercise::Library;
use crate::paths::Paths;

use super::app::App;
use super::reload::Settings;

impl App {
    pub(super) fn edit_settings(&mut self) {
        let path = &self.paths.config_file;
        if let Err(e) = config::write_default_if_missing(path) {
            log::warn!("{}: cannot write the default config: {e}", path.display());
            // There is nothing to open; say so rather than let the opener fail on no file.
            let body = format!(
                "Could not write the settings file {}: {e}.\nunknot runs on the default settings.",
                path.display()
            );
            return self
                .desktop
                .notifier
                .tell("unknot: settings file not written", &body);
        }
        self.desktop.opener.open(path);
    }

    /// Applies settings a reload read: the exercises, then the config unless it is broken, in
    /// which case the previous config stays.
    pub(super) fn apply(&mut self, settings: Settings) {
        self.library = settings.library;
        match settings.config {
            Ok(config) => {
                if self.config_error.take().is_some() || config != self.config {
                    log::info!("{}: settings applied", self.paths.config_file.display());
                }
                self.config = config;
            }
            Err(e) => {
                log::error!("{}", e.render());
                self.tell_config_error(e.to_string());
            }
        }
        log::debug!(
            "settings reloaded: {} exercises, {} user files",
            self.library.iter().count(),
            self.library.user_file_count()
        );
        // Exercises first: a shorter interval applied first could raise a reminder for an
        // exercise the same edit takes out.
        self.feed(Input::SetExercises(eligible(&self.library, &self.config)));
        self.feed(Input::SetRules(Box::new(self.config.breaks.clone())));
    }

    pub(super) fn import(&mut self, files: &[PathBuf]) {
        for file in files {
            match crate::exercise::import(file, &self.paths.exercises_dir) {
                Ok(added) => {
                    log::info!("added {} as {}", file.display(), added.display());
                    self.desktop.notifier.tell(
                        "Exercise added",
                        &format!("{} is in your library now.", added.display()),
                    );
                }
                Err(e) => {
                    log::warn!("{e}");
                    self.desktop
                        .notifier
                        .tell("Exercise not added", &format!("{e}\nNothing was copied."));
                }
            }
        }
    }

    pub(super) fn tell_config_error(&mut self, error: String) {
        if self.config_error.as_ref() == Some(&error) {
            return;
        }
        let body = format!("{error}\nKeeping the previous settings until the file is fixed.");
        self.desktop.notifier.tell("unknot: config error", &body);
        self.config_error = Some(error);
    }
}

pub(super) fn load_library(paths: &Paths) -> Library {
    let library = Library::load(&paths.exercises_dir);
    for problem in library.problems() {
        log::warn!("{problem}");
    }
    library
}

/// The exercises the user's selection allows; the whole library if it allows none, since a
/// reminder with no exercise helps nobody.
pub(super) fn eligible(library: &Library, config: &Config) -> Vec<ExerciseMeta> {
    let chosen = library.eligible(&config.exercises);
    if chosen.is_empty() {
        log::warn!(
            "the [exercises] selection leaves no exercise; suggesting from the whole library"
        );
        return library.iter().map(|e| e.meta()).collect();
    }
    chosen
}
