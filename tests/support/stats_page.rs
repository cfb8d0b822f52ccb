//! Reading the numbers the Statistics page shows, and checking them against the JSON of
//! `unknot stats --json` (or a `Report` serialised the same way).
//!
//! The page marks every number as `<data value="V" data-json="/pointer">`: `V` is the JSON
//! value the number was printed from, the pointer (RFC 6901) names the field.

use serde_json::Value;

/// Every `(pointer, value)` the page marks, in page order.
pub fn shown_numbers(dom: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for piece in dom.split("<data ").skip(1) {
        let Some(tag) = piece.split('>').next() else {
            continue;
        };
        let attr = |name: &str| {
            let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
            let end = tag[start..].find('"')? + start;
            Some(unescape(&tag[start..end]))
        };
        if let (Some(value), Some(pointer)) = (attr("value"), attr("data-json")) {
            found.push((pointer, value));
        }
    }
    found
}

/// What the page shows that the JSON does not say, one line each; empty when they agree.
/// A count the JSON leaves out of a map (exercises, areas) is 0.
pub fn mismatches(json: &Value, dom: &str) -> Vec<String> {
    shown_numbers(dom)
        .into_iter()
        .filter_map(|(pointer, shown)| {
            let wrong = match json.pointer(&pointer) {
                // As JSON text: `Value == String` would compare with a JSON string instead.
                Some(value) => {
                    let text = value.to_string();
                    text != shown
                }
                None => {
                    let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
                    !(shown == "0" && json.pointer(parent).is_some_and(Value::is_object))
                }
            };
            wrong.then(|| {
                format!(
                    "{pointer}: the page shows {shown}, the JSON has {}",
                    json.pointer(&pointer)
                        .map_or_else(|| "nothing".to_owned(), Value::to_string)
                )
            })
        })
        .collect()
}

/// Attribute text as the DOM dump writes it.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
