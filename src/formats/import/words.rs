//! Reading the status words of real action plans: "Complete", "Completed", "In progress",
//! "Delayed", "Ongoing", "Pending", "Finalised", "Complete (and ongoing)", "Complete June
//! 2011", "Action completed. Finalised"…
//!
//! RAG and BRAG ratings read as status words: Blue (done) is complete, Red delayed, Amber
//! and Green in progress (on track or not, the work is under way); the rating is kept as
//! the status text.
//!
//! A status is a known phrase at the start of the cell, then nothing, a completion date (for
//! the complete phrases), or a remark after a separator (". - – : ;"). Anything else, such as
//! "Local Authority complete" or "Complete Complete", is an error rather than a guess.

use super::dates::read_date;
use crate::plan::date::PlanDate;
use crate::plan::model::Declared;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusReading {
    pub status: Option<Declared>,
    pub completed: Option<PlanDate>,
    /// The words say more than the status value: keep them (`status_text`).
    pub keep_text: bool,
}

/// The phrases, as plans write them. "Pending" is the Birmingham plan's colour key for an
/// action in hand and not yet due: in progress, as the bundled plans record it.
const PHRASES: &[(&str, Declared)] = &[
    ("complete (and ongoing)", Declared::Complete),
    ("complete and ongoing", Declared::Complete),
    ("completed and ongoing", Declared::Complete),
    ("action completed", Declared::Complete),
    ("action complete", Declared::Complete),
    ("actions completed", Declared::Complete),
    ("action finalised", Declared::Complete),
    ("implementation complete", Declared::Complete),
    ("implemented", Declared::Complete),
    ("completed", Declared::Complete),
    ("complete", Declared::Complete),
    ("finalised", Declared::Complete),
    ("finalized", Declared::Complete),
    ("done", Declared::Complete),
    ("in progress", Declared::InProgress),
    ("in-progress", Declared::InProgress),
    ("pending", Declared::InProgress),
    ("partially complete", Declared::InProgress),
    ("started", Declared::InProgress),
    ("ongoing", Declared::Ongoing),
    ("on-going", Declared::Ongoing),
    ("on going", Declared::Ongoing),
    ("delayed", Declared::Delayed),
    ("not started", Declared::NotStarted),
    ("not-started", Declared::NotStarted),
    ("not yet started", Declared::NotStarted),
    ("blue", Declared::Complete),
    ("red", Declared::Delayed),
    ("amber", Declared::InProgress),
    ("green", Declared::InProgress),
];

pub fn read_status(text: &str) -> Result<StatusReading, String> {
    let t = text
        .trim()
        .trim_start_matches(['●', '•', '*'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if t.is_empty() {
        return Ok(StatusReading::default());
    }
    let lower = t.to_ascii_lowercase();
    let found = PHRASES
        .iter()
        .filter_map(|(p, s)| Some((p.len(), *s, after_phrase(&lower, p)?)))
        .max_by_key(|(len, _, _)| *len);
    let Some((_, status, rest)) = found else {
        return Err(format!(
            "is not a status sct knows: it reads {}, and their usual wordings \
             (Completed, In progress, Pending, Finalised…) and the RAG ratings",
            Declared::ALL.map(Declared::as_str).join(", ")
        ));
    };
    // "In progress", "in-progress" and "On-going" say no more than the value.
    let letters = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let canonical = letters(status.as_str());
    let bare = letters(&lower);
    let mut reading = StatusReading {
        status: Some(status),
        completed: None,
        keep_text: bare != canonical,
    };
    let rest = rest.trim();
    if rest.is_empty() || rest == "." {
        return Ok(reading);
    }
    reading.keep_text = true;
    let dated = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(rest);
    if let Ok(d) = read_date(dated) {
        if status != Declared::Complete {
            return Err(format!(
                "gives a date after `{}`: only a completion date can follow a status",
                status.as_str()
            ));
        }
        reading.completed = Some(d);
        return Ok(reading);
    }
    if rest.starts_with(['.', '-', '–', '—', ':', ';']) {
        return Ok(reading);
    }
    Err(format!(
        "has words after `{}` that may change it: cannot tell the status with certainty",
        &t[..t.len() - rest.len()].trim()
    ))
}

/// The RAG rating a cell's shading gives ("FFC000" → "Amber"), by hue: red, amber (orange
/// to yellow), green and blue, each strongly coloured. Pale, grey or other colours (a
/// header's fill, a purple) are None: not a rating.
pub fn rag_colour(hex: &str) -> Option<&'static str> {
    let hex = hex.trim_start_matches('#');
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok().map(f64::from);
    let (r, g, b) = (channel(0)?, channel(2)?, channel(4)?);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    // Too dark, too pale or too grey to be a rating.
    if max < 100.0 || (max - min) / max < 0.45 {
        return None;
    }
    let d = max - min;
    let hue = if max == r {
        60.0 * (((g - b) / d).rem_euclid(6.0))
    } else if max == g {
        60.0 * ((b - r) / d + 2.0)
    } else {
        60.0 * ((r - g) / d + 4.0)
    };
    match hue {
        h if !(15.0..345.0).contains(&h) => Some("Red"),
        h if (25.0..=62.0).contains(&h) => Some("Amber"),
        h if (70.0..=165.0).contains(&h) => Some("Green"),
        h if (185.0..=250.0).contains(&h) => Some("Blue"),
        _ => None,
    }
}

/// The rest of `lower` after `phrase`, if it starts with the phrase as whole words.
fn after_phrase<'a>(lower: &'a str, phrase: &str) -> Option<&'a str> {
    let rest = lower.strip_prefix(phrase)?;
    (rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric())).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Declared>, Option<PlanDate>, bool) {
        let r = read_status(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        (r.status, r.completed, r.keep_text)
    }

    use Declared::*;

    #[test]
    fn the_words_of_real_plans() {
        assert_eq!(read("Complete"), (Some(Complete), None, false));
        assert_eq!(read("complete."), (Some(Complete), None, false));
        assert_eq!(read("Completed"), (Some(Complete), None, true));
        assert_eq!(read("In progress"), (Some(InProgress), None, false));
        assert_eq!(read("in-progress"), (Some(InProgress), None, false));
        assert_eq!(read("Delayed"), (Some(Delayed), None, false));
        assert_eq!(read("Ongoing"), (Some(Ongoing), None, false));
        assert_eq!(
            read("On-going"),
            (Some(Ongoing), None, false),
            "a spelling says no more"
        );
        assert_eq!(read("Pending"), (Some(InProgress), None, true));
        assert_eq!(read("Finalised"), (Some(Complete), None, true));
        assert_eq!(read("Action finalised"), (Some(Complete), None, true));
        assert_eq!(read("Action Completed"), (Some(Complete), None, true));
        assert_eq!(
            read("Implementation complete"),
            (Some(Complete), None, true)
        );
        assert_eq!(read("Complete (and ongoing)"), (Some(Complete), None, true));
        assert_eq!(read("not-started"), (Some(NotStarted), None, false));
        assert_eq!(read("Not yet started"), (Some(NotStarted), None, true));
        assert_eq!(read("● Complete"), (Some(Complete), None, false));
        assert_eq!(read(""), (None, None, false));
    }

    #[test]
    fn shading_colours_as_ratings() {
        // Word's and Excel's standard colours, and the usual RAG fills.
        for (hex, want) in [
            ("FF0000", Some("Red")),
            ("C00000", Some("Red")),
            ("FFC000", Some("Amber")),
            ("FFBF00", Some("Amber")),
            ("FFA500", Some("Amber")),
            ("FFFF00", Some("Amber")),
            ("00B050", Some("Green")),
            ("92D050", Some("Green")),
            ("00FF00", Some("Green")),
            ("0070C0", Some("Blue")),
            ("00B0F0", Some("Blue")),
            ("#0000FF", Some("Blue")),
            ("D9D9D9", None),
            ("FFFFFF", None),
            ("000000", None),
            ("DEEAF6", None),
            ("7030A0", None),
            ("auto", None),
        ] {
            assert_eq!(rag_colour(hex), want, "{hex}");
        }
    }

    #[test]
    fn rag_and_brag_ratings() {
        assert_eq!(read("Blue"), (Some(Complete), None, true));
        assert_eq!(read("RED"), (Some(Delayed), None, true));
        assert_eq!(read("Amber"), (Some(InProgress), None, true));
        assert_eq!(read("green - on track"), (Some(InProgress), None, true));
        assert!(
            read_status("Amber/Green").is_err(),
            "two ratings are a doubt"
        );
        assert!(
            read_status("Reduced").is_err(),
            "a word that begins like one is not one"
        );
    }

    #[test]
    fn a_completion_date_after_the_word() {
        let june = PlanDate::Month {
            year: 2011,
            month: 6,
        };
        assert_eq!(
            read("Complete June 2011"),
            (Some(Complete), Some(june), true)
        );
        assert_eq!(
            read("Completed June 2011"),
            (Some(Complete), Some(june), true)
        );
        assert_eq!(
            read("Complete (June 2011)"),
            (Some(Complete), Some(june), true)
        );
        let e = read_status("Delayed June 2012").unwrap_err();
        assert!(e.contains("only a completion date"), "{e}");
    }

    #[test]
    fn a_remark_after_a_separator() {
        assert_eq!(
            read("Action completed. Finalised"),
            (Some(Complete), None, true)
        );
        assert_eq!(
            read("Complete – see LSCB action line 2."),
            (Some(Complete), None, true)
        );
        assert_eq!(
            read("Completed. - see LSCB action line 2."),
            (Some(Complete), None, true)
        );
        assert_eq!(
            read("Delayed: awaiting funding"),
            (Some(Delayed), None, true)
        );
    }

    #[test]
    fn what_cannot_be_read_with_certainty_is_refused() {
        for text in [
            "Local Authority complete",
            "Complete Complete",
            "Complete New named midwife now in post",
            "On-going (Also part of Adult Safeguarding Services agenda).",
            "Completely unclear",
            "Purple",
            "Yes",
        ] {
            assert!(
                read_status(text).is_err(),
                "{text:?} was read as {:?}",
                read_status(text)
            );
        }
        let e = read_status("Purple").unwrap_err();
        assert!(
            e.contains("not-started, in-progress, delayed, ongoing, complete"),
            "{e}"
        );
        let e = read_status("Complete Complete").unwrap_err();
        assert!(e.contains("words after `Complete`"), "{e}");
    }
}
