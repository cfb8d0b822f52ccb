//! `unknot stats --open`: the Statistics page, written to the pages folder and opened with the
//! desktop's browser. Without a running unknot too: the page needs only the logs.

use std::io::{self, Write};
use std::process::{Command, ExitCode, Stdio};

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{RangeArgs, BAD_ARGS};
use crate::exercise::Library;
use crate::page;
use crate::paths::Paths;
use crate::report::gather;

/// Exit status when the page was written but nothing opened it.
const NOT_OPENED: u8 = 1;

pub fn run(
    range: &RangeArgs,
    paths: &Paths,
    today: Date,
    zone: &TimeZone,
) -> anyhow::Result<ExitCode> {
    let range = if range.given() {
        match range.days(today) {
            Ok(range) => range,
            Err(why) => {
                eprintln!("unknot: {why}");
                return Ok(ExitCode::from(BAD_ARGS));
            }
        }
    } else {
        page::stats::recent(today)
    };
    let report = gather(paths, range, today, zone, &mut io::stderr().lock())?;
    let library = Library::load(&paths.exercises_dir);
    let path = page::stats::write(&report, &library, &paths.pages_dir)?;
    let mut out = io::stdout().lock();
    writeln!(out, "{}", path.display())?;
    out.flush()?;
    // xdg-open returns once the browser has the file, so its status says whether it opened.
    // The browser it starts keeps what it inherits: not our output, which a script may be
    // reading to its end.
    let opened = Command::new("xdg-open")
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let why = match opened {
        Ok(status) if status.success() => return Ok(ExitCode::SUCCESS),
        Ok(status) => format!("xdg-open failed ({status})"),
        Err(e) => format!("cannot run xdg-open: {e}"),
    };
    eprintln!(
        "unknot: {why}; open {} in a browser yourself",
        path.display()
    );
    Ok(ExitCode::from(NOT_OPENED))
}
