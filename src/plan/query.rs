//! Actions flattened into rows, with their derived state, and the filters the commands share.

use crate::plan::load::{Plans, Recommendation, Review};
use crate::plan::model::{Action, Declared, ReviewKind};
use crate::plan::status::{Evaluation, Rules, State};
use crate::plan::validate::is_within;
use serde::Serialize;

#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub review: &'a Review,
    pub rec: &'a Recommendation,
    pub index: usize,
    pub action: &'a Action,
    pub eval: Evaluation,
}

impl<'a> Row<'a> {
    pub fn id(&self) -> String {
        self.rec.action_id(self.index)
    }
    /// The agency that leads the action.
    pub fn agency(&self) -> &'a str {
        self.rec.agency_of(self.action)
    }
    /// Every agency that owns the action (a shared action of a recommendation addressed
    /// to several agencies belongs to each).
    pub fn agencies(&self) -> Vec<&'a str> {
        self.rec.agencies_of(self.action)
    }
    /// Finalised on its own or with its whole recommendation.
    pub fn signed_off(&self) -> bool {
        self.action.finalised.is_some() || self.rec.file.finalised.is_some()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub review: Option<String>,
    pub agency: Option<String>,
    pub lead: Option<String>,
    pub kind: Option<ReviewKind>,
    pub states: Vec<State>,
}

impl Filter {
    /// Refuses a review ID that names no review, rather than printing an empty table.
    pub fn check_review(&self, plans: &Plans) -> anyhow::Result<()> {
        if let Some(r) = &self.review {
            if !plans.reviews.iter().any(|x| x.id == *r) {
                let ids: Vec<&str> = plans.reviews.iter().map(|x| x.id.as_str()).collect();
                let hint = match crate::plan::diag::did_you_mean(r, ids.iter().copied()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!("the reviews are: {}", ids.join(", ")),
                };
                anyhow::bail!("there is no review `{r}`\n  = hint: {hint}");
            }
        }
        Ok(())
    }

    fn keeps_review(&self, r: &Review) -> bool {
        self.review.as_deref().is_none_or(|id| r.id == id)
            && self
                .kind
                .is_none_or(|k| r.meta.as_ref().and_then(|m| m.kind) == Some(k))
    }

    fn keeps(&self, row: &Row) -> bool {
        self.agency
            .as_deref()
            .is_none_or(|a| row.agencies().iter().any(|own| is_within(own, a)))
            && self.lead.as_deref().is_none_or(|l| {
                row.action
                    .lead
                    .as_deref()
                    .is_some_and(|lead| lead.to_lowercase().contains(&l.to_lowercase()))
            })
            && (self.states.is_empty() || self.states.contains(&row.eval.state))
    }
}

/// Every action that passes the filter, in plan order.
pub fn rows<'a>(plans: &'a Plans, rules: &Rules, filter: &Filter) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for review in plans.reviews.iter().filter(|r| filter.keeps_review(r)) {
        for rec in &review.recs {
            for (index, action) in rec.file.actions.iter().enumerate() {
                let row = Row {
                    review,
                    rec,
                    index,
                    action,
                    eval: rules.evaluate(action, rec.file.finalised.as_ref()),
                };
                if filter.keeps(&row) {
                    out.push(row);
                }
            }
        }
    }
    out
}

/// The JSON contract of `list` and `overdue`: one object per action. Keys are only ever
/// added, never renamed or removed (REFERENCE.md#the-json-contract).
#[derive(Debug, Serialize)]
pub struct ActionRecord<'a> {
    pub review: &'a str,
    pub review_kind: Option<ReviewKind>,
    pub recommendation: &'a str,
    pub recommendation_text: Option<&'a str>,
    pub action: String,
    pub description: &'a str,
    pub agency: &'a str,
    /// Every agency that owns the action, `agency` first.
    pub agencies: Vec<&'a str>,
    pub lead: Option<&'a str>,
    pub start: Option<String>,
    pub due: Option<String>,
    pub due_text: Option<&'a str>,
    pub status: Option<Declared>,
    pub status_text: Option<&'a str>,
    pub state: State,
    pub days_overdue: Option<i64>,
    pub completed: Option<String>,
    /// Finalised, on its own or with its whole recommendation.
    pub signed_off: bool,
    pub evidence: usize,
    pub file: String,
}

impl<'a> From<&Row<'a>> for ActionRecord<'a> {
    fn from(r: &Row<'a>) -> Self {
        ActionRecord {
            review: &r.review.id,
            review_kind: r.review.meta.as_ref().and_then(|m| m.kind),
            recommendation: &r.rec.id,
            recommendation_text: r.rec.file.text.as_deref(),
            action: r.id(),
            description: &r.action.description,
            agency: r.agency(),
            agencies: r.agencies(),
            lead: r.action.lead.as_deref(),
            start: r.action.start.map(|d| d.to_string()),
            due: r.action.due.map(|d| d.to_string()),
            due_text: r.action.due_text.as_deref(),
            status: r.action.status,
            status_text: r.action.status_text.as_deref(),
            state: r.eval.state,
            days_overdue: r.eval.days_overdue,
            completed: r.action.completed.map(|d| d.to_string()),
            signed_off: r.signed_off(),
            evidence: r.action.evidence.len(),
            file: r.rec.path.display().to_string(),
        }
    }
}

/// Counts of actions per state: one row of `sct status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub completed: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub pending: usize,
    pub ongoing: usize,
}

impl Counts {
    pub fn add(&mut self, state: State) {
        self.total += 1;
        *match state {
            State::Completed => &mut self.completed,
            State::Overdue => &mut self.overdue,
            State::DueSoon => &mut self.due_soon,
            State::Pending => &mut self.pending,
            State::Ongoing => &mut self.ongoing,
        } += 1;
    }

    pub fn merge(&mut self, other: &Counts) {
        self.total += other.total;
        self.completed += other.completed;
        self.overdue += other.overdue;
        self.due_soon += other.due_soon;
        self.pending += other.pending;
        self.ongoing += other.ongoing;
    }

    /// Whole-number percentage complete; None when there is nothing to complete.
    pub fn percent_complete(&self) -> Option<u32> {
        (self.total > 0).then(|| (self.completed * 100 / self.total) as u32)
    }
}

/// One row of the status table; `agency` only with `--by agency`.
#[derive(Debug, Serialize)]
pub struct StatusRow {
    pub review: String,
    pub kind: Option<ReviewKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(flatten)]
    pub counts: Counts,
    pub percent_complete: Option<u32>,
}

impl StatusRow {
    /// The review as a table shows it: its ID, and its kind where declared ("wm-2011 (SCR)").
    pub fn review_shown(&self) -> String {
        match self.kind {
            Some(k) => format!("{} ({})", self.review, k.label()),
            None => self.review.clone(),
        }
    }
}

/// The status table's rows: per review, or per agency within each review.
pub fn status_rows(
    plans: &Plans,
    rules: &Rules,
    filter: &Filter,
    by_agency: bool,
) -> anyhow::Result<Vec<StatusRow>> {
    filter.check_review(plans)?;
    let mut out: Vec<StatusRow> = Vec::new();
    for review in &plans.reviews {
        if !filter.keeps_review(review) {
            continue;
        }
        let mut groups: Vec<(Option<String>, Counts)> = Vec::new();
        if !by_agency {
            groups.push((None, Counts::default()));
        }
        let scoped = Filter {
            review: Some(review.id.clone()),
            ..filter.clone()
        };
        for row in rows(plans, rules, &scoped) {
            // Per agency, a shared action counts for each agency that owns it (within the
            // filter's), so each agency's row is everything it has to answer for.
            let keys: Vec<Option<String>> = if by_agency {
                row.agencies()
                    .into_iter()
                    .filter(|own| filter.agency.as_deref().is_none_or(|a| is_within(own, a)))
                    .map(|own| Some(own.to_string()))
                    .collect()
            } else {
                vec![None]
            };
            for key in keys {
                let at = match groups.iter().position(|(k, _)| *k == key) {
                    Some(i) => i,
                    None => {
                        groups.push((key, Counts::default()));
                        groups.len() - 1
                    }
                };
                groups[at].1.add(row.eval.state);
            }
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        for (agency, counts) in groups {
            out.push(StatusRow {
                review: review.id.clone(),
                kind: review.meta.as_ref().and_then(|m| m.kind),
                agency,
                percent_complete: counts.percent_complete(),
                counts,
            });
        }
    }
    Ok(out)
}
