//! `unknot doctor`'s lines for do-not-disturb: what each desktop's setting says now, or why
//! it is not there.

use zbus::Connection;

use super::notifications::{self, Server};
use super::{gnome, state, xfce, CALL_TIMEOUT};
use crate::platform::linux::bus;

/// What each desktop's do-not-disturb says now, for `unknot doctor`: `Ok("on"|"off")`, or
/// why it is not there.
pub async fn diagnose() -> Vec<(String, Result<String, String>)> {
    let what = |name: &str| format!("do not disturb: {name}");
    let found = |said: Option<bool>, why: String| said.map(|on| state(on).to_owned()).ok_or(why);
    let database = gnome::database();
    let gnome = gnome::read(database.as_deref()).and_then(|said| {
        let at = database.as_deref().unwrap_or(std::path::Path::new(""));
        found(said, format!("no dconf database at {}", at.display()))
    });
    let mut lines = vec![(what(gnome::NAME), gnome)];
    let conn = match Connection::session().await {
        Ok(conn) => conn,
        Err(e) => {
            let why = format!("cannot connect to the session bus ({e})");
            for name in [notifications::KDE, notifications::DUNST, xfce::NAME] {
                lines.push((what(name), Err(why.clone())));
            }
            return lines;
        }
    };
    let owner = |name| {
        let conn = conn.clone();
        async move { bus::name_owner(&conn, name).await.ok().flatten() }
    };
    match owner(notifications::NAME).await {
        None => {
            for name in [notifications::KDE, notifications::DUNST] {
                lines.push((
                    what(name),
                    Err("no notification server on the session bus".into()),
                ));
            }
        }
        Some(owner) => {
            for (name, server, property) in [
                (notifications::KDE, Server::Kde, "Inhibited"),
                (notifications::DUNST, Server::Dunst, "paused"),
            ] {
                let said = notifications::read(&conn, &owner, server)
                    .await
                    .and_then(|said| {
                        found(
                            said,
                            format!("the notification server has no {property} property"),
                        )
                    });
                lines.push((what(name), said));
            }
        }
    }
    let xfce = match owner(xfce::XFCONF).await {
        None => Err(format!("no {} on the session bus", xfce::XFCONF)),
        Some(owner) => xfce::read(&conn, &owner, CALL_TIMEOUT)
            .await
            .map(|on| state(on).to_owned()),
    };
    lines.push((what(xfce::NAME), xfce));
    lines
}
