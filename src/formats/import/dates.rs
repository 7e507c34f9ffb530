//! Reading the free-text dates of real action plans: "May 2012", "Sept 08", "October 11",
//! "31.01.09", "1/09/2009", "31 December 2016", "Ongoing", "Completed June 2011",
//! "April 2012 (review June 2012)"…
//!
//! A reading is certain or it is an error that says why: a guess would put a wrong date
//! into a plan that boards chase agencies by. The rules:
//! - numeric dates are UK day first: 1/09/2009 is 1 September 2009;
//! - a two-digit year 00–69 is 20xx, 70–99 is 19xx ("Sept 08" is September 2008);
//! - a month name followed by a number is month and year ("October 11" is October 2011),
//!   as UK plans write it; the day comes before the month ("11 October 2011");
//! - a month stays a month: "May 2012" is never given a day.

use crate::plan::date::PlanDate;
use chrono::NaiveDate;

/// What the text of a target-date cell says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueReading {
    pub due: Option<PlanDate>,
    /// "(review June 2012)".
    pub review: Option<PlanDate>,
    /// "Completed June 2011" in place of a target date.
    pub completed: Option<PlanDate>,
    /// "To commence 01.09.08": when work begins, in place of a target date.
    pub start: Option<PlanDate>,
    /// The words say more than `due`: keep them (`due_text`).
    pub keep_text: bool,
}

/// Reads a target-date cell. An empty cell is no date.
pub fn read_due(text: &str) -> Result<DueReading, String> {
    let t = clean(text);
    if t.is_empty() {
        return Ok(DueReading::default());
    }
    // A single date that is wrong (29.02.09) says why, rather than "not a date".
    let single = match read_date(&t) {
        Ok(d) => {
            return Ok(DueReading {
                due: Some(d),
                ..Default::default()
            })
        }
        Err(e) => (e != GENERIC).then_some(e),
    };
    let words = DueReading {
        keep_text: true,
        ..Default::default()
    };
    // ASCII lower case keeps byte offsets, so slices of `lower` map back onto `t`.
    let lower = t.to_ascii_lowercase();
    if is_ongoing(&lower) {
        return Ok(words);
    }
    for prefix in ["completed", "complete"] {
        if let Some(rest) = strip_word(&lower, prefix) {
            let rest = rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace());
            let rest = strip_word(rest, "in")
                .or_else(|| strip_word(rest, "on"))
                .unwrap_or(rest);
            let d = read_date(rest)
                .map_err(|_| format!("says it was {prefix} but not when, as a date"))?;
            return Ok(DueReading {
                completed: Some(d),
                ..words
            });
        }
    }
    // A start is not a deadline: "To commence 01.09.08", "Commencing May 2010", "From April 2012".
    for prefix in ["to commence", "commencing", "commence", "starting", "from"] {
        if let Some(rest) = strip_words(&lower, prefix) {
            let rest = strip_word(rest, "on").unwrap_or(rest);
            if let Ok(d) = read_date(rest) {
                return Ok(DueReading {
                    start: Some(d),
                    ..words
                });
            }
        }
    }
    // "April 2012 (review June 2012)", "April 2012 (review by LSCB May 2012)".
    if let Some((before, inside)) = parenthesised(&t) {
        let inside_lower = inside.to_ascii_lowercase();
        if strip_word(&inside_lower, "review").is_some()
            || strip_word(&inside_lower, "reviewed").is_some()
        {
            let due = read_date(before)
                .map_err(|_| format!("`{before}` before the review date is not a date"))?;
            let review = trailing_date(inside)
                .ok_or_else(|| format!("the review in `({inside})` has no date at its end"))?;
            return Ok(DueReading {
                due: Some(due),
                review: Some(review),
                ..words
            });
        }
        return Err(format!("cannot tell what `({inside})` says about the date"));
    }
    // "by May 2012", "Completion April 2012", "End of March 2012": the date is the target.
    for prefix in [
        "by",
        "completion",
        "completion by",
        "target",
        "due",
        "end of",
        "by end of",
        "by the end of",
    ] {
        if let Some(rest) = strip_words(&lower, prefix) {
            let rest = &t[t.len() - rest.len()..];
            if let Ok(d) = read_date(rest) {
                return Ok(DueReading {
                    due: Some(d),
                    ..words
                });
            }
        }
    }
    // A span: "June - September 2012", "February – April 2012": due at its end.
    for sep in [" - ", " – ", " — ", " to "] {
        if let Some((from, to)) = split_once_ci(&t, sep) {
            let end = read_date(to)
                .map_err(|_| format!("`{to}` at the end of the span is not a date"))?;
            read_date(from)
                .or_else(|e| month_alone(from, end).ok_or(e))
                .map_err(|_| format!("`{from}` at the start of the span is not a date"))?;
            return Ok(DueReading {
                due: Some(end),
                ..words
            });
        }
    }
    Err(single.unwrap_or_else(|| why_not(&t, &lower)))
}

const GENERIC: &str = "is not a date sct can read with certainty";

/// Reads a cell that must hold one date and nothing else (evidence and note dates,
/// completion dates, a due date beside a "by when (as written)" column).
pub fn read_date(text: &str) -> Result<PlanDate, String> {
    let t = clean(text);
    if t.is_empty() {
        return Err("is empty".into());
    }
    if let Ok(d) = PlanDate::parse(&t) {
        return Ok(d);
    }
    if let Some(r) = numeric(&t) {
        return r;
    }
    if let Some(r) = named(&t) {
        return r;
    }
    Err(why_not(&t, &t.to_ascii_lowercase()))
}

fn why_not(t: &str, lower: &str) -> String {
    let dates = t
        .split_whitespace()
        .filter(|w| numeric(w).is_some_and(|r| r.is_ok()))
        .count();
    if dates > 1 {
        return "gives more than one date: which is the target cannot be known".into();
    }
    if ["now", "immediate", "immediately", "asap", "at once"].contains(&lower.trim_end_matches('.'))
    {
        return "is not a date: when it was due depends on when the plan was written".into();
    }
    if lower.len() == 4 && lower.bytes().all(|b| b.is_ascii_digit()) {
        return "is a year alone: plans give a month or a day".into();
    }
    GENERIC.into()
}

/// Trims, drops a trailing full stop or comma and leading bullets, and joins the
/// whitespace of a cell that was wrapped in the spreadsheet.
fn clean(text: &str) -> String {
    let t = text
        .trim()
        .trim_start_matches(['●', '•', '*'])
        .trim()
        .trim_end_matches(['.', ',', ';'])
        .trim();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_ongoing(lower: &str) -> bool {
    matches!(lower, "ongoing" | "on-going" | "on going")
}

/// `s` without a leading word (case already lowered), if it starts with that word.
fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(word)?;
    if rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric()) {
        Some(rest.trim_start())
    } else {
        None
    }
}

fn strip_words<'a>(s: &'a str, words: &str) -> Option<&'a str> {
    let mut rest = s;
    for w in words.split(' ') {
        rest = strip_word(rest, w)?;
    }
    Some(rest)
}

fn split_once_ci<'a>(t: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let at = t.to_ascii_lowercase().find(sep)?;
    Some((t[..at].trim(), t[at + sep.len()..].trim()))
}

/// `before (inside)` where the parenthesis ends the text.
fn parenthesised(t: &str) -> Option<(&str, &str)> {
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    Some((inner[..open].trim(), inner[open + 1..].trim()))
}

/// The date at the end of `s`: the longest tail of whole words that reads as a date.
fn trailing_date(s: &str) -> Option<PlanDate> {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=3.min(words.len()))
        .rev()
        .find_map(|n| read_date(&words[words.len() - n..].join(" ")).ok())
}

/// "June" at the start of "June - September 2012": the month in the year of the end.
fn month_alone(s: &str, end: PlanDate) -> Option<PlanDate> {
    let month = month_number(s.trim())?;
    let year = match end {
        PlanDate::Month { year, .. } => year,
        PlanDate::Day(d) => chrono::Datelike::year(&d),
    };
    Some(PlanDate::Month { year, month })
}

/// 31.01.09, 30.09.2008, 1/09/2009, 1/09/ 2009, 31-01-2009; 09/2009 (a month).
fn numeric(t: &str) -> Option<Result<PlanDate, String>> {
    if !t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'/' | b'-' | b' '))
    {
        return None;
    }
    let parts: Vec<&str> = t.split(['.', '/', '-']).map(str::trim).collect();
    if parts.iter().any(|p| p.is_empty() || p.contains(' ')) {
        return None;
    }
    let num = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && matches!(y.len(), 2 | 4) => {
            let year = year(y)?;
            let (day, month) = (num(d)?, num(m)?);
            Some(day_of(year, month, day))
        }
        [m, y] if m.len() <= 2 && y.len() == 4 => {
            let month = num(m)?;
            if !(1..=12).contains(&month) {
                return Some(Err(format!(
                    "has month {month}, and months run from 1 to 12"
                )));
            }
            Some(Ok(PlanDate::Month {
                year: year(y)?,
                month,
            }))
        }
        [_, y] if y.len() == 2 => Some(Err(
            "could be day and month or month and year: write the year in full".into(),
        )),
        _ => None,
    }
}

/// "May 2012", "Sept 08", "October 11", "31 December 2016", "31st Dec 2016", "Dec-12",
/// "December 31, 2016".
fn named(t: &str) -> Option<Result<PlanDate, String>> {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let day_num = |w: &str| -> Option<u32> {
        let w = w.to_lowercase();
        let digits = w
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th");
        (digits.len() <= 2 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let year_of = |w: &str| -> Option<i32> {
        let w = w.trim_start_matches('\'');
        (matches!(w.len(), 2 | 4) && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| year(w))
            .flatten()
    };
    match words.as_slice() {
        [m, y] => {
            let month = month_number(m)?;
            let year = year_of(y)?;
            Some(Ok(PlanDate::Month { year, month }))
        }
        [d, m, y] if month_number(m).is_some() => {
            let month = month_number(m)?;
            let (day, year) = (day_num(d)?, year_of(y)?);
            Some(day_of(year, month, day))
        }
        // "December 31 2016": only with the year in full, so that "May 12 13" is refused.
        [m, d, y] if month_number(m).is_some() && y.len() == 4 => {
            let month = month_number(m)?;
            let (day, year) = (day_num(d)?, year_of(y)?);
            Some(day_of(year, month, day))
        }
        [m] if month_number(m).is_some() => Some(Err("names a month but not its year".into())),
        _ => None,
    }
}

fn day_of(year: i32, month: u32, day: u32) -> Result<PlanDate, String> {
    if !(1..=12).contains(&month) {
        return Err(format!(
            "has month {month}, and months run from 1 to 12 (dates are read day first: 31.01.2009)"
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day)
        .map(PlanDate::Day)
        .ok_or_else(|| {
            let last = PlanDate::Month { year, month }.last_day();
            format!(
                "is not a real date: {} has {} days",
                last.format("%B %Y"),
                chrono::Datelike::day(&last)
            )
        })
}

/// A two- or four-digit year; 00–69 are 2000–2069, 70–99 are 1970–1999.
fn year(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    match y.len() {
        4 => Some(n),
        2 if n < 70 => Some(2000 + n),
        2 => Some(1900 + n),
        _ => None,
    }
}

fn month_number(w: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.trim_end_matches('.').to_lowercase();
    if w == "sept" {
        return Some(9);
    }
    NAMES
        .iter()
        .position(|n| *n == w || (w.len() == 3 && n.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(year: i32, month: u32) -> PlanDate {
        PlanDate::Month { year, month }
    }

    fn day(y: i32, m: u32, d: u32) -> PlanDate {
        PlanDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn due(text: &str) -> DueReading {
        read_due(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn plain(d: PlanDate) -> DueReading {
        DueReading {
            due: Some(d),
            ..Default::default()
        }
    }

    fn refused(text: &str) -> String {
        match read_due(text) {
            Ok(r) => panic!("{text:?} was read as {r:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn months_by_name() {
        assert_eq!(due("May 2012"), plain(month(2012, 5)));
        assert_eq!(due("may 2012"), plain(month(2012, 5)));
        assert_eq!(due("MAY 2012"), plain(month(2012, 5)));
        assert_eq!(due("Sept 08"), plain(month(2008, 9)));
        assert_eq!(due("Sep 2008"), plain(month(2008, 9)));
        assert_eq!(due("Sept. 2008"), plain(month(2008, 9)));
        assert_eq!(due("October 11"), plain(month(2011, 10)));
        assert_eq!(due("December 2011."), plain(month(2011, 12)));
        assert_eq!(due("Dec-12"), plain(month(2012, 12)));
        assert_eq!(due("June, 2012"), plain(month(2012, 6)));
        assert_eq!(due("Feb '09"), plain(month(2009, 2)));
        assert_eq!(due("  January\n2012 "), plain(month(2012, 1)));
    }

    #[test]
    fn days_by_name() {
        assert_eq!(due("31 December 2016"), plain(day(2016, 12, 31)));
        assert_eq!(due("31st December 2016"), plain(day(2016, 12, 31)));
        assert_eq!(due("1st Sept 08"), plain(day(2008, 9, 1)));
        assert_eq!(due("19th June 2009"), plain(day(2009, 6, 19)));
        assert_eq!(due("12-Dec-12"), plain(day(2012, 12, 12)));
        assert_eq!(due("December 31, 2016"), plain(day(2016, 12, 31)));
    }

    #[test]
    fn numeric_dates_are_day_first() {
        assert_eq!(due("31.01.09"), plain(day(2009, 1, 31)));
        assert_eq!(due("30.09.2008"), plain(day(2008, 9, 30)));
        assert_eq!(due("1/09/2009"), plain(day(2009, 9, 1)));
        assert_eq!(due("1/09/ 2009"), plain(day(2009, 9, 1)));
        assert_eq!(due("01/11/2009"), plain(day(2009, 11, 1)));
        assert_eq!(due("31-01-2009"), plain(day(2009, 1, 31)));
        assert_eq!(due("13.07.10"), plain(day(2010, 7, 13)));
        assert_eq!(due("09/2009"), plain(month(2009, 9)));
    }

    #[test]
    fn sct_s_own_forms() {
        assert_eq!(due("2012-05"), plain(month(2012, 5)));
        assert_eq!(due("2012-05-31"), plain(day(2012, 5, 31)));
        assert_eq!(read_date("2009-09-01").unwrap(), day(2009, 9, 1));
    }

    #[test]
    fn two_digit_years() {
        assert_eq!(due("Sept 69"), plain(month(2069, 9)));
        assert_eq!(due("Sept 70"), plain(month(1970, 9)));
        assert_eq!(due("31.12.99"), plain(day(1999, 12, 31)));
    }

    #[test]
    fn empty_is_no_date() {
        assert_eq!(due(""), DueReading::default());
        assert_eq!(due("  \n "), DueReading::default());
    }

    #[test]
    fn ongoing_keeps_its_words() {
        let ongoing = DueReading {
            keep_text: true,
            ..Default::default()
        };
        assert_eq!(due("Ongoing"), ongoing);
        assert_eq!(due("On-going"), ongoing);
        assert_eq!(due("on going."), ongoing);
    }

    #[test]
    fn completed_is_a_completion_date_not_a_target() {
        let r = due("Completed June 2011");
        assert_eq!(
            r,
            DueReading {
                completed: Some(month(2011, 6)),
                keep_text: true,
                ..Default::default()
            }
        );
        assert_eq!(
            due("Complete: 30.09.2008").completed,
            Some(day(2008, 9, 30))
        );
        assert_eq!(
            due("Completed in September 2011").completed,
            Some(month(2011, 9))
        );
        has(&refused("Completed"), "not when");
    }

    #[test]
    fn a_review_date_in_brackets() {
        assert_eq!(
            due("April 2012 (review June 2012)"),
            DueReading {
                due: Some(month(2012, 4)),
                review: Some(month(2012, 6)),
                keep_text: true,
                ..Default::default()
            }
        );
        let r = due("April 2012 (review by LSCB May 2012)");
        assert_eq!(
            (r.due, r.review),
            (Some(month(2012, 4)), Some(month(2012, 5)))
        );
        let r = due("31.03.2012 (Reviewed 30.06.12)");
        assert_eq!(
            (r.due, r.review),
            (Some(day(2012, 3, 31)), Some(day(2012, 6, 30)))
        );
        has(&refused("April 2012 (review soon)"), "no date at its end");
        has(
            &refused("April 2012 (if funded)"),
            "cannot tell what `(if funded)` says",
        );
    }

    #[test]
    fn a_target_with_words() {
        for (text, d) in [
            ("by May 2012", month(2012, 5)),
            ("Completion April 2012", month(2012, 4)),
            ("Completion January 2012", month(2012, 1)),
            ("End of March 2012", month(2012, 3)),
            ("by the end of 31.03.2012", day(2012, 3, 31)),
        ] {
            let r = due(text);
            assert_eq!((r.due, r.keep_text), (Some(d), true), "{text}");
        }
    }

    #[test]
    fn a_span_is_due_at_its_end() {
        assert_eq!(due("June - September 2012").due, Some(month(2012, 9)));
        assert_eq!(due("February – April 2012").due, Some(month(2012, 4)));
        assert_eq!(due("Jan 2012 to March 2012").due, Some(month(2012, 3)));
        assert!(due("June - September 2012").keep_text);
    }

    #[test]
    fn what_cannot_be_read_with_certainty_is_refused() {
        has(&refused("Now"), "depends on when the plan was written");
        has(
            &refused("Immediate"),
            "depends on when the plan was written",
        );
        has(
            &refused("Immediately."),
            "depends on when the plan was written",
        );
        has(&refused("31.12.08 31.03.09"), "more than one date");
        has(
            &refused("May 2012 June 2012 January 2012"),
            "not a date sct can read",
        );
        has(
            &refused("February 2012 concluding June 2012"),
            "not a date sct can read",
        );
        let r = due("To commence 01.09.08");
        assert_eq!((r.start, r.due), (Some(day(2008, 9, 1)), None));
        assert!(r.keep_text);
        assert_eq!(due("From April 2012").start, Some(month(2012, 4)));
        has(&refused("Annually and ongoing"), "not a date sct can read");
        has(&refused("2012"), "a year alone");
        has(&refused("May"), "names a month but not its year");
        has(&refused("TBC"), "not a date sct can read");
        has(&refused("Q3 2012"), "not a date sct can read");
    }

    #[test]
    fn impossible_dates_say_why() {
        has(&refused("29.02.09"), "February 2009 has 28 days");
        has(&refused("31/04/2012"), "April 2012 has 30 days");
        has(&refused("12/13/2012"), "months run from 1 to 12");
        has(&refused("13/2012"), "months run from 1 to 12");
        has(&refused("09/12"), "write the year in full");
        assert!(read_date("29.02.08").is_ok(), "2008 is a leap year");
        has(&read_date("May").unwrap_err(), "not its year");
    }

    #[test]
    fn read_date_takes_one_date_only() {
        assert!(read_date("Ongoing").is_err());
        assert!(read_date("April 2012 (review June 2012)").is_err());
        assert!(read_date("").is_err());
    }

    #[track_caller]
    fn has(s: &str, needle: &str) {
        assert!(s.contains(needle), "expected {needle:?} in {s:?}");
    }
}
