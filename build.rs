//! Embeds the built-in exercise files and their pictures in the binary. The lists are generated from
//! the folders, so adding an exercise or a picture is adding a file, with no code to change.

use std::env;
use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// (folder under the crate root, file extension, name of the generated array)
const FOLDERS: [(&str, &str, &str); 2] = [
    ("config/exercises", "toml", "EXERCISE_FILES"),
    ("icons/exercises", "svg", "ICON_FILES"),
];

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let mut out = String::new();
    println!("cargo:rerun-if-changed=build.rs");
    for (folder, ext, array) in FOLDERS {
        // A folder, not its files: cargo then also notices files being added or removed.
        println!("cargo:rerun-if-changed={folder}");
        writeln!(out, "pub(super) static {array}: &[(&str, &str)] = &[")?;
        for (name, path) in files(&root.join(folder), ext)? {
            writeln!(out, "    ({name:?}, include_str!({path:?})),")?;
        }
        writeln!(out, "];")?;
    }
    fs::write(
        PathBuf::from(env::var("OUT_DIR")?).join("builtin_files.rs"),
        out,
    )?;
    Ok(())
}

/// The `*.ext` files in `dir` as (file stem, absolute path), sorted by name. A missing folder has
/// no files: the pictures arrive separately from the exercises.
fn files(dir: &Path, ext: &str) -> Result<Vec<(String, String)>, Box<dyn Error>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display()).into()),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some(ext) || !path.is_file() {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str());
        let (Some(stem), Some(full)) = (stem, path.to_str()) else {
            return Err(format!("file name is not UTF-8: {}", path.display()).into());
        };
        found.push((stem.to_owned(), full.to_owned()));
    }
    found.sort();
    Ok(found)
}
