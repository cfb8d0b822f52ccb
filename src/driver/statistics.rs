//! "Statistics…": every computer's log read and the page drawn off the loop's thread (years of
//! history take a moment to read), then opened like an exercise page.

use std::time::SystemTime;

use jiff::tz::TimeZone;

use crate::exercise::Library;
use crate::page;
use crate::paths::Paths;

use super::app::App;
use super::mailbox::{Outbox, StatsPage};

impl App {
    pub(super) fn write_stats_page(&mut self, outbox: &Outbox) {
        let (paths, library, reply) = (self.paths.clone(), self.library.clone(), outbox.clone());
        let now = self.desktop.clock.now();
        tokio::task::spawn_blocking(move || {
            reply.send(StatsPage(write(&paths, &library, now)));
        });
    }

    pub(super) fn stats_page(&mut self, StatsPage(written): StatsPage) {
        match written {
            Ok(path) => self.desktop.opener.open(&path),
            Err(e) => {
                log::error!("{e}");
                self.desktop
                    .notifier
                    .tell("unknot: cannot show the statistics", &e);
            }
        }
    }
}

/// The page for the last 12 weeks up to `now`. Lines that do not read, and a broken config,
/// are logged; `unknot stats` names them too.
fn write(paths: &Paths, library: &Library, now: SystemTime) -> Result<std::path::PathBuf, String> {
    let zone = TimeZone::system();
    let today = jiff::Timestamp::try_from(now)
        .map_err(|e| format!("the clock reads {now:?}: {e}"))?
        .to_zoned(zone.clone())
        .date();
    let mut problems = Vec::new();
    let report = crate::report::gather(
        paths,
        page::stats::recent(today),
        today,
        &zone,
        &mut problems,
    )
    .map_err(|e| {
        format!(
            "{}: cannot read the history: {e}",
            paths.history_dir.display()
        )
    })?;
    if !problems.is_empty() {
        log::warn!(
            "statistics: {}",
            String::from_utf8_lossy(&problems).trim_end()
        );
    }
    page::stats::write(&report, library, &paths.pages_dir).map_err(|e| e.to_string())
}
