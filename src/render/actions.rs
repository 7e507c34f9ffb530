//! The action tables of `list` and `overdue`: one line per action, the description cut
//! to the width left, so that a long plan still scans.

use crate::guard::text::flatten;
use crate::plan::query::Row;
use crate::render::table::{finish, new_table, number, painted};
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

pub fn table(style: &Style, rows: &[Row], columns: &[Column]) -> String {
    let titles: Vec<&str> = columns.iter().map(|c| c.title()).collect();
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
    let widths = fit(style.width, &titles, columns, &text);
    let text: Vec<Vec<String>> = text
        .into_iter()
        .map(|row| {
            row.into_iter()
                .zip(&widths)
                .map(|(s, w)| match w {
                    Some(w) => truncate(&s, *w),
                    None => s,
                })
                .collect()
        })
        .collect();
    // comfy-table takes seconds over a national plan's 100,000 rows; a plain table is
    // drawn here, the same to the byte. Colour, or a cell it would split into lines, goes
    // through comfy-table.
    if !style.color && !text.iter().flatten().any(|s| s.contains('\n')) {
        return plain(&titles, columns, &text);
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
    // Most plan text is ASCII, one column a byte, as comfy-table counts it too (control
    // characters included: the test below); the Unicode tables are for the rest.
    fn width(s: &str) -> usize {
        if s.is_ascii() {
            s.len()
        } else {
            unicode_width::UnicodeWidthStr::width(s)
        }
    }
    let mut widths: Vec<usize> = titles.iter().map(|t| width(t)).collect();
    for row in text {
        for (w, s) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(s));
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
            let pad = w - width(s);
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
        let mut cells = row
            .iter()
            .zip(columns)
            .map(|(s, c)| (s.as_str(), *c == Column::DaysOverdue));
        line(&mut out, &mut cells);
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

const MIN_DESCRIPTION: usize = 30;

/// The widest each column may be so that every row stays on one line of `width`: IDs,
/// dates and states whole, the lead capped, the description given what is left.
fn fit(
    width: Option<u16>,
    titles: &[&str],
    columns: &[Column],
    text: &[Vec<String>],
) -> Vec<Option<usize>> {
    let Some(width) = width else {
        return vec![None; columns.len()];
    };
    let natural: Vec<usize> = (0..columns.len())
        .map(|i| {
            text.iter()
                .map(|r| r[i].chars().count())
                .chain([titles[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut caps: Vec<Option<usize>> = columns
        .iter()
        .zip(&natural)
        .map(|(c, n)| match c {
            Column::Lead => Some((*n).min(24)),
            Column::Agency => Some((*n).min(12)),
            _ => None,
        })
        .collect();
    // Borders: "│ " before each column, " " after, and the closing "│".
    let frame = 3 * columns.len() + 1;
    let fixed: usize = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| **c != Column::Description)
        .map(|(i, _)| caps[i].unwrap_or(natural[i]))
        .sum();
    if let Some(d) = columns.iter().position(|c| *c == Column::Description) {
        let mut left = usize::from(width).saturating_sub(frame + fixed);
        // On a narrow terminal the lead gives way first, down to 12 characters.
        if let Some(l) = columns.iter().position(|c| *c == Column::Lead) {
            let lead = caps[l].unwrap_or(natural[l]);
            let give = MIN_DESCRIPTION
                .saturating_sub(left)
                .min(lead.saturating_sub(12));
            caps[l] = Some(lead - give);
            left += give;
        }
        caps[d] = Some(left.max(titles[d].len()).max(12));
    }
    caps
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
