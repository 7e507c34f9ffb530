//! The terms of a board's private list (the family's names, addresses, schools), found as
//! whole words in any case, a term of several words across any white space.
//!
//! Text and terms are cut into the same tokens (a run of letters and digits, or one other
//! character), and a term is a run of tokens; a hash set answers whether a run of tokens
//! is a term. Memory grows with the list (about 100 bytes a term) and time with the text,
//! whatever the list's size: a regular expression of a million alternatives took 7 GB.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The most tokens a term may have: "Flat 3, 12 Long Road" is eleven.
const MAX_TOKENS: usize = 32;

#[derive(Debug, Clone, Default)]
pub struct Terms {
    /// The hash of each term's first token (lower case), with the most tokens of a term
    /// starting so.
    first: HashMap<u64, u8>,
    /// The hash of every term: its tokens in lower case joined by one space where the term
    /// has white space between them, and by nothing where it has none ("o'neil", "jo
    /// bloggs"). Hashes, not the terms: a million terms in 40 MB, not 150; two terms that
    /// share a 64-bit hash would make one stand for the other, once in 10^19 pairs.
    all: HashSet<u64>,
    /// An order-free digest of `all`, for the parse cache's key.
    digest: u64,
}

fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same in every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// One token of a text: where it is, and whether white space stands before it.
#[derive(Debug, Clone)]
struct Token {
    span: Range<usize>,
    spaced: bool,
}

fn word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut spaced = false;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let mut end = i + c.len_utf8();
        if word(c) {
            while let Some(&(j, d)) = it.peek() {
                if !word(d) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
        }
        out.push(Token {
            span: i..end,
            spaced,
        });
        spaced = false;
    }
    out
}

impl Terms {
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Terms {
        let mut t = Terms::default();
        for term in terms {
            let toks = tokens(term);
            if toks.is_empty() || toks.len() > MAX_TOKENS {
                continue;
            }
            let key = hash(&join(term, &toks));
            let first = hash(&term[toks[0].span.clone()].to_lowercase());
            let n = toks.len() as u8;
            let e = t.first.entry(first).or_insert(0);
            *e = (*e).max(n);
            if t.all.insert(key) {
                t.digest = t.digest.wrapping_add(hash(&key.to_string()));
            }
        }
        t.all.shrink_to_fit();
        t.first.shrink_to_fit();
        t
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// Every term in `text`, leftmost and then longest first, none overlapping.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        if self.is_empty() {
            return out;
        }
        let toks = tokens(text);
        let lower: Vec<String> = toks
            .iter()
            .map(|t| text[t.span.clone()].to_lowercase())
            .collect();
        let mut i = 0;
        while i < toks.len() {
            let Some(&most) = self.first.get(&hash(&lower[i])) else {
                i += 1;
                continue;
            };
            let mut key = lower[i].clone();
            let mut best = self.all.contains(&hash(&key)).then_some(i);
            for j in i + 1..toks.len().min(i + usize::from(most)) {
                if toks[j].spaced {
                    key.push(' ');
                }
                key.push_str(&lower[j]);
                if self.all.contains(&hash(&key)) {
                    best = Some(j);
                }
            }
            match best {
                Some(j) => {
                    out.push(toks[i].span.start..toks[j].span.end);
                    i = j + 1;
                }
                None => i += 1,
            }
        }
        out
    }
}

fn join(text: &str, toks: &[Token]) -> String {
    let mut key = String::new();
    for (k, t) in toks.iter().enumerate() {
        if k > 0 && t.spaced {
            key.push(' ');
        }
        key.push_str(&text[t.span.clone()].to_lowercase());
    }
    key
}

/// "a term from the private list (S…, 5 letters)".
pub(super) fn describe(found: &str) -> String {
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
    use super::super::{parse_terms, Scanner};

    #[test]
    fn private_terms_are_whole_words_in_any_case() {
        let terms = parse_terms("# the family\n\nSmith\n  Jo   Bloggs \nO'Neil\n");
        assert_eq!(terms, ["Smith", "Jo Bloggs", "O'Neil"]);
        assert_eq!(
            parse_terms("\u{feff}Smith\r\n# x\r\nJo\r\n"),
            ["Smith", "Jo"]
        );
        let s = Scanner::with_terms(&terms);
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
        let s = Scanner::with_terms(&["Zoë".to_string(), "Ødegaard".to_string()]);
        let text = "zoë’s; Zoëlle; ØDEGAARD, Ødegaardson, a–Ødegaard";
        let f: Vec<&str> = s.scan(text).iter().map(|f| &text[f.span.clone()]).collect();
        assert_eq!(f, ["zoë", "ØDEGAARD", "Ødegaard"]);
        // Punctuation in a term is taken literally.
        let s = Scanner::with_terms(&["a.c".to_string()]);
        assert!(s.scan("abc").is_empty());
        assert_eq!(s.scan("a.c").len(), 1);
        // The longest term wins where one term starts another.
        let s = Scanner::with_terms(&["Jo".to_string(), "Jo Bloggs".to_string()]);
        let text = "jo bloggs and jo";
        let f: Vec<&str> = s.scan(text).iter().map(|f| &text[f.span.clone()]).collect();
        assert_eq!(f, ["jo bloggs", "jo"]);
    }

    #[test]
    fn the_key_follows_the_terms_not_their_order() {
        let a = Scanner::with_terms(&["Smith".to_string(), "Jo".to_string()]);
        let b = Scanner::with_terms(&["jo".to_string(), "SMITH".to_string()]);
        let c = Scanner::with_terms(&["Smith".to_string()]);
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), c.key());
        assert_ne!(c.key(), Scanner::default().key());
    }
}
