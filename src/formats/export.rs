//! `sct export csv`: the plans as a spreadsheet, in the columns `sct import csv` reads back.
//!
//! One row per action, under its recommendation; an action with several evidence entries
//! or notes takes further rows, which leave the action's own cells empty (as a
//! spreadsheet's merged cells do). The review, section, agency and number are repeated on
//! every row so that the sheet can be filtered; the recommendation's own cells are on its
//! first row only. Dates are written as sct writes them (2012-05, 2012-05-31), the
//! document's own words in the "(as written)" columns, so nothing is read twice.

use crate::formats::import::columns::Field;
use crate::plan::date::PlanDate;
use crate::plan::load::{Plans, Recommendation, Review};
use crate::plan::model::{Action, Note};
use std::collections::HashMap;

/// The CSV text of the reviews (all, or one).
pub fn csv(plans: &Plans, review: Option<&str>) -> anyhow::Result<(String, usize)> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(Field::EXPORTED.map(Field::header))?;
    let mut rows = 0;
    for r in plans
        .reviews
        .iter()
        .filter(|r| review.is_none_or(|id| r.id == id))
    {
        for rec in &r.recs {
            for row in rec_rows(r, rec) {
                // A cell a spreadsheet would run gets a `'`; import takes it off again.
                w.write_record(Field::EXPORTED.map(|f| {
                    let cell = row.get(&f).map_or("", String::as_str);
                    crate::guard::sanitise::csv_cell(cell).into_owned()
                }))?;
                rows += 1;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((String::from_utf8(bytes)?, rows))
}

type Row = HashMap<Field, String>;

fn rec_rows(review: &Review, rec: &Recommendation) -> Vec<Row> {
    let f = &rec.file;
    let mut rows: Vec<Row> = Vec::new();
    for a in &f.actions {
        rows.extend(action_rows(a));
    }
    while rows.len() < f.notes.len().max(1) {
        rows.push(Row::new());
    }
    for (i, row) in rows.iter_mut().enumerate() {
        row.insert(Field::Review, review.id.clone());
        row.insert(Field::Section, f.section.as_str().to_string());
        row.insert(Field::Agency, f.agency.clone());
        row.insert(Field::Number, f.number.to_string());
        if let Some(n) = f.notes.get(i) {
            note(row, n, [Field::Note, Field::NoteDate, Field::NoteBy]);
        }
    }
    let first = &mut rows[0];
    put(first, Field::Recommendation, f.text.clone());
    put(first, Field::AgreedBy, f.agreed_by.clone());
    if !f.agencies.is_empty() {
        first.insert(Field::Agencies, f.agencies.join(", "));
    }
    if !f.themes.is_empty() {
        first.insert(Field::Themes, f.themes.join(", "));
    }
    if let Some(fin) = &f.finalised {
        put(first, Field::FinalisedBy, Some(fin.by.clone()));
        put(first, Field::FinalisedOn, date(fin.date));
    }
    rows
}

fn action_rows(a: &Action) -> Vec<Row> {
    let n = a.evidence.len().max(a.notes.len()).max(1);
    let mut rows = vec![Row::new(); n];
    let first = &mut rows[0];
    put(first, Field::Action, Some(a.description.clone()));
    put(first, Field::ActionAgency, a.agency.clone());
    put(first, Field::Lead, a.lead.clone());
    put(first, Field::Due, date(a.due));
    put(first, Field::DueText, a.due_text.clone());
    put(first, Field::ReviewDate, date(a.review));
    put(first, Field::Start, date(a.start));
    put(first, Field::Outcome, a.outcome.clone());
    put(
        first,
        Field::Status,
        a.status.map(|s| s.as_str().to_string()),
    );
    put(first, Field::StatusText, a.status_text.clone());
    put(first, Field::Completed, date(a.completed));
    if let Some(fin) = &a.finalised {
        put(first, Field::ActionFinalisedBy, Some(fin.by.clone()));
        put(first, Field::ActionFinalisedOn, date(fin.date));
    }
    for (row, e) in rows.iter_mut().zip(&a.evidence) {
        put(row, Field::Evidence, Some(e.text.clone()));
        put(row, Field::EvidenceDate, date(e.date));
        put(row, Field::EvidenceBy, e.by.clone());
        put(row, Field::EvidenceFile, e.file.clone());
    }
    for (row, n) in rows.iter_mut().zip(&a.notes) {
        note(
            row,
            n,
            [
                Field::ActionNote,
                Field::ActionNoteDate,
                Field::ActionNoteBy,
            ],
        );
    }
    rows
}

fn note(row: &mut Row, n: &Note, [text, when, by]: [Field; 3]) {
    put(row, text, Some(n.text.clone()));
    put(row, when, date(n.date));
    put(row, by, n.body.clone());
}

fn put(row: &mut Row, f: Field, v: Option<String>) {
    if let Some(v) = v {
        row.insert(f, v);
    }
}

fn date(d: Option<PlanDate>) -> Option<String> {
    d.map(|d| d.to_string())
}
