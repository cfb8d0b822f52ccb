//! The `[stats]` table.

use std::path::Path;

use super::*;

fn check(text: &str) -> Result<Config, ConfigError> {
    parse(text, Path::new("config.toml"))
}

fn error(text: &str) -> String {
    match check(text) {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn the_daily_goal_is_four_unless_set() {
    assert_eq!(Config::default().stats.daily_goal, 4);
    assert_eq!(check("[stats]\n").unwrap(), Config::default());
    assert_eq!(
        check("[stats]\ndaily_goal = 1\n").unwrap().stats.daily_goal,
        1
    );
    assert_eq!(
        check("[stats]\ndaily_goal = 50\n")
            .unwrap()
            .stats
            .daily_goal,
        50
    );
}

#[test]
fn a_daily_goal_out_of_range_or_not_whole_is_pointed_at() {
    assert_eq!(
        error("[stats]\ndaily_goal = 0\n"),
        "config.toml:2:14: daily_goal must be a whole number between 1 and 50, got 0"
    );
    assert_eq!(
        error("[stats]\ndaily_goal = 51\n"),
        "config.toml:2:14: daily_goal must be a whole number between 1 and 50, got 51"
    );
    assert_eq!(
        error("[stats]\ndaily_goal = 4.5\n"),
        "config.toml:2:14: daily_goal must be a whole number between 1 and 50, got 4.5"
    );
    assert_eq!(
        error("[stats]\ndaily_goal = \"4\"\n"),
        "config.toml:2:14: daily_goal must be a whole number between 1 and 50, got \"4\""
    );
}

#[test]
fn the_stats_table_knows_only_its_keys() {
    assert_eq!(
        error("[stats]\ngoal = 4\n"),
        "config.toml:2:1: unknown field `goal`, expected `daily_goal`"
    );
    assert_eq!(
        error("stats = 4\n"),
        "config.toml:1:9: invalid type: integer `4`, expected a [stats] table"
    );
}
