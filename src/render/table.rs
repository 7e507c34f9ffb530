//! Tables in the plans' own colour key: red overdue, amber due soon, green pending,
//! dimmed completed.

use crate::plan::status::State;
use crate::render::Style;
use comfy_table::{
    presets, Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table,
    Width,
};

pub fn new_table(style: &Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS);
    match style.width {
        Some(w) => {
            t.set_width(w)
                .set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    let cells: Vec<Cell> = header
        .iter()
        .map(|h| {
            let c = Cell::new(h);
            if style.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        })
        .collect();
    t.set_header(cells);
    t
}

/// A table cell of text from plans or git: the terminal sanitiser first, so that the
/// table's widths are those of what is shown. (`lib.rs::run` sanitises everything printed
/// again; this keeps the columns aligned, and keeps colour sequences out when colour is on.)
pub fn cell(text: impl ToString) -> Cell {
    Cell::new(crate::guard::sanitise::terminal(&text.to_string()))
}

pub fn state_color(state: State) -> Option<Color> {
    match state {
        State::Overdue => Some(Color::Red),
        State::DueSoon => Some(Color::AnsiValue(214)),
        State::Pending => Some(Color::Green),
        State::Ongoing | State::Completed => None,
    }
}

/// A cell painted for an action's state.
pub fn painted(style: &Style, text: impl ToString, state: State) -> Cell {
    let cell = self::cell(text);
    if !style.color {
        return cell;
    }
    match (state_color(state), state) {
        (Some(c), _) => cell.fg(c),
        (None, State::Completed) => cell.add_attribute(Attribute::Dim),
        _ => cell,
    }
}

pub fn number(n: impl ToString) -> Cell {
    Cell::new(n.to_string()).set_alignment(CellAlignment::Right)
}

/// A count, painted in its state's colour when it is not zero.
pub fn count(style: &Style, n: usize, state: State) -> Cell {
    if n == 0 || !style.color {
        number(n)
    } else {
        painted(style, n, state).set_alignment(CellAlignment::Right)
    }
}

pub fn finish(t: Table) -> String {
    let mut s = t.to_string();
    s.push('\n');
    s
}

/// How a column gives way when a table is wider than the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Give {
    /// Never cut or split (IDs, dates, states, counts): it keeps its content's width.
    Never,
    /// Hidden when the table does not fit; the lowest rank goes first.
    Drop(u8),
    /// Cut with "…" down to `min` characters before any column is dropped, then dropped
    /// at `rank` like `Drop`.
    Cut { min: usize, rank: u8 },
    /// Wraps at word boundaries (free text), down to `MIN_WRAP`.
    Wrap,
}

/// The narrowest a wrapping column is made before columns are dropped instead; wider
/// than any header word sct draws, so a header is never split.
pub const MIN_WRAP: usize = 12;

/// The width a wrapping column is given before a cut column may grow past its minimum.
const FAIR_WRAP: usize = 30;

/// Which columns to show, and how wide, so that a table whose columns are `natural` wide
/// (content and header) fits `width`; the frame takes three characters a column and one
/// more. Whole columns keep their width; `Cut` columns shrink, then `Drop` and `Cut`
/// columns go, lowest rank first; `Wrap` columns share what is left.
pub fn plan_widths(width: usize, natural: &[usize], give: &[Give]) -> Vec<Option<usize>> {
    let n = natural.len();
    let least = |i: usize| match give[i] {
        Give::Wrap => natural[i].min(MIN_WRAP),
        Give::Cut { min, .. } => natural[i].min(min),
        _ => natural[i],
    };
    let mut shown: Vec<bool> = vec![true; n];
    let need = |shown: &[bool]| -> usize {
        let cols = shown.iter().filter(|s| **s).count();
        (0..n).filter(|i| shown[*i]).map(least).sum::<usize>() + 3 * cols + 1
    };
    let mut drops: Vec<(u8, usize)> = give
        .iter()
        .enumerate()
        .filter_map(|(i, g)| match g {
            Give::Drop(rank) | Give::Cut { rank, .. } => Some((*rank, i)),
            _ => None,
        })
        .collect();
    drops.sort();
    for (_, i) in drops {
        if need(&shown) <= width {
            break;
        }
        shown[i] = false;
    }
    let mut out: Vec<Option<usize>> = (0..n).map(|i| shown[i].then_some(natural[i])).collect();
    let cols = shown.iter().filter(|s| **s).count();
    let whole: usize = (0..n)
        .filter(|i| shown[*i] && matches!(give[*i], Give::Never | Give::Drop(_)))
        .map(|i| natural[i])
        .sum();
    let mut left = width.saturating_sub(whole + 3 * cols + 1);
    let wraps: Vec<usize> = (0..n)
        .filter(|i| shown[*i] && give[*i] == Give::Wrap)
        .collect();
    let cuts: Vec<usize> = (0..n)
        .filter(|i| shown[*i] && matches!(give[*i], Give::Cut { .. }))
        .collect();
    // Cut columns grow past their minimum only once free text has a fair width.
    let fair: usize = wraps.iter().map(|i| natural[*i].min(FAIR_WRAP)).sum();
    let mut cut_least: usize = cuts.iter().map(|i| least(*i)).sum();
    for &i in &cuts {
        cut_least -= least(i);
        let room = left.saturating_sub(fair + cut_least);
        let w = room.clamp(least(i), natural[i]);
        out[i] = Some(w);
        left = left.saturating_sub(w);
    }
    // What is left goes to the wrapping columns, in proportion to their natural widths.
    let total: usize = wraps.iter().map(|i| natural[*i]).sum();
    if total > left {
        let mut rest = wraps.len();
        for i in wraps {
            let share = if rest == 1 {
                left
            } else {
                left * natural[i] / total.max(1)
            };
            let w = share.clamp(least(i), natural[i]);
            out[i] = Some(w);
            left = left.saturating_sub(w);
            rest -= 1;
        }
    }
    out
}

/// Fits a comfy-table to the style's width by `give`, one per column; piped output (no
/// width) is never cut or wrapped.
pub fn fit(t: &mut Table, style: &Style, give: &[Give]) {
    let Some(width) = style.width else {
        t.set_content_arrangement(ContentArrangement::Disabled);
        return;
    };
    let natural: Vec<usize> = t
        .column_max_content_widths()
        .into_iter()
        .map(usize::from)
        .collect();
    let widths = plan_widths(usize::from(width), &natural, give);
    // With every width fixed here, comfy-table only wraps cells longer than their column,
    // at spaces: a whole column never is.
    t.set_content_arrangement(ContentArrangement::Disabled);
    for (i, w) in widths.iter().enumerate() {
        let Some(column) = t.column_mut(i) else {
            continue;
        };
        column.set_constraint(match w {
            None => ColumnConstraint::Hidden,
            Some(w) => ColumnConstraint::Absolute(Width::Fixed(*w as u16 + 2)),
        });
    }
}
