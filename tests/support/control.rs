//! Asking the running app how it stands, as a status bar does: `unknot status --json`.

use std::cell::RefCell;
use std::process::Output;

use serde_json::Value;

use super::app::binary;
use super::session::Session;
use super::wait::wait_until_with;
use super::TIMEOUT;

/// Runs `unknot --config CONFIG ARGS` in the session.
pub fn unknot(session: &Session, args: &[&str]) -> Output {
    session
        .command(binary().to_str().expect("a UTF-8 binary path"))
        .arg("--config")
        .arg(session.config_path())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run unknot {args:?}: {e}"))
}

/// The status, or `None` while the app does not answer yet.
pub fn status(session: &Session) -> Option<Value> {
    let output = unknot(session, &["status", "--json"]);
    output.status.success().then(|| {
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "status --json is no JSON ({e}): {}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
    })
}

/// Waits until the status satisfies `holds` (`what` says what for the failure message), and
/// returns it.
pub fn wait_for_status(session: &Session, what: &str, holds: impl Fn(&Value) -> bool) -> Value {
    let last = RefCell::new(None);
    wait_until_with(
        TIMEOUT,
        format!("`unknot status --json`: {what}"),
        || {
            let now = status(session)?;
            let ok = holds(&now);
            *last.borrow_mut() = Some(now.clone());
            ok.then_some(now)
        },
        || format!("; the last status: {:?}", last.borrow()),
    )
}

/// The reasons the status says ask for quiet now.
pub fn quiet(status: &Value) -> Vec<&str> {
    status["quiet"]
        .as_array()
        .map(|reasons| reasons.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}
