//! The `[quiet]` and `[schedule]` tables, and the day's keys in `[breaks]`.

use std::path::Path;
use std::time::Duration;

use super::*;
use crate::core::{Hours, Schedule};

fn check(text: &str) -> Result<Config, ConfigError> {
    parse(text, Path::new("config.toml"))
}

fn error(text: &str) -> String {
    match check(text) {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(err) => err.to_string(),
    }
}

fn ok(text: &str) -> Config {
    check(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn the_defaults_follow_the_evidence_and_honour_every_quiet() {
    let rules = Config::default().breaks;
    assert_eq!(rules.every, Duration::from_secs(30 * 60));
    assert_eq!(rules.routine_every, Some(Duration::from_secs(2 * 3600)));
    assert_eq!(rules.daily_limit, Some(Duration::from_secs(8 * 3600)));
    let quiet = rules.quiet;
    assert!(quiet.do_not_disturb && quiet.fullscreen && quiet.camera);
    assert_eq!(quiet.grace, Duration::from_secs(60));
    assert!(rules.schedule.is_always());
    assert_eq!(Config::default().quiet.camera_devices, "/dev/video*");
    assert_eq!(ok("[quiet]\n[schedule]\n"), Config::default());
}

#[test]
fn routines_and_the_daily_limit_can_be_turned_off() {
    let config = ok("[breaks]\nroutine_every = \"off\"\ndaily_limit = \"off\"\n");
    assert_eq!(config.breaks.routine_every, None);
    assert_eq!(config.breaks.daily_limit, None);
    let config = ok("[breaks]\nroutine_every = \"90m\"\ndaily_limit = \"6h\"\n");
    assert_eq!(
        config.breaks.routine_every,
        Some(Duration::from_secs(90 * 60))
    );
    assert_eq!(
        config.breaks.daily_limit,
        Some(Duration::from_secs(6 * 3600))
    );
    assert_eq!(
        error("[breaks]\ndaily_limit = \"never\"\n"),
        "config.toml:2:15: daily_limit must be a duration like \"45m\", \"30s\" or \"1h30m\" \
         or \"off\", got \"never\""
    );
}

#[test]
fn quiet_switches_the_camera_glob_and_the_grace() {
    let config =
        ok("[quiet]\nfullscreen = false\ncamera_devices = \"/tmp/cam*\"\ngrace = \"2m\"\n");
    assert!(!config.breaks.quiet.fullscreen);
    assert!(config.breaks.quiet.do_not_disturb);
    assert_eq!(config.quiet.camera_devices, "/tmp/cam*");
    assert_eq!(config.breaks.quiet.grace, Duration::from_secs(120));
    assert_eq!(
        error("[quiet]\ncamera = \"yes\"\n"),
        "config.toml:2:10: camera must be true or false, got \"yes\""
    );
    assert_eq!(
        error("[quiet]\ncamera_devices = \"video*\"\n"),
        "config.toml:2:18: camera_devices must be an absolute path or glob in quotes, like \
         \"/dev/video*\", got \"video*\""
    );
    assert_eq!(
        error("[quiet]\ncamera_devices = \"/dev/video[\"\n"),
        "config.toml:2:18: camera_devices is no glob (invalid range pattern): \"/dev/video[\""
    );
    assert_eq!(
        error("[quiet]\ndnd = true\n"),
        "config.toml:2:1: unknown field `dnd`, expected one of `do_not_disturb`, `fullscreen`, \
         `camera`, `camera_devices`, `grace`"
    );
}

#[test]
fn a_schedule_names_days_and_a_day_on_its_own_wins_over_weekdays() {
    let config = ok(
        "[schedule]\nweekdays = [\"09:00-12:30\", \"13:30-18:00\"]\nfriday = [\"09:00-15:00\"]\n",
    );
    let h = |a: u16, b: u16| Hours::new(a, b).expect("valid");
    let weekday = vec![h(540, 750), h(810, 1080)];
    assert_eq!(
        config.breaks.schedule,
        Schedule::weekly([
            weekday.clone(),
            weekday.clone(),
            weekday.clone(),
            weekday,
            vec![h(540, 900)],
            Vec::new(),
            Vec::new(),
        ])
    );
    let night = ok("[schedule]\nsunday = [\"22:00-02:00\"]\n");
    let mut days: [Vec<Hours>; 7] = Default::default();
    days[6] = vec![h(1320, 120)];
    assert_eq!(night.breaks.schedule, Schedule::weekly(days));
}

#[test]
fn a_bad_range_is_pointed_at_in_its_list() {
    assert_eq!(
        error("[schedule]\nweekdays = [\"09:00-12:30\", \"1pm-6pm\"]\n"),
        "config.toml:2:28: hours must look like \"09:00-17:30\" (24-hour clock, start-end), got \
         \"1pm-6pm\""
    );
    assert_eq!(
        error("[schedule]\nmonday = [9]\n"),
        "config.toml:2:11: hours must be written in quotes, like \"09:00-17:30\", got 9"
    );
    assert_eq!(
        error("[schedule]\nmonday = \"09:00-17:00\"\n"),
        "config.toml:2:10: invalid type: string \"09:00-17:00\", expected a list in square \
         brackets"
    );
    assert_eq!(
        error("[schedule]\nmondays = []\n"),
        "config.toml:2:1: unknown field `mondays`, expected one of `weekdays`, `weekend`, \
         `monday`, `tuesday`, `wednesday`, `thursday`, `friday`, `saturday`, `sunday`"
    );
}
