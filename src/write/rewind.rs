//! Earlier versions of a recommendation file: its text as it stood before some evidence,
//! statuses or sign-offs were recorded, or while a due date had not yet slipped. Made by
//! taking parts away from the file as it is now (toml_edit, keeping everything else as
//! written), so that a history built from these versions ends in the file's own bytes.
//! Pure: `sct demo` decides what to take away and when.

use super::update::plan_date;
use crate::plan::date::PlanDate;
use anyhow::{anyhow, Result};
use std::collections::{BTreeMap, BTreeSet};
use toml_edit::{value, DocumentMut, Item, Table, Value};

/// What an earlier version lacked, or had otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Earlier {
    /// The recommendation's own sign-off was not yet recorded.
    pub rec_finalised: bool,
    /// By action, from 0.
    pub actions: BTreeMap<usize, ActionEarlier>,
}

/// What one action lacked, or had otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionEarlier {
    /// No status yet: `status`, `status_text` and `completed` are left out.
    pub status: bool,
    /// Evidence entries (from 0) not yet recorded.
    pub evidence: BTreeSet<usize>,
    /// Monitoring notes (from 0) not yet recorded.
    pub notes: BTreeSet<usize>,
    /// The sign-off was not yet recorded.
    pub finalised: bool,
    /// The due date it had then (its document wording, `due_text`, is left out with it).
    pub due: Option<PlanDate>,
}

impl Earlier {
    pub fn is_empty(&self) -> bool {
        !self.rec_finalised
            && self
                .actions
                .values()
                .all(|a| *a == ActionEarlier::default())
    }
}

/// The text of `src` as it stood when it lacked what `earlier` says. Nothing to take away
/// gives `src` itself, byte for byte.
pub fn earlier(src: &str, earlier: &Earlier) -> Result<String> {
    if earlier.is_empty() {
        return Ok(src.to_string());
    }
    let mut doc: DocumentMut = src
        .parse()
        .map_err(|e| anyhow!("cannot read the file to rewind it: {e}"))?;
    if earlier.rec_finalised {
        doc.remove("finalised");
    }
    let actions = doc
        .get_mut("actions")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| anyhow!("the file's actions are not [[actions]] tables"))?;
    for (&i, what) in &earlier.actions {
        let action = actions
            .get_mut(i)
            .ok_or_else(|| anyhow!("the file has no action {}", i + 1))?;
        if what.status {
            for key in ["status", "status_text", "completed"] {
                action.remove(key);
            }
        }
        if what.finalised {
            action.remove("finalised");
        }
        drop_entries(action, "evidence", &what.evidence);
        drop_entries(action, "notes", &what.notes);
        if let Some(due) = what.due {
            action["due"] = value(plan_date(due));
            action.remove("due_text");
        }
    }
    Ok(doc.to_string())
}

/// Removes the entries `gone` (from 0) of the list `key`, in whichever form it is written.
fn drop_entries(action: &mut Table, key: &str, gone: &BTreeSet<usize>) {
    if gone.is_empty() {
        return;
    }
    let empty = match action.get_mut(key) {
        Some(Item::ArrayOfTables(a)) => {
            let len = a.len();
            for &i in gone.iter().rev().filter(|&&i| i < len) {
                a.remove(i);
            }
            a.is_empty()
        }
        Some(Item::Value(Value::Array(a))) => {
            let len = a.len();
            for &i in gone.iter().rev().filter(|&&i| i < len) {
                a.remove(i);
            }
            a.is_empty()
        }
        _ => false,
    };
    if empty {
        action.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::{Declared, RecFile};

    const SRC: &str = r#"#:schema ../../schema/recommendation.schema.json
number = 21
agency = "BHFT"
text = "Guidance"
finalised = { date = 2012-05-01, by = "QA&A Sub Group" }

# The first action.
[[actions]]
description = "Review policy"
due = "2012-04"
due_text = "April 2012"
status = "complete"
status_text = "Complete (and ongoing)"
completed = "2012-03"

[[actions.evidence]]
date = 2012-02-01
text = "Minutes"

[[actions.evidence]]
text = "Audit"

[[actions]]
description = "Audit"
due = 2012-09-30
"#;

    #[test]
    fn nothing_taken_away_is_the_file_itself() {
        assert_eq!(earlier(SRC, &Earlier::default()).unwrap(), SRC);
    }

    #[test]
    fn takes_away_status_evidence_and_sign_off_and_moves_the_due_date_back() {
        let mut e = Earlier {
            rec_finalised: true,
            ..Default::default()
        };
        e.actions.insert(
            0,
            ActionEarlier {
                status: true,
                evidence: [1].into(),
                due: Some(PlanDate::parse("2012-01").unwrap()),
                ..Default::default()
            },
        );
        let out = earlier(SRC, &e).unwrap();
        let rec: RecFile = toml::from_str(&out).unwrap();
        assert!(rec.finalised.is_none());
        let a = &rec.actions[0];
        assert_eq!(a.status, None::<Declared>);
        assert!(a.completed.is_none() && a.status_text.is_none() && a.due_text.is_none());
        assert_eq!(a.due.unwrap().to_string(), "2012-01");
        assert_eq!(a.evidence.len(), 1);
        assert_eq!(a.evidence[0].text, "Minutes");
        assert!(out.contains("# The first action.\n[[actions]]"), "{out}");
        assert_eq!(rec.actions[1].description, "Audit");
    }

    #[test]
    fn taking_away_every_entry_leaves_no_empty_list() {
        let mut e = Earlier::default();
        e.actions.insert(
            0,
            ActionEarlier {
                evidence: [0, 1].into(),
                ..Default::default()
            },
        );
        let out = earlier(SRC, &e).unwrap();
        assert!(!out.contains("evidence"), "{out}");
    }
}
