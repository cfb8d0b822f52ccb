use std::fs;
use std::path::Path;
use std::time::Duration;

use super::*;
use crate::core::{Area, Kind};
use crate::exercise::{Equipment, Place};

fn check(text: &str) -> Result<Config, ConfigError> {
    parse(text, Path::new("config.toml"))
}

/// The one-line Display of the error `text` gives.
fn error(text: &str) -> String {
    match check(text) {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn default_toml_is_the_default() {
    assert_eq!(check(DEFAULT_TOML).unwrap(), Config::default());
}

#[test]
fn empty_file_is_the_default() {
    assert_eq!(check("").unwrap(), Config::default());
    assert_eq!(check("# nothing set\n\n").unwrap(), Config::default());
    assert_eq!(check("[breaks]\n[exercises]\n").unwrap(), Config::default());
}

#[test]
fn partial_file_keeps_other_defaults() {
    let config = check(
        "[breaks]\nevery = \"1h30m\"\nmax_snoozes = 0\n\n[exercises]\nequipment = [\"band\"]\n",
    )
    .unwrap();
    let mut expected = Config::default();
    expected.breaks.every = Duration::from_secs(90 * 60);
    expected.breaks.max_snoozes = 0;
    expected.exercises.equipment = vec![Equipment::Band];
    assert_eq!(config, expected);
}

#[test]
fn every_value_is_read() {
    let config = check(
        r#"
[breaks]
every = "3s"
natural_break = "2s"
snooze = "24h"
max_snoozes = 20
remind_again = "1s"

[exercises]
places = ["floor", "doorway"]
equipment = ["ball", "band", "towel"]
exclude_kinds = ["habit", "release"]
exclude_areas = ["upper-back"]
"#,
    )
    .unwrap();
    assert_eq!(config.breaks.every, Duration::from_secs(3));
    assert_eq!(config.breaks.natural_break, Duration::from_secs(2));
    assert_eq!(config.breaks.snooze, Duration::from_secs(24 * 60 * 60));
    assert_eq!(config.breaks.max_snoozes, 20);
    assert_eq!(config.breaks.remind_again, Duration::from_secs(1));
    assert_eq!(config.exercises.places, [Place::Floor, Place::Doorway]);
    assert_eq!(
        config.exercises.equipment,
        [Equipment::Ball, Equipment::Band, Equipment::Towel]
    );
    assert_eq!(config.exercises.exclude_kinds, [Kind::Habit, Kind::Release]);
    assert_eq!(config.exercises.exclude_areas, [Area::UpperBack]);
}

#[test]
fn unknown_key() {
    assert_eq!(
        error("[breaks]\nevry = \"45m\"\n"),
        "config.toml:2:1: unknown field `evry`, expected one of `every`, `natural_break`, \
         `snooze`, `max_snoozes`, `remind_again`, `routine_every`, `daily_limit`"
    );
    assert_eq!(
        error("[exercises]\nplace = [\"desk\"]\n"),
        "config.toml:2:1: unknown field `place`, expected one of `places`, `equipment`, \
         `exclude_kinds`, `exclude_areas`"
    );
    assert_eq!(
        error("x = 1\n"),
        "config.toml:1:1: unknown field `x`, expected one of `breaks`, `exercises`, `stats`, `quiet`, `schedule`"
    );
}

#[test]
fn kebab_case_keys_are_unknown() {
    assert_eq!(
        error("[breaks]\nnatural-break = \"5m\"\n"),
        "config.toml:2:1: unknown field `natural-break`, expected one of `every`, \
         `natural_break`, `snooze`, `max_snoozes`, `remind_again`, `routine_every`, `daily_limit`"
    );
}

#[test]
fn misspelled_section() {
    assert_eq!(
        error("[break]\nevery = \"45m\"\n"),
        "config.toml:1:2: unknown field `break`, expected one of `breaks`, `exercises`, `stats`, `quiet`, `schedule`"
    );
}

#[test]
fn section_of_wrong_type() {
    assert_eq!(
        error("breaks = 5\n"),
        "config.toml:1:10: invalid type: integer `5`, expected a [breaks] table"
    );
}

#[test]
fn array_of_tables_is_not_a_section() {
    assert_eq!(
        error("[[breaks]]\nevery = \"45m\"\n"),
        "config.toml:1:1: invalid type: sequence, expected a [breaks] table"
    );
}

#[test]
fn unknown_subtable() {
    assert_eq!(
        error("[breaks.extra]\n"),
        "config.toml:1:9: unknown field `extra`, expected one of `every`, `natural_break`, \
         `snooze`, `max_snoozes`, `remind_again`, `routine_every`, `daily_limit`"
    );
}

#[test]
fn dotted_keys_are_read() {
    let config = check("breaks.every = \"2m\"\n").unwrap();
    assert_eq!(config.breaks.every, Duration::from_secs(120));
}

#[test]
fn number_for_a_duration() {
    assert_eq!(
        error("[breaks]\nevery = 45\n"),
        "config.toml:2:9: every must be a duration in quotes, like \"45m\", got 45"
    );
}

#[test]
fn bad_duration_string() {
    assert_eq!(
        error("[breaks]\nsnooze = \"ten minutes\"\n"),
        "config.toml:2:10: snooze must be a duration like \"45m\", \"30s\" or \"1h30m\", \
         got \"ten minutes\""
    );
}

#[test]
fn zero_duration() {
    assert_eq!(
        error("[breaks]\nevery = \"0s\"\n"),
        "config.toml:2:9: every must be between 1s and 24h, got \"0s\""
    );
}

#[test]
fn sub_second_duration() {
    assert_eq!(
        error("[breaks]\nremind_again = \"500ms\"\n"),
        "config.toml:2:16: remind_again must be between 1s and 24h, got \"500ms\""
    );
}

#[test]
fn too_large_duration() {
    assert_eq!(
        error("[breaks]\nnatural_break = \"25h\"\n"),
        "config.toml:2:17: natural_break must be between 1s and 24h, got \"25h\""
    );
}

#[test]
fn max_snoozes_out_of_range() {
    assert_eq!(
        error("[breaks]\nmax_snoozes = 21\n"),
        "config.toml:2:15: max_snoozes must be a whole number between 0 and 20, got 21"
    );
    assert_eq!(
        error("[breaks]\nmax_snoozes = -1\n"),
        "config.toml:2:15: max_snoozes must be a whole number between 0 and 20, got -1"
    );
    assert_eq!(
        error("[breaks]\nmax_snoozes = \"3\"\n"),
        "config.toml:2:15: max_snoozes must be a whole number between 0 and 20, got \"3\""
    );
}

#[test]
fn unknown_place_name() {
    assert_eq!(
        error("[exercises]\nplaces = [\"desk\", \"sofa\"]\n"),
        "config.toml:2:19: unknown place \"sofa\" in places; \
         allowed: desk, wall, doorway, floor, walking"
    );
}

#[test]
fn unknown_names_in_other_lists() {
    assert_eq!(
        error("[exercises]\nequipment = [\"chair\"]\n"),
        "config.toml:2:14: unknown equipment \"chair\" in equipment; allowed: ball, band, towel"
    );
    assert_eq!(
        error("[exercises]\nexclude_kinds = [\"yoga\"]\n"),
        "config.toml:2:18: unknown kind \"yoga\" in exclude_kinds; \
         allowed: stretch, strengthen, release, mobility, habit"
    );
    assert_eq!(
        error("[exercises]\nexclude_areas = [\"upper_back\"]\n"),
        "config.toml:2:18: unknown area \"upper_back\" in exclude_areas; \
         allowed: chest, upper-back, neck, shoulders, spine"
    );
}

#[test]
fn list_of_wrong_shape() {
    assert_eq!(
        error("[exercises]\nplaces = \"desk\"\n"),
        "config.toml:2:10: invalid type: string \"desk\", expected a list in square brackets"
    );
    assert_eq!(
        error("[exercises]\nplaces = [1]\n"),
        "config.toml:2:11: places must list place names in quotes, got 1"
    );
}

#[test]
fn lists_that_leave_no_exercise() {
    assert_eq!(
        error("[exercises]\nplaces = []\n"),
        "config.toml:2:10: places must name at least one place; \
         allowed: desk, wall, doorway, floor, walking"
    );
    assert_eq!(
        error(
            "[exercises]\nexclude_kinds = [\"stretch\", \"strengthen\", \"release\", \
             \"mobility\", \"habit\"]\n"
        ),
        "config.toml:2:17: exclude_kinds must not list every kind \
         (stretch, strengthen, release, mobility, habit): no exercise would be left"
    );
}

#[test]
fn invalid_toml_syntax() {
    assert_eq!(
        error("[breaks]\nevery = \"45m\n"),
        "config.toml:2:13: invalid basic string, expected `\"`"
    );
    assert_eq!(
        error("[breaks\n"),
        "config.toml:1:8: unclosed table, expected `]`"
    );
    assert_eq!(
        error("[breaks]\nevery = \"45m\"\nevery = \"1m\"\n"),
        "config.toml:3:1: duplicate key"
    );
}

#[test]
fn first_problem_in_the_file_is_reported() {
    assert_eq!(
        error("[breaks]\nmax_snoozes = 99\nevery = \"0s\"\n"),
        "config.toml:2:15: max_snoozes must be a whole number between 0 and 20, got 99"
    );
}

#[test]
fn render_underlines_the_value() {
    let err = check("[breaks]\nevery = \"0s\"\n").unwrap_err();
    assert_eq!(err.path(), Path::new("config.toml"));
    assert_eq!(err.line(), Some(2));
    assert_eq!(err.column(), Some(9));
    assert_eq!(
        err.render(),
        "config.toml:2:9: every must be between 1s and 24h, got \"0s\"\n  \
         |\n\
         2 | every = \"0s\"\n  \
         |         ^^^^"
    );
}

#[test]
fn columns_count_characters_and_keep_tabs() {
    let err = check("[breaks]\r\n\tsnooze = \"été\"\r\n").unwrap_err();
    assert_eq!(err.column(), Some(11));
    assert_eq!(
        err.render(),
        "config.toml:2:11: snooze must be a duration like \"45m\", \"30s\" or \"1h30m\", \
         got \"été\"\n  \
         |\n\
         2 | \tsnooze = \"été\"\n  \
         | \t         ^^^^^"
    );
}

#[test]
fn errors_at_odd_places_are_located() {
    // At the very end of the text, after a multi-byte character, behind a byte order mark.
    assert_eq!(
        error("["),
        "config.toml:1:2: unquoted keys cannot be empty, expected letters, numbers, `-`, `_`"
    );
    assert_eq!(
        error("a = \"é"),
        "config.toml:1:7: invalid basic string, expected `\"`"
    );
    assert_eq!(
        error("\u{feff}[breaks]\nevery = 1\n"),
        "config.toml:2:9: every must be a duration in quotes, like \"45m\", got 1"
    );
    let err = check("a = \"é").unwrap_err();
    assert_eq!(
        err.render(),
        "config.toml:1:7: invalid basic string, expected `\"`\n  |\n1 | a = \"é\n  |       ^"
    );
}

#[test]
fn load_reports_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.toml");
    let err = load(&path).unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }));
    assert_eq!(err.line(), None);
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}: cannot read: ", path.display())),
        "{shown}"
    );
}

#[test]
fn load_reads_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    fs::write(&path, "[breaks]\nevery = \"3s\"\n").unwrap();
    assert_eq!(load(&path).unwrap().breaks.every, Duration::from_secs(3));
}

#[test]
fn write_default_writes_once_and_creates_folders() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unknot").join("config.toml");
    assert!(write_default_if_missing(&path).unwrap());
    assert_eq!(fs::read_to_string(&path).unwrap(), DEFAULT_TOML);
    assert_eq!(load(&path).unwrap(), Config::default());

    fs::write(&path, "[breaks]\nevery = \"3s\"\n").unwrap();
    assert!(!write_default_if_missing(&path).unwrap());
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "[breaks]\nevery = \"3s\"\n"
    );
}

#[test]
fn write_default_never_overwrites_an_empty_or_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    for existing in ["", "[breaks\nthis is not toml"] {
        let path = dir.path().join("config.toml");
        fs::write(&path, existing).unwrap();
        assert!(!write_default_if_missing(&path).unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), existing);
    }
}

#[test]
fn load_locates_the_first_byte_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    fs::write(&path, b"[breaks]\n# caf\xe9\nevery = \"3s\"\n").unwrap();
    let err = load(&path).unwrap_err();
    assert_eq!(
        err.render(),
        format!(
            "{}:2:6: not valid UTF-8 (byte 0xe9); save the file as UTF-8\n  |\n2 | # caf\u{fffd}\n  |      ^",
            path.display()
        )
    );
}

#[test]
fn load_refuses_a_fifo_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path for the duration of the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let err = load(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: cannot read: it is a FIFO (named pipe), not a regular file",
            path.display()
        )
    );
}
