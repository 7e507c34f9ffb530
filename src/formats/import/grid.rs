//! The cells of a plan as every file gives them: a CSV file, a workbook's sheets, a Word
//! document's tables. The reader reads a grid; each format only fills one.
//!
//! Rows are numbered through the whole grid (the reader's row numbers); `Places` turns
//! such a number back into where it was in the file: "row 5" of a CSV file, "sheet
//! \"Plan\", row 5", "table 2, row 5".

pub use crate::formats::cells::{Cell, Sheet, NOT_UTF8};

/// One row of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The sheet or table it is in (an index into `Grid::origins`).
    pub origin: usize,
    /// Its row number there (1 is the first row).
    pub n: usize,
    pub cells: Vec<Cell>,
    /// One cell across the whole width of a Word table (or a merged workbook row): a
    /// heading, not a row of columns. Its text is in `cells[0]`.
    pub banner: bool,
    /// Word's "repeat as header row at the top of each page".
    pub repeated_header: bool,
}

impl Line {
    pub fn new(origin: usize, n: usize, cells: Vec<Cell>) -> Line {
        Line {
            origin,
            n,
            cells,
            banner: false,
            repeated_header: false,
        }
    }

    /// No text in any cell (a shaded cell holds none).
    pub fn is_empty(&self) -> bool {
        self.cells
            .iter()
            .all(|c| matches!(c, Cell::Empty | Cell::Shade(_)))
    }

    /// The texts of its cells, trimmed, without the empty ones at the end.
    pub fn texts(&self) -> Vec<String> {
        let mut t: Vec<String> = self
            .cells
            .iter()
            .map(|c| {
                c.as_text()
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            })
            .collect();
        while t.last().is_some_and(String::is_empty) {
            t.pop();
        }
        t
    }
}

/// A file's rows, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    /// How each sheet or table is named in a message: "" for a file that is one table (CSV),
    /// `sheet "Plan"`, `table 2`.
    pub origins: Vec<String>,
    /// Whether the first row is the header, whatever it holds (CSV). Otherwise the header
    /// is the first row that names the plan's columns, and what is above it is a title.
    pub header_first: bool,
    /// A workbook on the 1904 date system (see `Sheet::date1904`).
    pub date1904: bool,
    pub lines: Vec<Line>,
}

impl Grid {
    /// A CSV file: one table, its first row the header.
    pub fn csv(sheet: Sheet) -> Grid {
        Grid {
            origins: vec![String::new()],
            header_first: true,
            date1904: false,
            lines: lines_of(0, sheet),
        }
    }

    /// A workbook's sheets, in order; hidden ones left out (they hold lookups).
    pub fn workbook(sheets: Vec<Sheet>) -> Grid {
        let mut grid = Grid {
            date1904: sheets.iter().any(|s| s.date1904),
            ..Grid::default()
        };
        for sheet in sheets.into_iter().filter(|s| !s.hidden) {
            let name = sheet.name.clone().unwrap_or_default();
            grid.origins.push(crate::formats::cells::sheet_label(&name));
            grid.lines.extend(lines_of(grid.origins.len() - 1, sheet));
        }
        grid
    }
}

/// A sheet's rows as lines. A merged cell belongs to every row it spans: its value is
/// copied down them. A row that is one merged cell across the sheet is a heading.
fn lines_of(origin: usize, sheet: Sheet) -> Vec<Line> {
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut lines: Vec<Line> = sheet
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Line::new(origin, sheet.first_row + i, cells))
        .collect();
    for &(r0, c0, r1, c1) in &sheet.merged {
        let Some(value) = lines.get(r0).and_then(|l| l.cells.get(c0)).cloned() else {
            continue;
        };
        for line in lines.iter_mut().take(r1 + 1).skip(r0) {
            if c0 == 0 && c1 + 1 >= width && width > 1 {
                line.banner = true;
            }
            if let Some(cell) = line.cells.get_mut(c0) {
                *cell = value.clone();
            }
        }
    }
    lines
}

/// Where the reader's row numbers were in the file.
#[derive(Debug, Clone, Default)]
pub struct Places {
    origins: Vec<String>,
    /// Reader row (index + 1) → origin and row.
    rows: Vec<(usize, usize)>,
}

impl Places {
    pub fn of(grid: &Grid) -> Places {
        Places {
            origins: grid.origins.clone(),
            rows: grid.lines.iter().map(|l| (l.origin, l.n)).collect(),
        }
    }

    /// The sheet or table (empty for CSV) and the row there.
    pub fn locate(&self, row: usize) -> (&str, usize) {
        match row.checked_sub(1).and_then(|i| self.rows.get(i)) {
            Some((o, n)) => (self.origins.get(*o).map_or("", String::as_str), *n),
            None => ("", row),
        }
    }

    /// "row 5", `sheet "Plan", row 5`, "table 2, row 5".
    pub fn name(&self, row: usize) -> String {
        match self.locate(row) {
            ("", n) => format!("row {n}"),
            (o, n) => format!("{o}, row {n}"),
        }
    }

    /// "rows 2–5", "table 1, rows 3–9", "table 1, row 9 to table 2, row 3".
    pub fn span(&self, first: usize, last: usize) -> String {
        let (a, b) = (self.locate(first), self.locate(last));
        if first == last {
            self.name(first)
        } else if a.0 == b.0 {
            match a.0 {
                "" => format!("rows {}–{}", a.1, b.1),
                o => format!("{o}, rows {}–{}", a.1, b.1),
            }
        } else {
            format!("{} to {}", self.name(first), self.name(last))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_name_the_sheet_or_table() {
        let grid = Grid {
            origins: vec!["table 1".into(), "table 2".into()],
            header_first: false,
            date1904: false,
            lines: vec![
                Line::new(0, 1, vec![]),
                Line::new(0, 2, vec![]),
                Line::new(1, 1, vec![]),
            ],
        };
        let p = Places::of(&grid);
        assert_eq!(p.name(2), "table 1, row 2");
        assert_eq!(p.span(1, 2), "table 1, rows 1–2");
        assert_eq!(p.span(2, 3), "table 1, row 2 to table 2, row 1");
        let csv = Places::of(&Grid {
            origins: vec![String::new()],
            header_first: true,
            date1904: false,
            lines: vec![Line::new(0, 1, vec![]), Line::new(0, 2, vec![])],
        });
        assert_eq!(csv.span(1, 2), "rows 1–2");
    }
}
