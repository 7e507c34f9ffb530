//! Edits to one action in a recommendation file's text, keeping its comments, key order
//! and layout (toml_edit). Pure: the command validates and writes.

use crate::plan::date::PlanDate;
use crate::plan::model::{Action, Declared};
use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;
use toml_edit::{value, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// What to change; evidence and notes are appended, never replaced.
#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub status: Option<Declared>,
    pub evidence: Option<String>,
    /// A document in the repository backing the evidence.
    pub file: Option<String>,
    pub due: Option<PlanDate>,
    pub lead: Option<String>,
    pub note: Option<String>,
    pub finalise: bool,
    /// Who: supplied the evidence, wrote the note, or signed off.
    pub by: Option<String>,
    /// The day of the evidence, note, completion or sign-off.
    pub date: Option<NaiveDate>,
}

impl Edit {
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.evidence.is_none()
            && self.due.is_none()
            && self.lead.is_none()
            && self.note.is_none()
            && !self.finalise
    }
}

/// Applies `edit` to action `index` (from 0) of the file `src`, whose parsed form of that
/// action is `current`. Returns the new text and the change in words, part by part.
pub fn apply(
    src: &str,
    index: usize,
    current: &Action,
    edit: &Edit,
    today: NaiveDate,
) -> Result<(String, Vec<String>)> {
    if edit.is_empty() {
        bail!("nothing to change: give --status, --evidence, --due, --lead, --note or --finalise");
    }
    if edit.file.is_some() && edit.evidence.is_none() {
        bail!("--file names the document behind a piece of evidence: give --evidence too");
    }
    if let Some(f) = edit
        .file
        .as_deref()
        .filter(|f| crate::plan::validate::outside_repo(f))
    {
        bail!(
            "--file `{f}` is outside the repository: name the document by its path from the \
             folder holding plans/, such as evidence/minutes.pdf"
        );
    }
    if edit.finalise && edit.by.is_none() {
        bail!("--finalise needs --by: the body that signed the action off (such as \"QA&A Sub Group\")");
    }
    let date = edit.date.unwrap_or(today);
    let (bom, body) = match src.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", src),
    };
    let mut doc: DocumentMut = body
        .parse()
        .map_err(|e| anyhow!("cannot edit the file: {e}"))?;
    let action = doc
        .get_mut("actions")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|a| a.get_mut(index))
        .ok_or_else(|| {
            anyhow!("the file's actions are not written as [[actions]] tables, so sct cannot edit them in place")
        })?;
    let mut said = Vec::new();

    if let Some(to) = edit.status {
        if current.status == Some(to) {
            bail!("the status is already {to}");
        }
        let from = current.status.map_or("none".to_string(), |s| s.to_string());
        action["status"] = value(to.as_str());
        said.push(format!("{from} → {to}"));
        if action.remove("status_text").is_some() {
            said.push("status wording removed (it described the old status)".into());
        }
        if to == Declared::Complete && current.completed.is_none() {
            action["completed"] = value(toml_date(date));
        } else if to != Declared::Complete && action.remove("completed").is_some() {
            said.push("completion date removed".into());
        }
    }
    if let Some(due) = edit.due {
        if current.due == Some(due) {
            bail!("the due date is already {due}");
        }
        let from = current.due.map_or("none".to_string(), |d| d.to_string());
        action["due"] = value(plan_date(due));
        said.push(format!("due {from} → {due}"));
        // The document's own words described the old date; git keeps them.
        action.remove("due_text");
    }
    if let Some(lead) = &edit.lead {
        let lead = lead.trim();
        if lead.is_empty() {
            bail!("--lead is empty");
        }
        action["lead"] = value(lead);
        said.push(format!("lead → {lead}"));
    }
    if let Some(text) = &edit.evidence {
        let text = non_empty(text, "--evidence")?;
        let mut t = Table::new();
        t["date"] = value(toml_date(date));
        t["text"] = value(text);
        if let Some(by) = &edit.by {
            t["by"] = value(by.as_str());
        }
        if let Some(f) = &edit.file {
            t["file"] = value(f.as_str());
        }
        append(action, "evidence", t)?;
        said.push("evidence added".into());
    }
    if let Some(text) = &edit.note {
        let text = non_empty(text, "--note")?;
        let mut t = Table::new();
        t["date"] = value(toml_date(date));
        if let Some(by) = &edit.by {
            t["body"] = value(by.as_str());
        }
        t["text"] = value(text);
        append(action, "notes", t)?;
        said.push("note added".into());
    }
    if edit.finalise {
        if let Some(f) = &current.finalised {
            bail!("the action is already finalised by {}", f.by);
        }
        let complete = edit.status.or(current.status) == Some(Declared::Complete);
        if !complete {
            bail!("only a complete action can be finalised: add --status complete if it is");
        }
        let mut t = InlineTable::new();
        t.insert("date", Value::from(toml_date(date)));
        t.insert("by", Value::from(edit.by.clone().unwrap_or_default()));
        action["finalised"] = value(t);
        said.push(format!("finalised by {}", edit.by.as_deref().unwrap_or("")));
    }
    Ok((format!("{bom}{doc}"), said))
}

/// `new` with the line endings of `old`: a file written with CRLF keeps CRLF on every
/// line, old and new (toml_edit writes `\n`).
pub fn keep_line_endings(old: &str, new: String) -> String {
    let crlf = old
        .find('\n')
        .is_some_and(|i| i > 0 && old.as_bytes()[i - 1] == b'\r');
    if !crlf {
        return new;
    }
    new.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn non_empty<'a>(s: &'a str, flag: &str) -> Result<&'a str> {
    let t = s.trim();
    if t.is_empty() {
        bail!("{flag} is empty");
    }
    Ok(t)
}

/// Appends to an array of tables, in whichever form the file already uses.
fn append(action: &mut Table, key: &str, t: Table) -> Result<()> {
    match action.get_mut(key) {
        None => {
            let mut a = ArrayOfTables::new();
            a.push(t);
            action.insert(key, Item::ArrayOfTables(a));
        }
        Some(Item::ArrayOfTables(a)) => a.push(t),
        Some(Item::Value(Value::Array(a))) => a.push(t.into_inline_table()),
        Some(_) => bail!("`{key}` in this action is not a list, so sct cannot add to it"),
    }
    Ok(())
}

fn toml_date(d: NaiveDate) -> toml_edit::Datetime {
    use chrono::Datelike;
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// A day is a TOML date; a month is the string "YYYY-MM", as in the plans.
pub(super) fn plan_date(d: PlanDate) -> Value {
    match d {
        PlanDate::Day(day) => Value::from(toml_date(day)),
        PlanDate::Month { .. } => Value::from(d.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::RecFile;

    const SRC: &str = r#"#:schema ../../schema/recommendation.schema.json
number = 21
section = "combined"
agency = "BHFT"
text = "Guidance"

# The first action: kept as written.
[[actions]]
description = "Review policy"
due = "2012-04"
due_text = "April 2012"
status = "in-progress"
status_text = "Pending"

[[actions.evidence]]
text = "Minutes"

[[actions]]
description = "Audit"
due = 2012-09-30
"#;

    fn run(edit: Edit, index: usize) -> (String, Vec<String>) {
        let rec: RecFile = toml::from_str(SRC).unwrap();
        let day = NaiveDate::from_ymd_opt(2012, 6, 30).unwrap();
        apply(SRC, index, &rec.actions[index], &edit, day).unwrap()
    }

    #[test]
    fn completing_with_evidence_keeps_comments_and_order_and_appends() {
        let (out, said) = run(
            Edit {
                status: Some(Declared::Complete),
                evidence: Some("Audit report".into()),
                by: Some("Named nurse".into()),
                ..Default::default()
            },
            0,
        );
        assert_eq!(
            said,
            [
                "in-progress → complete",
                "status wording removed (it described the old status)",
                "evidence added"
            ]
        );
        assert!(out.starts_with("#:schema ../../schema/recommendation.schema.json\n"));
        assert!(out.contains("# The first action: kept as written.\n[[actions]]"));
        let first = out.find("text = \"Minutes\"").unwrap();
        let added = out.find("text = \"Audit report\"").unwrap();
        let second = out.find("description = \"Audit\"").unwrap();
        assert!(first < added && added < second, "{out}");
        let rec: RecFile = toml::from_str(&out).unwrap();
        let a = &rec.actions[0];
        assert_eq!(a.status, Some(Declared::Complete));
        assert_eq!(a.completed.unwrap().to_string(), "2012-06-30");
        assert_eq!(a.evidence.len(), 2);
        assert_eq!(a.evidence[1].by.as_deref(), Some("Named nurse"));
        assert_eq!(rec.actions[1].description, "Audit");
    }

    #[test]
    fn moving_the_due_date_drops_the_old_wording() {
        let (out, said) = run(
            Edit {
                due: Some(PlanDate::parse("2012-12").unwrap()),
                ..Default::default()
            },
            0,
        );
        assert_eq!(said, ["due 2012-04 → 2012-12"]);
        assert!(out.contains("due = \"2012-12\"\n"), "{out}");
        assert!(!out.contains("April 2012"));
    }

    #[test]
    fn finalising_needs_a_complete_action_and_a_body() {
        let rec: RecFile = toml::from_str(SRC).unwrap();
        let day = NaiveDate::from_ymd_opt(2012, 6, 30).unwrap();
        let edit = Edit {
            finalise: true,
            by: Some("QA&A Sub Group".into()),
            ..Default::default()
        };
        let err = apply(SRC, 1, &rec.actions[1], &edit, day).unwrap_err();
        assert!(err.to_string().contains("only a complete action"), "{err}");
        let both = Edit {
            status: Some(Declared::Complete),
            ..edit
        };
        let (out, _) = apply(SRC, 1, &rec.actions[1], &both, day).unwrap();
        assert!(
            out.contains("finalised = { date = 2012-06-30, by = \"QA&A Sub Group\" }"),
            "{out}"
        );
    }

    #[test]
    fn nothing_to_do_is_an_error() {
        let rec: RecFile = toml::from_str(SRC).unwrap();
        let day = NaiveDate::from_ymd_opt(2012, 6, 30).unwrap();
        assert!(apply(SRC, 0, &rec.actions[0], &Edit::default(), day).is_err());
    }
}
