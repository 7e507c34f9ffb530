//! Recommendation text as terms: lower-cased words, US spellings folded to UK ones, stop
//! words dropped, each word stemmed by the Snowball (Porter2) English stemmer.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Words that say nothing about what a recommendation is about: English function words,
/// and the words every action plan uses to ask for something ("should ensure that…").
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "during",
    "each",
    "either",
    "etc",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
    // The plan's own verbs of asking: every recommendation has them.
    "ensure",
    "ensures",
    "ensuring",
    "need",
    "needs",
    "required",
    "requirement",
    "undertake",
    "appropriate",
    "appropriately",
    "relevant",
    "particular",
    "particularly",
    "including",
    "include",
    "includes",
    "make",
    "made",
    "take",
    "taken",
];

/// US spellings (as word beginnings or whole words) and their UK forms, so that "organize"
/// and "organise" are one term. Suffix rules cover the -ize/-yze families.
const US_UK: &[(&str, &str)] = &[
    ("behavior", "behaviour"),
    ("center", "centre"),
    ("counseling", "counselling"),
    ("defense", "defence"),
    ("favor", "favour"),
    ("judgment", "judgement"),
    ("license", "licence"),
    ("pediatric", "paediatric"),
    ("program", "programme"),
    ("color", "colour"),
    ("neighbor", "neighbour"),
    ("offense", "offence"),
    ("fetal", "foetal"),
];

fn stop_words() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| STOP.iter().copied().collect())
}

/// A word spelled the UK way.
pub fn uk_spelling(word: &str) -> String {
    for (us, uk) in US_UK {
        // "programme" begins with "program" already.
        if let Some(rest) = word.strip_prefix(us).filter(|_| !word.starts_with(uk)) {
            return format!("{uk}{rest}");
        }
    }
    // -ize, -ized, -izes, -izing, -ization (and -yze): the UK -ise forms.
    for (us, uk) in [
        ("ization", "isation"),
        ("izations", "isations"),
        ("izing", "ising"),
        ("ized", "ised"),
        ("izes", "ises"),
        ("ize", "ise"),
        ("yzing", "ysing"),
        ("yzed", "ysed"),
        ("yze", "yse"),
    ] {
        if let Some(stem) = word.strip_suffix(us) {
            // "size", "prize", "seize": too short to be the -ize suffix.
            if stem.len() >= 3 {
                return format!("{stem}{uk}");
            }
        }
    }
    word.to_string()
}

/// The terms of a text, in order, repeats kept (the caller counts them).
pub fn terms(text: &str) -> Vec<String> {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    let stemmer = STEMMER.get_or_init(|| Stemmer::create(Algorithm::English));
    let stop = stop_words();
    let mut out = Vec::new();
    // Words: letters and digits; an apostrophe inside a word ("GP's") ends it.
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        let lower = raw.to_lowercase();
        // Numbers and single letters ("a)", "3") carry no meaning across reviews.
        if lower.len() < 2 || lower.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if stop.contains(lower.as_str()) {
            continue;
        }
        // Plans use a few thousand words over and over: each is stemmed once a thread.
        let stem = STEMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(s) = cache.get(&lower) {
                return s.clone();
            }
            let s = stemmer.stem(&uk_spelling(&lower)).into_owned();
            if cache.len() < 1 << 16 {
                cache.insert(lower, s.clone());
            }
            s
        });
        out.push(stem);
    }
    out
}

thread_local! {
    static STEMS: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_and_uk_spellings_are_one_term() {
        assert_eq!(terms("organize"), terms("organise"));
        assert_eq!(terms("pediatric behavior"), terms("paediatric behaviour"));
        assert_eq!(terms("prioritization"), terms("prioritisation"));
        assert_eq!(uk_spelling("size"), "size");
    }

    #[test]
    fn words_are_stemmed_and_stop_words_dropped() {
        assert_eq!(
            terms("The LSCB should ensure that agencies share information"),
            ["lscb", "agenc", "share", "inform"]
        );
        assert_eq!(terms("sharing"), terms("shared"));
        assert_eq!(terms("GP's records, 3 a)"), ["gp", "record"]);
    }
}
