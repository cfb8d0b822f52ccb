//! The camera in use by another program (a call): asked when a reminder falls due, by looking
//! through /proc for a process that holds a device matching the configured glob open. While
//! one does, the devices are watched with inotify and looked at again at each close, until
//! none is held; then the watch ends. Nothing runs while the user just sits.

mod closes;
mod scan;
#[cfg(test)]
mod tests;

use std::future::pending;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::core::Reason;
use crate::driver::{Camera, Outbox, Quiet};
use closes::Closes;
use scan::{Device, Scan, ScanError};

/// How often a held camera is looked at again where its devices cannot be watched.
const RECHECK: Duration = Duration::from_secs(60);

/// The camera port on Linux.
pub struct ProcCamera {
    outbox: Outbox,
    /// Following a held camera until it is free; a new check replaces it.
    following: Option<JoinHandle<()>>,
}

impl ProcCamera {
    pub fn new(outbox: Outbox) -> ProcCamera {
        ProcCamera {
            outbox,
            following: None,
        }
    }
}

impl Camera for ProcCamera {
    fn check(&mut self, devices: &str) {
        log::debug!("is another program using the camera ({devices})?");
        if let Some(old) = self.following.take() {
            old.abort();
        }
        let task = follow(devices.to_owned(), self.outbox.clone());
        self.following = Some(tokio::spawn(task));
    }
}

impl Drop for ProcCamera {
    fn drop(&mut self) {
        if let Some(task) = self.following.take() {
            task.abort();
        }
    }
}

/// What one look found: the devices matching the glob now, and who holds them.
struct Look {
    devices: Vec<Device>,
    scan: Scan,
}

impl Look {
    fn held(&self) -> bool {
        !self.scan.holders.is_empty()
    }

    fn who(&self) -> String {
        who(&self.scan)
    }
}

/// Looks, then keeps the loop told: `on` while another program holds a camera, `off` once none
/// does (or at once, if none did).
async fn follow(pattern: String, outbox: Outbox) {
    let answer = |on| {
        outbox.send(Quiet {
            reason: Reason::Camera,
            on,
        })
    };
    let mut look = look(&pattern).await;
    if !look.held() {
        return answer(false);
    }
    // Watched before looking again, so that a close between the two looks is not missed.
    let mut closes = match Closes::new() {
        Ok(closes) => Some(closes),
        Err(e) => {
            log::warn!(
                "cannot watch the camera devices for closing ({e}): looking again every {}s while one is held",
                RECHECK.as_secs()
            );
            None
        }
    };
    watch(&mut closes, &look.devices);
    look = self::look(&pattern).await;
    if !look.held() {
        return answer(false);
    }
    log::info!("camera in use by {}: holding reminders", look.who());
    answer(true);
    loop {
        // A held device inotify does not watch (not readable by us, say) is looked at on a timer.
        let blind = look.scan.holders.iter().any(|holder| {
            !closes
                .as_ref()
                .is_some_and(|closes| closes.is_watching(&holder.device))
        });
        tokio::select! {
            closed = next_close(&mut closes) => {
                if let Err(e) = closed {
                    log::warn!(
                        "lost the watch on the camera devices ({e}): looking again every {}s while one is held",
                        RECHECK.as_secs()
                    );
                    closes = None;
                }
            }
            () = tokio::time::sleep(RECHECK), if blind => {}
        }
        look = self::look(&pattern).await;
        watch(&mut closes, &look.devices);
        if !look.held() {
            log::info!("the camera is free");
            return answer(false);
        }
        log::debug!("camera still in use by {}", look.who());
    }
}

/// The next close of a watched device; never, with no watch.
async fn next_close(closes: &mut Option<Closes>) -> std::io::Result<()> {
    match closes {
        Some(closes) => closes.closed().await,
        None => pending().await,
    }
}

fn watch(closes: &mut Option<Closes>, devices: &[Device]) {
    let Some(closes) = closes else { return };
    for device in devices {
        if let Err(e) = closes.watch(&device.path) {
            log::warn!(
                "cannot watch {} for closing ({e}): looking again every {}s while it is held",
                device.path.display(),
                RECHECK.as_secs()
            );
        }
    }
}

/// One look on the blocking pool. A look that fails counts as a free camera: a reminder is
/// better late than never.
async fn look(pattern: &str) -> Look {
    let pattern = pattern.to_owned();
    let looked = tokio::task::spawn_blocking(move || look_now(&pattern)).await;
    match looked {
        Ok(Ok(look)) => look,
        Ok(Err(e)) => {
            log::warn!("cannot tell whether the camera is in use: {e}");
            Look {
                devices: Vec::new(),
                scan: Scan::default(),
            }
        }
        Err(e) => {
            log::warn!("the camera check failed: {e}");
            Look {
                devices: Vec::new(),
                scan: Scan::default(),
            }
        }
    }
}

fn look_now(pattern: &str) -> Result<Look, ScanError> {
    let started = crate::clock::since_boot();
    let devices = scan::devices(pattern)?;
    if devices.is_empty() {
        log::debug!("camera check: no device matches {pattern}");
        return Ok(Look {
            devices,
            scan: Scan::default(),
        });
    }
    let scan = scan::holders(&devices, std::process::id())?;
    log::debug!(
        "camera check: {} devices, {} processes, {} holding one, in {:?}",
        devices.len(),
        scan.processes,
        scan.holders.len(),
        crate::clock::since_boot().saturating_sub(started)
    );
    Ok(Look { devices, scan })
}

/// "zoom (PID 4242) on /dev/video0", and the others after it.
fn who(scan: &Scan) -> String {
    scan.holders
        .iter()
        .map(|h| format!("{} (PID {}) on {}", h.program, h.pid, h.device.display()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// For `unknot doctor`: the devices matching `pattern` and who holds them now, or why that
/// cannot be told.
pub fn diagnose(pattern: &str) -> Result<String, String> {
    let started = crate::clock::since_boot();
    let look = look_now(pattern).map_err(|e| e.to_string())?;
    let took = crate::clock::since_boot().saturating_sub(started);
    let names = look
        .devices
        .iter()
        .map(|d| d.path.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if look.devices.is_empty() {
        return Ok(format!("no device matches {pattern}"));
    }
    let state = if look.held() {
        format!("{names}: in use by {}", look.who())
    } else {
        format!("{names}: not in use")
    };
    let unreadable = match look.scan.unreadable {
        0 => String::new(),
        n => {
            format!(", {n} of them not readable by this user (a camera only they hold goes unseen)")
        }
    };
    Ok(format!(
        "{state} (looked through {} processes{unreadable} in {:.1} ms)",
        look.scan.processes,
        took.as_secs_f64() * 1000.0
    ))
}
