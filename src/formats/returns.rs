//! An agency's return: the workbook `sct export xlsx` wrote, filled in (or the same columns
//! as CSV), read into one change per row. Every cell is read before anything is decided:
//! any cell that cannot be read, a duplicate or missing ID, is a problem naming the sheet,
//! the row and the column, and the command refuses the whole return.

use crate::formats::import::dates::read_date;
use crate::plan::date::PlanDate;
use crate::plan::model::{Action, Declared};
use chrono::NaiveDate;
use std::collections::HashSet;

/// The columns of the return workbook, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Id,
    Review,
    Recommendation,
    Action,
    Lead,
    Due,
    State,
    DaysOverdue,
    LastEvidence,
    Status,
    NewEvidence,
    EvidenceDate,
    EvidenceFile,
    Note,
    NewDue,
    Fingerprint,
}

pub const COLUMNS: [Column; 16] = [
    Column::Id,
    Column::Review,
    Column::Recommendation,
    Column::Action,
    Column::Lead,
    Column::Due,
    Column::State,
    Column::DaysOverdue,
    Column::LastEvidence,
    Column::Status,
    Column::NewEvidence,
    Column::EvidenceDate,
    Column::EvidenceFile,
    Column::Note,
    Column::NewDue,
    Column::Fingerprint,
];

impl Column {
    pub fn header(self) -> &'static str {
        match self {
            Column::Id => "ID",
            Column::Review => "Review",
            Column::Recommendation => "Recommendation",
            Column::Action => "Action",
            Column::Lead => "Lead",
            Column::Due => "Due",
            Column::State => "State",
            Column::DaysOverdue => "Days overdue",
            Column::LastEvidence => "Last evidence",
            Column::Status => "Status",
            Column::NewEvidence => "New evidence",
            Column::EvidenceDate => "Evidence date",
            Column::EvidenceFile => "Evidence file",
            Column::Note => "Note",
            Column::NewDue => "New due date",
            Column::Fingerprint => "Fingerprint",
        }
    }

    /// The columns the agency fills in.
    pub fn editable(self) -> bool {
        matches!(
            self,
            Column::Status
                | Column::NewEvidence
                | Column::EvidenceDate
                | Column::EvidenceFile
                | Column::Note
                | Column::NewDue
        )
    }

    /// Column width in Excel's character units.
    pub fn width(self) -> f64 {
        match self {
            Column::Id => 18.0,
            Column::Review => 12.0,
            Column::Recommendation | Column::Action => 45.0,
            Column::Lead => 20.0,
            Column::Due | Column::EvidenceDate | Column::NewDue => 12.0,
            Column::State | Column::Status => 13.0,
            Column::DaysOverdue => 9.0,
            Column::LastEvidence | Column::NewEvidence | Column::Note => 40.0,
            Column::EvidenceFile => 24.0,
            Column::Fingerprint => 18.0,
        }
    }
}

/// An action's fingerprint: FNV-1a (64 bits) of the action as TOML. It changes when
/// anything in the action changes; it is a check against edits crossing, not a seal.
pub fn fingerprint(action: &Action) -> String {
    let text = toml::to_string(action).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

pub use crate::formats::cells::{letters, workbook_date, Cell, Sheet};

/// A problem with the return, at its sheet, row and column.
#[derive(Debug, Clone)]
pub struct Problem {
    pub sheet: Option<String>,
    pub row: Option<usize>,
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl Problem {
    pub fn render(&self, file: &str) -> String {
        let mut place = Vec::new();
        if let Some(s) = &self.sheet {
            place.push(crate::formats::cells::sheet_label(s));
        }
        if let Some(r) = self.row {
            place.push(format!("row {r}"));
        }
        if let Some((i, h)) = &self.column {
            place.push(format!("column {} ({h})", letters(*i)));
        }
        let place = if place.is_empty() {
            String::new()
        } else {
            format!(" {}", place.join(", "))
        };
        format!("{file}:{place}: error: {}\n", self.message)
    }
}

/// One row of the return: what the agency asks to change in one action.
#[derive(Debug, Clone, Default)]
pub struct ReturnRow {
    pub row: usize,
    /// The index (from 0) of the ID column, as the spreadsheet counts.
    pub id_col: usize,
    pub id: String,
    pub fingerprint: Option<String>,
    pub status: Option<Declared>,
    pub evidence: Option<String>,
    pub evidence_date: Option<NaiveDate>,
    pub evidence_file: Option<String>,
    pub note: Option<String>,
    pub new_due: Option<PlanDate>,
}

/// Reads the rows of a return: the header row first, then one row per action. Rows with
/// no ID and nothing filled in are skipped.
pub fn read_rows(sheet: &Sheet) -> Result<Vec<ReturnRow>, Vec<Problem>> {
    let at = |row: Option<usize>, col: Option<usize>, message: String| Problem {
        sheet: sheet.name.clone(),
        row,
        column: col.map(|c| {
            let header = COLUMNS
                .get(c)
                .map_or_else(|| letters(c + sheet.first_col), |h| h.header().to_string());
            (c + sheet.first_col, header)
        }),
        message,
    };
    let Some(head) = sheet.rows.first() else {
        return Err(vec![at(
            None,
            None,
            "is empty: there is no header row".into(),
        )]);
    };
    // Which column holds which field, by its header.
    let mut cols: Vec<(usize, Column)> = Vec::new();
    for (i, cell) in head.iter().enumerate() {
        let Cell::Text(t) = cell else { continue };
        if let Some(c) = COLUMNS
            .iter()
            .find(|c| c.header().eq_ignore_ascii_case(t.trim()))
        {
            cols.push((i, *c));
        }
    }
    let col_of = |c: Column| cols.iter().find(|(_, k)| *k == c).map(|(i, _)| *i);
    let Some(id_col) = col_of(Column::Id) else {
        return Err(vec![at(
            Some(sheet.first_row),
            None,
            "has no ID column: this is not a return written by `sct export xlsx`".into(),
        )]);
    };
    if !cols.iter().any(|(_, c)| c.editable()) {
        return Err(vec![at(
            Some(sheet.first_row),
            None,
            "has none of the columns Status, New evidence, Evidence date, Evidence file, Note, New due date".into(),
        )]);
    }
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (n, cells) in sheet.rows.iter().enumerate().skip(1) {
        let row_no = sheet.first_row + n;
        let cell = |i: usize| cells.get(i).cloned().unwrap_or(Cell::Empty);
        let mut bad = |i: usize, c: Column, message: String| {
            problems.push(Problem {
                sheet: sheet.name.clone(),
                row: Some(row_no),
                column: Some((i + sheet.first_col, c.header().to_string())),
                message,
            });
        };
        let mut r = ReturnRow {
            row: row_no,
            id_col: id_col + sheet.first_col,
            ..Default::default()
        };
        let mut filled = false;
        for &(i, c) in &cols {
            let v = cell(i);
            if v == Cell::Empty {
                continue;
            }
            if let Cell::Bad(e) = &v {
                bad(i, c, format!("{e}, not data"));
                continue;
            }
            if c.editable() {
                filled = true;
            }
            match c {
                Column::Id => r.id = text(&v),
                Column::Fingerprint => r.fingerprint = Some(text(&v)),
                Column::Status => match status_word(&text(&v)) {
                    Some(s) => r.status = Some(s),
                    None => bad(
                        i,
                        c,
                        format!(
                            "`{}` is not a status: choose one of not-started, in-progress, \
                             delayed, ongoing, complete",
                            text(&v)
                        ),
                    ),
                },
                Column::NewEvidence => r.evidence = Some(text(&v)),
                Column::EvidenceFile => r.evidence_file = Some(text(&v)),
                Column::Note => r.note = Some(text(&v)),
                Column::EvidenceDate => match date(&v, sheet.date1904) {
                    Ok(PlanDate::Day(d)) => r.evidence_date = Some(d),
                    Ok(m) => bad(
                        i,
                        c,
                        format!("`{m}` is a month: give the day, as 2012-06-15"),
                    ),
                    Err(e) => bad(i, c, format!("`{}` {e}", text(&v))),
                },
                Column::NewDue => match date(&v, sheet.date1904) {
                    Ok(d) => r.new_due = Some(d),
                    Err(e) => bad(i, c, format!("`{}` {e}", text(&v))),
                },
                _ => {}
            }
        }
        if r.id.is_empty() {
            if filled {
                bad(
                    id_col,
                    Column::Id,
                    "is empty in a row that is filled in: sct cannot tell which action it is"
                        .into(),
                );
            }
            continue;
        }
        if !seen.insert(r.id.clone()) {
            bad(
                id_col,
                Column::Id,
                format!("`{}` is on an earlier row too: one row per action", r.id),
            );
            continue;
        }
        if r.evidence_file.is_some() && r.evidence.is_none() {
            let i = col_of(Column::EvidenceFile).unwrap_or(id_col);
            bad(
                i,
                Column::EvidenceFile,
                "names a document, but New evidence is empty: say what it shows".into(),
            );
        }
        out.push(r);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn text(c: &Cell) -> String {
    c.as_text()
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

fn status_word(s: &str) -> Option<Declared> {
    let w = s.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    let w = if w == "completed" {
        "complete".into()
    } else {
        w
    };
    Declared::ALL.into_iter().find(|d| d.as_str() == w)
}

fn date(c: &Cell, date1904: bool) -> Result<PlanDate, String> {
    match c {
        Cell::Date(d) => Ok(PlanDate::Day(*d)),
        Cell::Number(n) => workbook_date(*n, date1904)
            .map(PlanDate::Day)
            .ok_or_else(|| "is a number, not a date: type a date, such as 2012-06-15".to_string()),
        Cell::Text(t) => read_date(t),
        _ => Err("is not a date".into()),
    }
}

/// A CSV return as a sheet of text cells.
pub fn csv_sheet(bytes: &[u8]) -> Result<Sheet, String> {
    crate::formats::cells::csv_sheet(bytes)
        .map_err(|(row, e)| format!("is not CSV sct can read (row {row}): {e}"))
}

/// The sheet "Actions" of a workbook (xlsx, xls, ods), or its first sheet.
pub fn workbook_sheet(bytes: Vec<u8>) -> Result<Sheet, String> {
    let mut sheets = crate::formats::cells::workbook_sheets(bytes)?;
    let at = sheets
        .iter()
        .position(|s| s.name.as_deref() == Some("Actions"))
        .unwrap_or(0);
    if sheets.is_empty() {
        return Err("has no sheets".into());
    }
    Ok(sheets.swap_remove(at))
}
