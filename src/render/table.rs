//! Tables in the plans' own colour key: red overdue, amber due soon, green pending,
//! dimmed completed.

use crate::plan::status::State;
use crate::render::Style;
use comfy_table::{presets, Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

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
