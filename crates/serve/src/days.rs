//! Calendar arithmetic for time lines: `YYYYMMDD` days (the store's form), days since
//! 1970-01-01, weeks starting on Monday and calendar months (proleptic Gregorian calendar).

use crate::cube::Bucket;

/// `YYYY-MM-DD` → `YYYYMMDD`, for real dates only.
pub fn parse_day(s: &str) -> Option<u32> {
    let b = s.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &b[r];
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0, |n, d| n * 10 + (d - b'0') as u32))
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(y * 10_000 + m * 100 + d)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a `YYYYMMDD` day.
pub fn epoch_days(day: u32) -> i64 {
    let (y, m, d) = (
        (day / 10_000) as i64,
        ((day / 100) % 100) as i64,
        (day % 100) as i64,
    );
    // Count from 0000-03-01 so that the leap day ends the year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of days since 1970-01-01.
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `YYYY-MM-DD` of days since 1970-01-01 (written digit by digit: time lines write
/// thousands of them, and `format!` costs several times more).
pub fn iso(z: i64) -> String {
    let (y, m, d) = civil(z);
    if !(0..=9999).contains(&y) {
        return format!("{y:04}-{m:02}-{d:02}");
    }
    let (y, m, d) = (y as u32, m, d);
    let bytes = [
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (d / 10) as u8,
        b'0' + (d % 10) as u8,
    ];
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The Monday on or before day `z` (1970-01-01 was a Thursday).
fn week_start(z: i64) -> i64 {
    z - (z + 3).rem_euclid(7)
}

fn month_index(z: i64) -> i64 {
    let (y, m, _) = civil(z);
    y * 12 + m as i64 - 1
}

/// Index of the bucket of day `z` counting from the bucket of day `first`.
pub fn bucket_index(b: Bucket, first: i64, z: i64) -> i64 {
    match b {
        Bucket::Day => z - first,
        Bucket::Week => (week_start(z) - week_start(first)) / 7,
        Bucket::Month => month_index(z) - month_index(first),
    }
}

/// First day of the `i`-th bucket counting from the bucket of day `first`.
pub fn bucket_start(b: Bucket, first: i64, i: i64) -> i64 {
    match b {
        Bucket::Day => first + i,
        Bucket::Week => week_start(first) + 7 * i,
        Bucket::Month => {
            let mi = month_index(first) + i;
            let (y, m) = (mi.div_euclid(12), mi.rem_euclid(12) as u32 + 1);
            epoch_days((y as u32) * 10_000 + m * 100 + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_buckets() {
        assert_eq!(parse_day("2024-02-29"), Some(20240229));
        assert_eq!(parse_day("2023-02-29"), None);
        assert_eq!(parse_day("2023-1-01"), None);
        assert_eq!(epoch_days(19700101), 0);
        assert_eq!(epoch_days(20240311), 19793);
        assert_eq!(iso(-1), "1969-12-31");
        assert_eq!(iso(3_000_000), "10183-09-21");
        assert_eq!(iso(epoch_days(10_480_101)), "1048-01-01");
        assert_eq!(iso(epoch_days(20_241_031)), "2024-10-31");
        for z in [-719_000, -1, 0, 59, 19_793, 30_000, 2_900_000] {
            let s = iso(z);
            assert_eq!(epoch_days(parse_day(&s).unwrap()), z, "{s}");
        }
        let mon = epoch_days(20240311); // a Monday
        assert_eq!(bucket_index(Bucket::Week, mon, mon + 6), 0);
        assert_eq!(bucket_index(Bucket::Week, mon + 6, mon + 7), 1);
        assert_eq!(iso(bucket_start(Bucket::Week, mon + 3, 1)), "2024-03-18");
        let jan31 = epoch_days(20240131);
        assert_eq!(bucket_index(Bucket::Month, jan31, epoch_days(20240301)), 2);
        assert_eq!(iso(bucket_start(Bucket::Month, jan31, 13)), "2025-02-01");
    }
}
