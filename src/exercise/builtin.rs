//! The exercise files and pictures compiled into the binary (listed by `build.rs`).

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The built-in exercise files as (file stem, contents), sorted by name.
pub(crate) fn exercise_files() -> &'static [(&'static str, &'static str)] {
    EXERCISE_FILES
}

/// The SVG picture `icons/exercises/<name>.svg`, if there is one.
pub fn builtin_svg(name: &str) -> Option<&'static str> {
    ICON_FILES
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| ICON_FILES[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Kind;
    use crate::exercise::{Equipment, Library, MAX_CUE_CHARS};

    /// The ids the pictures are drawn for; a new exercise is added here and in `icons/exercises/`.
    const IDS: [&str; 26] = [
        "wall-thoracic-extension",
        "upper-trap-ball-release",
        "wall-angels",
        "forearm-wall-slide",
        "wall-pec-stretch",
        "shoulder-shrug",
        "chin-tuck",
        "kneeling-thoracic-rotation",
        "downward-dog",
        "doorway-pec-minor-stretch",
        "armpit-side-release",
        "back-strengthening",
        "wall-ball-release",
        "corner-stretch",
        "doorway-stretch",
        "band-external-rotation",
        "band-horizontal-abduction",
        "thumbs-forward-walking",
        "shoulder-blade-squeeze",
        "up-and-back-stretch",
        "push-ups",
        "towel-spine-lie",
        "shoulder-hikes-and-rolls",
        "drink-water",
        "stand-for-a-task",
        "check-your-position",
    ];

    /// The articles the exercises come from, titled as they are published.
    const SOURCES: [&str; 8] = [
        "6 Ways to Get Rid of the Knots in Your Upper Back",
        "Exercises for an Upper Back Knot",
        "Five Ways To Knock Out The Knots In Your Upper Back",
        "How To Walk To Help Get Rid Of Upper Back Pain",
        "Let’s Get Rid Of The Knots In Your Upper Back",
        "Testimonial For Getting Rid Of Muscle Spasms In Your Shoulders Naturally",
        "Natural Relief For Knots In Your Shoulders",
        "How To Keep Muscle Knots In Your Upper Back From Coming Back",
    ];

    #[test]
    fn every_builtin_parses() {
        let library = Library::builtin();
        let problems: Vec<String> = library.problems().iter().map(|p| p.to_string()).collect();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_builtins_are_exactly_the_listed_ids_one_file_each() {
        let library = Library::builtin();
        let mut want = IDS.to_vec();
        want.sort_unstable();
        let files: Vec<&str> = exercise_files().iter().map(|(name, _)| *name).collect();
        let ids: Vec<&str> = library.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(files, want);
        assert_eq!(ids, want);
    }

    #[test]
    fn every_builtin_writes_out_every_field() {
        // Optional in a user's file, but a built-in spells out even the empty ones, as an example.
        let keys = [
            "id",
            "name",
            "cue",
            "kind",
            "area",
            "places",
            "equipment",
            "duration",
            "steps",
            "cautions",
            "source",
        ];
        for (name, text) in exercise_files() {
            let table: toml::Table = toml::from_str(text).expect("parses as TOML");
            for key in keys {
                assert!(table.contains_key(key), "{name}.toml has no `{key}`");
            }
        }
    }

    #[test]
    fn every_builtin_is_sane() {
        for e in Library::builtin().iter() {
            let id = &e.id;
            assert!(e.cue.chars().count() <= MAX_CUE_CHARS, "{id}: cue too long");
            assert!((2..=6).contains(&e.steps.len()), "{id}: steps");
            assert!(
                SOURCES.contains(&e.source.as_str()),
                "{id}: source {:?}",
                e.source
            );
            assert!(!e.dose().is_empty(), "{id}: dose");
            if let Some(hold) = e.hold {
                let times = e.reps.or(e.sets).unwrap_or(1) * if e.per_side { 2 } else { 1 };
                assert!(
                    hold * times <= e.duration,
                    "{id}: duration too short for the holds"
                );
            }
            let needs_dose = e.kind != Kind::Habit && e.kind != Kind::Mobility;
            assert!(
                !needs_dose || e.reps.is_some() || e.hold.is_some(),
                "{id}: no reps and no hold"
            );
        }
    }

    #[test]
    fn the_seeds_warnings_sit_where_they_apply() {
        for e in Library::builtin().iter() {
            let cautions = e.cautions.join(" ");
            if e.kind == Kind::Strengthen {
                assert!(cautions.contains("acute pain"), "{}: acute pain", e.id);
            }
            if e.equipment.contains(&Equipment::Ball) {
                assert!(cautions.contains("bruise"), "{}: bruising", e.id);
            }
        }
    }

    #[test]
    fn every_builtin_has_its_picture() {
        let missing: Vec<String> = Library::builtin()
            .iter()
            .map(|e| e.illustration_name().to_owned())
            .filter(|name| builtin_svg(name).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "no icons/exercises/<name>.svg for {missing:?}"
        );
    }

    #[test]
    fn svgs_are_found_by_name() {
        assert_eq!(builtin_svg("no-such-picture"), None);
        if let Some((name, svg)) = ICON_FILES.first() {
            assert_eq!(builtin_svg(name), Some(*svg));
        }
    }
}
