//! The action tables of `list` and `overdue`: one line per action, the description cut
//! to the width left, so that a long plan still scans.

use crate::guard::text::flatten;
use crate::plan::query::Row;
use crate::render::table::{finish, new_table, number, painted, plan_widths, Give};
use crate::render::Style;
use comfy_table::Cell;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Id,
    Agency,
    Lead,
    Due,
    DaysOverdue,
    State,
    Status,
    Description,
}

impl Column {
    /// How the column gives way on a narrow terminal.
    fn give(self) -> Give {
        match self {
            Column::Id | Column::State | Column::DaysOverdue => Give::Never,
            Column::Status => Give::Drop(1),
            Column::Lead => Give::Cut { min: 12, rank: 2 },
            Column::Agency => Give::Drop(3),
            Column::Due => Give::Drop(4),
            Column::Description => Give::Wrap,
        }
    }

    /// The name of the column in TSV output.
    fn key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Agency => "agency",
            Column::Lead => "lead",
            Column::Due => "due",
            Column::DaysOverdue => "days_overdue",
            Column::State => "state",
            Column::Status => "declared",
            Column::Description => "description",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Column::Id => "ID",
            Column::Agency => "Agency",
            Column::Lead => "Lead",
            Column::Due => "Due",
            Column::DaysOverdue => "Days over",
            Column::State => "State",
            Column::Status => "Declared",
            Column::Description => "Description",
        }
    }
}

/// The action table. In a terminal it fits the width: the declared status, the lead, the
/// agency and the due date give way in that order, the description wraps at words, and IDs,
/// states and day counts are never cut. Piped, it is one line per action, never cut.
pub fn table(style: &Style, rows: &[Row], columns: &[Column]) -> String {
    let text: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                // Plan text as the terminal shows it, before widths are measured.
                .map(|c| crate::guard::sanitise::terminal(&cell_text(row, *c)).into_owned())
                .collect()
        })
        .collect();
    let Some(width) = style.width else {
        return piped(columns, &text);
    };
    let titles: Vec<&str> = columns.iter().map(|c| c.title()).collect();
    let natural: Vec<usize> = (0..columns.len())
        .map(|i| {
            let widest = text
                .iter()
                .map(|r| display_width(&r[i]))
                .chain([titles[i].len()])
                .max()
                .unwrap_or(0);
            if columns[i] == Column::Lead {
                widest.min(MAX_LEAD)
            } else {
                widest
            }
        })
        .collect();
    let give: Vec<Give> = columns.iter().map(|c| c.give()).collect();
    let widths = plan_widths(usize::from(width), &natural, &give);
    let keep: Vec<usize> = (0..columns.len())
        .filter(|i| widths[*i].is_some())
        .collect();
    let columns: Vec<Column> = keep.iter().map(|i| columns[*i]).collect();
    let titles: Vec<&str> = keep.iter().map(|i| titles[*i]).collect();
    let text: Vec<Vec<String>> = text
        .into_iter()
        .map(|row| {
            keep.iter()
                .map(|i| {
                    let w = widths[*i].unwrap_or(usize::MAX);
                    match give[*i] {
                        Give::Wrap => textwrap::wrap(&row[*i], w).join("\n"),
                        _ => truncate(&row[*i], w),
                    }
                })
                .collect()
        })
        .collect();
    // comfy-table takes seconds over a national plan's 100,000 rows; a plain table is
    // drawn here, the same to the byte. Colour goes through comfy-table.
    if !style.color {
        return plain(&titles, &columns, &text);
    }
    let mut t = new_table(style, &titles);
    t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    for (row, texts) in rows.iter().zip(text) {
        let state = row.eval.state;
        let cells: Vec<Cell> = columns
            .iter()
            .zip(texts)
            .map(|(c, s)| match c {
                Column::Id | Column::State => painted(style, s, state),
                Column::DaysOverdue => number(s),
                _ => crate::render::table::cell(s),
            })
            .collect();
        t.add_row(cells);
    }
    finish(t)
}

/// The widest a lead officer's name is shown in a terminal before it is cut with "…".
const MAX_LEAD: usize = 24;

/// Piped output: a header, then one line per action, columns two spaces apart, the last
/// (the description) never padded, nothing cut, so that `sct list | grep` and `| head`
/// read line by line.
fn piped(columns: &[Column], text: &[Vec<String>]) -> String {
    let titles: Vec<&str> = columns.iter().map(|c| c.title()).collect();
    let mut widths: Vec<usize> = titles.iter().map(|t| display_width(t)).collect();
    for row in text {
        for (w, s) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(s));
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut l = String::new();
        for (i, s) in cells.enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            let pad = widths[i].saturating_sub(display_width(s));
            if columns[i] == Column::DaysOverdue {
                l.extend(std::iter::repeat_n(' ', pad));
                l.push_str(s);
            } else {
                l.push_str(s);
                if i + 1 < columns.len() {
                    l.extend(std::iter::repeat_n(' ', pad));
                }
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&mut titles.iter().copied());
    for row in text {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// Tab-separated values: a header of column names, then one line per action; a tab or a
/// line break inside a cell becomes a space, and a cell a spreadsheet would run as a
/// formula gets a leading `'` (`guard::sanitise::csv_cell`).
pub fn tsv(rows: &[Row], columns: &[Column]) -> String {
    let mut out = String::new();
    let names: Vec<&str> = columns.iter().map(|c| c.key()).collect();
    out.push_str(&names.join("\t"));
    out.push('\n');
    for row in rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                let text = cell_text(row, *c).replace(['\t', '\n', '\r'], " ");
                // A spreadsheet opens TSV as it opens CSV: formulas neutralised alike.
                crate::guard::sanitise::csv_cell(&text).into_owned()
            })
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// Display columns: ASCII one a byte, as comfy-table counts it (control characters
/// included); the Unicode tables for the rest.
fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        unicode_width::UnicodeWidthStr::width(s)
    }
}

/// The table comfy-table draws with our preset (UTF8_FULL_CONDENSED, round corners, one
/// space of padding, no wrapping), without colour.
fn plain(titles: &[&str], columns: &[Column], text: &[Vec<String>]) -> String {
    fn spaces(out: &mut String, mut n: usize) {
        const RUN: &str = "                                                                ";
        while n > 0 {
            let k = n.min(RUN.len());
            out.push_str(&RUN[..k]);
            n -= k;
        }
    }
    let mut widths: Vec<usize> = titles.iter().map(|t| display_width(t)).collect();
    for row in text {
        for (w, s) in widths.iter_mut().zip(row) {
            *w = (*w).max(s.split('\n').map(display_width).max().unwrap_or(0));
        }
    }
    let mut out = String::with_capacity((text.len() + 4) * (widths.iter().sum::<usize>() + 40));
    let rule = |out: &mut String, left: char, fill: char, mid: char, right: char| {
        out.push(left);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                out.push(mid);
            }
            out.extend(std::iter::repeat_n(fill, w + 2));
        }
        out.push(right);
        out.push('\n');
    };
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = (&str, bool)>| {
        out.push('│');
        for (i, ((s, right), w)) in cells.zip(&widths).enumerate() {
            if i > 0 {
                out.push('┆');
            }
            // Pushed, not formatted: `{:pad$}` writes its padding a character at a time,
            // which was half of `sct list` at 100,000 rows.
            let pad = w - display_width(s);
            out.push(' ');
            if right {
                spaces(out, pad);
                out.push_str(s);
            } else {
                out.push_str(s);
                spaces(out, pad);
            }
            out.push(' ');
        }
        out.push_str("│\n");
    };
    rule(&mut out, '╭', '─', '┬', '╮');
    line(&mut out, &mut titles.iter().map(|t| (*t, false)));
    rule(&mut out, '╞', '═', '╪', '╡');
    for row in text {
        // A wrapped cell takes several lines; the row's other cells are blank below theirs.
        let height = row.iter().map(|s| s.split('\n').count()).max().unwrap_or(1);
        let mut lines: Vec<std::str::Split<char>> = row.iter().map(|s| s.split('\n')).collect();
        for _ in 0..height {
            let mut cells = lines
                .iter_mut()
                .zip(columns)
                .map(|(l, c)| (l.next().unwrap_or(""), *c == Column::DaysOverdue));
            line(&mut out, &mut cells);
        }
    }
    rule(&mut out, '╰', '─', '┴', '╯');
    out
}

fn cell_text(row: &Row, c: Column) -> String {
    match c {
        Column::Id => row.id(),
        // A shared action shows its lead and how many share it: "PCT +2".
        Column::Agency => match row.agencies().len() {
            1 => row.agency().to_string(),
            n => format!("{} +{}", row.agency(), n - 1),
        },
        Column::Lead => flatten(row.action.lead.as_deref().unwrap_or("–")),
        Column::Due => row.action.due.map_or("–".into(), |d| d.to_string()),
        Column::DaysOverdue => row
            .eval
            .days_overdue
            .map_or(String::new(), |d| d.to_string()),
        Column::State => row.eval.state.to_string(),
        Column::Status => row.action.status.map_or("–", |s| s.as_str()).to_string(),
        Column::Description => flatten(&row.action.description),
    }
}

/// Cuts text to `max` characters, marking the cut with an ellipsis.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

    fn comfy(titles: &[&str], columns: &[Column], text: &[Vec<String>]) -> String {
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED)
            .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS)
            .set_content_arrangement(ContentArrangement::Disabled)
            .force_no_tty()
            .set_header(titles.to_vec());
        for row in text {
            t.add_row(row.iter().zip(columns).map(|(s, c)| {
                let cell = Cell::new(s);
                if *c == Column::DaysOverdue {
                    cell.set_alignment(CellAlignment::Right)
                } else {
                    cell
                }
            }));
        }
        format!("{t}\n")
    }

    #[test]
    fn plain_tables_are_comfy_tables() {
        let columns = [
            Column::Id,
            Column::DaysOverdue,
            Column::Lead,
            Column::Description,
        ];
        let titles: Vec<&str> = columns.iter().map(|c| c.title()).collect();
        let rows = [
            ["wm-2011/21.1", "122", "Named nurse", "Audit the records"],
            ["x/1.10", "3", "", "Wide: 日本語 and é and 🙂 and tab\there"],
            ["x/2.1", "", "Ann – Lead…", ""],
            ["x/2.2", "", "bell\u{7} and tab\there", "escape \u{1b}[31m"],
            [
                "x/3.1",
                "12",
                "Lead",
                "a description\nwrapped onto\nthree lines",
            ],
        ];
        let text: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect();
        assert_eq!(
            plain(&titles, &columns, &text),
            comfy(&titles, &columns, &text)
        );
        assert_eq!(
            plain(&titles, &columns, &text[..1]),
            comfy(&titles, &columns, &text[..1])
        );
    }
}
