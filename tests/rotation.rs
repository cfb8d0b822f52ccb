//! The rotation over the real built-in library: over a hundred reminders every eligible
//! exercise comes up, front-opening work and back strengthening stay balanced, and the same
//! exercise never comes twice in a row.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use unknot::core::{Kind, Rotation};
use unknot::exercise::{Equipment, Library, Place, Selection};

fn hundred_picks(selection: &Selection) -> (Vec<String>, Library) {
    let library = Library::builtin();
    let mut rotation = Rotation::new(library.eligible(selection));
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let picks = (0..100u64)
        .map(|i| {
            rotation
                .pick(start + Duration::from_secs(2700 * i))
                .expect("something to suggest")
        })
        .collect();
    (picks, library)
}

fn check(selection: &Selection) {
    let (picks, library) = hundred_picks(selection);
    let eligible: BTreeSet<String> = library
        .eligible(selection)
        .into_iter()
        .map(|m| m.id)
        .collect();
    let seen: BTreeSet<String> = picks.iter().cloned().collect();
    assert_eq!(seen, eligible, "every eligible exercise, and only those");
    assert!(picks.windows(2).all(|w| w[0] != w[1]), "{picks:?}");

    let kind = |id: &String| library.get(id).expect("in the library").kind;
    let strengthen = picks
        .iter()
        .filter(|id| kind(id) == Kind::Strengthen)
        .count();
    let opening = picks
        .iter()
        .filter(|id| matches!(kind(id), Kind::Stretch | Kind::Release | Kind::Mobility))
        .count();
    let habits = picks.iter().filter(|id| kind(id) == Kind::Habit).count();
    assert_eq!((opening, strengthen, habits), (40, 40, 20), "{picks:?}");
}

#[test]
fn the_default_selection_rotates_through_everything_in_balance() {
    check(&Selection::default());
}

#[test]
fn with_every_place_and_piece_of_equipment_too() {
    check(&Selection {
        places: vec![
            Place::Desk,
            Place::Wall,
            Place::Doorway,
            Place::Floor,
            Place::Walking,
        ],
        equipment: vec![Equipment::Ball, Equipment::Band, Equipment::Towel],
        ..Selection::default()
    });
}
