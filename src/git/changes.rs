//! What moved between two states of the plans (two board meetings): pure, comparing two
//! loaded snapshots, each judged as at its own day.

use crate::plan::date::PlanDate;
use crate::plan::load::{Plans, Recommendation};
use crate::plan::model::Action;
use crate::plan::query::Filter;
use crate::plan::status::{Rules, State};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

#[derive(Debug, Default, Serialize)]
pub struct Changes {
    pub completed: Vec<Moved>,
    pub newly_overdue: Vec<Moved>,
    pub evidence_added: Vec<EvidenceAdded>,
    pub slipped: Vec<Slipped>,
    pub recommendations_added: Vec<String>,
    pub recommendations_removed: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Moved {
    pub action: String,
    pub agency: String,
    pub lead: Option<String>,
    pub due: Option<PlanDate>,
    pub description: String,
    /// The state at the start (None: the action did not exist yet).
    pub before: Option<State>,
}

#[derive(Debug, Serialize)]
pub struct EvidenceAdded {
    pub action: String,
    pub agency: String,
    pub date: Option<PlanDate>,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Slipped {
    pub action: String,
    pub agency: String,
    pub from: Option<PlanDate>,
    pub to: Option<PlanDate>,
    /// How many times this action's due date has slipped over its whole life.
    pub slips_in_all: u32,
}

struct Seen<'a> {
    rec: &'a Recommendation,
    action: &'a Action,
    index: usize,
    state: State,
}

fn index<'a>(plans: &'a Plans, rules: &Rules, filter: &Filter) -> HashMap<String, Seen<'a>> {
    crate::plan::query::rows(plans, rules, filter)
        .into_iter()
        .map(|r| {
            (
                r.id(),
                Seen {
                    rec: r.rec,
                    action: r.action,
                    index: r.index,
                    state: r.eval.state,
                },
            )
        })
        .collect()
}

/// Compares `before` (judged by `rules_before`) with `after` (by `rules_after`); `slips`
/// counts each action's slips over the whole history.
pub fn between(
    before: &Plans,
    rules_before: &Rules,
    after: &Plans,
    rules_after: &Rules,
    filter: &Filter,
    slips: &HashMap<String, u32>,
) -> Changes {
    let old = index(before, rules_before, filter);
    let new = index(after, rules_after, filter);
    let mut ids: Vec<&String> = new.keys().collect();
    ids.sort_by_key(|id| plan_order(&new[*id]));
    let mut out = Changes::default();
    for id in ids {
        let n = &new[id];
        let o = old.get(id);
        let agency = n.rec.agency_of(n.action).to_string();
        let moved = |before: Option<State>| Moved {
            action: id.clone(),
            agency: agency.clone(),
            lead: n.action.lead.clone(),
            due: n.action.due,
            description: n.action.description.clone(),
            before,
        };
        let was = o.map(|o| o.state);
        if n.state == State::Completed && was != Some(State::Completed) {
            out.completed.push(moved(was));
        }
        if n.state == State::Overdue && was != Some(State::Overdue) {
            out.newly_overdue.push(moved(was));
        }
        let known: HashSet<&str> = o
            .map(|o| o.action.evidence.iter().map(|e| e.text.as_str()).collect())
            .unwrap_or_default();
        for e in n
            .action
            .evidence
            .iter()
            .filter(|e| !known.contains(e.text.as_str()))
        {
            out.evidence_added.push(EvidenceAdded {
                action: id.clone(),
                agency: agency.clone(),
                date: e.date,
                text: e.text.clone(),
            });
        }
        if let Some(o) = o {
            let later = match (o.action.due, n.action.due) {
                (Some(a), Some(b)) => b.last_day() > a.last_day(),
                (Some(_), None) => true,
                _ => false,
            };
            if later {
                out.slipped.push(Slipped {
                    action: id.clone(),
                    agency,
                    from: o.action.due,
                    to: n.action.due,
                    slips_in_all: slips.get(id).copied().unwrap_or(1),
                });
            }
        }
    }
    // Sets, not lists: with 100,000 recommendations a list's `contains` is quadratic.
    let recs = |p: &Plans| -> BTreeSet<String> {
        crate::plan::query::rows(p, rules_after, filter)
            .into_iter()
            .map(|r| r.rec.id.clone())
            .collect()
    };
    let (was, now) = (recs(before), recs(after));
    out.recommendations_added = now.difference(&was).cloned().collect();
    out.recommendations_removed = was.difference(&now).cloned().collect();
    out
}

fn plan_order<'a>(s: &Seen<'a>) -> (&'a str, &'a std::path::Path, usize) {
    (
        s.rec.id.split('/').next().unwrap_or(""),
        &s.rec.path,
        s.index,
    )
}
