//! How to: the page of an exercise, or of a routine walking through its exercises in order,
//! written and opened.

use crate::exercise::Exercise;
use crate::page;

use super::app::App;

impl App {
    /// `routine` is the exercise ids in order, `exercise` the first; empty for one exercise.
    /// An id no longer in the library (the user removed its file) is left out; with none left
    /// it falls back to the exercise page, which says why nothing opens.
    pub(super) fn open(&mut self, exercise: &str, routine: &[String]) {
        let found: Vec<&Exercise> = routine
            .iter()
            .filter_map(|id| {
                let e = self.library.get(id);
                if e.is_none() {
                    log::warn!("exercise {id} of the routine is no longer in the library");
                }
                e
            })
            .collect();
        if found.is_empty() {
            return self.open_exercise(exercise);
        }
        match page::routine::write(&found, &self.paths.pages_dir) {
            Ok(path) => self.desktop.opener.open(&path),
            Err(e) => {
                log::error!("{e}");
                let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
                let body = format!("{}\n{e}", names.join(", "));
                self.desktop
                    .notifier
                    .tell("unknot: cannot show the routine", &body);
            }
        }
    }

    pub(super) fn open_exercise(&mut self, id: &str) {
        let Some(exercise) = self.library.get(id) else {
            return log::warn!("exercise {id} is no longer in the library");
        };
        match page::write(exercise, &self.paths.pages_dir) {
            Ok(path) => self.desktop.opener.open(&path),
            Err(e) => {
                log::error!("{e}");
                let body = format!("{}\n{e}", exercise.name);
                self.desktop
                    .notifier
                    .tell("unknot: cannot show the exercise", &body);
            }
        }
    }
}
