//! NHS numbers and National Insurance numbers, in the shapes people write them.
//!
//! An NHS number is ten digits, alone or in groups split by any one kind of separator
//! (space, no-break or thin space, tab, hyphen, dot, slash), or grouped 3-3-4 with mixed
//! separators; whether ten digits are one is decided by the mod-11 check digit, which one
//! run of ten digits in eleven passes. An NI number is two prefix letters (HMRC's rules),
//! six digits and a suffix A–D, with any of those separators between the parts.

use super::{Finding, Kind};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A separator inside a number: one blank, or a dash, dot or slash with at most one blank
/// either side.
const SEP: &str = r"(?:[ \t\u{a0}\u{2007}\u{2009}\u{202f}]|[ \t\u{a0}]?[-./\u{2010}-\u{2015}\u{2212}][ \t\u{a0}]?)";

/// Runs of digits joined by separators: the longest such chain, so that a longer number
/// (a phone number, two dates) is never read as a shorter one.
static CHAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"[0-9]+(?:{SEP}[0-9]+)*")).unwrap());

/// Prefix letters (those HMRC never uses in either place left out; the banned pairs are
/// checked in code), three pairs of digits, a suffix, with an optional separator anywhere
/// between the parts.
static NI: LazyLock<Regex> = LazyLock::new(|| {
    let s = r"[ \t.\-\u{a0}\u{2009}\u{202f}]?";
    Regex::new(&format!(
        r"(?i)(?-u:\b)([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]){s}[0-9]{{2}}{s}[0-9]{{2}}{s}[0-9]{{2}}{s}[A-D](?-u:\b)"
    ))
    .unwrap()
});

/// Whether `text` may hold a number at all: a quick test before the searches.
pub(super) fn may_hold(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
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

/// One group of digits in a chain, and the kind of separator before it.
struct Group {
    span: Range<usize>,
    /// The separator before this group: ' ' for blanks, else its dash, dot or slash.
    sep: char,
}

fn groups(text: &str, chain: Range<usize>) -> Vec<Group> {
    let s = &text[chain.clone()];
    let mut out: Vec<Group> = Vec::new();
    let mut sep = ' ';
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(st) = start.take() {
                out.push(Group {
                    span: chain.start + st..chain.start + i,
                    sep,
                });
                sep = ' ';
            }
            if !c.is_whitespace() {
                sep = match c {
                    '.' | '/' => c,
                    _ => '-',
                };
            }
        }
    }
    if let Some(st) = start {
        out.push(Group {
            span: chain.start + st..chain.start + s.len(),
            sep,
        });
    }
    out
}

/// Ten digits in `groups` that read as an NHS number: one group of ten, or groups of two
/// to five digits split by one kind of separator, or 3-3-4 whatever the separators.
fn nhs_shape(groups: &[Group]) -> bool {
    let len = |g: &Group| g.span.len();
    if groups.iter().map(len).sum::<usize>() != 10 {
        return false;
    }
    if groups.len() == 1 {
        return true;
    }
    let sizes: Vec<usize> = groups.iter().map(len).collect();
    (uniform(groups) && sizes.iter().all(|n| (2..=5).contains(n))) || sizes == [3, 3, 4]
}

/// Whether the separators between `groups` are all of one kind.
fn uniform(groups: &[Group]) -> bool {
    groups.len() < 3 || groups[1..].windows(2).all(|w| w[0].sep == w[1].sep)
}

fn digits_of(text: &str, groups: &[Group]) -> Option<[u8; 10]> {
    let v: Vec<u8> = groups
        .iter()
        .flat_map(|g| text[g.span.clone()].bytes())
        .map(|b| b - b'0')
        .collect();
    v.try_into().ok()
}

pub(super) fn nhs_numbers(text: &str, out: &mut Vec<Finding>) {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    for m in CHAIN.find_iter(text) {
        // Part of a word or a reference ("ref9434765919x"): not a number on its own.
        if word(text[..m.start()].chars().next_back()) || word(text[m.end()..].chars().next()) {
            continue;
        }
        // Most chains are dates and counts: fewer than ten digits, nothing to look at.
        if m.as_str().bytes().filter(u8::is_ascii_digit).count() < 10 {
            continue;
        }
        let all = groups(text, m.range());
        // The whole chain; where its separators are mixed, also each run of groups split
        // by one kind of separator.
        let mut candidates: Vec<&[Group]> = vec![&all];
        if !uniform(&all) {
            // Only runs of ten digits: at most ten groups from each start, so a chain of a
            // million groups stays linear.
            for a in 0..all.len() {
                let mut digits = 0;
                for b in a + 1..=all.len() {
                    digits += all[b - 1].span.len();
                    if digits > 10 {
                        break;
                    }
                    // A dash, dot or slash binds a number to the next ("5919-12"): a run
                    // stands alone only where a blank parts it from its neighbours.
                    let parted =
                        (a == 0 || all[a].sep == ' ') && (b == all.len() || all[b].sep == ' ');
                    if digits == 10 && b - a < all.len() && parted && uniform(&all[a..b]) {
                        candidates.push(&all[a..b]);
                    }
                }
            }
        }
        for c in candidates {
            if !nhs_shape(c) {
                continue;
            }
            let Some(digits) = digits_of(text, c) else {
                continue;
            };
            if nhs_check_digit_ok(&digits) {
                out.push(Finding {
                    kind: Kind::NhsNumber,
                    span: c[0].span.start..c[c.len() - 1].span.end,
                    described: format!("an NHS number (ending …{}{})", digits[8], digits[9]),
                });
                break;
            }
        }
    }
}

pub(super) fn ni_numbers(text: &str, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
    use super::super::{builtin, found, Kind};
    use super::*;

    fn digits(s: &str) -> [u8; 10] {
        let v: Vec<u8> = s
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        v.try_into().unwrap()
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
        for (text, number) in [
            ("NHS no 943 476 5919.", "943 476 5919"),
            ("nhs=9434765919", "9434765919"),
            ("(943-476-5919)", "943-476-5919"),
            ("\"943 476 5919\"", "943 476 5919"),
            ("943.476.5919", "943.476.5919"),
            ("943\u{a0}476\u{a0}5919", "943\u{a0}476\u{a0}5919"),
            ("943\t476\t5919", "943\t476\t5919"),
            ("94 34 76 59 19", "94 34 76 59 19"),
            ("94347 65919", "94347 65919"),
            ("943 - 476 - 5919", "943 - 476 - 5919"),
            // Mixed separators, grouped as the number is printed.
            ("943-476 5919", "943-476 5919"),
            // A run split by one kind of separator inside a longer chain.
            ("on 12.5 943 476 5919", "943 476 5919"),
        ] {
            assert_eq!(found(text), [(Kind::NhsNumber, number)], "{text}");
        }
        // A failing check digit, part of a longer number, odd groupings.
        for text in [
            "943 476 5918",
            "19434765919",
            "+44-943-476-5919",
            "943 476 5919-12",
            "ref 9434765919x",
            "0943 476 5919",
            "9 4 3 4 7 6 5 9 1 9",
            "94.34.76 59.19",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
        let f = builtin().scan("is 943 476 5919");
        assert_eq!(f[0].described, "an NHS number (ending …19)");
        assert_eq!(f[0].span, 3..15);
    }

    #[test]
    fn long_chains_of_numbers_stay_linear() {
        // One chain of 400,000 groups, its separators mixed: every run of ten digits is
        // looked at once (a search of every window would take hours here).
        let text = "1.2 ".repeat(200_000);
        assert!(builtin().scan(&text).is_empty());
        let uniform = "12 ".repeat(300_000);
        assert!(builtin().scan(&uniform).is_empty());
    }

    #[test]
    fn ni_numbers_and_their_prefixes() {
        for (text, ni) in [
            ("AB123456C", "AB123456C"),
            ("ab 12 34 56 c", "ab 12 34 56 c"),
            ("JG 103759 A", "JG 103759 A"),
            ("NI: ce123456d.", "ce123456d"),
            ("JG-10-37-59-A", "JG-10-37-59-A"),
            ("JG.10.37.59.A", "JG.10.37.59.A"),
            (
                "JG\u{a0}10\u{a0}37\u{a0}59\u{a0}A",
                "JG\u{a0}10\u{a0}37\u{a0}59\u{a0}A",
            ),
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
}
