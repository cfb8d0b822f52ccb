//! Adding an exercise file to the user's folder: checked first, and never over a file already there.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::parse::parse;
use crate::atomic_file;
use crate::diagnostic::Diagnostic;
use crate::text_file::{read_text, ReadError};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {reason}", path.display())]
    Read { path: PathBuf, reason: io::Error },
    #[error("not imported: {0}")]
    Invalid(#[from] Diagnostic),
    #[error(
        "not imported: {} already exists; rename or remove it first, or edit it instead",
        path.display()
    )]
    Exists { path: PathBuf },
    #[error("cannot write {}: {reason}", path.display())]
    Write { path: PathBuf, reason: io::Error },
}

/// Checks the exercise file `src` and copies it, byte for byte, to `user_dir/<id>.toml`,
/// creating `user_dir` if needed. Returns the new file's path.
pub fn import(src: &Path, user_dir: &Path) -> Result<PathBuf, ImportError> {
    let text = read_text(src).map_err(|error| match error {
        ReadError::Io(reason) => ImportError::Read {
            path: src.to_owned(),
            reason,
        },
        not_utf8 => ImportError::Invalid(Diagnostic::unreadable(src, not_utf8)),
    })?;
    let parsed = parse(src, &text)?;
    let dest = user_dir.join(format!("{}.toml", parsed.id));
    // Checked before writing anything so the usual refusal leaves no trace; creating checks again.
    if dest.exists() {
        return Err(ImportError::Exists { path: dest });
    }
    fs::create_dir_all(user_dir).map_err(|reason| ImportError::Write {
        path: user_dir.to_owned(),
        reason,
    })?;
    match atomic_file::create_new(&dest, text.as_bytes(), 0o644) {
        Ok(()) => Ok(dest),
        Err(reason) if reason.kind() == io::ErrorKind::AlreadyExists => {
            Err(ImportError::Exists { path: dest })
        }
        Err(reason) => Err(ImportError::Write { path: dest, reason }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::Library;

    const NECK_ROLL: &str = "# my own\nid = \"neck-roll\"\nname = \"Neck roll\"\n\
        cue = \"Roll your head slowly.\"\nkind = \"mobility\"\narea = \"neck\"\n\
        places = [\"desk\"]\nduration = \"30s\"\nsteps = [\"Sit tall.\", \"Roll slowly.\"]\n\
        cautions = []\nsource = \"Mine\"\n";

    fn source_file(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("download.toml");
        fs::write(&path, text).expect("write source");
        path
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_good_file_is_copied_verbatim_under_its_id() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let src = source_file(tmp.path(), NECK_ROLL);
        let user_dir = tmp.path().join("config/unknot/exercises");
        let dest = import(&src, &user_dir).expect("imported");
        assert_eq!(dest, user_dir.join("neck-roll.toml"));
        assert_eq!(fs::read_to_string(&dest).expect("read"), NECK_ROLL);
        assert_eq!(listing(&user_dir), ["neck-roll.toml"]);
        assert!(Library::load(&user_dir).get("neck-roll").is_some());
    }

    #[test]
    fn a_bad_file_is_refused_with_the_reason_and_nothing_is_written() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let src = source_file(tmp.path(), &NECK_ROLL.replace("\"neck\"", "\"knee\""));
        let user_dir = tmp.path().join("exercises");
        let err = import(&src, &user_dir).expect_err("refused");
        assert_eq!(
            err.to_string(),
            format!(
                "not imported: {}:6:8: unknown variant `knee`, expected one of `chest`, \
                 `upper-back`, `neck`, `shoulders`, `spine`",
                src.display()
            )
        );
        assert!(!user_dir.exists());
    }

    #[test]
    fn an_existing_file_is_never_overwritten() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let src = source_file(tmp.path(), NECK_ROLL);
        let user_dir = tmp.path().join("exercises");
        fs::create_dir(&user_dir).expect("mkdir");
        let existing = user_dir.join("neck-roll.toml");
        fs::write(&existing, "id = \"neck-roll\"\nenabled = false\n").expect("write");
        let err = import(&src, &user_dir).expect_err("refused");
        assert_eq!(
            err.to_string(),
            format!(
                "not imported: {} already exists; rename or remove it first, or edit it instead",
                existing.display()
            )
        );
        assert_eq!(
            fs::read_to_string(&existing).expect("read"),
            "id = \"neck-roll\"\nenabled = false\n"
        );
        assert_eq!(listing(&user_dir), ["neck-roll.toml"]);
    }

    #[test]
    fn a_missing_source_is_a_read_error() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let src = tmp.path().join("nope.toml");
        let err = import(&src, &tmp.path().join("exercises")).expect_err("refused");
        assert!(matches!(err, ImportError::Read { .. }), "{err:?}");
        assert!(
            err.to_string()
                .starts_with(&format!("cannot read {}: ", src.display())),
            "{err}"
        );
    }
}
