//! The exercises on offer: the built-ins, with the user's files laid over them.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::builtin;
use super::definition::Exercise;
use super::parse::{parse, ParsedFile};
use super::Selection;
use crate::core::ExerciseMeta;
use crate::diagnostic::Diagnostic;
use crate::text_file::read_text;

/// Enabled exercises by id, and the problems met while reading them. A bad file is reported and
/// skipped; it never takes other exercises down with it.
#[derive(Debug, Clone, Default)]
pub struct Library {
    exercises: BTreeMap<String, Exercise>,
    /// The user file each user exercise was read from; the others are built in.
    files: BTreeMap<String, PathBuf>,
    problems: Vec<Diagnostic>,
    user_files: usize,
}

impl Library {
    /// The exercises compiled into the binary.
    pub fn builtin() -> Library {
        let mut library = Library::default();
        for (name, text) in builtin::exercise_files() {
            let path = PathBuf::from(format!("config/exercises/{name}.toml"));
            match parse(&path, text) {
                Ok(parsed) if parsed.id != *name => library.problems.push(Diagnostic::at(
                    &path,
                    text,
                    parsed.id_at,
                    format!("id {:?} differs from the file name {name:?}", parsed.id),
                )),
                Ok(parsed) => library.apply(parsed, None),
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
                library.problems.push(Diagnostic::file(
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
            let text = match read_text(&path) {
                Ok(text) => text,
                Err(e) => {
                    library.problems.push(Diagnostic::unreadable(&path, e));
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
                Entry::Occupied(first) => library.problems.push(Diagnostic::at(
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
                    slot.insert(path.clone());
                    library.apply(parsed, Some(path));
                }
            }
        }
        library
    }

    fn apply(&mut self, parsed: ParsedFile, file: Option<PathBuf>) {
        match (parsed.exercise, file) {
            (Some(exercise), file) => {
                match file {
                    Some(file) => self.files.insert(parsed.id.clone(), file),
                    None => self.files.remove(&parsed.id),
                };
                self.exercises.insert(parsed.id, exercise);
            }
            (None, _) => {
                self.files.remove(&parsed.id);
                self.exercises.remove(&parsed.id);
            }
        }
    }

    /// The user's file that exercise `id` was read from; `None` for a built-in one.
    pub fn user_file(&self, id: &str) -> Option<&Path> {
        self.files.get(id).map(PathBuf::as_path)
    }

    /// What went wrong while reading, one entry per bad file.
    pub fn problems(&self) -> &[Diagnostic] {
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
        // Not only regular files: a FIFO or a folder named `*.toml` is reported when read.
        if !hidden && path.extension().is_some_and(|e| e == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::core::{Area, Kind};
    use crate::exercise::{Equipment, Place};

    fn user_exercise(id: &str, name: &str) -> String {
        format!(
            "id = \"{id}\"\nname = \"{name}\"\ncue = \"Do it.\"\nkind = \"stretch\"\n\
             area = \"chest\"\nplaces = [\"desk\"]\nduration = \"20s\"\n\
             steps = [\"One.\", \"Two.\"]\ncautions = []\nsource = \"Mine\"\n"
        )
    }

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            fs::write(dir.path().join(name), text).expect("write");
        }
        dir
    }

    fn problems(library: &Library, dir: &Path) -> Vec<String> {
        library
            .problems()
            .iter()
            .map(|p| p.to_string().replace(&dir.display().to_string(), "USER"))
            .collect()
    }

    #[test]
    fn a_missing_user_folder_means_just_the_builtins() {
        let dir = tempfile::tempdir().expect("temp dir");
        let library = Library::load(&dir.path().join("not-there"));
        assert!(library.problems().is_empty());
        assert_eq!(library.user_file_count(), 0);
        assert_eq!(library.iter().count(), Library::builtin().iter().count());
    }

    #[test]
    fn user_files_add_replace_and_hide() {
        let dir = dir_with(&[
            ("neck-roll.toml", &user_exercise("neck-roll", "Neck roll")),
            ("mine.toml", &user_exercise("wall-angels", "My wall angels")),
            ("off.toml", "id = \"push-ups\"\nenabled = false\n"),
            ("notes.txt", "not an exercise"),
            (".hidden.toml", "broken"),
        ]);
        let library = Library::load(dir.path());
        assert_eq!(problems(&library, dir.path()), Vec::<String>::new());
        assert_eq!(library.user_file_count(), 3);
        assert_eq!(
            library.get("neck-roll").map(|e| e.name.as_str()),
            Some("Neck roll")
        );
        assert_eq!(
            library.get("wall-angels").map(|e| e.name.as_str()),
            Some("My wall angels")
        );
        assert!(library.get("push-ups").is_none());
        assert!(library.iter().all(|e| e.id != "push-ups"));
        assert_eq!(
            library.user_file("wall-angels"),
            Some(dir.path().join("mine.toml").as_path())
        );
        assert_eq!(library.user_file("chin-tuck"), None);
        let ids: Vec<&str> = library.iter().map(|e| e.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn a_bad_file_is_reported_and_hides_nothing() {
        let dir = dir_with(&[
            ("a-broken.toml", "id = \"wall-angels\"\nname = \n"),
            (
                "b-bad-value.toml",
                "id = \"chin-tuck\"\nenabled = false\nsets = 0\n",
            ),
            ("c-good.toml", &user_exercise("neck-roll", "Neck roll")),
        ]);
        let library = Library::load(dir.path());
        assert_eq!(
            problems(&library, dir.path()),
            [
                "USER/a-broken.toml:2:8: string values must be quoted, expected literal string",
                "USER/b-bad-value.toml:3:8: `sets` must be between 1 and 10",
            ]
        );
        // The built-ins those files meant to replace or hide are still there, and so is the rest.
        assert_eq!(
            library.get("wall-angels").map(|e| e.name.as_str()),
            Some("Wall angels")
        );
        assert!(library.get("chin-tuck").is_some());
        assert!(library.get("neck-roll").is_some());
        assert_eq!(library.user_file_count(), 3);
    }

    #[test]
    fn bad_utf8_in_a_user_file_is_located_at_the_first_bad_byte() {
        let dir = dir_with(&[]);
        let text = user_exercise("neck-roll", "Neck roll").replace("Do it.", "Do it\u{2014}now");
        let mut bytes = text.into_bytes();
        // Cut the dash's 3 bytes down to 2: the first bad byte is the one after them.
        let at = bytes
            .windows(3)
            .position(|w| w == "\u{2014}".as_bytes())
            .unwrap();
        bytes.remove(at + 2);
        fs::write(dir.path().join("neck-roll.toml"), &bytes).expect("write");
        let library = Library::load(dir.path());
        assert_eq!(
            problems(&library, dir.path()),
            ["USER/neck-roll.toml:3:13: not valid UTF-8 (byte 0xe2); save the file as UTF-8"]
        );
    }

    #[test]
    fn the_second_user_file_with_an_id_is_reported_and_ignored() {
        let dir = dir_with(&[
            ("one.toml", &user_exercise("neck-roll", "First")),
            ("two.toml", &user_exercise("neck-roll", "Second")),
        ]);
        let library = Library::load(dir.path());
        assert_eq!(
            problems(&library, dir.path()),
            ["USER/two.toml:1:6: id \"neck-roll\" is already used by USER/one.toml; this file is ignored"]
        );
        assert_eq!(
            library.get("neck-roll").map(|e| e.name.as_str()),
            Some("First")
        );
    }

    #[test]
    fn an_unreadable_user_folder_is_a_problem_not_a_crash() {
        let dir = dir_with(&[("file.toml", "")]);
        let not_a_dir = dir.path().join("file.toml");
        let library = Library::load(&not_a_dir);
        let got = problems(&library, dir.path());
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with("USER/file.toml:1:1: cannot list the folder: "),
            "{got:?}"
        );
        assert_eq!(library.iter().count(), Library::builtin().iter().count());
    }

    #[test]
    fn eligible_applies_the_selection() {
        let library = Library::builtin();
        let selection = Selection {
            places: vec![Place::Doorway],
            equipment: vec![],
            exclude_kinds: vec![],
            exclude_areas: vec![],
        };
        let ids: Vec<String> = library
            .eligible(&selection)
            .into_iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(ids, ["doorway-pec-minor-stretch", "doorway-stretch"]);

        let balls = Selection {
            places: vec![Place::Wall],
            equipment: vec![Equipment::Ball],
            exclude_kinds: vec![Kind::Stretch, Kind::Strengthen, Kind::Mobility],
            exclude_areas: vec![Area::Shoulders],
        };
        let metas = library.eligible(&balls);
        assert_eq!(metas.len(), 1);
        assert_eq!(metas[0].id, "wall-ball-release");
        assert_eq!(metas[0].kind, Kind::Release);
        assert_eq!(metas[0].area, Area::UpperBack);
        assert_eq!(metas[0].duration, Duration::from_secs(90));
    }

    #[test]
    fn the_default_selection_leaves_plenty_to_rotate() {
        let metas = Library::builtin().eligible(&Selection::default());
        assert!(metas.len() >= 10, "{}", metas.len());
        assert!(metas.iter().any(|m| m.kind == Kind::Strengthen));
    }
}
