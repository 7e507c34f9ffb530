//! Per practice theme: the reviews and recommendations that raised it, the agencies, the
//! actions still open and overdue, and the first and last review to raise it.

use crate::learn::review_date;
use crate::plan::load::{Plans, Recommendation};
use crate::plan::query::{rows, Filter};
use crate::plan::status::{Rules, State};
use crate::plan::validate::is_within;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// One theme of the vocabulary and what the plans hold of it. Keys are only ever added.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeRow {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The reviews with a recommendation carrying the theme, in plan order.
    pub reviews: Vec<String>,
    /// The recommendations carrying it, by ID.
    pub recommendations: Vec<String>,
    /// The agencies those recommendations are addressed to, sorted.
    pub agencies: Vec<String>,
    pub actions: usize,
    /// Actions not yet completed.
    pub open: usize,
    pub overdue: usize,
    /// The earliest and latest review to raise the theme, by the review's date.
    pub first: Option<ReviewDate>,
    pub last: Option<ReviewDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewDate {
    pub review: String,
    /// The review's `published` date, else `commenced`, else its plan's earliest date.
    pub date: Option<NaiveDate>,
}

/// Every theme of the vocabulary, in its order, with what `filter` (review, agency) keeps.
pub fn summarise(plans: &Plans, rules: &Rules, filter: &Filter) -> Vec<ThemeRow> {
    let vocab = plans.vocabulary();
    // Actions in scope, by recommendation path.
    let mut states: HashMap<&std::path::Path, Vec<State>> = HashMap::new();
    for row in rows(plans, rules, filter) {
        states
            .entry(&row.rec.path)
            .or_default()
            .push(row.eval.state);
    }
    let kept = |rec: &Recommendation| {
        filter.agency.as_deref().is_none_or(|a| {
            addressed(rec).any(|own| is_within(own, a)) || states.contains_key(rec.path.as_path())
        })
    };
    let mut out: Vec<ThemeRow> = vocab
        .themes
        .iter()
        .map(|t| ThemeRow {
            id: t.id.clone(),
            title: t.title.clone(),
            description: t.description.clone(),
            reviews: Vec::new(),
            recommendations: Vec::new(),
            agencies: Vec::new(),
            actions: 0,
            open: 0,
            overdue: 0,
            first: None,
            last: None,
        })
        .collect();
    let at: HashMap<&str, usize> = vocab
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut agencies: Vec<BTreeSet<String>> = vec![BTreeSet::new(); out.len()];
    for review in &plans.reviews {
        let kind = review.meta.as_ref().and_then(|m| m.kind);
        if filter.review.as_deref().is_some_and(|r| r != review.id)
            || filter.kind.is_some_and(|k| kind != Some(k))
        {
            continue;
        }
        let date = review_date(review);
        let this = ReviewDate {
            review: review.id.clone(),
            date,
        };
        for rec in review.recs.iter().filter(|r| kept(r)) {
            let st = states
                .get(rec.path.as_path())
                .map_or(&[][..], Vec::as_slice);
            for theme in &rec.file.themes {
                let Some(&i) = at.get(theme.as_str()) else {
                    continue; // check reports it
                };
                let row = &mut out[i];
                if row.reviews.last() != Some(&review.id) {
                    row.reviews.push(review.id.clone());
                }
                row.recommendations.push(rec.id.clone());
                agencies[i].extend(addressed(rec).map(str::to_string));
                row.actions += st.len();
                row.open += st.iter().filter(|s| **s != State::Completed).count();
                row.overdue += st.iter().filter(|s| **s == State::Overdue).count();
                let earlier = |a: &ReviewDate, b: &ReviewDate| key(a) < key(b);
                if row.first.as_ref().is_none_or(|f| earlier(&this, f)) {
                    row.first = Some(this.clone());
                }
                if row.last.as_ref().is_none_or(|l| earlier(l, &this)) {
                    row.last = Some(this.clone());
                }
            }
        }
    }
    for (row, a) in out.iter_mut().zip(agencies) {
        row.agencies = a.into_iter().collect();
    }
    out
}

/// Reviews of unknown date sort after those with one, then by ID.
fn key(r: &ReviewDate) -> (bool, Option<NaiveDate>, &str) {
    (r.date.is_none(), r.date, &r.review)
}

/// The agencies a recommendation is addressed to: its own, the others named, and each
/// action's own.
fn addressed(rec: &Recommendation) -> impl Iterator<Item = &str> {
    std::iter::once(rec.file.agency.as_str())
        .chain(rec.file.agencies.iter().map(String::as_str))
        .chain(rec.file.actions.iter().filter_map(|a| a.agency.as_deref()))
}
