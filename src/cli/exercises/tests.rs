use std::fs;

use super::*;

fn paths(exercises_dir: &Path) -> Paths {
    Paths {
        exercises_dir: exercises_dir.to_owned(),
        ..Paths::under(Path::new("."), "this-computer")
    }
}

/// Exit status, stdout, stderr; the user folder's path reads as USER.
fn run_in(dir: &Path, command: Option<ExercisesCommand>, json: bool) -> (u8, String, String) {
    let args = ExercisesArgs { command, json };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_to(&args, &paths(dir), &mut out, &mut err).expect("runs");
    let text = |bytes: Vec<u8>| {
        String::from_utf8(bytes)
            .expect("UTF-8")
            .replace(&dir.display().to_string(), "USER")
    };
    let status = if code == ExitCode::SUCCESS {
        0
    } else if code == ExitCode::from(BAD_INPUT) {
        BAD_INPUT
    } else {
        1
    };
    (status, text(out), text(err))
}

fn show(id: &str, json: bool) -> Option<ExercisesCommand> {
    Some(ExercisesCommand::Show {
        id: id.to_owned(),
        json,
    })
}

#[test]
fn the_list_has_one_aligned_line_per_exercise() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (status, out, err) = run_in(dir.path(), None, false);
    assert_eq!((status, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 26);
    let line = lines
        .iter()
        .find(|l| l.starts_with("wall-pec-stretch "))
        .expect("listed");
    let words: Vec<&str> = line.split("  ").filter(|w| !w.is_empty()).collect();
    assert_eq!(
        words.iter().map(|w| w.trim()).collect::<Vec<_>>(),
        [
            "wall-pec-stretch",
            "Wall pec stretch",
            "stretch",
            "chest",
            "hold 30 s, each side"
        ]
    );
    let name_column = |l: &str| l.find(|c: char| c.is_ascii_uppercase());
    assert!(lines
        .iter()
        .all(|l| name_column(l) == name_column(lines[0])));
}

#[test]
fn the_json_list_has_every_field_and_the_dose() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (status, out, _) = run_in(dir.path(), None, true);
    assert_eq!(status, 0);
    let all: Vec<serde_json::Value> = serde_json::from_str(&out).expect("JSON array");
    assert_eq!(all.len(), 26);
    let angels = all
        .iter()
        .find(|e| e["id"] == "wall-angels")
        .expect("listed");
    let keys: Vec<&str> = angels
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "id",
        "name",
        "cue",
        "kind",
        "area",
        "places",
        "equipment",
        "duration",
        "reps",
        "sets",
        "hold",
        "per_side",
        "steps",
        "cautions",
        "source",
        "illustration",
        "dose",
        "excluded",
    ] {
        assert!(keys.contains(&key), "no {key} in {keys:?}");
    }
    assert_eq!(angels["duration"], "1m");
    assert_eq!(angels["kind"], "strengthen");
    assert_eq!(angels["dose"], "10 reps");
    assert_eq!(angels["excluded"], serde_json::json!([]));
    let floor = all
        .iter()
        .find(|e| e["id"] == "downward-dog")
        .expect("listed");
    assert_eq!(
        floor["excluded"],
        serde_json::json!(["places has none of floor"])
    );
}

#[test]
fn show_prints_one_exercise_in_full() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (status, out, _) = run_in(dir.path(), show("corner-stretch", false), false);
    assert_eq!(status, 0);
    assert!(
        out.starts_with("Corner stretch (corner-stretch)\n"),
        "{out}"
    );
    for line in [
        "Kind:     stretch, for the chest",
        "Where:    wall",
        "Needs:    nothing",
        "Dose:     hold 30 s, 2 times",
        "Takes:    about 1 min 30 s",
        "  1. Face the corner of a room, about a step away from it.",
        "Source:   Testimonial For Getting Rid Of Muscle Spasms In Your Shoulders Naturally",
        "File:     built in",
        "Picture:  corner-stretch (built in)",
    ] {
        assert!(out.lines().any(|l| l == line), "no {line:?} in\n{out}");
    }
    let (_, json, _) = run_in(dir.path(), show("corner-stretch", true), false);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["hold"], "30s");
}

#[test]
fn show_of_an_unknown_id_fails_with_status_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (status, out, err) = run_in(dir.path(), show("cartwheel", false), false);
    assert_eq!(
        (status, out.as_str(), err.as_str()),
        (
            2,
            "",
            "no exercise \"cartwheel\"; `unknot exercises` lists the ids\n"
        )
    );
}

#[test]
fn show_of_a_mistyped_id_suggests_the_closest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (status, _, err) = run_in(dir.path(), show("chin_tuck", false), false);
    assert_eq!(
        (status, err.as_str()),
        (
            2,
            "no exercise \"chin_tuck\"; did you mean \"chin-tuck\"? `unknot exercises` lists the ids\n"
        )
    );
    assert_eq!(
        closest("wallangels", ["wall-angels", "walking"].into_iter()),
        Some("wall-angels")
    );
    assert_eq!(closest("pushups", ["chin-tuck"].into_iter()), None);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}

#[test]
fn check_counts_good_files_and_reports_bad_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let user = dir.path().join("exercises");
    let check = || run_in(&user, Some(ExercisesCommand::Check), false);
    assert_eq!(
        check(),
        (0, "0 exercise files OK in USER\n".into(), String::new())
    );

    fs::create_dir(&user).expect("mkdir");
    fs::write(
        user.join("off.toml"),
        "id = \"push-ups\"\nenabled = false\n",
    )
    .expect("write");
    assert_eq!(
        check(),
        (0, "1 exercise file OK in USER\n".into(), String::new())
    );

    fs::write(
        user.join("typo.toml"),
        "id = \"chin-tuck\"\nenabeld = false\n",
    )
    .expect("write");
    let (status, out, err) = check();
    assert_eq!((status, out.as_str()), (2, ""));
    assert!(
        err.starts_with("USER/typo.toml:2:1: unknown field `enabeld`, expected one of "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn import_copies_a_good_file_and_refuses_a_second_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let user = dir.path().join("exercises");
    let file = dir.path().join("off.toml");
    fs::write(&file, "id = \"push-ups\"\nenabled = false\n").expect("write");
    let import = || {
        run_in(
            &user,
            Some(ExercisesCommand::Import { file: file.clone() }),
            false,
        )
    };
    assert_eq!(
        import(),
        (0, "imported as USER/push-ups.toml\n".into(), String::new())
    );
    let (status, _, err) = import();
    assert_eq!(status, 2);
    assert!(err.contains("USER/push-ups.toml already exists"), "{err}");
}
