//! Learning across reviews: which practice themes keep coming back, and which
//! recommendations repeat one made before. Built from the plans handed in; pure, like
//! `report`, beside which it sits.

pub mod similar;
pub mod text;
pub mod themes;

use crate::plan::date::PlanDate;
use crate::plan::load::{Recommendation, Review};
use crate::plan::status::{Rules, State};
use chrono::NaiveDate;

/// When a review was held, for ordering reviews: its `published` date, else `commenced`,
/// else the earliest date its plan names (a start, due or completion date).
pub fn review_date(review: &Review) -> Option<NaiveDate> {
    let meta = review.meta.as_ref();
    if let Some(d) = meta.and_then(|m| m.published.or(m.commenced)) {
        return Some(d.first_day());
    }
    review
        .recs
        .iter()
        .flat_map(|r| &r.file.actions)
        .flat_map(|a| [a.start, a.due, a.completed])
        .flatten()
        .map(PlanDate::first_day)
        .min()
}

/// Whether a recommendation's actions are all completed, and when the last was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Completion {
    /// Every action completed (a finalised action counts, by the status rules); false for
    /// a recommendation with no actions.
    pub all: bool,
    /// The latest completion or sign-off date among its actions, when all are completed.
    pub last: Option<PlanDate>,
}

pub fn completion(rec: &Recommendation, rules: &Rules) -> Completion {
    let f = &rec.file;
    let all = !f.actions.is_empty()
        && f.actions
            .iter()
            .all(|a| rules.evaluate(a, f.finalised.as_ref()).state == State::Completed);
    let last = all
        .then(|| {
            f.actions
                .iter()
                .flat_map(|a| {
                    [
                        a.completed,
                        a.finalised.as_ref().and_then(|x| x.date),
                        a.evidence
                            .iter()
                            .filter_map(|e| e.date)
                            .max_by_key(|d| d.first_day()),
                    ]
                })
                .chain([f.finalised.as_ref().and_then(|x| x.date)])
                .flatten()
                .max_by_key(|d| d.last_day())
        })
        .flatten();
    Completion { all, last }
}
