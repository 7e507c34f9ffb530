//! The privacy guard: finds what looks like a personal identifier in plan text, so that an
//! anonymised plan stays anonymised. Pure: text in, findings with byte spans out (and, for
//! `sct check`, the same as diagnostics). A finding describes what it found without
//! repeating it ("an NHS number (ending …19)").
//!
//! The patterns are regular expressions; whether ten digits are an NHS number (the mod-11
//! check digit) and whether two letters can start a National Insurance number (HMRC's
//! prefix rules) is decided here, in code.

use regex::{Regex, RegexBuilder};
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NhsNumber,
    NiNumber,
    DateOfBirth,
    Term,
}

/// One identifier found: where it is, and how to speak of it without showing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub span: Range<usize>,
    /// "an NHS number (ending …19)": never the identifier in full.
    pub described: String,
}

/// The built-in patterns plus, optionally, the terms of a private list.
#[derive(Debug, Clone, Default)]
pub struct Scanner {
    terms: Option<Regex>,
}

/// Bumped whenever the built-in patterns change what they find: files the parse cache
/// records as clean are scanned again.
const RULES_VERSION: u64 = 1;

/// Ten digits, alone or in groups of 3-3-4 split by spaces or by hyphens.
static NHS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{3} [0-9]{3} [0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4}|[0-9]{10}").unwrap()
});

/// Any of the three patterns: one pass tells whether a text needs the three searches, and
/// most plan text holds none (three passes over every text were half of `sct check`).
static ANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "{}|{}|{}",
        NHS.as_str(),
        NI.as_str(),
        DOB_MARKER.as_str()
    ))
    .unwrap()
});

/// Two prefix letters (the letters HMRC never uses in either place are left out here; the
/// banned pairs are checked in code), six digits optionally spaced in pairs, a suffix A–D.
static NI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?-u:\b)",
    )
    .unwrap()
});

/// The words that announce a date of birth.
static DOB_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\bD\.O\.B\b\.?|\bDOB\b|\bdate\s+of\s+birth\b|\bborn\b").unwrap()
});

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// The date forms plans use: 12/03/2005, 12.03.05, 12-03-2005, 2005-03-12, 12 March 2005,
/// 12th of March 2005, March 12, 2005, March 2005.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let d = r"\d{1,2}";
    let y = r"(?:\d{4}|\d{2})";
    let ord = r"(?:st|nd|rd|th)?";
    let pattern = format!(
        r"(?i)(?-u:\b)(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{4}}/\d{{1,2}}/\d{{1,2}}|{d}/{d}/{y}|{d}\.{d}\.{y}|{d}-{d}-{y}|{d}{ord}\s+(?:of\s+)?{MONTH},?\s+\d{{4}}|{MONTH}\s+{d}{ord},?\s+\d{{4}}|{MONTH},?\s+\d{{4}})(?-u:\b)"
    );
    Regex::new(&pattern).unwrap()
});

/// After a date: it starts a range of dates.
static COHORT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:onwards|or\s+(?:later|after|earlier|before)|and\s+(?:later|after|before)|to\s|-\s*\d)")
        .unwrap()
});

/// How many words may stand between "DOB" and the date: "born on the 12th…", "DOB: …".
const DOB_GAP_WORDS: usize = 3;

/// The built-in patterns alone, for masking excerpts where no private list is given.
pub fn builtin() -> &'static Scanner {
    static S: LazyLock<Scanner> = LazyLock::new(Scanner::default);
    &S
}

impl Scanner {
    /// The built-in patterns and these terms: whole words, any case; a term of several
    /// words matches them across any white space.
    pub fn with_terms(terms: &[String]) -> Result<Scanner, regex::Error> {
        let mut terms: Vec<&String> = terms.iter().filter(|t| !t.trim().is_empty()).collect();
        if terms.is_empty() {
            return Ok(Scanner::default());
        }
        // Leftmost-first: the longest term wins where one term starts another.
        terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let alternatives: Vec<String> = terms.iter().map(|t| term_pattern(t)).collect();
        let re = RegexBuilder::new(&alternatives.join("|"))
            .case_insensitive(true)
            .size_limit(64 * 1024 * 1024)
            .build()?;
        Ok(Scanner { terms: Some(re) })
    }

    /// What this scanner looks for, as a number: a file found clean by a scanner with the
    /// same key, and unchanged since, is clean.
    pub fn key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        // Stable within one executable, which is all a cache file is trusted with.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (RULES_VERSION, self.terms.as_ref().map(Regex::as_str)).hash(&mut h);
        h.finish()
    }

    /// Every identifier in `text`, in order of position.
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        if ANY.is_match(text) {
            nhs_numbers(text, &mut out);
            ni_numbers(text, &mut out);
            dates_of_birth(text, &mut out);
        }
        if let Some(re) = &self.terms {
            for m in re.find_iter(text) {
                if !whole_words(text, &m.range()) {
                    continue;
                }
                out.push(Finding {
                    kind: Kind::Term,
                    span: m.range(),
                    described: describe_term(m.as_str()),
                });
            }
        }
        out.sort_by_key(|f| (f.span.start, f.span.end));
        out
    }

    /// `text` with every identifier masked, for messages that quote plan text.
    pub fn mask(&self, text: &str) -> String {
        let spans: Vec<Range<usize>> = self.scan(text).into_iter().map(|f| f.span).collect();
        mask_spans(text, 0, &spans)
    }
}

/// The terms of a private list: one a line; blank lines and `#` comments are skipped. A
/// byte-order mark (Notepad writes one) is not part of the first term.
pub fn parse_terms(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// `text` (which starts at byte `offset` of its file) with the parts inside `spans` (byte
/// ranges in the file) replaced by one `*` a character, so that a caret still lines up.
pub fn mask_spans(text: &str, offset: usize, spans: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let at = offset + i;
        if spans.iter().any(|s| s.start <= at && at < s.end) && !c.is_whitespace() {
            out.push('*');
        } else {
            out.push(c);
        }
    }
    out
}

/// The NHS check digit: weights 10 down to 2 on the first nine digits; the check digit is
/// 11 less the sum modulo 11, where 11 means 0 and 10 means no number is valid.
pub fn nhs_check_digit_ok(digits: &[u8; 10]) -> bool {
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10u32).rev())
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    match 11 - sum % 11 {
        11 => digits[9] == 0,
        10 => false,
        c => u32::from(digits[9]) == c,
    }
}

/// Whether two letters may start a National Insurance number under HMRC's rules.
pub fn ni_prefix_ok(prefix: &str) -> bool {
    let p = prefix.to_ascii_uppercase();
    let b = p.as_bytes();
    if b.len() != 2 || !b.iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    !b"DFIQUV".contains(&b[0])
        && !b"DFIOQUV".contains(&b[1])
        && !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&p.as_str())
}

fn nhs_numbers(text: &str, out: &mut Vec<Finding>) {
    for m in NHS.find_iter(text) {
        if !standalone_number(text, m.range()) {
            continue;
        }
        let digits: Vec<u8> = m
            .as_str()
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        let Ok(digits) = <[u8; 10]>::try_from(digits) else {
            continue;
        };
        if nhs_check_digit_ok(&digits) {
            out.push(Finding {
                kind: Kind::NhsNumber,
                span: m.range(),
                described: format!("an NHS number (ending …{}{})", digits[8], digits[9]),
            });
        }
    }
}

/// Ten digits that are not part of a longer number: no letter or digit beside them, and no
/// `-`, `.` or `/` joining them to more digits (a phone number, a reference, a date).
fn standalone_number(text: &str, span: Range<usize>) -> bool {
    let before: Vec<char> = text[..span.start].chars().rev().take(2).collect();
    let after: Vec<char> = text[span.end..].chars().take(2).collect();
    let joined = |near: &[char]| match near {
        [c, ..] if c.is_alphanumeric() || *c == '_' => true,
        [j, d, ..] if "-./".contains(*j) && d.is_ascii_digit() => true,
        _ => false,
    };
    !joined(&before) && !joined(&after)
}

fn ni_numbers(text: &str, out: &mut Vec<Finding>) {
    for caps in NI.captures_iter(text) {
        let m = caps.get(0).expect("the whole match");
        if !ni_prefix_ok(&caps[1]) {
            continue;
        }
        let suffix = m
            .as_str()
            .chars()
            .last()
            .unwrap_or('?')
            .to_ascii_uppercase();
        let last_digit = m
            .as_str()
            .chars()
            .rfind(char::is_ascii_digit)
            .unwrap_or('?');
        out.push(Finding {
            kind: Kind::NiNumber,
            span: m.range(),
            described: format!("a National Insurance number (ending …{last_digit}{suffix})"),
        });
    }
}

fn dates_of_birth(text: &str, out: &mut Vec<Finding>) {
    let mut markers = DOB_MARKER.find_iter(text).peekable();
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
        // A sentence that ends, or too many words, and the date is about something else.
        let words = gap
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if words > DOB_GAP_WORDS || gap.contains(['.', ';', '!', '?']) {
            continue;
        }
        // A string that ends in "born" and the next key's date (`due = 2012-03-12`).
        if gap.contains('\n') && gap.contains(['=', '"', '\'', '[', ']']) {
            continue;
        }
        // "children born after 1 April 2012", "born 12/03/2005 onwards": a group of
        // children a plan is about, not someone's birthday.
        let cohort = gap.split(|c: char| !c.is_alphanumeric()).any(|w| {
            [
                "after", "before", "since", "between", "from", "until", "prior",
            ]
            .iter()
            .any(|c| w.eq_ignore_ascii_case(c))
        }) || COHORT_END.is_match(&text[date.end()..]);
        if cohort {
            continue;
        }
        let said = match marker.as_str().to_ascii_lowercase().as_str() {
            "born" => "born",
            m if m.starts_with("date") => "date of birth",
            _ => "DOB",
        };
        out.push(Finding {
            kind: Kind::DateOfBirth,
            span: date.range(),
            described: format!("a date of birth (after “{said}”)"),
        });
    }
}

/// A term as a pattern: its words apart by any white space, and an ASCII word boundary at
/// an end that is an ASCII letter or digit. (Unicode word boundaries would make the search
/// of a long list slow on text that is not all ASCII: 0.9 s for 1,000 names on the
/// bundled plans. A term that starts or ends with another letter, "Zoë", is checked for
/// its boundaries in code.)
fn term_pattern(term: &str) -> String {
    let body: Vec<String> = term.split_whitespace().map(regex::escape).collect();
    let body = body.join(r"\s+");
    let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let pre = if ascii_word(term.chars().next()) {
        r"(?-u:\b)"
    } else {
        ""
    };
    let post = if ascii_word(term.chars().last()) {
        r"(?-u:\b)"
    } else {
        ""
    };
    format!("{pre}(?:{body}){post}")
}

/// Whether a match stands as whole words: no letter or digit runs on from either end.
fn whole_words(text: &str, span: &Range<usize>) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let m = &text[span.clone()];
    let runs_in = m.chars().next().is_some_and(word)
        && text[..span.start].chars().next_back().is_some_and(word);
    let runs_on = m.chars().next_back().is_some_and(word)
        && text[span.end..].chars().next().is_some_and(word);
    !runs_in && !runs_on
}

/// "a term from the private list (S…, 5 letters)".
fn describe_term(found: &str) -> String {
    let first: String = found
        .chars()
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .collect();
    let letters = found.chars().filter(|c| !c.is_whitespace()).count();
    let words = found.split_whitespace().count();
    let words = if words > 1 {
        format!("{words} words, ")
    } else {
        String::new()
    };
    format!("a term from the private list ({first}…, {words}{letters} letters)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> [u8; 10] {
        let v: Vec<u8> = s
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        v.try_into().unwrap()
    }

    fn found(text: &str) -> Vec<(Kind, &str)> {
        builtin()
            .scan(text)
            .into_iter()
            .map(|f| (f.kind, &text[f.span]))
            .collect()
    }

    #[test]
    fn nhs_check_digits() {
        assert!(nhs_check_digit_ok(&digits("943 476 5919")));
        assert!(nhs_check_digit_ok(&digits("401 023 2137")));
        // Remainder 0: the check digit is 0 (11 → 0).
        assert!(nhs_check_digit_ok(&digits("000 000 0000")));
        assert!(!nhs_check_digit_ok(&digits("943 476 5918")));
        assert!(!nhs_check_digit_ok(&digits("943 476 5910")));
        // 11 − (sum mod 11) = 10: no check digit makes this valid.
        for last in 0..10 {
            let mut d = digits("000 000 0400");
            d[9] = last;
            assert!(!nhs_check_digit_ok(&d), "{d:?}");
        }
    }

    #[test]
    fn nhs_numbers_in_their_forms() {
        for text in [
            "NHS no 943 476 5919.",
            "nhs=9434765919",
            "(943-476-5919)",
            "\"943 476 5919\"",
        ] {
            let f = found(text);
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(f[0].0, Kind::NhsNumber);
        }
        // A failing check digit, mixed separators, part of a longer number.
        for text in [
            "943 476 5918",
            "943-476 5919",
            "19434765919",
            "+44-943-476-5919",
            "943 476 5919-12",
            "ref 9434765919x",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
        let f = builtin().scan("is 943 476 5919");
        assert_eq!(f[0].described, "an NHS number (ending …19)");
        assert_eq!(f[0].span, 3..15);
    }

    #[test]
    fn ni_numbers_and_their_prefixes() {
        for (text, ni) in [
            ("AB123456C", "AB123456C"),
            ("ab 12 34 56 c", "ab 12 34 56 c"),
            ("JG 103759 A", "JG 103759 A"),
            ("NI: ce123456d.", "ce123456d"),
        ] {
            assert_eq!(found(text), vec![(Kind::NiNumber, ni)], "{text}");
        }
        for text in [
            "DA123456C", // D first
            "AO123456C", // O second
            "QQ123456C",
            "GB123456A",
            "BG123456A",
            "NK123456A",
            "KN123456A",
            "TN123456A",
            "NT123456A",
            "ZZ123456A",
            "AB123456E", // suffix
            "AB12345C",  // five digits
            "XAB123456C",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
        assert!(ni_prefix_ok("ab") && !ni_prefix_ok("gb") && !ni_prefix_ok("A"));
        assert_eq!(
            builtin().scan("AB 12 34 56 C")[0].described,
            "a National Insurance number (ending …6C)"
        );
    }

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
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn private_terms_are_whole_words_in_any_case() {
        let terms = parse_terms("# the family\n\nSmith\n  Jo   Bloggs \nO'Neil\n");
        assert_eq!(terms, ["Smith", "Jo Bloggs", "O'Neil"]);
        assert_eq!(
            parse_terms("\u{feff}Smith\r\n# x\r\nJo\r\n"),
            ["Smith", "Jo"]
        );
        let s = Scanner::with_terms(&terms).unwrap();
        let text = "SMITH met jo\n bloggs; Smithson and o'neil";
        let f: Vec<&str> = s.scan(text).iter().map(|f| &text[f.span.clone()]).collect();
        assert_eq!(f, ["SMITH", "jo\n bloggs", "o'neil"]);
        assert_eq!(
            s.scan("smith")[0].described,
            "a term from the private list (S…, 5 letters)"
        );
        assert_eq!(
            s.scan("Jo Bloggs")[0].described,
            "a term from the private list (J…, 2 words, 8 letters)"
        );
        // Letters beyond ASCII at either end: still whole words only.
        let s = Scanner::with_terms(&["Zoë".to_string(), "Ødegaard".to_string()]).unwrap();
        let text = "zoë’s; Zoëlle; ØDEGAARD, Ødegaardson, a–Ødegaard";
        let f: Vec<&str> = s.scan(text).iter().map(|f| &text[f.span.clone()]).collect();
        assert_eq!(f, ["zoë", "ØDEGAARD", "Ødegaard"]);
        // Regex syntax in a term is taken literally.
        let s = Scanner::with_terms(&["a.c".to_string()]).unwrap();
        assert!(s.scan("abc").is_empty());
        assert_eq!(s.scan("a.c").len(), 1);
    }

    #[test]
    fn masking_keeps_columns() {
        let text = "id = \"943 476 5919\" # x";
        assert_eq!(builtin().mask(text), "id = \"*** *** ****\" # x");
        assert_eq!(mask_spans("ab cd", 10, &[11..14, 20..22]), "a* *d");
    }
}
