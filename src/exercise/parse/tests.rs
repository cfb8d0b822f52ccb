use super::*;

const GOOD: &str = r#"id = "neck-roll"
name = "Neck roll"
cue = "Roll your head slowly."
kind = "mobility"
area = "neck"
places = ["desk"]
duration = "30s"
steps = ["Sit tall.", "Roll slowly."]
cautions = []
source = "Somewhere"
"#;

fn parsed(text: &str) -> ParsedFile {
    match parse(Path::new("ex/neck-roll.toml"), text) {
        Ok(parsed) => parsed,
        Err(e) => panic!("{e}"),
    }
}

fn error(text: &str) -> String {
    match parse(Path::new("ex/neck-roll.toml"), text) {
        Ok(parsed) => panic!("parsed: {parsed:?}"),
        Err(e) => e.to_string(),
    }
}

/// GOOD with `key`'s line replaced by `line`, or with `line` added when there is no `key`.
fn with(key: &str, line: &str) -> String {
    let prefix = format!("{key} =");
    let mut lines: Vec<&str> = GOOD.lines().collect();
    match lines.iter().position(|l| l.starts_with(&prefix)) {
        Some(i) => lines[i] = line,
        None => lines.push(line),
    }
    lines.join("\n") + "\n"
}

#[test]
fn a_complete_file_parses_with_defaults_for_the_optional_fields() {
    let p = parsed(GOOD);
    assert_eq!((p.id.as_str(), p.id_at), ("neck-roll", 5));
    let e = p.exercise.expect("enabled");
    assert_eq!(e.kind, Kind::Mobility);
    assert_eq!(e.area, Area::Neck);
    assert_eq!(e.places, [Place::Desk]);
    assert_eq!(e.equipment, []);
    assert_eq!(e.duration, Duration::from_secs(30));
    assert_eq!(
        (e.reps, e.sets, e.hold, e.per_side),
        (None, None, None, false)
    );
    assert_eq!(e.illustration_name(), "neck-roll");
}

#[test]
fn every_optional_field_is_read() {
    let text = GOOD.to_owned()
        + "equipment = [\"band\", \"ball\"]\nreps = 10\nsets = 2\nhold = \"5s\"\n\
           per_side = true\nillustration = \"habit-water\"\nenabled = true\n";
    let e = parsed(&text).exercise.expect("enabled");
    assert_eq!(e.equipment, [Equipment::Band, Equipment::Ball]);
    assert_eq!((e.reps, e.sets), (Some(10), Some(2)));
    assert_eq!(e.hold, Some(Duration::from_secs(5)));
    assert!(e.per_side);
    assert_eq!(e.illustration_name(), "habit-water");
}

#[test]
fn id_and_enabled_false_make_a_file_that_hides_an_exercise() {
    let p = parsed("id = \"wall-angels\"\nenabled = false\n");
    assert_eq!(p.id, "wall-angels");
    assert_eq!(p.exercise, None);
    // A full exercise can be switched off too.
    assert_eq!(parsed(&with("enabled", "enabled = false")).exercise, None);
}

#[test]
fn toml_and_shape_errors_point_at_the_offending_spot() {
    let cases = [
        (
            with("colour", "colour = 1"),
            "ex/neck-roll.toml:11:1: unknown field `colour`, expected one of `id`, `enabled`, \
             `name`, `cue`, `kind`, `area`, `places`, `equipment`, `duration`, `reps`, `sets`, \
             `hold`, `per_side`, `steps`, `cautions`, `source`, `illustration`",
        ),
        (
            with("kind", "kind = \"yoga\""),
            "ex/neck-roll.toml:4:8: unknown variant `yoga`, expected one of `stretch`, \
             `strengthen`, `release`, `mobility`, `habit`",
        ),
        (
            with("area", "area = \"knees\""),
            "ex/neck-roll.toml:5:8: unknown variant `knees`, expected one of `chest`, \
             `upper-back`, `neck`, `shoulders`, `spine`",
        ),
        (
            with("places", "places = [\"desk\", \"sofa\"]"),
            "ex/neck-roll.toml:6:19: unknown variant `sofa`, expected one of `desk`, `wall`, \
             `doorway`, `floor`, `walking`",
        ),
        (
            with("equipment", "equipment = [\"kettlebell\"]"),
            "ex/neck-roll.toml:11:14: unknown variant `kettlebell`, expected one of `ball`, \
             `band`, `towel`",
        ),
        (
            with("reps", "reps = -1"),
            "ex/neck-roll.toml:11:8: invalid value: integer `-1`, expected u32",
        ),
        (
            with("per_side", "per_side = \"yes\""),
            "ex/neck-roll.toml:11:12: invalid type: string \"yes\", expected a boolean",
        ),
        (with("id", ""), "ex/neck-roll.toml:1:1: missing field `id`"),
        (
            with("id", "id = \"a\"\nid = \"b\""),
            "ex/neck-roll.toml:2:1: duplicate key",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(error(&text), want);
    }
}

#[test]
fn an_enabled_file_needs_every_required_field() {
    assert_eq!(
        error(&with("cue", "")),
        "ex/neck-roll.toml:1:1: missing field `cue`"
    );
    assert_eq!(
        error("id = \"neck-roll\"\nname = \"Neck roll\"\nenabled = true\n"),
        "ex/neck-roll.toml:1:1: missing fields `cue`, `kind`, `area`, `places`, `duration`, \
         `steps`, `cautions`, `source`"
    );
    assert_eq!(
        error("id = \"neck-roll\"\n"),
        "ex/neck-roll.toml:1:1: missing fields `name`, `cue`, `kind`, `area`, `places`, \
         `duration`, `steps`, `cautions`, `source` (a file with only `id` needs `enabled = false` \
         to hide that exercise)"
    );
}

#[test]
fn value_errors_point_at_the_value() {
    let long_cue = format!("cue = \"{}\"", "x".repeat(91));
    let cases = [
        (
            with("id", "id = \"Neck Roll\""),
            "ex/neck-roll.toml:1:6: `id` \"Neck Roll\" must be lowercase letters, digits and \
             inner dashes, like \"wall-angels\"",
        ),
        (
            with("name", "name = \"  \""),
            "ex/neck-roll.toml:2:8: `name` is empty",
        ),
        (
            with("cue", &long_cue),
            "ex/neck-roll.toml:3:7: `cue` is 91 characters long; a notification line has room \
             for 90",
        ),
        (
            with("cue", "cue = \"one\\ntwo\""),
            "ex/neck-roll.toml:3:7: `cue` must fit on one line",
        ),
        (
            with("places", "places = []"),
            "ex/neck-roll.toml:6:10: `places` is empty; name at least one place, or the \
             exercise is never suggested",
        ),
        (
            with("duration", "duration = \"5 parsecs\""),
            "ex/neck-roll.toml:7:12: `duration` \"5 parsecs\" is not a duration (unknown unit \
             \"parsecs\"); write it like \"30s\" or \"1m30s\"",
        ),
        (
            with("duration", "duration = \"0s\""),
            "ex/neck-roll.toml:7:12: `duration` must be between 1s and 30m",
        ),
        (
            with("hold", "hold = \"1m\""),
            "ex/neck-roll.toml:11:8: hold is longer than the whole duration",
        ),
        (
            with("reps", "reps = 0"),
            "ex/neck-roll.toml:11:8: `reps` must be between 1 and 100",
        ),
        (
            with("sets", "sets = 11"),
            "ex/neck-roll.toml:11:8: `sets` must be between 1 and 10",
        ),
        (
            with("steps", "steps = [\"Only one.\"]"),
            "ex/neck-roll.toml:8:9: `steps` has 1; write 2 to 6 steps",
        ),
        (
            with(
                "steps",
                "steps = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]",
            ),
            "ex/neck-roll.toml:8:9: `steps` has 7; write 2 to 6 steps",
        ),
        (
            with("steps", "steps = [\"Sit tall.\", \"\"]"),
            "ex/neck-roll.toml:8:23: a step is empty",
        ),
        (
            with("cautions", "cautions = [\"\"]"),
            "ex/neck-roll.toml:9:13: a caution is empty",
        ),
        (
            with("illustration", "illustration = \"../x\""),
            "ex/neck-roll.toml:11:16: `illustration` \"../x\" must be lowercase letters, digits \
             and inner dashes, like \"wall-angels\"",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(error(&text), want);
    }
}

#[test]
fn a_disabled_file_is_still_checked_for_what_it_does_say() {
    assert_eq!(
        error("id = \"wall-angels\"\nenabled = false\nreps = 0\n"),
        "ex/neck-roll.toml:3:8: `reps` must be between 1 and 100"
    );
}

#[test]
fn a_cue_of_exactly_ninety_characters_fits() {
    let cue = format!("cue = \"{}\"", "é".repeat(MAX_CUE_CHARS));
    assert!(parsed(&with("cue", &cue)).exercise.is_some());
}
