//! Dates of birth: a date a few words after the words that announce one ("DOB", "D.O.B.",
//! "date of birth", "date-of-birth", "birth date", "birthdate", "born"), in any of the ways
//! dates are written (numbers or month names, in any order people use, split by slashes,
//! dots, hyphens or spaces, with spaces around them or not). A date that starts or ends a
//! range ("children born after 1 April 2012", "born 12/03/2005 onwards") is a cohort, and
//! a date that is a deadline ("recorded by 31/03/2013") is plan business: neither is found.

use super::{Finding, Kind};
use regex::Regex;
use std::sync::LazyLock;

/// The words that announce a date of birth.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:D\.O\.B(?-u:\b)\.?|DOB(?-u:\b)|date[\s_\-]+of[\s_\-]+birth(?-u:\b)|birth[\s_\-]?dates?(?-u:\b)|born(?-u:\b))",
    )
    .unwrap()
});

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// The date forms: 12/03/2005, 12.03.05, 12 - 03 - 2005, 12 03 2005, 2005-03-12, 12 March
/// 2005, 12-Mar-2005, 12th of March, 2005, March 12th 2005, March 2005.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let sep = r"(?:[ \t\u{a0}]*[-/.][ \t\u{a0}]*|[\s,]+)";
    let d = r"(?:0?[1-9]|[12][0-9]|3[01])";
    let ord = r"(?:st|nd|rd|th)?";
    let m = r"(?:0?[1-9]|1[0-2])";
    let y = r"(?:(?:19|20)[0-9]{2}|[0-9]{2})";
    let y4 = r"(?:19|20)[0-9]{2}";
    let pattern = format!(
        r"(?i)(?-u:\b)(?:{y4}{sep}{m}{sep}{d}|{d}{sep}{m}{sep}{y}|{d}{ord}(?:\s+of)?{sep}{MONTH}{sep}{y}|{MONTH}{sep}{d}{ord}{sep}{y}|{MONTH}{sep}{y4})(?-u:\b)"
    );
    Regex::new(&pattern).unwrap()
});

/// After a date: it starts a range of dates.
static COHORT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:onwards|or\s+(?:later|after|earlier|before)|and\s+(?:later|after|before)|to\s|-\s*\d)")
        .unwrap()
});

/// Words between the marker and the date that make it a cohort or a deadline.
const NOT_A_BIRTHDAY: &[&str] = &[
    "after", "before", "since", "between", "from", "until", "till", "prior", "by", "due",
    "deadline", "within",
];

/// How many words may stand between "DOB" and the date: "born on the 12th…", "DOB: …".
const GAP_WORDS: usize = 3;

pub(super) fn may_hold(text: &str) -> bool {
    MARKER.is_match(text)
}

pub(super) fn dates_of_birth(text: &str, out: &mut Vec<Finding>) {
    let mut markers = MARKER.find_iter(text).peekable();
    if markers.peek().is_none() {
        return;
    }
    // Every date once, then the first after each marker: a search from each marker to the
    // end of the text would make a file full of "born" quadratic.
    let dates: Vec<regex::Match> = DATE.find_iter(text).collect();
    for marker in markers {
        let next = dates.partition_point(|d| d.start() < marker.end());
        let Some(date) = dates.get(next) else {
            continue;
        };
        let gap = &text[marker.end()..date.start()];
        // A sentence that ends, a table cell or an HTML tag between, or too many words, and
        // the date is about something else.
        let words = gap
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if words > GAP_WORDS || gap.contains(['.', ';', '!', '?', '|', '│', '┆', '<', '>']) {
            continue;
        }
        // A string that ends in "born" and the next key's date (`due = 2012-03-12`).
        if gap.contains('\n') && gap.contains(['=', '"', '\'', '[', ']']) {
            continue;
        }
        let cohort = gap
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| NOT_A_BIRTHDAY.iter().any(|c| w.eq_ignore_ascii_case(c)))
            || COHORT_END.is_match(&text[date.end()..]);
        if cohort || !plausible(date.as_str()) {
            continue;
        }
        let lower = marker.as_str().to_ascii_lowercase();
        let said = if lower == "born" {
            "born"
        } else if lower.starts_with("date") {
            "date of birth"
        } else if lower.starts_with("birth") {
            "birth date"
        } else {
            "DOB"
        };
        out.push(Finding {
            kind: Kind::DateOfBirth,
            span: date.range(),
            described: format!("a date of birth (after “{said}”)"),
        });
    }
}

/// A date whose numbers are separated by blanks alone ("12 03 2005") is a date only when it
/// has a four-digit year: "born 2 3 4 times" is not one.
fn plausible(date: &str) -> bool {
    let has_letters = date.chars().any(|c| c.is_alphabetic());
    let has_marks = date.contains(['/', '.', '-']);
    has_letters
        || has_marks
        || date
            .split_whitespace()
            .any(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::super::{builtin, found, Kind};

    #[test]
    fn many_markers_without_dates_stay_linear() {
        // A search to the end of the text from each marker would take hours here.
        let text = "born ".repeat(200_000);
        assert!(builtin().scan(&text).is_empty());
        let far = format!("born{}12/03/2005", " ".repeat(250));
        assert_eq!(found(&far), [(Kind::DateOfBirth, "12/03/2005")]);
    }

    #[test]
    fn dates_of_birth_after_their_markers() {
        for (text, date) in [
            ("DOB 12/03/2005", "12/03/2005"),
            ("D.O.B. 12.03.05", "12.03.05"),
            ("d.o.b: 12-03-2005", "12-03-2005"),
            ("date of birth: 12 March 2005", "12 March 2005"),
            ("Date of\nbirth 2005-03-12", "2005-03-12"),
            ("born on the 12th of March 2005", "12th of March 2005"),
            ("born on March 12, 2005", "March 12, 2005"),
            ("born in Sept 2005", "Sept 2005"),
            ("dob = \"1/3/05\"", "1/3/05"),
            ("text = \"\"\"DOB:\n  7 Jan 2005", "7 Jan 2005"),
            ("birth date 17 / 11 / 2003", "17 / 11 / 2003"),
            ("date-of-birth 17-Nov-2003", "17-Nov-2003"),
            ("Birthdate: 2003 . 11 . 17", "2003 . 11 . 17"),
            ("DoB 17 11 2003", "17 11 2003"),
            ("DOB 17th November, 2003", "17th November, 2003"),
        ] {
            assert_eq!(found(text), vec![(Kind::DateOfBirth, date)], "{text}");
        }
        for text in [
            "due 12/03/2005",
            "DOB unknown. Reviewed 12/03/2005",
            "born to parents who were seen by several agencies on 12/03/2005",
            "babies born following concealment",
            "newborn 12/03/2005",
            "DOB 2005",
            "children born after 1 April 2012",
            "babies born between 1/4/2011 and 31/3/2012",
            "children born 12/03/2005 onwards",
            "born 2005-03-12 or later",
            "description = \"Support mothers of babies newly born\"\ndue = 2012-03-12",
            "birth dates checked by 31 March 2013",
            "born 2 3 4 times",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
