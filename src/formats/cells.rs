//! Cells as the office files hold them, for every reader: a CSV file's rows, a workbook's
//! sheets (xlsx, xls, ods through calamine) with their merged cells.

use chrono::NaiveDate;

/// One cell as its file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A workbook's number; in a date column, an Excel serial date.
    Number(f64),
    /// A workbook cell formatted as a date.
    Date(NaiveDate),
    /// A Word cell whose paragraphs are all list items (bullets, numbering).
    Items(Vec<String>),
    /// A Word cell with no text, shaded this colour ("FFC000"): a RAG rating where the
    /// status goes, nothing elsewhere.
    Shade(String),
    /// A cell that holds no value sct can read (an Excel error such as #REF!, a duration,
    /// bytes that are not UTF-8): what it is.
    Bad(String),
}

/// What `Cell::Bad` says of CSV bytes that are not UTF-8.
pub const NOT_UTF8: &str = "is not UTF-8 text";

impl Cell {
    /// Text, or Empty when there is nothing but blanks.
    pub fn text(t: impl Into<String>) -> Cell {
        let t = t.into();
        if t.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t)
        }
    }

    /// The cell as text, as a header or an ordinary column reads it.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Cell::Empty | Cell::Bad(_) | Cell::Shade(_) => None,
            Cell::Text(t) => Some(t.clone()),
            Cell::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            Cell::Number(f) => Some(number_text(*f)),
            Cell::Items(items) => Some(items.join("\n")),
        }
    }
}

/// "21", not "21.0"; other numbers as Rust writes them (the shortest that reads back).
pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.abs() >= 1e15 {
        format!("{f:e}")
    } else {
        format!("{f}")
    }
}

/// Days from the 1900 system's day 0 to the 1904 system's (old Mac Excel workbooks).
const DAYS_1900_TO_1904: f64 = 1_462.0;

/// An Excel serial date as a day, in the workbook's date system; None when it is not a
/// whole day between 1900 and 2099.
pub fn workbook_date(f: f64, date1904: bool) -> Option<NaiveDate> {
    serial_date(if date1904 { f + DAYS_1900_TO_1904 } else { f })
}

/// An Excel serial date (the 1900 system: 1 is 1 January 1900, 60 the 29 February 1900 that
/// never was) as a day; None when it is not a whole day between 1900 and 2099.
pub fn serial_date(f: f64) -> Option<NaiveDate> {
    if f.fract() != 0.0 || !(1.0..=73_050.0).contains(&f) || f == 60.0 {
        return None;
    }
    // Day 0 is 30 December 1899 after the phantom leap day, 31 December before it.
    let base = NaiveDate::from_ymd_opt(1899, 12, if f > 60.0 { 30 } else { 31 })?;
    base.checked_add_days(chrono::Days::new(f as u64))
}

/// A spreadsheet's column letters for an index from 0 (0 → A, 26 → AA).
pub fn letters(index: usize) -> String {
    let mut n = index + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The rows of one sheet (or of a CSV file), numbered as the spreadsheet shows them.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// None for CSV.
    pub name: Option<String>,
    /// The spreadsheet's number of the first row held (1 for the first).
    pub first_row: usize,
    /// The index (from 0) of the first column held.
    pub first_col: usize,
    pub rows: Vec<Vec<Cell>>,
    /// Merged areas as (first row, first column, last row, last column), indices into
    /// `rows` and their cells; the value is in the first cell.
    pub merged: Vec<(usize, usize, usize, usize)>,
    /// Hidden in the workbook (a sheet of lookups).
    pub hidden: bool,
    /// The workbook counts dates from 1904 (old Mac Excel): its serial numbers are 1,462
    /// days short of the 1900 system's.
    pub date1904: bool,
}

/// A CSV file as a sheet of text cells: the `'` a spreadsheet-safe export put before a
/// formula-like cell taken off again. Err: the row (from 1) and what is wrong.
pub fn csv_sheet(bytes: &[u8]) -> Result<Sheet, (usize, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for (i, rec) in csv.byte_records().enumerate() {
        let rec = rec.map_err(|e| (i + 1, e.to_string()))?;
        rows.push(
            rec.iter()
                .map(|raw| match std::str::from_utf8(raw) {
                    Ok(t) => Cell::text(crate::guard::sanitise::csv_cell_read(
                        &t.replace("\r\n", "\n"),
                    )),
                    Err(_) => Cell::Bad(NOT_UTF8.into()),
                })
                .collect(),
        );
    }
    Ok(Sheet {
        first_row: 1,
        rows,
        ..Sheet::default()
    })
}

/// The most cells a sheet may span (rows × columns from its first to its last cell): a
/// long plan spans a few tens of thousands. A workbook of a few bytes can name cell
/// XFD1048576; the bound is checked before the grid is laid out.
pub const MAX_SHEET_CELLS: u64 = crate::formats::bounds::MAX_CELLS;

/// The most cell records a workbook's sheets may hold, empty ones included.
const MAX_READ_CELLS: u64 = 10_000_000;

/// The most text a workbook's cells may hold together (one shared string can fill
/// thousands of cells).
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// How a sheet is named in a message: `sheet "Plan"`.
pub fn sheet_label(name: &str) -> String {
    format!("sheet {}", quoted(name))
}

/// A name in quotes, on one line, its quotes escaped: a name cannot pass for a line of
/// sct's own.
pub fn quoted(name: &str) -> String {
    format!(
        "\"{}\"",
        crate::guard::text::flatten(name).replace('"', "\\\"")
    )
}

/// Every sheet of a workbook (xlsx, xls, ods), in order. The file is checked against
/// `formats::bounds` first; a reader that fails on a malformed file all the same (calamine
/// can panic on one) is a refusal, not a crash.
pub fn workbook_sheets(bytes: Vec<u8>) -> Result<Vec<Sheet>, String> {
    let facts = crate::formats::bounds::workbook(&bytes)?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let read = std::panic::catch_unwind(move || read_workbook(bytes, facts.date1904));
    std::panic::set_hook(previous);
    read.unwrap_or_else(|_| {
        Err(
            "cannot be read: the workbook reader failed on it (a damaged or unusual file): \
             open it in a spreadsheet program and save it again"
                .into(),
        )
    })
}

fn read_workbook(bytes: Vec<u8>, date1904: bool) -> Result<Vec<Sheet>, String> {
    use calamine::{open_workbook_auto_from_rs, Data, DataRef, Reader, SheetVisible, Sheets};
    let mut date1904 = date1904;
    let mut wb = open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("is not a workbook sct can read: {e}"))?;
    let meta: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::new();
    // What the workbook holds so far, against its bounds.
    let (mut cells_total, mut text_total, mut read_total) = (0u64, 0usize, 0u64);
    for (name, hidden) in meta {
        let label = sheet_label(&name);
        let unreadable = |e: &dyn std::fmt::Display| format!("{label} cannot be read: {e}");
        // (row, column, value) of every used cell, from 0.
        let mut used: Vec<(usize, usize, Cell)> = Vec::new();
        let mut keep = |r: usize, c: usize, v: Cell| -> Result<(), String> {
            if v != Cell::Empty {
                used.push((r, c, v));
                cells_total += 1;
            }
            if cells_total > MAX_SHEET_CELLS {
                return Err(format!(
                    "holds more than {MAX_SHEET_CELLS} cells: not a plan sct reads"
                ));
            }
            Ok(())
        };
        // Counted before a cell's text is copied out of the reader.
        let mut text = |len: usize| -> Result<(), String> {
            text_total += len;
            if text_total > MAX_TEXT_BYTES {
                return Err("holds more than 64 MiB of text: not a plan sct reads".into());
            }
            Ok(())
        };
        let merges = match &mut wb {
            Sheets::Xlsx(x) => {
                // Cell by cell: an xlsx sheet is laid out here, within the bounds.
                let mut cells = x
                    .worksheet_cells_reader(&name)
                    .map_err(|e| unreadable(&e))?;
                while let Some(c) = cells
                    .next_cell_with_formula_metadata()
                    .map_err(|e| unreadable(&e))?
                {
                    // Empty cells cost reading too, and sheets may share one part.
                    read_total += 1;
                    if read_total > MAX_READ_CELLS {
                        return Err(format!(
                            "has more than {MAX_READ_CELLS} cells, empty or not: not a plan sct reads"
                        ));
                    }
                    let (r, col) = c.pos;
                    text(match &c.value {
                        DataRef::String(t) => t.len(),
                        DataRef::SharedString(t) => t.len(),
                        _ => 0,
                    })?;
                    // A formula whose value was never saved (as some programs write them)
                    // would read as an empty cell.
                    let v = match (&c.value, &c.formula) {
                        (DataRef::Empty, Some(_)) => Cell::Bad(
                            "is a formula whose value the file does not hold: open the workbook \
                             in a spreadsheet program and save it"
                                .into(),
                        ),
                        (v, _) => cell(&Data::from(v.clone()), &mut date1904),
                    };
                    keep(r as usize, col as usize, v)?;
                }
                drop(cells);
                x.merge_cells_by_sheet_name(&name)
                    .map_err(|e| format!("{label}: its merged cells cannot be read: {e}"))?
            }
            wb => {
                // xls and ods: calamine lays the sheet out itself, within what
                // `formats::bounds` let through.
                let range = wb.worksheet_range(&name).map_err(|e| unreadable(&e))?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (r, row) in range.rows().enumerate() {
                    for (c, d) in row.iter().enumerate() {
                        if let Data::String(t) = d {
                            text(t.len())?;
                        }
                        keep(r0 as usize + r, c0 as usize + c, cell(d, &mut date1904))?;
                    }
                }
                match wb {
                    #[allow(deprecated)]
                    Sheets::Xls(x) => x.worksheet_merge_cells(&name).unwrap_or_default(),
                    _ => Vec::new(),
                }
            }
        };
        let r0 = used.iter().map(|u| u.0).min().unwrap_or(0);
        let c0 = used.iter().map(|u| u.1).min().unwrap_or(0);
        let rows = used.iter().map(|u| u.0 + 1 - r0).max().unwrap_or(0);
        let cols = used.iter().map(|u| u.1 + 1 - c0).max().unwrap_or(0);
        if (rows as u64).saturating_mul(cols as u64) > MAX_SHEET_CELLS {
            return Err(too_big(&name));
        }
        let mut grid = vec![vec![Cell::Empty; cols]; rows];
        for (r, c, v) in used {
            grid[r - r0][c - c0] = v;
        }
        // Merged areas within the sheet's cells, each row of each counted: a few bytes
        // can repeat one merge a million times.
        let mut spanned = 0u64;
        let mut merged = Vec::new();
        for m in &merges {
            let (mr0, mc0) = (m.start.0 as usize, m.start.1 as usize);
            if mr0 < r0 || mc0 < c0 || mr0 - r0 >= rows || mc0 - c0 >= cols {
                continue;
            }
            let end = |e: u32, from: usize, n: usize| (e as usize).saturating_sub(from).min(n - 1);
            let area = (
                mr0 - r0,
                mc0 - c0,
                end(m.end.0, r0, rows),
                end(m.end.1, c0, cols),
            );
            spanned += (area.2 + 1).saturating_sub(area.0) as u64;
            if spanned > MAX_SHEET_CELLS {
                return Err(format!(
                    "{label} has more merged cells than {MAX_SHEET_CELLS}: not a plan sct reads"
                ));
            }
            merged.push(area);
        }
        sheets.push(Sheet {
            name: Some(name),
            first_row: r0 + 1,
            first_col: c0,
            rows: grid,
            merged,
            hidden,
            date1904: false,
        });
    }
    // Known by the end: from the workbook's settings (xlsx) or its date cells (xls).
    for s in &mut sheets {
        s.date1904 = date1904;
    }
    Ok(sheets)
}

fn too_big(name: &str) -> String {
    format!(
        "{} spans more than {MAX_SHEET_CELLS} cells: delete what lies beyond \
         the plan (a stray cell far below or to the right)",
        sheet_label(name)
    )
}

/// A workbook's value as a cell; a date cell tells whether the workbook counts from 1904.
fn cell(d: &calamine::Data, date1904: &mut bool) -> Cell {
    use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
    if let Data::DateTime(dt) = d {
        // calamine knows the workbook's date system and gives the day in it; the same serial
        // read in the 1900 system says which system that is.
        let day = |x: &ExcelDateTime| {
            let (y, m, d, ..) = x.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
        };
        let as_1900 = ExcelDateTime::new(dt.as_f64(), ExcelDateTimeType::DateTime, false);
        if dt.is_datetime() && day(dt) != day(&as_1900) {
            *date1904 = true;
        }
    }
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        // A date cell holding a time of day too: the day is what plans mean.
        Data::DateTime(dt) if dt.is_datetime() => {
            match workbook_date(dt.as_f64().floor(), *date1904) {
                Some(d) => Cell::Date(d),
                None => Cell::Bad(format!(
                    "is the date serial {}, outside 1900–2099",
                    dt.as_f64()
                )),
            }
        }
        Data::DateTime(dt) => Cell::Bad(format!("is the duration {}", dt.as_f64())),
        Data::DateTimeIso(s) => match s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()) {
            Some(d) => Cell::Date(d),
            None => Cell::text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Bad(format!("is the duration {s}")),
        Data::Error(e) => Cell::Bad(format!("is the spreadsheet error {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn excel_serial_dates() {
        // The days Excel itself shows for these serials.
        assert_eq!(serial_date(1.0), d(1900, 1, 1));
        assert_eq!(serial_date(59.0), d(1900, 2, 28));
        assert_eq!(serial_date(61.0), d(1900, 3, 1));
        assert_eq!(serial_date(39_692.0), d(2008, 9, 1));
        assert_eq!(serial_date(39_844.0), d(2009, 1, 31));
        assert_eq!(serial_date(45_658.0), d(2025, 1, 1));
        assert_eq!(serial_date(73_050.0), d(2099, 12, 31));
        assert_eq!(serial_date(60.0), None, "29 February 1900 never was");
        assert_eq!(serial_date(39_692.5), None, "a time of day is not a date");
        assert_eq!(serial_date(0.0), None);
        assert_eq!(serial_date(-3.0), None);
        assert_eq!(serial_date(73_051.0), None);
        assert_eq!(workbook_date(39_628.0, true), d(2012, 6, 30));
        assert_eq!(workbook_date(41_090.0, false), d(2012, 6, 30));
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number_text(21.0), "21");
        assert_eq!(number_text(3.5), "3.5");
        assert_eq!(number_text(-2.0), "-2");
        assert_eq!(number_text(1e308), "1e308");
    }

    #[test]
    fn column_letters() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(701), "ZZ");
        assert_eq!(letters(702), "AAA");
    }

    #[test]
    fn csv_cells() {
        let s = csv_sheet(b"\xEF\xBB\xBFa,'=1+1,\"x\r\ny\"\n \xff, ,\n").unwrap();
        assert_eq!(
            s.rows[0],
            [
                Cell::Text("a".into()),
                Cell::Text("=1+1".into()),
                Cell::Text("x\ny".into())
            ]
        );
        assert_eq!(
            s.rows[1],
            [Cell::Bad(NOT_UTF8.into()), Cell::Empty, Cell::Empty]
        );
    }
}
