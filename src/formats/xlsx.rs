//! `sct export xlsx`: the return workbook an agency fills in.
//!
//! Sheet "Actions": a header row, one row per open action. The read-only columns say what
//! the plan holds (locked, under sheet protection without a password: it guards against
//! slips, not against a determined editor); the editable columns (`Status`, a drop-down of
//! the status words, `New evidence`, `Evidence date`, `Evidence file`, `Note`, `New due
//! date`) are unlocked. A hidden last column holds each action's fingerprint at export
//! (`returns::fingerprint`), so that `sct import returns` can refuse a row whose action
//! changed in the plans since. Sheet "How to fill in" says what each column means.
//!
//! Written with rust_xlsxwriter; dates are real Excel dates (a month due date is shown as
//! its month, stored as its first day).

use super::returns::{fingerprint, Column, COLUMNS};
use crate::plan::date::PlanDate;
use crate::plan::model::Declared;
use crate::plan::query::Row;
use anyhow::Result;
use rust_xlsxwriter::{
    Color, DataValidation, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet,
};

/// The text of every cell written, for the guard's check before the file is written.
pub struct Built {
    pub bytes: Vec<u8>,
    pub texts: Vec<String>,
    pub rows: usize,
}

/// The return workbook of `rows` (open actions, in plan order), as at `day`: its creation
/// date is that day, so the same plans on the same day give the same bytes.
pub fn return_workbook(rows: &[Row], day: chrono::NaiveDate) -> Result<Built> {
    let mut wb = Workbook::new();
    let created = excel_date(PlanDate::Day(day))?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let mut texts = Vec::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Actions")?;
    actions_sheet(sheet, rows, &mut texts)?;
    let help = wb.add_worksheet();
    help.set_name("How to fill in")?;
    help_sheet(help)?;
    let bytes = wb.save_to_buffer()?;
    Ok(Built {
        bytes,
        texts,
        rows: rows.len(),
    })
}

fn actions_sheet(sheet: &mut Worksheet, rows: &[Row], texts: &mut Vec<String>) -> Result<()> {
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xD9D9D9));
    let head_edit = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xFFF2CC));
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
    let month = Format::new()
        .set_num_format("mmm yyyy")
        .set_align(FormatAlign::Top);
    let edit = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xFFFBEA));
    let edit_date = edit.clone().set_num_format("yyyy-mm-dd");

    for (c, col) in COLUMNS.iter().enumerate() {
        let c = c as u16;
        let f = if col.editable() { &head_edit } else { &head };
        sheet.write_string_with_format(0, c, col.header(), f)?;
        sheet.set_column_width(c, col.width())?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let a = row.action;
        let last = a.evidence.last().map(|e| match e.date {
            Some(d) => format!("{d}: {}", e.text),
            None => e.text.clone(),
        });
        for (c, col) in COLUMNS.iter().enumerate() {
            let c = c as u16;
            let s: Option<String> = match col {
                Column::Id => Some(row.id()),
                Column::Review => Some(row.review.id.clone()),
                Column::Recommendation => Some(row.rec.file.text_shown().to_string()),
                Column::Action => Some(a.description.clone()),
                Column::Lead => a.lead.clone(),
                Column::State => Some(row.eval.state.as_str().to_string()),
                Column::LastEvidence => last.clone(),
                Column::Fingerprint => Some(fingerprint(a)),
                _ => None,
            };
            match (col, s) {
                (_, Some(s)) => {
                    let s = crate::guard::sanitise::controls(&s, false).into_owned();
                    sheet.write_string_with_format(r, c, &s, &text)?;
                    texts.push(s);
                }
                (Column::Due, None) => match a.due {
                    Some(d @ PlanDate::Day(_)) => {
                        sheet.write_datetime_with_format(r, c, excel_date(d)?, &date)?;
                    }
                    Some(d) => {
                        sheet.write_datetime_with_format(r, c, excel_date(d)?, &month)?;
                    }
                    None => {
                        let s = a.due_text.clone().unwrap_or_else(|| "ongoing".into());
                        sheet.write_string_with_format(r, c, &s, &text)?;
                        texts.push(s);
                    }
                },
                (Column::DaysOverdue, None) => match row.eval.days_overdue {
                    Some(n) => {
                        sheet.write_number_with_format(r, c, n as f64, &text)?;
                    }
                    None => {
                        sheet.write_blank(r, c, &text)?;
                    }
                },
                (Column::EvidenceDate | Column::NewDue, None) => {
                    sheet.write_blank(r, c, &edit_date)?;
                }
                (col, None) if col.editable() => {
                    sheet.write_blank(r, c, &edit)?;
                }
                (_, None) => {
                    sheet.write_blank(r, c, &text)?;
                }
            }
        }
    }
    if !rows.is_empty() {
        let words: Vec<&str> = Declared::ALL.iter().map(|d| d.as_str()).collect();
        let status = COLUMNS
            .iter()
            .position(|c| *c == Column::Status)
            .unwrap_or(0) as u16;
        let v = DataValidation::new()
            .allow_list_strings(&words)?
            .set_error_message("Choose a status from the list: not-started, in-progress, delayed, ongoing or complete.")?;
        sheet.add_data_validation(1, status, rows.len() as u32, status, &v)?;
    }
    let hidden = COLUMNS
        .iter()
        .position(|c| *c == Column::Fingerprint)
        .unwrap_or(0) as u16;
    sheet.set_column_hidden(hidden)?;
    sheet.set_freeze_panes(1, 1)?;
    sheet.protect();
    Ok(())
}

fn help_sheet(sheet: &mut Worksheet) -> Result<()> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 90)?;
    sheet.write_string_with_format(0, 0, "How to fill in this return", &bold)?;
    let lines: [(&str, &str); 9] = [
        ("", "One row per open action of your agency. Grey columns are the plan as the board holds it: they are locked. Fill in the yellow columns only, and only where something changed; leave a cell empty to change nothing."),
        ("Status", "Choose from the list: not-started, in-progress, delayed, ongoing, complete."),
        ("New evidence", "What was done since the last return, in a sentence or two: what it shows, not who the child or family is. Never write names, dates of birth or NHS numbers: plans are published anonymised."),
        ("Evidence date", "The day of that evidence (a date, such as 2012-06-15). Also the day of a completion."),
        ("Evidence file", "The document behind the evidence, as the board files it (such as evidence/audit-2012.pdf). Needs New evidence."),
        ("Note", "Anything the board should know about this action."),
        ("New due date", "Only if the board agreed to move the target date: a date, or a month (2012-12)."),
        ("", "Do not add, remove or reorder rows, and do not edit the ID column: each row is matched to its action by ID. A row whose action changed at the board since this workbook was made is refused, and you will be sent a new one."),
        ("", "Save the workbook as it is (.xlsx) and send it back to the board's business manager."),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_string_with_format(r, 0, *k, &bold)?;
        sheet.write_string_with_format(r, 1, *v, &wrap)?;
    }
    Ok(())
}

fn excel_date(d: PlanDate) -> Result<ExcelDateTime> {
    use chrono::Datelike;
    let day = d.first_day();
    Ok(ExcelDateTime::from_ymd(
        day.year() as u16,
        day.month() as u8,
        day.day() as u8,
    )?)
}
