//! A wall-clock timer (Linux timerfd on CLOCK_REALTIME, absolute): it fires once, at the
//! deadline, however long the machine slept in between, and early when the clock is set, so
//! the core looks again. tokio's own timers would wake several times on the way to a distant
//! deadline (its timer wheel cascades), and stop counting during suspend.

use std::future::Future;
use std::io;
use std::os::fd::OwnedFd;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use rustix::time::Timespec;
use rustix::time::{
    timerfd_create, timerfd_settime, Itimerspec, TimerfdClockId, TimerfdFlags, TimerfdTimerFlags,
};
use tokio::io::unix::AsyncFd;
use tokio::io::Interest;

use crate::clock;
use crate::core::HEARTBEAT;
use crate::driver::{Timer, Woken};
use crate::platform::linux::fd;

pub struct WallTimer {
    fd: AsyncFd<OwnedFd>,
}

impl WallTimer {
    /// Must be made inside the tokio runtime.
    pub fn new() -> io::Result<WallTimer> {
        let fd = timerfd_create(
            TimerfdClockId::Realtime,
            TimerfdFlags::CLOEXEC | TimerfdFlags::NONBLOCK,
        )?;
        let fd = fd::watched(fd, Interest::READABLE)?;
        Ok(WallTimer { fd })
    }

    fn arm(&self, deadline: SystemTime) -> io::Result<()> {
        let at = deadline
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            // An all-zero time would disarm the timer instead of firing it.
            .max(Duration::from_nanos(1));
        let spec = Itimerspec {
            it_interval: Timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: Timespec {
                tv_sec: i64::try_from(at.as_secs()).unwrap_or(i64::MAX),
                tv_nsec: at.subsec_nanos().into(),
            },
        };
        let flags = TimerfdTimerFlags::ABSTIME | TimerfdTimerFlags::CANCEL_ON_SET;
        timerfd_settime(self.fd.get_ref(), flags, &spec)?;
        Ok(())
    }

    async fn expire(&self) -> io::Result<Woken> {
        loop {
            let mut guard = self.fd.readable().await?;
            let mut count = [0u8; 8];
            match guard.try_io(|fd| Ok(rustix::io::read(fd.get_ref(), &mut count)?)) {
                Ok(Ok(_)) => return Ok(Woken::Deadline),
                // The wall clock was set: time to look again.
                Ok(Err(e))
                    if e.raw_os_error() == Some(rustix::io::Errno::CANCELED.raw_os_error()) =>
                {
                    return Ok(Woken::ClockSet)
                }
                Ok(Err(e)) => return Err(e),
                Err(_would_block) => continue,
            }
        }
    }
}

impl Timer for WallTimer {
    fn wait_until(&mut self, deadline: SystemTime) -> Pin<Box<dyn Future<Output = Woken> + '_>> {
        Box::pin(async move {
            if let Err(e) = self.arm(deadline) {
                log::warn!("wall-clock timer: {e}; using tokio's clock");
                return fallback(deadline).await;
            }
            match self.expire().await {
                Ok(woken) => woken,
                Err(e) => {
                    log::warn!("wall-clock timer: {e}; using tokio's clock");
                    fallback(deadline).await
                }
            }
        })
    }
}

async fn fallback(deadline: SystemTime) -> Woken {
    let wait = deadline.duration_since(clock::now()).unwrap_or_default();
    tokio::time::sleep(wait.min(HEARTBEAT)).await;
    Woken::Deadline
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn fires_at_the_deadline_and_not_before() {
        let mut timer = WallTimer::new().expect("a timerfd");
        let deadline = clock::now() + Duration::from_millis(150);
        timer.wait_until(deadline).await;
        assert!(clock::now() >= deadline);
    }

    #[tokio::test]
    async fn a_deadline_already_past_fires_at_once_and_can_be_rearmed() {
        let mut timer = WallTimer::new().expect("a timerfd");
        let generous = Duration::from_secs(30);
        let past = clock::now() - Duration::from_secs(5);
        tokio::time::timeout(generous, timer.wait_until(past))
            .await
            .expect("fires");
        let soon = clock::now() + Duration::from_millis(50);
        tokio::time::timeout(generous, timer.wait_until(soon))
            .await
            .expect("fires again");
        assert!(clock::now() >= soon);
    }
}
