//! Plan dates: a day (`2012-05-31`) or a month (`"2012-05"`). A month stays a month: the
//! plans record what the document says, and "May 2012" is not "1 May 2012".

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlanDate {
    Month { year: i32, month: u32 },
    Day(NaiveDate),
}

impl PlanDate {
    /// The last day the date covers: a month counts as its last day (for due dates).
    pub fn last_day(self) -> NaiveDate {
        match self {
            PlanDate::Day(d) => d,
            PlanDate::Month { year, month } => {
                let (y, m) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .and_then(|d| d.pred_opt())
                    .expect("validated month")
            }
        }
    }

    /// The first day the date covers (for "is this in the future?": a month that has begun
    /// is not in the future).
    pub fn first_day(self) -> NaiveDate {
        match self {
            PlanDate::Day(d) => d,
            PlanDate::Month { year, month } => {
                NaiveDate::from_ymd_opt(year, month, 1).expect("validated month")
            }
        }
    }

    pub fn is_month(self) -> bool {
        matches!(self, PlanDate::Month { .. })
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM`, saying what is wrong with an impossible date.
    pub fn parse(s: &str) -> Result<PlanDate, String> {
        let bad =
            || format!("`{s}` is not a date: write a day as 2012-05-31 or a month as \"2012-05\"");
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        match parts.as_slice() {
            [y, m] | [y, m, _] if num(y, 4).is_none() || num(m, 2).is_none() => Err(bad()),
            [y, m] => {
                let (year, month) = (num(y, 4).unwrap() as i32, num(m, 2).unwrap());
                check_month(s, month)?;
                Ok(PlanDate::Month { year, month })
            }
            [y, m, d] => {
                let day = num(d, 2).ok_or_else(bad)?;
                let (year, month) = (num(y, 4).unwrap() as i32, num(m, 2).unwrap());
                check_month(s, month)?;
                NaiveDate::from_ymd_opt(year, month, day)
                    .map(PlanDate::Day)
                    .ok_or_else(|| {
                        let last = PlanDate::Month { year, month }.last_day().day();
                        format!("`{s}` is not a real date: {year}-{month:02} has {last} days")
                    })
            }
            _ => Err(bad()),
        }
    }
}

fn check_month(s: &str, month: u32) -> Result<(), String> {
    if (1..=12).contains(&month) {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not a real date: month {month} does not exist (01 to 12)"
        ))
    }
}

impl fmt::Display for PlanDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            PlanDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

impl Serialize for PlanDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return s.collect_str(self);
        }
        // Binary formats (the parse cache): one number, YYYYMMDD, with DD = 00 for a month.
        let n = match self {
            PlanDate::Day(d) => d.year() as i64 * 10_000 + d.month() as i64 * 100 + d.day() as i64,
            PlanDate::Month { year, month } => *year as i64 * 10_000 + *month as i64 * 100,
        };
        s.serialize_i64(n)
    }
}

impl<'de> Deserialize<'de> for PlanDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        if !d.is_human_readable() {
            let n = i64::deserialize(d)?;
            let (year, month, day) = (
                (n / 10_000) as i32,
                (n / 100 % 100) as u32,
                (n % 100) as u32,
            );
            let bad = || D::Error::custom(format!("{n} is not a date"));
            if !(1..=12).contains(&month) {
                return Err(bad());
            }
            return match day {
                0 => Ok(PlanDate::Month { year, month }),
                _ => NaiveDate::from_ymd_opt(year, month, day)
                    .map(PlanDate::Day)
                    .ok_or_else(bad),
            };
        }
        // Through toml::Value so that both a TOML date and a string are accepted, with our
        // own message for anything else.
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => PlanDate::parse(s.trim()).map_err(D::Error::custom),
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(date), None, None) => {
                    PlanDate::parse(&date.to_string()).map_err(D::Error::custom)
                }
                _ => Err(D::Error::custom(format!(
                    "`{dt}` has a time of day: write only the date, as 2012-05-31"
                ))),
            },
            other => Err(D::Error::custom(format!(
                "expected a date such as 2012-05-31 or a month such as \"2012-05\", found {}",
                other.type_str()
            ))),
        }
    }
}

impl schemars::JsonSchema for PlanDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PlanDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // Taplo validates a TOML date as a string with format "date".
        schemars::json_schema!({
            "description": "A day (TOML date 2012-05-31) or a month written as a string \"2012-05\".",
            "anyOf": [
                { "type": "string", "format": "date" },
                { "type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$" }
            ]
        })
    }
}

/// Parses the `--today` / `SCT_TODAY` value: a full day only.
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    match PlanDate::parse(s.trim())? {
        PlanDate::Day(d) => Ok(d),
        PlanDate::Month { .. } => Err(format!("`{s}` is a month: give a day, as 2012-06-30")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn months_end_on_their_last_day() {
        assert_eq!(
            PlanDate::parse("2012-02").unwrap().last_day(),
            day(2012, 2, 29)
        );
        assert_eq!(
            PlanDate::parse("2011-02").unwrap().last_day(),
            day(2011, 2, 28)
        );
        assert_eq!(
            PlanDate::parse("2012-12").unwrap().last_day(),
            day(2012, 12, 31)
        );
        assert_eq!(
            PlanDate::parse("2012-04").unwrap().first_day(),
            day(2012, 4, 1)
        );
    }

    #[test]
    fn impossible_dates_say_why() {
        let e = PlanDate::parse("2012-02-30").unwrap_err();
        assert!(e.contains("2012-02 has 29 days"), "{e}");
        let e = PlanDate::parse("2012-13").unwrap_err();
        assert!(e.contains("month 13 does not exist"), "{e}");
        assert!(PlanDate::parse("May 2012").is_err());
        assert!(PlanDate::parse("2012-5").is_err());
        assert_eq!(
            PlanDate::parse("2012-02-29").unwrap(),
            PlanDate::Day(day(2012, 2, 29))
        );
    }

    #[test]
    fn displays_as_written() {
        assert_eq!(PlanDate::parse("2012-05").unwrap().to_string(), "2012-05");
        assert_eq!(
            PlanDate::parse("2012-05-01").unwrap().to_string(),
            "2012-05-01"
        );
    }

    #[test]
    fn today_must_be_a_day() {
        assert!(parse_day("2012-06").is_err());
        assert_eq!(parse_day("2012-06-30").unwrap(), day(2012, 6, 30));
    }
}
