use std::fs;

use super::{render, write, FILE_NAME};
use crate::exercise::{Exercise, Library};
use crate::page::tests::exercise;

fn builtin(id: &str) -> Exercise {
    Library::builtin()
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("no built-in exercise {id:?}"))
}

fn four() -> Vec<Exercise> {
    [
        "wall-pec-stretch",
        "wall-angels",
        "upper-trap-ball-release",
        "chin-tuck",
    ]
    .map(builtin)
    .to_vec()
}

/// Where `needle` is in `page`, panicking with the page if nowhere.
fn at(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in\n{page}"))
}

#[test]
fn every_exercise_is_a_step_in_order_and_all_done_comes_last() {
    let exercises = four();
    let refs: Vec<&Exercise> = exercises.iter().collect();
    let page = render(&refs);
    let mut last = 0;
    for (i, e) in exercises.iter().enumerate() {
        let n = i + 1;
        let start = at(
            &page,
            &format!(
                "<li class=\"step\" id=\"step-{n}\" data-seconds=\"{}\"",
                e.duration.as_secs()
            ),
        );
        assert!(start > last, "step {n} ({}) out of order", e.id);
        let heading = at(
            &page,
            &format!("<h2 class=\"name\" id=\"step-{n}-name\">{}</h2>", e.name),
        );
        assert!(heading > start);
        assert!(page[start..].contains(&format!("Exercise {n} of 4")));
        for line in &e.steps {
            assert!(
                page[start..].contains(&format!("<li>{line}</li>")),
                "{}: {line}",
                e.id
            );
        }
        last = start;
    }
    let done = at(
        &page,
        "<li class=\"step finish\" id=\"step-5\" data-seconds=\"0\"",
    );
    assert!(done > last);
    assert!(page[done..].contains("answer <strong>Done</strong> in the notification"));
    assert!(page.contains("<h1>A routine of 4 exercises</h1>"));
    assert!(page.contains("id=\"progress\">1 of 5</p>"));
    assert!(page.contains("<progress id=\"progress-bar\" max=\"5\" value=\"1\""));
    assert_eq!(page.matches("<li class=\"step").count(), 5);
}

#[test]
fn each_step_shows_its_dose_and_time_as_the_exercise_page_does() {
    let e = exercise();
    let page = render(&[&e]);
    for want in [
        "<p class=\"amount\">10 reps × 2 sets, each side</p>",
        "<p class=\"total\">About 1 min 30 s in all</p>",
        "data-seconds=\"90\"",
        "data-dose=\"1 min 30 s\"",
        "<h3>Take care</h3>",
        "Ease off if it pinches.",
        "<h1>A routine of 1 exercise</h1>",
        "About 1 min 30 s in all. Each exercise has a timer",
        "From: <cite>An article about knots</cite>",
        "it is not medical advice",
    ] {
        assert!(page.contains(want), "no {want:?} in\n{page}");
    }
}

#[test]
fn the_whole_length_is_the_sum_and_each_article_is_named_once() {
    let exercises = four();
    let refs: Vec<&Exercise> = exercises.iter().collect();
    let page = render(&refs);
    let secs: u64 = exercises.iter().map(|e| e.duration.as_secs()).sum();
    let total = crate::exercise::short_duration(std::time::Duration::from_secs(secs));
    assert!(page.contains(&format!("About {total} in all.")), "{total}");
    for e in &exercises {
        let cited = format!("<cite>{}</cite>", e.source);
        assert_eq!(page.matches(&cited).count(), 1, "{cited}");
    }
}

#[test]
fn pictures_are_inlined_with_ids_of_their_own() {
    let exercises = four();
    let refs: Vec<&Exercise> = exercises.iter().collect();
    let page = render(&refs);
    assert_eq!(page.matches("<svg").count(), 4);
    for n in 1..=4 {
        assert_eq!(
            page.matches(&format!("id=\"step-{n}-t\"")).count(),
            1,
            "{n}"
        );
        assert!(
            page.contains(&format!("aria-labelledby=\"step-{n}-t\"")),
            "{n}"
        );
    }
    assert!(!page.contains("id=\"t\""));
    // A user's exercise with no built-in picture gets none, and the page says so in its layout.
    let own = Exercise {
        illustration: "my-own-drawing".into(),
        ..exercise()
    };
    let page = render(&[&own]);
    assert!(!page.contains("<svg"));
    assert!(page.contains("layout no-picture"));
}

#[test]
fn hostile_text_is_shown_not_run() {
    let hostile = Exercise {
        id: "hostile".into(),
        name: r#"<script>alert("name")</script>"#.into(),
        cue: "</p><script>alert('cue')</script>".into(),
        steps: vec![r#"<img src=x onerror="alert(1)">"#.into()],
        cautions: vec!["</aside><b>bold</b>".into()],
        source: r#"" onmouseover="alert(2)"#.into(),
        ..exercise()
    };
    let page = render(&[&hostile, &exercise()]);
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    for tag in ["<img", "<b>", "</aside><b>"] {
        assert!(!page.contains(tag), "{tag:?} left unescaped in\n{page}");
    }
    for want in [
        // In an attribute the name cannot end the quotes.
        "data-name=\"&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;\"",
        ">&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;</h2>",
        "&lt;/p&gt;&lt;script&gt;alert(&#39;cue&#39;)&lt;/script&gt;",
        "<li>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</li>",
        "<cite>&quot; onmouseover=&quot;alert(2)</cite>",
    ] {
        assert!(page.contains(want), "no {want:?} in\n{page}");
    }
}

#[test]
fn the_policy_admits_only_inline_style_the_script_and_data() {
    let page = render(&[&exercise()]);
    let csp = page
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    assert!(!csp.contains("script-src 'unsafe-inline'"), "{csp}");
    let rest = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for scheme in ["http://", "https://", "@import", " src="] {
        assert!(!rest.contains(scheme), "{scheme:?} in the page");
    }
}

#[test]
fn write_puts_routine_html_in_the_pages_folder() -> Result<(), Box<dyn std::error::Error>> {
    let root = tempfile::tempdir()?;
    let dir = root.path().join("pages");
    let exercises = four();
    let refs: Vec<&Exercise> = exercises.iter().collect();
    let path = write(&refs, &dir)?;
    assert_eq!(path, dir.join(FILE_NAME));
    assert_eq!(fs::read_to_string(&path)?, render(&refs));
    Ok(())
}
