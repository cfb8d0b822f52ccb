//! The exercises on offer: the built-ins, with the user's files laid over them.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::builtin;
use super::definition::Exercise;
use super::error::ExerciseError;
use super::parse::{parse, ParsedFile};
use super::Selection;
use crate::core::ExerciseMeta;

/// Enabled exercises by id, and the problems met while reading them. A bad file is reported and
/// skipped; it never takes other exercises down with it.
#[derive(Debug, Clone, Default)]
pub struct Library {
    exercises: BTreeMap<String, Exercise>,
    problems: Vec<ExerciseError>,
    user_files: usize,
}

impl Library {
    /// The exercises compiled into the binary.
    pub fn builtin() -> Library {
        let mut library = Library::default();
        for (name, text) in builtin::exercise_files() {
            let path = PathBuf::from(format!("config/exercises/{name}.toml"));
            match parse(&path, text) {
                Ok(parsed) if parsed.id != *name => library.problems.push(ExerciseError::at(
                    &path,
                    text,
                    parsed.id_at,
                    format!("id {:?} differs from the file name {name:?}", parsed.id),
                )),
                Ok(parsed) => library.apply(parsed),
                Err(e) => library.problems.push(e),
            }
        }
        library
    }

    /// The built-ins, then every `*.toml` in `user_dir`: a user file replaces the built-in with
    /// the same id, or hides it with `enabled = false`. A missing folder means no user files.
    pub fn load(user_dir: &Path) -> Library {
        let mut library = Library::builtin();
        let paths = match user_files(user_dir) {
            Ok(paths) => paths,
            Err(e) => {
                library.problems.push(ExerciseError::file(
                    user_dir,
                    format!("cannot list the folder: {e}"),
                ));
                return library;
            }
        };
        // Which user file claimed each id, so a second file with that id is reported, not applied.
        let mut claimed: BTreeMap<String, PathBuf> = BTreeMap::new();
        for path in paths {
            library.user_files += 1;
            let text = match fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) => {
                    library
                        .problems
                        .push(ExerciseError::file(&path, format!("cannot read: {e}")));
                    continue;
                }
            };
            let parsed = match parse(&path, &text) {
                Ok(parsed) => parsed,
                Err(e) => {
                    library.problems.push(e);
                    continue;
                }
            };
            match claimed.entry(parsed.id.clone()) {
                Entry::Occupied(first) => library.problems.push(ExerciseError::at(
                    &path,
                    &text,
                    parsed.id_at,
                    format!(
                        "id {:?} is already used by {}; this file is ignored",
                        parsed.id,
                        first.get().display()
                    ),
                )),
                Entry::Vacant(slot) => {
                    slot.insert(path);
                    library.apply(parsed);
                }
            }
        }
        library
    }

    fn apply(&mut self, parsed: ParsedFile) {
        match parsed.exercise {
            Some(exercise) => {
                self.exercises.insert(parsed.id, exercise);
            }
            None => {
                self.exercises.remove(&parsed.id);
            }
        }
    }

    /// What went wrong while reading, one entry per bad file.
    pub fn problems(&self) -> &[ExerciseError] {
        &self.problems
    }

    /// How many files `load` found in the user's folder, good or bad.
    pub fn user_file_count(&self) -> usize {
        self.user_files
    }

    pub fn get(&self, id: &str) -> Option<&Exercise> {
        self.exercises.get(id)
    }

    /// The enabled exercises, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = &Exercise> {
        self.exercises.values()
    }

    /// The exercises `selection` lets through, as the core sees them, sorted by id.
    pub fn eligible(&self, selection: &Selection) -> Vec<ExerciseMeta> {
        self.iter()
            .filter(|e| selection.admits(e.kind, e.area, &e.places, &e.equipment))
            .map(Exercise::meta)
            .collect()
    }
}

/// The `*.toml` files in `dir`, sorted so that "first file wins" is the same on every run.
/// Hidden files are skipped: editors keep their backups and locks there.
fn user_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if !hidden && path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}
