//! The one place that reads the clock, and the local-time arithmetic the core leaves to its
//! driver (the core knows instants, not time zones).

use std::time::SystemTime;

use jiff::{tz::TimeZone, Timestamp, Zoned};

/// The wall clock. Deadlines are wall-clock moments, so a resume from suspend (which stops
/// tokio's monotonic clock on Linux) is seen as time having passed.
#[allow(clippy::disallowed_methods)]
pub fn now() -> SystemTime {
    SystemTime::now()
}

/// Time since boot, suspend included (CLOCK_BOOTTIME): unlike the wall clock nobody sets it,
/// so the two together tell a clock set from a sleep.
#[cfg(target_os = "linux")]
pub fn since_boot() -> std::time::Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
    std::time::Duration::new(
        u64::try_from(t.tv_sec).unwrap_or_default(),
        u32::try_from(t.tv_nsec).unwrap_or_default(),
    )
}

/// Elsewhere the monotonic clock stands in until the platform gets its own.
#[cfg(not(target_os = "linux"))]
pub fn since_boot() -> std::time::Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

fn zoned(t: SystemTime) -> Option<Zoned> {
    Some(Timestamp::try_from(t).ok()?.to_zoned(TimeZone::system()))
}

/// The start of the next local day after `t`: "pause until tomorrow".
pub fn start_of_next_day(t: SystemTime) -> Option<SystemTime> {
    start_of_next_day_in(t, TimeZone::system())
}

fn start_of_next_day_in(t: SystemTime, zone: TimeZone) -> Option<SystemTime> {
    let z = Timestamp::try_from(t).ok()?.to_zoned(zone);
    let tomorrow = z.date().tomorrow().ok()?;
    let start = tomorrow.to_zoned(z.time_zone().clone()).ok()?;
    Some(SystemTime::from(start.timestamp()))
}

/// The start of the local day `t` is in: what "today" counts from.
pub fn start_of_day(t: SystemTime) -> Option<SystemTime> {
    let z = zoned(t)?;
    let start = z.date().to_zoned(z.time_zone().clone()).ok()?;
    Some(SystemTime::from(start.timestamp()))
}

/// The next moment after `t` that the local clock shows `hour:minute`: "pause until 14:30"
/// means today if that is still ahead, else tomorrow.
pub fn next_local_time(t: SystemTime, hour: i8, minute: i8) -> Option<SystemTime> {
    let z = zoned(t)?;
    let at = |date: jiff::civil::Date| -> Option<SystemTime> {
        let civil = date.at(hour, minute, 0, 0);
        let moment = civil.to_zoned(z.time_zone().clone()).ok()?;
        Some(SystemTime::from(moment.timestamp()))
    };
    match at(z.date())? {
        today if today > t => Some(today),
        _ => at(z.date().tomorrow().ok()?),
    }
}

/// RFC 3339 with the local UTC offset, to the millisecond: `2026-11-21T09:15:02.120+01:00`.
pub fn rfc3339(t: SystemTime) -> String {
    let Some(z) = zoned(t) else {
        return humantime::format_rfc3339_millis(t).to_string();
    };
    let millis =
        Timestamp::from_millisecond(z.timestamp().as_millisecond()).unwrap_or(z.timestamp());
    millis.display_with_offset(z.offset()).to_string()
}

/// Reads an RFC 3339 time back.
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    text.parse::<Timestamp>().ok().map(SystemTime::from)
}

/// Local wall time for people: `14:30`, or `Mon 14:30` when not today.
pub fn local_time(t: SystemTime, today: SystemTime) -> String {
    match (zoned(t), zoned(today)) {
        (Some(z), Some(now)) if z.date() == now.date() => z.strftime("%H:%M").to_string(),
        (Some(z), _) => z.strftime("%a %H:%M").to_string(),
        _ => humantime::format_rfc3339_seconds(t).to_string(),
    }
}

/// Local wall time to the second, for the tooltip's exact countdown: `14:30:05`.
pub fn local_time_precise(t: SystemTime, today: SystemTime) -> String {
    match (zoned(t), zoned(today)) {
        (Some(z), Some(now)) if z.date() == now.date() => z.strftime("%H:%M:%S").to_string(),
        (Some(z), _) => z.strftime("%a %H:%M:%S").to_string(),
        _ => humantime::format_rfc3339_seconds(t).to_string(),
    }
}

/// How times and lengths are written in the history log, for serde's `with`: lengths as whole
/// seconds, moments as [`rfc3339`] in local time. (`crate::history` reads them back.)
pub mod wire {
    use std::time::{Duration, SystemTime};

    use serde::Serializer;

    pub mod secs {
        use super::*;

        pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_u64(d.as_secs())
        }
    }

    pub mod secs_opt {
        use super::*;

        pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_some(&d.as_secs()),
                None => s.serialize_none(),
            }
        }
    }

    pub mod moment {
        use super::*;

        pub fn serialize<S: Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&crate::clock::rfc3339(*t))
        }
    }

    pub mod moment_opt {
        use super::*;

        pub fn serialize<S: Serializer>(t: &Option<SystemTime>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_some(&crate::clock::rfc3339(*t)),
                None => s.serialize_none(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn rfc3339_round_trips_to_the_millisecond() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_800_000_000_123);
        let text = rfc3339(t);
        assert!(text.starts_with("20"), "{text}");
        assert_eq!(parse_rfc3339(&text), Some(t));
    }

    #[test]
    fn a_pause_until_tomorrow_over_a_dst_change_ends_at_local_midnight() {
        // Berlin moved its clocks forward at 02:00 on 2026-03-29: that day has 23 hours.
        let zone = TimeZone::get("Europe/Berlin").expect("tzdata (Debian package tzdata)");
        let noon: Timestamp = "2026-03-28T11:00:00Z".parse().expect("a time");
        let next = start_of_next_day_in(SystemTime::from(noon), zone.clone()).expect("a day");
        assert_eq!(rfc3339_in(next, &zone), "2026-03-29T00:00:00+01:00");
        let after = start_of_next_day_in(next, zone.clone()).expect("a day");
        assert_eq!(rfc3339_in(after, &zone), "2026-03-30T00:00:00+02:00");
        assert_eq!(
            after.duration_since(next).ok(),
            Some(Duration::from_secs(23 * 3600))
        );
    }

    fn rfc3339_in(t: SystemTime, zone: &TimeZone) -> String {
        let z = Timestamp::try_from(t)
            .expect("a time")
            .to_zoned(zone.clone());
        z.timestamp().display_with_offset(z.offset()).to_string()
    }

    #[test]
    fn next_day_starts_after_now_and_within_a_day_and_a_bit() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let next = start_of_next_day(t).expect("a next day");
        let ahead = next.duration_since(t).expect("in the future");
        // 25 hours covers a day that gains an hour at a DST change.
        assert!(ahead <= Duration::from_secs(25 * 3600), "{ahead:?}");
    }
}
