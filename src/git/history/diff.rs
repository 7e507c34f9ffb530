//! What changed between two versions of a recommendation, in the words of the plan:
//! pure, no git.

use crate::plan::date::PlanDate;
use crate::plan::model::{Action, Evidence, Finalisation, Note, RecFile};
use serde::Serialize;

/// One meaningful change to a recommendation or one of its actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    RecommendationAdded {
        actions: usize,
    },
    RecommendationRemoved,
    ActionAdded {
        description: String,
    },
    ActionRemoved {
        description: String,
    },
    Status {
        from: Option<String>,
        to: Option<String>,
    },
    CompletedDate {
        from: Option<PlanDate>,
        to: Option<PlanDate>,
    },
    DueMoved {
        from: Option<PlanDate>,
        to: Option<PlanDate>,
        /// Days later (positive: slipped) or earlier; None when a side has no date.
        days: Option<i64>,
    },
    LeadChanged {
        from: Option<String>,
        to: Option<String>,
    },
    EvidenceAdded {
        text: String,
        date: Option<PlanDate>,
        file: Option<String>,
    },
    EvidenceRemoved {
        text: String,
    },
    EvidenceRewritten {
        from: String,
        to: String,
    },
    NoteAdded {
        text: String,
        body: Option<String>,
    },
    NoteRemoved {
        text: String,
    },
    Finalised {
        by: String,
        date: Option<PlanDate>,
    },
    Unfinalised {
        by: String,
    },
    /// A field of free text was edited (description, outcome, the recommendation's text).
    Edited {
        field: &'static str,
    },
}

impl Change {
    /// A slip: the due date moved later, or was removed.
    pub fn is_slip(&self) -> bool {
        matches!(self, Change::DueMoved { days, to, .. } if days.is_some_and(|d| d > 0) || to.is_none())
    }

    pub fn is_serious(&self) -> bool {
        self.is_slip()
            || matches!(
                self,
                Change::EvidenceRemoved { .. }
                    | Change::EvidenceRewritten { .. }
                    | Change::Unfinalised { .. }
                    | Change::RecommendationRemoved
            )
            || matches!(self, Change::Status { from: Some(f), to } if f == "complete" && to.as_deref() != Some("complete"))
    }

    /// One line in plain words.
    pub fn describe(&self) -> String {
        let opt = |d: &Option<PlanDate>| d.map_or("none".to_string(), |d| d.to_string());
        let txt = |s: &Option<String>| s.clone().unwrap_or_else(|| "none".to_string());
        match self {
            Change::RecommendationAdded { actions } => {
                format!(
                    "recommendation added ({actions} action{})",
                    if *actions == 1 { "" } else { "s" }
                )
            }
            Change::RecommendationRemoved => "recommendation removed".into(),
            Change::ActionAdded { description } => format!("action added: {description}"),
            Change::ActionRemoved { description } => format!("action removed: {description}"),
            Change::Status { from, to } => format!("status {} → {}", txt(from), txt(to)),
            Change::CompletedDate { from, to } => {
                format!("completion date {} → {}", opt(from), opt(to))
            }
            Change::DueMoved { from, to, days } => {
                let how = match days {
                    Some(d) if *d > 0 => format!(": SLIPPED {d} days"),
                    Some(d) if *d < 0 => format!(": brought forward {} days", -d),
                    _ if to.is_none() => ": SLIPPED (no date now)".into(),
                    _ => String::new(),
                };
                format!("due date moved {} → {}{how}", opt(from), opt(to))
            }
            Change::LeadChanged { from, to } => format!("lead {} → {}", txt(from), txt(to)),
            Change::EvidenceAdded { text, file, .. } => match file {
                Some(f) => format!("evidence added: {text} [{f}]"),
                None => format!("evidence added: {text}"),
            },
            Change::EvidenceRemoved { text } => format!("EVIDENCE REMOVED: {text}"),
            Change::EvidenceRewritten { from, to } => {
                format!("EVIDENCE REWRITTEN: {from} ⇒ {to}")
            }
            Change::NoteAdded { text, body } => match body {
                Some(b) => format!("note added ({b}): {text}"),
                None => format!("note added: {text}"),
            },
            Change::NoteRemoved { text } => format!("note removed: {text}"),
            Change::Finalised { by, date } => match date {
                Some(d) => format!("finalised by {by} ({d})"),
                None => format!("finalised by {by}"),
            },
            Change::Unfinalised { by } => format!("FINALISATION WITHDRAWN (was by {by})"),
            Change::Edited { field } => format!("{field} edited"),
        }
    }
}

/// Changes to the recommendation itself (None on either side: added or removed). Changes
/// to actions come with their position.
pub fn diff_rec(old: Option<&RecFile>, new: Option<&RecFile>) -> Vec<(Option<usize>, Change)> {
    let mut out = Vec::new();
    let (old, new) = match (old, new) {
        (None, None) => return out,
        (None, Some(n)) => {
            out.push((
                None,
                Change::RecommendationAdded {
                    actions: n.actions.len(),
                },
            ));
            return out;
        }
        (Some(_), None) => {
            out.push((None, Change::RecommendationRemoved));
            return out;
        }
        (Some(o), Some(n)) => (o, n),
    };
    if old.text != new.text {
        out.push((None, Change::Edited { field: "text" }));
    }
    for c in notes(&old.notes, &new.notes) {
        out.push((None, c));
    }
    for c in finalisation(&old.finalised, &new.finalised) {
        out.push((None, c));
    }
    // Actions are identified by position, as their IDs are.
    let n = old.actions.len().max(new.actions.len());
    for i in 0..n {
        match (old.actions.get(i), new.actions.get(i)) {
            (Some(a), Some(b)) => out.extend(diff_action(a, b).into_iter().map(|c| (Some(i), c))),
            (None, Some(b)) => out.push((
                Some(i),
                Change::ActionAdded {
                    description: b.description.clone(),
                },
            )),
            (Some(a), None) => out.push((
                Some(i),
                Change::ActionRemoved {
                    description: a.description.clone(),
                },
            )),
            (None, None) => {}
        }
    }
    out
}

pub fn diff_action(a: &Action, b: &Action) -> Vec<Change> {
    let mut out = Vec::new();
    if a.status != b.status {
        out.push(Change::Status {
            from: a.status.map(|s| s.as_str().to_string()),
            to: b.status.map(|s| s.as_str().to_string()),
        });
    }
    if a.completed != b.completed {
        out.push(Change::CompletedDate {
            from: a.completed,
            to: b.completed,
        });
    }
    if a.due != b.due {
        let days = match (a.due, b.due) {
            (Some(f), Some(t)) => Some((t.last_day() - f.last_day()).num_days()),
            _ => None,
        };
        out.push(Change::DueMoved {
            from: a.due,
            to: b.due,
            days,
        });
    }
    if a.lead != b.lead {
        out.push(Change::LeadChanged {
            from: a.lead.clone(),
            to: b.lead.clone(),
        });
    }
    out.extend(evidence(&a.evidence, &b.evidence));
    out.extend(notes(&a.notes, &b.notes));
    out.extend(finalisation(&a.finalised, &b.finalised));
    if a.description != b.description {
        out.push(Change::Edited {
            field: "description",
        });
    }
    if a.outcome != b.outcome {
        out.push(Change::Edited { field: "outcome" });
    }
    out
}

/// Evidence is matched by its text: what was there and is gone was removed; a removal
/// and an addition together are a rewrite.
fn evidence(old: &[Evidence], new: &[Evidence]) -> Vec<Change> {
    let gone: Vec<&Evidence> = old
        .iter()
        .filter(|e| !new.iter().any(|n| n.text == e.text))
        .collect();
    let came: Vec<&Evidence> = new
        .iter()
        .filter(|e| !old.iter().any(|o| o.text == e.text))
        .collect();
    let mut out = Vec::new();
    let paired = gone.len().min(came.len());
    for (g, c) in gone.iter().zip(&came) {
        out.push(Change::EvidenceRewritten {
            from: g.text.clone(),
            to: c.text.clone(),
        });
    }
    for g in &gone[paired..] {
        out.push(Change::EvidenceRemoved {
            text: g.text.clone(),
        });
    }
    for c in &came[paired..] {
        out.push(Change::EvidenceAdded {
            text: c.text.clone(),
            date: c.date,
            file: c.file.clone(),
        });
    }
    out
}

fn notes(old: &[Note], new: &[Note]) -> Vec<Change> {
    let mut out = Vec::new();
    for n in new.iter().filter(|n| !old.iter().any(|o| o.text == n.text)) {
        out.push(Change::NoteAdded {
            text: n.text.clone(),
            body: n.body.clone(),
        });
    }
    for o in old.iter().filter(|o| !new.iter().any(|n| n.text == o.text)) {
        out.push(Change::NoteRemoved {
            text: o.text.clone(),
        });
    }
    out
}

fn finalisation(old: &Option<Finalisation>, new: &Option<Finalisation>) -> Vec<Change> {
    match (old, new) {
        (None, Some(f)) => vec![Change::Finalised {
            by: f.by.clone(),
            date: f.date,
        }],
        (Some(f), None) => vec![Change::Unfinalised { by: f.by.clone() }],
        (Some(a), Some(b)) if a.by != b.by || a.date != b.date => vec![Change::Finalised {
            by: b.by.clone(),
            date: b.date,
        }],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(src: &str) -> RecFile {
        let head = "number = 1\nsection = \"overview\"\nagency = \"BHFT\"\ntext = \"t\"\n";
        toml::from_str(&format!("{head}{src}")).unwrap()
    }

    fn changes(a: &str, b: &str) -> Vec<Change> {
        diff_rec(Some(&rec(a)), Some(&rec(b)))
            .into_iter()
            .map(|(_, c)| c)
            .collect()
    }

    #[test]
    fn no_change_is_no_change() {
        let a = "[[actions]]\ndescription = \"d\"\ndue = \"2012-05\"\n";
        assert_eq!(changes(a, a), []);
    }

    #[test]
    fn a_later_due_date_is_a_slip_an_earlier_one_is_not() {
        let a = "[[actions]]\ndescription = \"d\"\ndue = \"2012-05\"\n";
        let b = "[[actions]]\ndescription = \"d\"\ndue = 2012-09-30\n";
        let c = changes(a, b);
        assert_eq!(
            c,
            [Change::DueMoved {
                from: Some(PlanDate::parse("2012-05").unwrap()),
                to: Some(PlanDate::parse("2012-09-30").unwrap()),
                days: Some(122),
            }]
        );
        assert!(c[0].is_slip());
        assert!(!changes(b, a)[0].is_slip());
        assert!(changes(b, a)[0]
            .describe()
            .contains("brought forward 122 days"));
    }

    #[test]
    fn evidence_appended_removed_and_rewritten() {
        let one = "[[actions]]\ndescription = \"d\"\n[[actions.evidence]]\ntext = \"minutes\"\n";
        let two = format!("{one}[[actions.evidence]]\ntext = \"audit\"\n");
        assert_eq!(
            changes(one, &two),
            [Change::EvidenceAdded {
                text: "audit".into(),
                date: None,
                file: None
            }]
        );
        assert_eq!(
            changes(&two, one),
            [Change::EvidenceRemoved {
                text: "audit".into()
            }]
        );
        let other = "[[actions]]\ndescription = \"d\"\n[[actions.evidence]]\ntext = \"minute\"\n";
        assert_eq!(
            changes(one, other),
            [Change::EvidenceRewritten {
                from: "minutes".into(),
                to: "minute".into()
            }]
        );
    }

    #[test]
    fn status_regression_from_complete_is_serious() {
        let a = "[[actions]]\ndescription = \"d\"\nstatus = \"complete\"\n";
        let b = "[[actions]]\ndescription = \"d\"\nstatus = \"in-progress\"\n";
        let c = changes(a, b);
        assert_eq!(c[0].describe(), "status complete → in-progress");
        assert!(c[0].is_serious());
        assert!(!changes(b, a)[0].is_serious());
    }

    #[test]
    fn actions_and_recommendations_added_and_removed() {
        let a = "[[actions]]\ndescription = \"d\"\n";
        let b = "[[actions]]\ndescription = \"d\"\n[[actions]]\ndescription = \"e\"\n";
        let d = diff_rec(Some(&rec(a)), Some(&rec(b)));
        assert_eq!(
            d,
            [(
                Some(1),
                Change::ActionAdded {
                    description: "e".into()
                }
            )]
        );
        assert_eq!(
            diff_rec(None, Some(&rec(b))),
            [(None, Change::RecommendationAdded { actions: 2 })]
        );
        assert_eq!(
            diff_rec(Some(&rec(b)), None),
            [(None, Change::RecommendationRemoved)]
        );
    }

    #[test]
    fn finalisation_and_its_withdrawal() {
        let a = "[[actions]]\ndescription = \"d\"\n";
        let b =
            "[[actions]]\ndescription = \"d\"\nfinalised = { date = 2012-07-13, by = \"QA&A\" }\n";
        assert_eq!(
            changes(a, b)[0].describe(),
            "finalised by QA&A (2012-07-13)"
        );
        assert!(changes(b, a)[0].is_serious());
    }
}
