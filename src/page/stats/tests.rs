use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;

use jiff::civil::date;
use jiff::ToSpan;

use super::{render, write, FILE_NAME};
use crate::exercise::Library;
use crate::stats::{Breaks, Day, Reminders, Report, Streak, Stretch, Tally, Week};

fn tally(sitting_min: u64, done: u32, skipped: u32, exercises: &[(&str, u32)]) -> Tally {
    let sitting_s = sitting_min * 60;
    Tally {
        sitting_s,
        longest: (sitting_s > 0).then_some(Stretch {
            start: jiff::Timestamp::UNIX_EPOCH,
            length_s: sitting_s / 3,
        }),
        breaks: Breaks {
            total: done + 1,
            done,
            natural: 1,
            natural_by_cause: BTreeMap::from([("idle".to_owned(), 1)]),
        },
        reminders: Reminders {
            raised: done + skipped,
            done,
            skipped,
            ..Reminders::default()
        },
        exercises: exercises
            .iter()
            .map(|&(id, n)| (id.to_owned(), n))
            .collect(),
        areas: BTreeMap::from([("chest".to_owned(), done)]),
        moved_every_s: Some(sitting_s / u64::from(done + 1)),
    }
}

/// Ten days, Sunday 22 to Tuesday 1 December 2026: two weeks, the second one begun.
fn report() -> Report {
    let from = date(2026, 11, 22);
    let days: Vec<Day> = (0..10)
        .map(|i| Day {
            date: from.checked_add(i.days()).expect("date"),
            tally: tally(60 * (i as u64 % 4), i as u32 % 6, i as u32 % 2, &[]),
            goal_met: i % 6 >= 4,
        })
        .collect();
    Report {
        from,
        to: date(2026, 12, 1),
        daily_goal: 4,
        total: tally(
            1234,
            17,
            3,
            &[("wall-pec-stretch", 9), ("gone-exercise", 2)],
        ),
        weeks: vec![
            Week {
                start: date(2026, 11, 16),
                tally: tally(60, 0, 1, &[]),
                goal_days: 0,
            },
            Week {
                start: date(2026, 11, 23),
                tally: tally(900, 12, 2, &[]),
                goal_days: 3,
            },
            Week {
                start: date(2026, 11, 30),
                tally: tally(100, 5, 1, &[]),
                goal_days: 1,
            },
        ],
        days,
        streak: Streak {
            current: 2,
            longest: 5,
        },
        machines: vec!["0a1b".into(), "desk<top>".into()],
        hosts: BTreeMap::from([("0a1b".to_owned(), "laptop".to_owned())]),
    }
}

#[test]
fn the_page_has_today_the_week_and_the_range_with_their_charts() {
    let page = render(&report(), &Library::builtin());
    for want in [
        "<title>Statistics · unknot</title>",
        "22 Nov 2026 to 1 Dec 2026, from the logs of 2 computers: laptop, desk&lt;top&gt;.",
        "Today <span class=\"when\">Tue 1 Dec</span>",
        "This week <span class=\"when\">from Mon 30 Nov</span>",
        "The last 10 days",
        "id=\"week-sitting\"",
        "id=\"week-answers\"",
        "id=\"week-areas\"",
        "id=\"range-sitting\"",
        "id=\"range-answers\"",
        "id=\"range-streak\"",
        "id=\"range-exercises\"",
        // Today: day 9 has 1 h sitting, 3 done.
        "<data value=\"3600\" data-json=\"/days/9/tally/sitting_s\">1 h</data>",
        "<data value=\"3\" data-json=\"/days/9/tally/breaks/done\">3</data> of \
         <data value=\"4\" data-json=\"/daily_goal\">4</data> stretches done.",
        "<data value=\"2\" data-json=\"/streak/current\">2</data>",
        " away from the desk (<data value=\"1\" data-json=\"/days/9/tally/breaks/natural_by_cause/idle\">1</data> idle)",
        "<data value=\"4113\" data-json=\"/total/moved_every_s\">1 h 08 min</data>",
        "<data value=\"1\" data-json=\"/weeks/2/goal_days\">1</data> of 2 days.",
        // Exercises by their names, and one no longer in the library by its id.
        "Wall pec stretch: <data value=\"9\" data-json=\"/total/exercises/wall-pec-stretch\">",
        "gone-exercise (no longer in the library): ",
    ] {
        assert!(page.contains(want), "no {want:?} in\n{page}");
    }
    // Every chart names itself; the week's sitting chart has seven columns, two of them days.
    assert_eq!(page.matches("role=\"img\"").count(), 7, "{page}");
    let week = page
        .split("id=\"week-sitting\"")
        .nth(1)
        .and_then(|s| s.split("</svg>").next())
        .unwrap_or_default();
    assert_eq!(week.matches("<g><title>").count(), 7, "{week}");
    assert_eq!(week.matches("not in the range").count(), 5, "{week}");
}

#[test]
fn a_day_without_a_stretch_shows_a_dash_for_null() {
    let mut r = report();
    r.days[9].tally = Tally::default();
    let page = render(&r, &Library::builtin());
    assert!(
        page.contains("<data value=\"null\" data-json=\"/days/9/tally/longest\">—</data>"),
        "{page}"
    );
    assert!(
        page.contains("<data value=\"null\" data-json=\"/days/9/tally/moved_every_s\">—</data>"),
        "{page}"
    );
}

#[test]
fn with_many_exercises_the_page_shows_the_most_and_the_least() {
    let mut r = report();
    r.total.exercises = (1..=12).map(|n| (format!("ex-{n:02}"), n)).collect();
    let page = render(&r, &Library::builtin());
    let chart = |id: &str| {
        page.split(&format!("id=\"{id}\""))
            .nth(1)
            .and_then(|s| s.split("</svg>").next())
            .unwrap_or_else(|| panic!("no chart {id}"))
            .to_owned()
    };
    let most = chart("range-most");
    let least = chart("range-least");
    assert!(
        most.find("ex-12").unwrap_or(usize::MAX) < most.find("ex-08").unwrap_or(0),
        "{most}"
    );
    assert!(!most.contains("ex-07"), "{most}");
    assert!(
        least.find("ex-01").unwrap_or(usize::MAX) < least.find("ex-05").unwrap_or(0),
        "{least}"
    );
    assert!(!least.contains("ex-06"), "{least}");
}

#[test]
fn exercise_names_from_the_users_files_stay_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let builtin = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/config/exercises/wall-pec-stretch.toml"
    ))
    .expect("built-in file");
    let hostile = builtin.replace(
        "name = \"Wall pec stretch\"",
        r#"name = "<script>alert(1)</script> & \"more\"""#,
    );
    fs::write(dir.path().join("wall-pec-stretch.toml"), hostile).expect("write");
    let library = Library::load(dir.path());
    assert!(library.problems().is_empty(), "{:?}", library.problems());
    let page = render(&report(), &library);
    assert!(!page.contains("<script"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"),
        "{page}"
    );
}

#[test]
fn the_policy_admits_inline_style_only_and_nothing_points_at_the_network() {
    let page = render(&report(), &Library::builtin());
    let csp = page
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    assert_eq!(
        csp,
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
    );
    let rest = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for scheme in [
        "http://", "https://", "//fonts", "@import", " src=", "<script", "url(",
    ] {
        assert!(!rest.contains(scheme), "{scheme:?} in the page");
    }
}

#[test]
fn an_empty_report_still_renders() {
    let r = Report {
        from: date(2026, 12, 1),
        to: date(2026, 11, 30),
        daily_goal: 4,
        total: Tally::default(),
        days: vec![],
        weeks: vec![],
        streak: Streak::default(),
        machines: vec![],
        hosts: BTreeMap::new(),
    };
    let page = render(&r, &Library::builtin());
    assert!(page.contains("No days in this range."), "{page}");
    assert!(page.ends_with("</html>\n"));
}

#[test]
fn written_as_statistics_html_private_and_whole() -> Result<(), Box<dyn std::error::Error>> {
    let root = tempfile::tempdir()?;
    let dir = root.path().join("pages");
    let path = write(&report(), &Library::builtin(), &dir)?;
    assert_eq!(path, dir.join(FILE_NAME));
    assert!(fs::read_to_string(&path)?.contains("Your sitting at a glance"));
    assert_eq!(fs::metadata(&dir)?.permissions().mode() & 0o777, 0o700);
    assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o600);
    write(&report(), &Library::builtin(), &dir)?;
    assert_eq!(fs::read_dir(&dir)?.count(), 1);
    Ok(())
}
