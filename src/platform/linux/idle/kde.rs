//! (being written)

use std::time::Duration;

use tokio::sync::watch;

use super::Session;
use crate::driver::Outbox;

pub struct Source;

impl Source {
    pub async fn connect(_session: &Session) -> Result<Source, String> {
        Err("not built yet".into())
    }

    pub async fn run(self, _threshold: watch::Receiver<Duration>, _outbox: Outbox) -> String {
        "not built yet".into()
    }
}
