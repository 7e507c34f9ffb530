//! `sct overdue`: what is late, most overdue first.

use crate::cli::{FilterArgs, Format};
use crate::config::Config;
use crate::plan::query::{rows, ActionRecord, Filter};
use crate::plan::status::State;
use crate::render::actions::{table, tsv, Column};
use crate::render::json::to_json;
use crate::render::{csv, markdown};
use crate::report::items;
use crate::Output;

pub fn run(config: &Config, args: &FilterArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let filter = Filter {
        states: vec![State::Overdue],
        ..Filter::from(args)
    };
    filter.check_review(&plans)?;
    let mut rows = rows(&plans, &config.rules, &filter);
    // Stable: equally late actions keep plan order.
    rows.sort_by_key(|r| std::cmp::Reverse(r.eval.days_overdue));
    if config.format == Format::Json {
        let records: Vec<ActionRecord> = rows.iter().map(ActionRecord::from).collect();
        return Ok(Output::stdout(to_json(&records)));
    }
    if config.format == Format::Csv {
        return Ok(Output::stdout(csv::actions(&items(&rows), false)));
    }
    let cols = [
        Column::Id,
        Column::Agency,
        Column::Lead,
        Column::Due,
        Column::DaysOverdue,
        Column::Description,
    ];
    if config.format == Format::Tsv {
        return Ok(Output::stdout(tsv(&rows, &cols)));
    }
    let today = config.rules.today.format("%-d %B %Y");
    if rows.is_empty() {
        return Ok(Output::stdout(format!("Nothing overdue as at {today}.\n")));
    }
    if config.format == Format::Markdown {
        let mut s = format!(
            "{} overdue action{} as at {today}.\n\n",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        );
        s.push_str(&markdown::actions(&items(&rows), true));
        return Ok(Output::stdout(s));
    }
    let mut s = format!(
        "{} overdue action{} as at {today}\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    s.push_str(&table(&config.style, &rows, &cols));
    Ok(Output::stdout(s))
}
