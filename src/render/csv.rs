//! CSV for spreadsheets: one row per action (or per status row), every field in its own
//! column. Boards open these files in Excel, which runs a cell beginning with `=`, `+`,
//! `-`, `@`, a tab or a carriage return as a formula; plan text is free text, so such a
//! cell gets a leading `'` (OWASP's advice on CSV injection), and shows as text. The file
//! is UTF-8 with a byte-order mark, without which Excel misreads "–" and "’".

use crate::plan::date::PlanDate;
use crate::plan::model::{Evidence, Note};
use crate::plan::query::StatusRow;
use crate::report::{ActionItem, Report};
use std::borrow::Cow;

const BOM: &str = "\u{feff}";

/// Prefixes a cell that a spreadsheet would read as a formula with `'`: the guard's CSV
/// sanitiser, which every CSV sct writes goes through.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    crate::guard::sanitise::csv_cell(s)
}

pub fn write(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail.
    w.write_record(header).expect("in-memory write");
    for r in rows {
        w.write_record(r.iter().map(|c| neutralise(c).into_owned()))
            .expect("in-memory write");
    }
    let bytes = w.into_inner().expect("in-memory write");
    let mut s = String::from(BOM);
    s.push_str(&String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out"));
    s
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// "2012-02-01: text (by) [file]", one line per entry.
fn entries<'a>(
    list: impl Iterator<Item = (Option<PlanDate>, &'a str, Option<&'a str>, Option<&'a str>)>,
) -> String {
    list.map(|(date, text, by, file)| {
        let mut s = String::new();
        if let Some(d) = date {
            s.push_str(&format!("{d}: "));
        }
        s.push_str(text.trim());
        if let Some(b) = by {
            s.push_str(&format!(" ({b})"));
        }
        if let Some(f) = file {
            s.push_str(&format!(" [{f}]"));
        }
        s
    })
    .collect::<Vec<_>>()
    .join("\n")
}

fn evidence_cell(e: &[Evidence]) -> String {
    entries(
        e.iter()
            .map(|e| (e.date, e.text.as_str(), e.by.as_deref(), e.file.as_deref())),
    )
}

fn notes_cell(n: &[Note]) -> String {
    entries(
        n.iter()
            .map(|n| (n.date, n.text.as_str(), n.body.as_deref(), None)),
    )
}

const ACTION_HEADER: [&str; 26] = [
    "review",
    "recommendation",
    "action",
    "agency",
    "agency_name",
    "lead",
    "description",
    "recommendation_text",
    "due",
    "due_text",
    "review_date",
    "outcome",
    "status",
    "status_text",
    "completed",
    "state",
    "days_overdue",
    "slips",
    "grade",
    "signed_off",
    "finalised_date",
    "finalised_by",
    "evidence_count",
    "evidence",
    "notes",
    "file",
];

/// One row per action. `grading` adds the slips and grade columns (the report's; `list`
/// has no due-date history to grade by).
pub fn actions(items: &[ActionItem], grading: bool) -> String {
    let keep = |name: &str| grading || !matches!(name, "slips" | "grade");
    let header: Vec<&str> = ACTION_HEADER.iter().copied().filter(|n| keep(n)).collect();
    let rows = items.iter().map(|i| {
        let all = [
            i.review.clone(),
            i.recommendation.clone(),
            i.id.clone(),
            i.agency.clone(),
            opt(i.agency_name.as_deref()),
            opt(i.lead.as_deref()),
            i.description.clone(),
            opt(i.recommendation_text.as_deref()),
            opt(i.due),
            opt(i.due_text.as_deref()),
            opt(i.review_date),
            opt(i.outcome.as_deref()),
            opt(i.status),
            opt(i.status_text.as_deref()),
            opt(i.completed),
            i.state.to_string(),
            opt(i.days_overdue),
            i.slips.to_string(),
            i.grade.as_str().to_string(),
            i.signed_off.to_string(),
            opt(i.finalised.as_ref().and_then(|f| f.date)),
            opt(i.finalised.as_ref().map(|f| f.by.as_str())),
            i.evidence.len().to_string(),
            evidence_cell(&i.evidence),
            notes_cell(&i.notes),
            i.file.clone(),
        ];
        ACTION_HEADER
            .iter()
            .zip(all)
            .filter(|(name, _)| keep(name))
            .map(|(_, v)| v)
            .collect::<Vec<_>>()
    });
    write(&header, rows)
}

/// The report as CSV: every action in scope, graded.
pub fn report(r: &Report) -> String {
    let items: Vec<ActionItem> = r.reviews.iter().flat_map(|v| v.actions.clone()).collect();
    actions(&items, true)
}

/// `status`: one row per review or agency; no total row (a spreadsheet sums).
pub fn status(rows: &[StatusRow], by_agency: bool) -> String {
    let mut header = vec!["review"];
    if by_agency {
        header.push("agency");
    }
    header.extend([
        "total",
        "completed",
        "overdue",
        "due_soon",
        "pending",
        "ongoing",
        "percent_complete",
    ]);
    let rows = rows.iter().map(|r| {
        let c = &r.counts;
        let mut row = vec![r.review.clone()];
        if by_agency {
            row.push(opt(r.agency.as_deref()));
        }
        row.extend(
            [
                c.total,
                c.completed,
                c.overdue,
                c.due_soon,
                c.pending,
                c.ongoing,
            ]
            .iter()
            .map(usize::to_string),
        );
        row.push(opt(r.percent_complete));
        row
    });
    write(&header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for s in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"http://x\")",
        ] {
            assert_eq!(neutralise(s), format!("'{s}"), "{s:?}");
        }
        for s in ["1-1", "a=b", "", "2012-06-30", "’quoted"] {
            assert_eq!(neutralise(s), s, "{s:?}");
        }
    }

    #[test]
    fn csv_quotes_and_neutralises() {
        let s = write(
            &["a", "b"],
            [vec![
                "=cmd|' /C calc'!A0".to_string(),
                "x, \"y\"\nz".to_string(),
            ]],
        );
        assert_eq!(s, "\u{feff}a,b\n'=cmd|' /C calc'!A0,\"x, \"\"y\"\"\nz\"\n");
    }
}
