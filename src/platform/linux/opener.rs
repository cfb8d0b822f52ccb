//! Opening files with the desktop's default handler (`xdg-open`).

use std::path::Path;

use crate::driver::Outbox;
use crate::driver::{OpenFailed, Opener};

pub struct XdgOpen {
    failed: Outbox,
}

impl XdgOpen {
    /// Files nothing opened are sent to `failed`, so the user can be told where they are.
    pub fn new(failed: Outbox) -> XdgOpen {
        XdgOpen { failed }
    }
}

impl Opener for XdgOpen {
    fn open(&self, path: &Path) {
        let mut command = tokio::process::Command::new("xdg-open");
        command.arg(path);
        let failed = |why: String| {
            log::warn!("cannot open {}: {why}", path.display());
            self.failed.send(OpenFailed {
                path: path.to_owned(),
                why,
            });
        };
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) => return failed(format!("cannot run xdg-open: {e}")),
        };
        let path = path.to_owned();
        let sender = self.failed.clone();
        // xdg-open exits once the handler is started, so its status says whether anything
        // opened the file. Awaited on the loop's runtime: the wait itself blocks nothing.
        tokio::spawn(async move {
            let why = match child.wait().await {
                Ok(status) if status.success() => return,
                Ok(status) => match status.code() {
                    Some(2) => "xdg-open found no such file".to_owned(),
                    Some(3) => "xdg-open found no program to open it with".to_owned(),
                    _ => format!("xdg-open failed ({status})"),
                },
                Err(e) => format!("xdg-open: {e}"),
            };
            log::warn!("cannot open {}: {why}", path.display());
            sender.send(OpenFailed { path, why });
        });
    }
}
