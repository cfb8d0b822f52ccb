//! Which exercise to suggest next. The seeds' rule: stretch the front, strengthen the back, and
//! move often. So the rotation alternates front-opening work with back strengthening, slips in a
//! light habit prompt now and then, moves through the body areas, and prefers what was done (or
//! suggested) least recently. Never the same exercise twice in a row.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use super::{Area, ExerciseMeta, Kind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// Stretches, releases and mobility: opening the front and loosening what is tight.
    Front,
    /// Strengthening the back.
    Back,
    Habit,
}

/// Four exercises, then a habit prompt.
const CYCLE: [Group; 5] = [
    Group::Front,
    Group::Back,
    Group::Front,
    Group::Back,
    Group::Habit,
];

fn group(kind: Kind) -> Group {
    match kind {
        Kind::Stretch | Kind::Release | Kind::Mobility => Group::Front,
        Kind::Strengthen => Group::Back,
        Kind::Habit => Group::Habit,
    }
}

/// A routine in the seeds' order: open the front, strengthen the back, release what is tight,
/// then a habit to take back to the desk.
const ROUTINE: [&[Kind]; 4] = [
    &[Kind::Stretch],
    &[Kind::Strengthen],
    &[Kind::Release, Kind::Mobility],
    &[Kind::Habit],
];
/// A routine takes about four to six minutes: shorter, and it gains a second opening stretch;
/// an exercise that would take it past six is left for another time.
const ROUTINE_LEAST: Duration = Duration::from_secs(4 * 60);
const ROUTINE_MOST: Duration = Duration::from_secs(6 * 60);
/// Fewer of the routine's four parts than this is no routine: the reminder suggests one
/// exercise instead.
const ROUTINE_FEWEST: usize = 3;

#[derive(Debug, Clone, Default)]
pub struct Rotation {
    exercises: Vec<ExerciseMeta>,
    /// When each exercise was last suggested or done.
    last: HashMap<String, SystemTime>,
    last_area: HashMap<Area, SystemTime>,
    last_pick: Option<String>,
    slot: usize,
}

impl Rotation {
    pub fn new(exercises: Vec<ExerciseMeta>) -> Rotation {
        let mut exercises = exercises;
        exercises.sort_by(|a, b| a.id.cmp(&b.id));
        Rotation {
            exercises,
            ..Rotation::default()
        }
    }

    pub fn set_exercises(&mut self, exercises: Vec<ExerciseMeta>) {
        let mut exercises = exercises;
        exercises.sort_by(|a, b| a.id.cmp(&b.id));
        self.exercises = exercises;
    }

    pub fn get(&self, id: &str) -> Option<&ExerciseMeta> {
        self.exercises.iter().find(|e| e.id == id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Notes that an exercise was suggested or done at `at`: replayed from the log at start, and
    /// told again as the day goes on. The cycle carries on after the latest one.
    pub fn remember(&mut self, id: &str, at: SystemTime) {
        let newest = self.last.values().all(|&t| t <= at);
        let previous = self.last.entry(id.to_owned()).or_insert(at);
        *previous = (*previous).max(at);
        if let Some((kind, area)) = self.get(id).map(|m| (m.kind, m.area)) {
            let area = self.last_area.entry(area).or_insert(at);
            *area = (*area).max(at);
            // The exercise just picked being done moves nothing: the cycle is already past it.
            if newest && self.last_pick.as_deref() != Some(id) {
                let g = group(kind);
                self.slot = CYCLE
                    .iter()
                    .position(|&c| c == g)
                    .map_or(0, |p| (p + 1) % CYCLE.len());
                self.last_pick = Some(id.to_owned());
            }
        }
    }

    /// The next exercise to suggest, or `None` when there is nothing to choose from.
    pub fn pick(&mut self, now: SystemTime) -> Option<String> {
        for step in 0..CYCLE.len() {
            let wanted = CYCLE[(self.slot + step) % CYCLE.len()];
            if let Some(id) = self.best_in(wanted) {
                self.slot = (self.slot + step + 1) % CYCLE.len();
                self.remember_pick(&id, now);
                return Some(id);
            }
        }
        // Only the last pick is left: better to repeat it than to suggest nothing.
        let id = self.exercises.first()?.id.clone();
        self.remember_pick(&id, now);
        Some(id)
    }

    /// A routine of three to five exercises in the seeds' order, each the one of its kind done
    /// or suggested least recently, about four to six minutes in all; `None` when the
    /// exercises to choose from cannot make one.
    pub fn pick_routine(&mut self, now: SystemTime) -> Option<Vec<String>> {
        let mut chosen: Vec<&ExerciseMeta> = Vec::new();
        let total = |chosen: &[&ExerciseMeta]| chosen.iter().map(|e| e.duration).sum::<Duration>();
        for kinds in ROUTINE {
            let room = ROUTINE_MOST.saturating_sub(total(&chosen));
            if let Some(e) = self.least_recent(kinds, &chosen, room) {
                chosen.push(e);
            }
        }
        if chosen.len() < ROUTINE_FEWEST {
            return None;
        }
        if total(&chosen) < ROUTINE_LEAST {
            let room = ROUTINE_MOST.saturating_sub(total(&chosen));
            let opening = [Kind::Stretch, Kind::Release, Kind::Mobility];
            if let Some(e) = self.least_recent(&opening, &chosen, room) {
                // Before the habit, which closes the routine.
                let at = chosen
                    .iter()
                    .position(|c| c.kind == Kind::Habit)
                    .unwrap_or(chosen.len());
                chosen.insert(at, e);
            }
        }
        let ids: Vec<String> = chosen.iter().map(|e| e.id.clone()).collect();
        for id in &ids {
            self.last.insert(id.clone(), now);
            if let Some(area) = self.get(id).map(|m| m.area) {
                self.last_area.insert(area, now);
            }
        }
        Some(ids)
    }

    fn least_recent<'a>(
        &'a self,
        kinds: &[Kind],
        chosen: &[&ExerciseMeta],
        room: Duration,
    ) -> Option<&'a ExerciseMeta> {
        self.exercises
            .iter()
            .filter(|e| kinds.contains(&e.kind) && e.duration <= room)
            .filter(|e| chosen.iter().all(|c| c.id != e.id))
            .min_by_key(|e| (self.last.get(&e.id), self.last_area.get(&e.area), &e.id))
    }

    fn remember_pick(&mut self, id: &str, now: SystemTime) {
        self.last.insert(id.to_owned(), now);
        if let Some(area) = self.get(id).map(|m| m.area) {
            self.last_area.insert(area, now);
        }
        self.last_pick = Some(id.to_owned());
    }

    fn best_in(&self, wanted: Group) -> Option<String> {
        self.exercises
            .iter()
            .filter(|e| group(e.kind) == wanted)
            .filter(|e| self.last_pick.as_deref() != Some(e.id.as_str()))
            // Never-seen first (None sorts before Some), then the area worked least recently.
            .min_by_key(|e| (self.last.get(&e.id), self.last_area.get(&e.area), &e.id))
            .map(|e| e.id.clone())
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    fn meta(id: &str, kind: Kind, area: Area) -> ExerciseMeta {
        ExerciseMeta {
            id: id.into(),
            kind,
            area,
            duration: Duration::from_secs(60),
        }
    }

    fn library() -> Vec<ExerciseMeta> {
        vec![
            meta("chin-tuck", Kind::Mobility, Area::Neck),
            meta("doorway-stretch", Kind::Stretch, Area::Chest),
            meta("wall-pec-stretch", Kind::Stretch, Area::Chest),
            meta("towel-spine-lie", Kind::Release, Area::Spine),
            meta("wall-angels", Kind::Strengthen, Area::UpperBack),
            meta("shoulder-blade-squeeze", Kind::Strengthen, Area::UpperBack),
            meta("push-ups", Kind::Strengthen, Area::Chest),
            meta("drink-water", Kind::Habit, Area::Spine),
        ]
    }

    fn picks(rotation: &mut Rotation, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                let at = UNIX_EPOCH + Duration::from_secs(60 * i as u64 + 1);
                rotation.pick(at).expect("a pick")
            })
            .collect()
    }

    #[test]
    fn alternates_front_and_back_then_a_habit() {
        let mut rotation = Rotation::new(library());
        assert_eq!(
            picks(&mut rotation, 5),
            [
                "chin-tuck",
                "push-ups",
                // The chest just had push-ups: the spine's turn.
                "towel-spine-lie",
                "shoulder-blade-squeeze",
                "drink-water"
            ]
        );
    }

    #[test]
    fn never_repeats_back_to_back_even_with_one_per_group() {
        let mut rotation = Rotation::new(vec![
            meta("wall-pec-stretch", Kind::Stretch, Area::Chest),
            meta("wall-angels", Kind::Strengthen, Area::UpperBack),
        ]);
        let seq = picks(&mut rotation, 6);
        assert!(seq.windows(2).all(|w| w[0] != w[1]), "{seq:?}");
    }

    #[test]
    fn a_single_exercise_is_still_suggested() {
        let mut rotation = Rotation::new(vec![meta("chin-tuck", Kind::Mobility, Area::Neck)]);
        assert_eq!(picks(&mut rotation, 2), ["chin-tuck", "chin-tuck"]);
    }

    #[test]
    fn empty_library_suggests_nothing() {
        assert_eq!(Rotation::new(Vec::new()).pick(UNIX_EPOCH), None);
    }

    #[test]
    fn history_moves_recently_done_exercises_back() {
        let mut rotation = Rotation::new(library());
        rotation.remember("chin-tuck", UNIX_EPOCH + Duration::from_secs(10));
        // The cycle carries on after a front exercise: back comes next.
        assert_eq!(picks(&mut rotation, 2), ["push-ups", "towel-spine-lie"]);
    }

    #[test]
    fn over_a_hundred_picks_every_exercise_appears_and_front_back_balance() {
        let mut rotation = Rotation::new(library());
        let seq = picks(&mut rotation, 100);
        for e in library() {
            assert!(seq.contains(&e.id), "{} never suggested", e.id);
        }
        let count = |g: Group| {
            seq.iter()
                .filter(|id| rotation.get(id).map(|m| group(m.kind)) == Some(g))
                .count()
        };
        assert_eq!((count(Group::Front), count(Group::Back)), (40, 40));
        assert_eq!(count(Group::Habit), 20);
    }

    fn timed(id: &str, kind: Kind, area: Area, secs: u64) -> ExerciseMeta {
        ExerciseMeta {
            duration: Duration::from_secs(secs),
            ..meta(id, kind, area)
        }
    }

    #[test]
    fn a_routine_opens_the_front_strengthens_the_back_releases_then_ends_with_a_habit() {
        let mut rotation = Rotation::new(vec![
            timed("wall-pec-stretch", Kind::Stretch, Area::Chest, 90),
            timed("wall-angels", Kind::Strengthen, Area::UpperBack, 90),
            timed("towel-spine-lie", Kind::Release, Area::Spine, 60),
            timed("drink-water", Kind::Habit, Area::Spine, 45),
            timed("push-ups", Kind::Strengthen, Area::Chest, 90),
        ]);
        let at = UNIX_EPOCH + Duration::from_secs(60);
        assert_eq!(
            rotation.pick_routine(at).expect("a routine"),
            [
                "wall-pec-stretch",
                "push-ups",
                "towel-spine-lie",
                "drink-water"
            ]
        );
        // The next one takes the strengthening exercise left out this time.
        let later = at + Duration::from_secs(3600);
        assert_eq!(
            rotation.pick_routine(later).expect("a routine")[1],
            "wall-angels"
        );
    }

    #[test]
    fn a_short_routine_gains_a_second_opening_exercise_and_a_long_one_stays_under_six_minutes() {
        let mut rotation = Rotation::new(vec![
            timed("chin-tuck", Kind::Mobility, Area::Neck, 30),
            timed("doorway-stretch", Kind::Stretch, Area::Chest, 60),
            timed("wall-angels", Kind::Strengthen, Area::UpperBack, 60),
            timed("towel-spine-lie", Kind::Release, Area::Spine, 60),
            timed("long-walk", Kind::Habit, Area::Spine, 300),
            timed("drink-water", Kind::Habit, Area::Spine, 45),
        ]);
        let routine = rotation.pick_routine(UNIX_EPOCH).expect("a routine");
        // 60 + 60 + 30 + 45 is under four minutes, so the release joins the mobility; the
        // five-minute walk would pass six.
        assert_eq!(
            routine,
            [
                "doorway-stretch",
                "wall-angels",
                "chin-tuck",
                "towel-spine-lie",
                "drink-water"
            ]
        );
    }

    #[test]
    fn too_few_kinds_make_no_routine() {
        let mut rotation = Rotation::new(vec![
            meta("wall-pec-stretch", Kind::Stretch, Area::Chest),
            meta("doorway-stretch", Kind::Stretch, Area::Chest),
            meta("wall-angels", Kind::Strengthen, Area::UpperBack),
        ]);
        assert_eq!(rotation.pick_routine(UNIX_EPOCH), None);
    }
}
