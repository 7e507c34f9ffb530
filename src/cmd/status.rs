//! `sct status`: how many actions are in each state, per review or per agency.

use crate::cli::{By, Format, StatusArgs};
use crate::config::Config;
use crate::plan::query::{status_rows, Counts, Filter};
use crate::plan::status::State;
use crate::render::json::to_json;
use crate::render::table::{count, finish, fit, new_table, number, Give};
use crate::render::{csv, markdown};
use crate::Output;

pub fn run(config: &Config, args: &StatusArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let filter = Filter {
        review: args.review.clone(),
        agency: args.agency.clone(),
        kind: args.kind,
        ..Default::default()
    };
    let rows = status_rows(&plans, &config.rules, &filter, args.by == By::Agency)?;
    if config.format == Format::Json {
        return Ok(Output::stdout(to_json(&rows)));
    }
    let by_agency = args.by == By::Agency;
    let as_at = config.rules.today.format("%-d %B %Y");
    match config.format {
        Format::Csv => return Ok(Output::stdout(csv::status(&rows, by_agency))),
        Format::Markdown => {
            let table = markdown::status(&rows, by_agency);
            return Ok(Output::stdout(format!("As at {as_at}.\n\n{table}")));
        }
        _ => {}
    }
    let mut header = vec!["Review"];
    if by_agency {
        header.push("Agency");
    }
    header.extend([
        "Actions",
        "Completed",
        "Overdue",
        "Due soon",
        "Pending",
        "Ongoing",
        "% complete",
    ]);
    let mut t = new_table(&config.style, &header);
    let mut total = Counts::default();
    for r in &rows {
        let mut cells = vec![crate::render::table::cell(r.review_shown())];
        if let Some(a) = &r.agency {
            cells.push(crate::render::table::cell(a));
        }
        cells.extend(count_cells(config, &r.counts));
        t.add_row(cells);
        total.merge(&r.counts);
    }
    if rows.len() > 1 {
        let mut cells = vec![crate::render::table::cell("Total")];
        if by_agency {
            cells.push(crate::render::table::cell(""));
        }
        cells.extend(count_cells(config, &total));
        t.add_row(cells);
    }
    // On a narrow terminal the counts a board reads last give way first.
    let mut give = vec![Give::Never];
    if by_agency {
        give.push(Give::Never);
    }
    give.extend([
        Give::Never,
        Give::Drop(4),
        Give::Never,
        Give::Drop(3),
        Give::Drop(2),
        Give::Drop(1),
        Give::Drop(5),
    ]);
    fit(&mut t, &config.style, &give);
    let mut s = format!("As at {as_at}\n");
    s.push_str(&finish(t));
    Ok(Output::stdout(s))
}

fn count_cells(config: &Config, c: &Counts) -> Vec<comfy_table::Cell> {
    vec![
        number(c.total),
        count(&config.style, c.completed, State::Completed),
        count(&config.style, c.overdue, State::Overdue),
        count(&config.style, c.due_soon, State::DueSoon),
        count(&config.style, c.pending, State::Pending),
        number(c.ongoing),
        number(
            c.percent_complete()
                .map_or("–".to_string(), |p| format!("{p}%")),
        ),
    ]
}
