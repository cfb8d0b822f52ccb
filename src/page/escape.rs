//! Escaping text for HTML: exercise files are the user's input, and a page opened in a browser
//! must show their text, never run it.

/// `text` made safe to place in HTML element content or in a double- or single-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_the_five_special_characters() {
        assert_eq!(escape(r#"&<>"'"#), "&amp;&lt;&gt;&quot;&#39;");
    }

    #[test]
    fn leaves_other_text_alone() {
        assert_eq!(
            escape("Hold 30 s × 2 — each side"),
            "Hold 30 s × 2 — each side"
        );
        assert_eq!(escape(""), "");
    }

    #[test]
    fn a_script_tag_and_an_attribute_breakout_become_text() {
        assert_eq!(
            escape(r#"<script>alert("x")</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
        );
        assert_eq!(
            escape(r#"" onmouseover='x'"#),
            "&quot; onmouseover=&#39;x&#39;"
        );
    }

    #[test]
    fn an_existing_entity_is_escaped_again() {
        // The file's text is shown as written, so "&amp;" in a step reads "&amp;" on the page.
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }
}
