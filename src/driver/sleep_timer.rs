//! A [`Timer`] on tokio's clock, for where no wall-clock timer is at hand (and for tests on
//! tokio's paused clock). tokio's clock stops while the machine sleeps; the core never asks for
//! a deadline more than a heartbeat away, so a resume is noticed within that.

use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

use super::ports::{Clock, Timer, Woken};

pub struct SleepTimer<C: Clock>(pub C);

impl<C: Clock> Timer for SleepTimer<C> {
    fn wait_until(&mut self, deadline: SystemTime) -> Pin<Box<dyn Future<Output = Woken> + '_>> {
        let wait = deadline.duration_since(self.0.now()).unwrap_or_default();
        Box::pin(async move {
            tokio::time::sleep(wait).await;
            Woken::Deadline
        })
    }
}
