//! Putting a page on disk where the browser can open it.

use std::fs::DirBuilder;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use super::error::PageError;
use super::render::render;
use crate::atomic_file;
use crate::exercise::{builtin_svg, Exercise};

/// Writes the page for `exercise` to `<dir>/<id>.html` and returns that path. The folder is
/// created private (0700) if missing. The page is written beside its final name and renamed over
/// it, so a browser opening the path sees the old page or the new one, never half of one.
pub fn write(exercise: &Exercise, dir: &Path) -> Result<PathBuf, PageError> {
    let id = &exercise.id;
    if !is_plain_name(id) {
        return Err(PageError::BadId(id.clone()));
    }
    // Only built-in pictures are inlined; a user's exercise shows one only by naming a built-in.
    let page = render(exercise, builtin_svg(exercise.illustration_name()));
    place(&page, &dir.join(format!("{id}.html")))
}

/// Puts `page` at `path`, its folder created private (0700) if missing: pages say what you do
/// and when. Replaced whole, so a browser reloading it never sees half a page.
pub(super) fn place(page: &str, path: &Path) -> Result<PathBuf, PageError> {
    if let Some(dir) = path.parent() {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|source| PageError::CreateDir {
                path: dir.to_owned(),
                source,
            })?;
    }
    match atomic_file::replace(path, page.as_bytes(), 0o600) {
        Ok(()) => Ok(path.to_owned()),
        Err(source) => Err(PageError::Write {
            path: path.to_owned(),
            source,
        }),
    }
}

/// What the exercise parser allows for ids; checked again because an `Exercise` can be built in
/// code too, and this one becomes a path.
fn is_plain_name(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::page::tests::exercise;

    #[test]
    fn writes_id_dot_html_in_a_private_new_folder() -> Result<(), Box<dyn std::error::Error>> {
        let root = tempfile::tempdir()?;
        let dir = root.path().join("run").join("pages");
        let path = write(&exercise(), &dir)?;
        assert_eq!(path, dir.join("test-stretch.html"));
        assert!(fs::read_to_string(&path)?.contains("<h1>Test stretch</h1>"));
        assert_eq!(fs::metadata(&dir)?.permissions().mode() & 0o777, 0o700);
        Ok(())
    }

    #[test]
    fn rewriting_replaces_the_page_and_leaves_no_temp_files(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let root = tempfile::tempdir()?;
        write(&exercise(), root.path())?;
        let renamed = Exercise {
            name: "Renamed".into(),
            ..exercise()
        };
        let path = write(&renamed, root.path())?;
        assert!(fs::read_to_string(path)?.contains("<h1>Renamed</h1>"));
        let names: Vec<_> = fs::read_dir(root.path())?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()?;
        assert_eq!(names, ["test-stretch.html"]);
        Ok(())
    }

    #[test]
    fn an_id_that_is_not_a_plain_name_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let root = tempfile::tempdir()?;
        for id in ["../escape", "a/b", "", "-x", "UPPER"] {
            let e = Exercise {
                id: id.into(),
                ..exercise()
            };
            assert!(
                matches!(write(&e, root.path()), Err(PageError::BadId(_))),
                "{id:?}"
            );
        }
        assert_eq!(fs::read_dir(root.path())?.count(), 0);
        Ok(())
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error() -> Result<(), Box<dyn std::error::Error>> {
        let root = tempfile::tempdir()?;
        let file = root.path().join("a-file");
        fs::write(&file, "")?;
        let err = write(&exercise(), &file.join("pages"));
        assert!(matches!(err, Err(PageError::CreateDir { .. })), "{err:?}");
        Ok(())
    }
}
