//! Opening files with the desktop's default handler (`xdg-open`).

use std::path::Path;

use crate::driver::Opener;

pub struct XdgOpen;

impl Opener for XdgOpen {
    fn open(&self, path: &Path) {
        let mut command = tokio::process::Command::new("xdg-open");
        command.arg(path);
        match command.spawn() {
            Ok(mut child) => {
                let path = path.to_owned();
                // Reap it, and say if it failed: xdg-open exits once the handler is started.
                tokio::spawn(async move {
                    match child.wait().await {
                        Ok(status) if status.success() => {}
                        Ok(status) => log::warn!("xdg-open {} ended with {status}", path.display()),
                        Err(e) => log::warn!("xdg-open {}: {e}", path.display()),
                    }
                });
            }
            Err(e) => log::warn!("cannot run xdg-open for {}: {e}", path.display()),
        }
    }
}
