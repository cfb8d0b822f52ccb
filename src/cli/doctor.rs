//! `unknot doctor`: the session unknot sees, which idle, lock, sleep and fullscreen sources it
//! would use, and for every other one why not.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::config::{self, Config};
use crate::paths::Paths;
use crate::platform::idle::{self, Session};
use crate::platform::{camera, dnd, fullscreen, logind};

/// Exit 0 when an idle source works, 1 when none does (away time then cannot be seen).
/// `paths`: where the config is, for what it says (none without a home: the defaults).
pub fn run(paths: Option<&Paths>) -> anyhow::Result<ExitCode> {
    let session = Session::from_env();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (tried, mut others) = runtime.block_on(async {
        let tried = idle::diagnose(&session).await;
        let mut others = logind::diagnose(&session).await;
        others.push(fullscreen::diagnose(&session).await);
        others.extend(dnd::diagnose().await);
        (tried, others)
    });
    let config = settings(paths);
    let mut seen = camera::diagnose(&config.quiet.camera_devices);
    if !config.breaks.quiet.camera {
        seen = seen.map(|how| format!("{how}; not used: camera = false in [quiet]"));
    }
    others.push(("camera".into(), seen));
    let mut out = io::stdout().lock();
    let works = tried.iter().any(|t| t.outcome.is_ok());
    super::finish(print(&mut out, &session, &tried, &others).map(|()| {
        if works {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }))
}

fn print(
    out: &mut impl Write,
    session: &Session,
    tried: &[idle::Tried],
    others: &[(String, Result<String, String>)],
) -> io::Result<()> {
    writeln!(out, "session: {}", session.describe())?;
    let mut chosen = false;
    for t in tried {
        match &t.outcome {
            Ok(()) if !chosen => {
                chosen = true;
                writeln!(out, "idle: {}: works, chosen", t.name)?;
            }
            Ok(()) => writeln!(out, "idle: {}: works, not needed", t.name)?,
            Err(why) => writeln!(out, "idle: {}: not used: {why}", t.name)?,
        }
    }
    if !chosen {
        writeln!(
            out,
            "idle: none works: time away from the computer cannot be seen, so sitting time \
             runs on the wall clock and only Done, Skip, a lock or a suspend end it"
        )?;
    }
    for (what, outcome) in others {
        match outcome {
            Ok(how) => writeln!(out, "{what}: {how}")?,
            Err(why) => writeln!(out, "{what}: not seen: {why}")?,
        }
    }
    Ok(())
}

/// The settings the checks follow; the defaults where there are none (said, if the file is
/// there but wrong).
fn settings(paths: Option<&Paths>) -> Config {
    let Some(paths) = paths else {
        return Config::default();
    };
    match config::load(&paths.config_file) {
        Ok(config) => config,
        Err(config::ConfigError::Read { source, .. })
            if source.kind() == io::ErrorKind::NotFound =>
        {
            Config::default()
        }
        Err(e) => {
            eprintln!(
                "{}\n(the checks below use the default settings)",
                e.render()
            );
            Config::default()
        }
    }
}
