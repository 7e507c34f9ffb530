//! Recommendations that say much the same thing: TF-IDF weights over the stemmed terms of
//! a recommendation's text and its actions' descriptions, cosine
//! similarity, and candidate pairs found through an inverted index of the rarer terms, so
//! that the cost grows with the pairs that share something, not with the square of the
//! recommendations.

use crate::learn::text::terms;
use crate::learn::{completion, review_date, Completion};
use crate::plan::date::PlanDate;
use crate::plan::diag::{Diagnostic, KeyPath, Place};
use crate::plan::load::{Plans, Recommendation, Review};
use crate::plan::status::Rules;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;

/// The score from which `sct similar` shows two recommendations as saying much the same
/// thing: the best balance of precision and recall (F1) on the labelled pairs in
/// tests/fixtures/similar/labelled.toml (README).
pub const DEFAULT_MIN: f32 = 0.2;

/// The score from which `sct check` notes a repeat: a note should not cry wolf, so the
/// lowest score at which every labelled pair found was truly the same (README).
pub const NOTE_MIN: f32 = 0.5;

/// One recommendation as the index holds it.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub review: &'a Review,
    pub rec: &'a Recommendation,
    pub completion: Completion,
    pub review_date: Option<NaiveDate>,
}

/// Two recommendations and how alike they are (0 to 1), `a` before `b` in plan order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub score: f32,
}

/// The recommendations as weighted term vectors, and the rarer terms' postings.
pub struct Index<'a> {
    pub docs: Vec<Doc<'a>>,
    /// Per document: (term, weight), sorted by term, of unit length.
    vectors: Vec<Vec<(u32, f32)>>,
    /// Per term: the documents holding it, for terms rare enough to propose pairs.
    postings: Vec<Vec<u32>>,
}

/// A term held by more documents than this proposes no pair of its own (it may still add
/// to the score of a pair that another term proposed): "training" or "safeguarding" are
/// in every plan. At least `MIN_RARE_DF`, and a fiftieth of the documents in a large set.
const MIN_RARE_DF: usize = 20;

impl<'a> Index<'a> {
    /// Indexes the text of every recommendation of `reviews` that has one.
    pub fn build(plans: &'a Plans, rules: &Rules) -> Index<'a> {
        let mut docs = Vec::new();
        for review in &plans.reviews {
            let date = review_date(review);
            for rec in &review.recs {
                if rec
                    .file
                    .text
                    .as_deref()
                    .is_some_and(|t| !t.trim().is_empty())
                {
                    docs.push(Doc {
                        review,
                        rec,
                        completion: completion(rec, rules),
                        review_date: date,
                    });
                }
            }
        }
        // The recommendation and its actions: what is asked, and what was agreed to do.
        let tokens: Vec<Vec<String>> = docs
            .par_iter()
            .map(|d| {
                let f = &d.rec.file;
                let mut t = terms(f.text.as_deref().unwrap_or(""));
                for a in &f.actions {
                    t.extend(terms(&a.description));
                }
                t
            })
            .collect();
        // Term ids, and each document's term counts.
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let counts: Vec<Vec<(u32, u32)>> = tokens
            .into_iter()
            .map(|words| {
                let mut tf: HashMap<u32, u32> = HashMap::new();
                for w in words {
                    let next = ids.len() as u32;
                    let id = *ids.entry(w).or_insert(next);
                    *tf.entry(id).or_default() += 1;
                }
                let mut v: Vec<(u32, u32)> = tf.into_iter().collect();
                v.sort_unstable();
                for (t, _) in &v {
                    if *t as usize >= df.len() {
                        df.resize(*t as usize + 1, 0);
                    }
                    df[*t as usize] += 1;
                }
                v
            })
            .collect();
        let n = docs.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        let vectors: Vec<Vec<(u32, f32)>> = counts
            .into_par_iter()
            .map(|tf| {
                let mut v: Vec<(u32, f32)> = tf
                    .into_iter()
                    .map(|(t, c)| (t, (1.0 + (c as f32).ln()) * idf[t as usize]))
                    .collect();
                let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|(_, w)| *w /= norm);
                }
                v
            })
            .collect();
        let max_df = MIN_RARE_DF.max(docs.len() / 50);
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); df.len()];
        for (i, v) in vectors.iter().enumerate() {
            for (t, _) in v {
                let d = df[*t as usize] as usize;
                if (2..=max_df).contains(&d) {
                    postings[*t as usize].push(i as u32);
                }
            }
        }
        Index {
            docs,
            vectors,
            postings,
        }
    }

    /// The cosine similarity of two documents.
    pub fn score(&self, a: usize, b: usize) -> f32 {
        let (x, y) = (&self.vectors[a], &self.vectors[b]);
        let (mut i, mut j, mut s) = (0, 0, 0.0f32);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        s.min(1.0)
    }

    /// Every pair scoring at least `min` that `keep` accepts, best first.
    pub fn pairs(&self, min: f32, keep: &(dyn Fn(&Doc, &Doc) -> bool + Sync)) -> Vec<Pair> {
        let n = self.docs.len();
        let mut out: Vec<Pair> = (0..n)
            .into_par_iter()
            .map_init(
                || vec![u32::MAX; n],
                |seen, a| {
                    let mut found = Vec::new();
                    for (t, _) in &self.vectors[a] {
                        for &b in &self.postings[*t as usize] {
                            let b = b as usize;
                            if b <= a || seen[b] == a as u32 {
                                continue;
                            }
                            seen[b] = a as u32;
                            if !keep(&self.docs[a], &self.docs[b]) {
                                continue;
                            }
                            let score = self.score(a, b);
                            if score >= min {
                                found.push(Pair { a, b, score });
                            }
                        }
                    }
                    found
                },
            )
            .flatten()
            .collect();
        out.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then_with(|| (x.a, x.b).cmp(&(y.a, y.b)))
        });
        out
    }
}

/// The note `sct check` gives a recommendation much like one of an earlier review whose
/// actions were all completed: the board's question is what will be different this time.
pub fn repeats(plans: &Plans, rules: &Rules, min: f32) -> Vec<Diagnostic> {
    if plans.reviews.len() < 2 {
        return Vec::new();
    }
    let index = Index::build(plans, rules);
    // Only pairs across reviews of known, different dates, the earlier one completed.
    let earlier = |x: &Doc, y: &Doc| match (x.review_date, y.review_date) {
        (Some(dx), Some(dy)) => dx < dy,
        _ => false,
    };
    let keep = |x: &Doc, y: &Doc| {
        x.review.id != y.review.id
            && ((earlier(x, y) && x.completion.all) || (earlier(y, x) && y.completion.all))
    };
    let mut notes = Vec::new();
    for p in index.pairs(min, &keep) {
        let (x, y) = (&index.docs[p.a], &index.docs[p.b]);
        let (old, new) = if earlier(x, y) { (x, y) } else { (y, x) };
        let when = match old.completion.last {
            Some(d) => format!(" (completed {})", month(d)),
            None => " (completed)".to_string(),
        };
        notes.push(
            Diagnostic::note(
                &new.rec.path,
                Place::Path(KeyPath::root().key("text")),
                format!(
                    "much like {}{when}: what will be different this time?",
                    old.rec.id
                ),
            )
            .with_hint(format!(
                "`sct similar --review {}` lists the pairs with their scores ({:.2} here)",
                new.review.id, p.score
            )),
        );
    }
    notes
}

fn month(d: PlanDate) -> String {
    d.first_day().format("%Y-%m").to_string()
}

/// The JSON contract of `sct similar`: one object per pair. Keys are only ever added.
#[derive(Debug, serde::Serialize)]
pub struct PairRecord<'a> {
    pub a: &'a str,
    pub b: &'a str,
    /// Cosine similarity of the two texts' TF-IDF vectors, 0 to 1, to three places.
    pub score: f64,
    pub a_review: &'a str,
    pub a_agency: &'a str,
    /// Every action of `a` completed (by the status rules, as at the day).
    pub a_completed: bool,
    pub b_review: &'a str,
    pub b_agency: &'a str,
    pub b_completed: bool,
}

impl<'a> Index<'a> {
    pub fn record(&self, p: &Pair) -> PairRecord<'_> {
        let (x, y) = (&self.docs[p.a], &self.docs[p.b]);
        PairRecord {
            a: &x.rec.id,
            b: &y.rec.id,
            score: rounded(p.score),
            a_review: &x.review.id,
            a_agency: &x.rec.file.agency,
            a_completed: x.completion.all,
            b_review: &y.review.id,
            b_agency: &y.rec.file.agency,
            b_completed: y.completion.all,
        }
    }
}

/// A score to three places, as shown and as written to JSON.
pub fn rounded(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}
