//! `unknot exercises ...`: list, show, check and import exercises without starting the app.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::config::{self, ConfigError};
use crate::exercise::{self, Exercise, Library, Selection};
use crate::paths::Paths;

/// List the exercises (built-in and your own), show one, or check your exercise files.
#[derive(Debug, clap::Args)]
pub struct ExercisesArgs {
    #[command(subcommand)]
    pub command: Option<ExercisesCommand>,
    /// Print the list as JSON, every field included.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum ExercisesCommand {
    /// Print one exercise in full.
    Show {
        /// The exercise's id, as `unknot exercises` lists it.
        id: String,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check the files in your exercise folder: print each problem as PATH:LINE:COL (exit status 2).
    Check,
    /// Check an exercise file and copy it into your exercise folder as ID.toml.
    Import {
        /// The exercise file to add.
        file: PathBuf,
    },
}

/// Exit status for a bad exercise file or an unknown id; 1 is left for unknot itself failing.
const BAD_INPUT: u8 = 2;

pub fn run(args: &ExercisesArgs, paths: &Paths) -> anyhow::Result<ExitCode> {
    super::finish(run_to(
        args,
        paths,
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    ))
}

fn run_to(
    args: &ExercisesArgs,
    paths: &Paths,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let dir = &paths.exercises_dir;
    match &args.command {
        None => {
            let library = load(dir, err)?;
            let selection = selection(&paths.config_file, err)?;
            if args.json {
                let all: Vec<Listed> = library.iter().map(|e| Listed::new(e, &selection)).collect();
                json_to(out, &all)?;
            } else {
                list(out, &library, &selection)?;
            }
        }
        Some(ExercisesCommand::Show { id, json }) => {
            let library = load(dir, err)?;
            let selection = selection(&paths.config_file, err)?;
            match library.get(id) {
                Some(e) if *json => json_to(out, &Listed::new(e, &selection))?,
                Some(e) => show(out, e, library.user_file(id), &selection)?,
                None => {
                    let hint = match closest(id, library.iter().map(|e| e.id.as_str())) {
                        Some(near) => format!("did you mean {near:?}? "),
                        None => String::new(),
                    };
                    writeln!(
                        err,
                        "no exercise {id:?}; {hint}`unknot exercises` lists the ids"
                    )?;
                    return Ok(ExitCode::from(BAD_INPUT));
                }
            }
        }
        Some(ExercisesCommand::Check) => {
            let library = load(dir, err)?;
            if !library.problems().is_empty() {
                return Ok(ExitCode::from(BAD_INPUT));
            }
            let n = library.user_file_count();
            let files = if n == 1 { "file" } else { "files" };
            writeln!(out, "{n} exercise {files} OK in {}", dir.display())?;
        }
        Some(ExercisesCommand::Import { file }) => match exercise::import(file, dir) {
            Ok(path) => writeln!(out, "imported as {}", path.display())?,
            Err(e) => {
                writeln!(err, "{e}")?;
                return Ok(ExitCode::from(BAD_INPUT));
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// The library, with its problems reported on `err`: a bad file is worth knowing about whatever
/// the command, and it does not stop the rest from being listed.
fn load(dir: &Path, err: &mut dyn Write) -> io::Result<Library> {
    let library = Library::load(dir);
    for problem in library.problems() {
        writeln!(err, "{problem}")?;
    }
    Ok(library)
}

/// The `[exercises]` settings the app would run with: those of the config file, or the defaults
/// when there is none. A broken file is reported, and the defaults used, as the app does.
fn selection(config_file: &Path, err: &mut dyn Write) -> io::Result<Selection> {
    match config::load(config_file) {
        Ok(config) => Ok(config.exercises),
        Err(ConfigError::Read { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            Ok(Selection::default())
        }
        Err(e) => {
            writeln!(
                err,
                "{e}\n(marking exercises by the default [exercises] settings)"
            )?;
            Ok(Selection::default())
        }
    }
}

/// Why the settings leave `e` out; empty when it can be suggested.
fn excluded(e: &Exercise, selection: &Selection) -> Vec<String> {
    selection.excludes(e.kind, e.area, &e.places, &e.equipment)
}

/// The id nearest to a mistyped `id` (`chin_tuck` → `chin-tuck`), if one is near enough to
/// be what was meant.
fn closest<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (id.chars().count() / 3).max(2);
    ids.map(|candidate| (edit_distance(id, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// An exercise as the JSON output has it: every field, the dose as the notification words it,
/// and why the `[exercises]` settings leave it out (empty when they do not).
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    exercise: &'a Exercise,
    dose: String,
    excluded: Vec<String>,
}

impl<'a> Listed<'a> {
    fn new(exercise: &'a Exercise, selection: &Selection) -> Self {
        Listed {
            exercise,
            dose: exercise.dose(),
            excluded: excluded(exercise, selection),
        }
    }
}

fn json_to(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// One line per exercise, in columns: id, name, kind, area, dose, and what leaves it out.
fn list(out: &mut dyn Write, library: &Library, selection: &Selection) -> io::Result<()> {
    let id_width = library.iter().map(|e| e.id.len()).max().unwrap_or(0);
    let name_width = library
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0);
    let dose_width = library
        .iter()
        .map(|e| e.dose().chars().count())
        .max()
        .unwrap_or(0);
    for e in library.iter() {
        let line = format!(
            "{:id_width$}  {:name_width$}  {:10}  {:10}  {:dose_width$}",
            e.id,
            e.name,
            e.kind.as_str(),
            e.area.as_str(),
            e.dose()
        );
        let why = excluded(e, selection);
        if why.is_empty() {
            writeln!(out, "{}", line.trim_end())?;
        } else {
            writeln!(out, "{line}  not suggested: {}", why.join("; "))?;
        }
    }
    if library.eligible(selection).is_empty() {
        writeln!(
            out,
            "Your [exercises] settings leave out every exercise, so unknot suggests from all of them."
        )?;
    }
    Ok(())
}

fn show(
    out: &mut dyn Write,
    e: &Exercise,
    user_file: Option<&Path>,
    selection: &Selection,
) -> io::Result<()> {
    let places: Vec<&str> = e.places.iter().map(|p| p.as_str()).collect();
    let equipment: Vec<&str> = e.equipment.iter().map(|q| q.as_str()).collect();
    writeln!(out, "{} ({})", e.name, e.id)?;
    writeln!(out, "{}", e.cue)?;
    writeln!(out)?;
    writeln!(out, "Kind:     {}, for the {}", e.kind, e.area)?;
    writeln!(out, "Where:    {}", places.join(", "))?;
    let needs = if equipment.is_empty() {
        "nothing".to_owned()
    } else {
        equipment.join(", ")
    };
    writeln!(out, "Needs:    {needs}")?;
    writeln!(out, "Dose:     {}", e.dose())?;
    writeln!(
        out,
        "Takes:    about {}",
        exercise::short_duration(e.duration)
    )?;
    writeln!(out, "Steps:")?;
    for (n, step) in e.steps.iter().enumerate() {
        writeln!(out, "  {}. {step}", n + 1)?;
    }
    if !e.cautions.is_empty() {
        writeln!(out, "Cautions:")?;
        for caution in &e.cautions {
            writeln!(out, "  - {caution}")?;
        }
    }
    writeln!(out, "Source:   {}", e.source)?;
    match user_file {
        Some(path) => writeln!(out, "File:     {}", path.display())?,
        None => writeln!(out, "File:     built in")?,
    }
    // Pictures come only from the binary; a user exercise may borrow a built-in one by name.
    if exercise::builtin_svg(e.illustration_name()).is_some() {
        writeln!(out, "Picture:  {} (built in)", e.illustration_name())?;
    }
    let why = excluded(e, selection);
    if !why.is_empty() {
        writeln!(
            out,
            "Not suggested: {} (your [exercises] settings)",
            why.join("; ")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
