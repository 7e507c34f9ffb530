//! The action tables of `list` and `overdue`: one line per action, the description cut
//! to the width left, so that a long plan still scans.

use crate::config::Config;
use crate::query::Row;
use crate::render::table::{finish, new_table, number, painted};
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

pub fn table(config: &Config, rows: &[Row], columns: &[Column]) -> String {
    let titles: Vec<&str> = columns.iter().map(|c| c.title()).collect();
    let text: Vec<Vec<String>> = rows
        .iter()
        .map(|row| columns.iter().map(|c| cell_text(row, *c)).collect())
        .collect();
    let widths = fit(config.width, &titles, columns, &text);
    let mut t = new_table(config, &titles);
    t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    for (row, texts) in rows.iter().zip(text) {
        let state = row.eval.state;
        let cells: Vec<Cell> = columns
            .iter()
            .zip(texts)
            .zip(&widths)
            .map(|((c, s), w)| {
                let s = match w {
                    Some(w) => truncate(&s, *w),
                    None => s,
                };
                match c {
                    Column::Id | Column::State => painted(config, s, state),
                    Column::DaysOverdue => number(s),
                    _ => Cell::new(s),
                }
            })
            .collect();
        t.add_row(cells);
    }
    finish(t)
}

fn cell_text(row: &Row, c: Column) -> String {
    match c {
        Column::Id => row.id(),
        Column::Agency => row.agency().to_string(),
        Column::Lead => one_line(row.action.lead.as_deref().unwrap_or("–")),
        Column::Due => row.action.due.map_or("–".into(), |d| d.to_string()),
        Column::DaysOverdue => row
            .eval
            .days_overdue
            .map_or(String::new(), |d| d.to_string()),
        Column::State => row.eval.state.to_string(),
        Column::Status => row.action.status.map_or("–", |s| s.as_str()).to_string(),
        Column::Description => one_line(&row.action.description),
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

/// Table cells hold one line: the plans' multi-line text is folded.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
