//! Points in time as AWS writes them: parsing every `Expiration` spelling the AWS CLI and
//! credential processes write, and formatting ISO 8601 the way botocore does.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// 9999-12-31T23:59:59Z: the last time that AWS's date spelling (four-digit years)
    /// holds. A later one would be written as a date no AWS tool reads back.
    pub const LAST_WRITABLE: Timestamp = Timestamp(253_402_300_799);

    /// The current time.
    pub fn now() -> Timestamp {
        Timestamp::from_system_time(SystemTime::now())
    }

    /// A `SystemTime`, to the second.
    pub fn from_system_time(time: SystemTime) -> Timestamp {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Timestamp(after.as_secs() as i64),
            Err(before) => Timestamp(-(before.duration().as_secs() as i64)),
        }
    }

    /// Parses an ISO 8601 / RFC 3339 date-time: `2026-12-02T05:00:00Z`, `...+00:00`,
    /// `...UTC` (what the AWS CLI writes into its cache), with or without fractional
    /// seconds, `T` or a space between date and time. Without a zone it is UTC.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() < 19 || !matches!(bytes[10], b'T' | b't' | b' ') {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        if bytes[4] != b'-' || bytes[7] != b'-' || bytes[13] != b':' || bytes[16] != b':' {
            return None;
        }
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        if !(1..=12).contains(&month)
            || !(1..=days_in_month(year, month)).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let mut rest = &text[19..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            rest = &fraction[digits..];
        }
        let offset = match rest {
            "" | "Z" | "z" | "UTC" | "GMT" => 0,
            zone => {
                let sign = match zone.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
                if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let hours: i64 = digits[..2].parse().ok()?;
                let minutes: i64 = digits[2..].parse().ok()?;
                sign * (hours * 3600 + minutes * 60)
            }
        };
        let days = days_from_civil(year, month, day);
        Some(Timestamp(
            days * 86_400 + hour * 3600 + minute * 60 + second - offset,
        ))
    }

    /// `2026-12-02T05:00:00+00:00`: Python's `isoformat()` of a UTC time, as
    /// `aws configure export-credentials` prints `AWS_CREDENTIAL_EXPIRATION`.
    pub fn to_iso8601(self) -> String {
        format!("{}+00:00", self.fields())
    }

    /// `2026-12-02T05:00:00UTC`: how botocore writes `Expiration` into the AWS CLI's cache.
    pub fn to_cache_spelling(self) -> String {
        format!("{}UTC", self.fields())
    }

    /// `2026-12-02T05:00:00Z`: the `credential_process` JSON spelling.
    pub fn to_rfc3339(self) -> String {
        format!("{}Z", self.fields())
    }

    fn fields(self) -> String {
        let days = self.0.div_euclid(86_400);
        let seconds = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_expiration_spelling_is_the_same_instant() {
        let expected = Timestamp(1_796_187_600); // 2026-12-02T05:00:00Z
        for text in [
            "2026-12-02T05:00:00Z",
            "2026-12-02T05:00:00UTC",
            "2026-12-02T05:00:00+00:00",
            "2026-12-02T05:00:00.000Z",
            "2026-12-02T05:00:00.123456+00:00",
            "2026-12-02 05:00:00+00:00",
            "2026-12-02T06:00:00+01:00",
            "2026-12-02T00:00:00-0500",
            "2026-12-02T05:00:00",
            " 2026-12-02T05:00:00Z\n",
        ] {
            assert_eq!(Timestamp::parse(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn nonsense_is_refused() {
        for text in [
            "",
            "tomorrow",
            "2026-13-02T05:00:00Z",
            "2026-02-30T05:00:00Z",
            "2026-12-02T05:00:00+5",
            "2026-12-02T05:00:00.Z",
            "2026-12-02X05:00:00Z",
            "2026-12-02T05:00:00 PST",
        ] {
            assert_eq!(Timestamp::parse(text), None, "{text}");
        }
    }

    #[test]
    fn formats_round_trip() {
        let time = Timestamp(951_827_696); // 2000-02-29T12:34:56Z
        assert_eq!(time.to_iso8601(), "2000-02-29T12:34:56+00:00");
        assert_eq!(time.to_cache_spelling(), "2000-02-29T12:34:56UTC");
        for text in [
            time.to_iso8601(),
            time.to_cache_spelling(),
            time.to_rfc3339(),
        ] {
            assert_eq!(Timestamp::parse(&text), Some(time));
        }
        assert_eq!(Timestamp(0).to_rfc3339(), "1970-01-01T00:00:00Z");
    }
}
