use std::time::Duration;

use super::render;
use crate::core::{Area, Kind};
use crate::exercise::{builtin_svg, Equipment, Exercise, Library, Place};

/// A plain exercise for tests in this module and its children.
pub(super) fn exercise() -> Exercise {
    Exercise {
        id: "test-stretch".into(),
        name: "Test stretch".into(),
        cue: "Open the chest against a wall.".into(),
        kind: Kind::Stretch,
        area: Area::UpperBack,
        places: vec![Place::Wall, Place::Doorway],
        equipment: vec![Equipment::Band],
        duration: Duration::from_secs(90),
        reps: Some(10),
        sets: Some(2),
        hold: None,
        per_side: true,
        steps: vec!["Stand tall.".into(), "Turn away slowly.".into()],
        cautions: vec!["Ease off if it pinches.".into()],
        source: "An article about knots".into(),
        illustration: "test-stretch".into(),
    }
}

fn hostile() -> Exercise {
    Exercise {
        id: "hostile".into(),
        name: r#"<script>alert("name")</script>"#.into(),
        cue: "</title><script>alert('cue')</script>".into(),
        steps: vec![
            r#"Say "hi" & 'bye'"#.into(),
            r#"<img src=x onerror="alert(1)">"#.into(),
        ],
        cautions: vec!["</aside><b>bold</b>".into()],
        source: r#"" onmouseover="alert(2)"#.into(),
        ..exercise()
    }
}

#[test]
fn the_page_says_everything_about_the_exercise() {
    let page = render(&exercise(), None);
    for want in [
        "<meta charset=\"utf-8\">",
        "<title>Test stretch · unknot</title>",
        "<h1>Test stretch</h1>",
        "Open the chest against a wall.",
        "<li>Stand tall.</li>",
        "<li>Turn away slowly.</li>",
        "10 reps × 2 sets, each side",
        "About 1 min 30 s in all",
        "data-seconds=\"90\"",
        "Ease off if it pinches.",
        "upper back",
        "doorway",
        "needs: band",
        "From: <cite>An article about knots</cite>",
        "it is not medical advice",
    ] {
        assert!(page.contains(want), "no {want:?} in\n{page}");
    }
}

#[test]
fn a_dose_of_only_a_duration_is_not_said_twice() {
    let e = Exercise {
        reps: None,
        sets: None,
        ..exercise()
    };
    let page = render(&e, None);
    assert!(page.contains("About 1 min 30 s, each side"), "{page}");
    assert!(!page.contains("in all"), "{page}");
}

#[test]
fn hostile_text_is_shown_not_run() {
    let page = render(&hostile(), None);
    // Only the page's own script and none of the file's tags survive as markup.
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    for tag in ["<img", "<b>", "</aside><b>", "</title><script>"] {
        assert!(!page.contains(tag), "{tag:?} left unescaped in\n{page}");
    }
    for want in [
        "<h1>&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;</h1>",
        "&lt;/title&gt;&lt;script&gt;alert(&#39;cue&#39;)&lt;/script&gt;",
        "<li>Say &quot;hi&quot; &amp; &#39;bye&#39;</li>",
        "<li>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</li>",
        "&lt;/aside&gt;&lt;b&gt;bold&lt;/b&gt;",
        "<cite>&quot; onmouseover=&quot;alert(2)</cite>",
    ] {
        assert!(page.contains(want), "no {want:?} in\n{page}");
    }
}

#[test]
fn the_picture_is_inlined_only_when_given() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"></svg>";
    let with = render(&exercise(), Some(svg));
    assert!(with.contains("<figure class=\"picture\">\n<svg "), "{with}");
    let without = render(&exercise(), None);
    assert!(!without.contains("<figure"), "{without}");
    assert!(!without.contains("<svg"), "{without}");
    assert!(without.contains("layout no-picture"), "{without}");
}

#[test]
fn no_cautions_means_no_caution_box() {
    let e = Exercise {
        cautions: vec![],
        ..exercise()
    };
    assert!(!render(&e, None).contains("class=\"caution\""));
    assert!(render(&exercise(), None).contains("class=\"caution\""));
}

#[test]
fn no_builtin_page_points_at_the_network() {
    let library = Library::builtin();
    assert!(library.iter().count() > 0);
    for e in library.iter() {
        let svg = builtin_svg(e.illustration_name());
        assert!(svg.is_some(), "{}: no picture", e.id);
        let page = render(e, svg);
        assert!(page.contains("<svg"), "{}: picture not inlined", e.id);
        // The SVG namespace is a name, not a fetch.
        let rest = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for scheme in ["http://", "https://", "//fonts", "@import", " src="] {
            assert!(!rest.contains(scheme), "{}: {scheme:?} in the page", e.id);
        }
    }
}

#[test]
fn the_policy_admits_only_inline_style_the_timer_script_and_data() {
    let page = render(&exercise(), None);
    let csp = page
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    assert!(csp.contains("style-src 'unsafe-inline'"), "{csp}");
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    assert!(csp.contains("img-src data:"), "{csp}");
    // A hash admits only the timer; 'unsafe-inline' for scripts would admit anything.
    assert!(!csp.contains("script-src 'unsafe-inline'"), "{csp}");
}
