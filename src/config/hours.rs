//! Reading the `[schedule]` table's hour ranges, "09:00-12:30".

use crate::core::Hours;

/// Reads "HH:MM-HH:MM". The end may be "24:00", or earlier than the start for hours that run
/// past midnight ("22:00-02:00").
pub(super) fn parse(text: &str) -> Result<Hours, String> {
    let wrong =
        || format!("hours must look like \"09:00-17:30\" (24-hour clock, start-end), got {text:?}");
    let (start, end) = text.split_once('-').ok_or_else(wrong)?;
    let start = minute(start.trim(), false).ok_or_else(wrong)?;
    let end = minute(end.trim(), true).ok_or_else(wrong)?;
    Hours::new(start, end)
        .ok_or_else(|| format!("hours {text:?} are empty: start and end are the same"))
}

/// "HH:MM" as minutes after midnight; "24:00" only where it may end a day.
fn minute(text: &str, may_be_midnight: bool) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) if may_be_midnight => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ranges_midnight_and_overnight() {
        assert_eq!(
            parse("09:00-12:30"),
            Ok(Hours::new(540, 750).expect("valid"))
        );
        assert_eq!(
            parse("13:30 - 24:00"),
            Ok(Hours::new(810, 1440).expect("valid"))
        );
        assert_eq!(
            parse("22:00-02:00"),
            Ok(Hours::new(1320, 120).expect("valid"))
        );
    }

    #[test]
    fn refuses_what_is_not_a_range() {
        for bad in [
            "9-17",
            "09:00",
            "09:00-25:00",
            "24:00-10:00",
            "9:00-17:00",
            "0a:00-10:00",
        ] {
            assert!(
                parse(bad).expect_err(bad).contains("must look like"),
                "{bad}"
            );
        }
        assert!(parse("10:00-10:00").expect_err("empty").contains("empty"));
    }
}
