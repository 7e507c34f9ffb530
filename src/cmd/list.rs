//! `sct list`: every action with its derived state.

use crate::cli::{Format, ListArgs};
use crate::config::Config;
use crate::plan::query::{rows, ActionRecord, Filter};
use crate::render::actions::{table, tsv, Column};
use crate::render::json::to_json;
use crate::render::{csv, markdown};
use crate::report::items;
use crate::Output;

pub fn run(config: &Config, args: &ListArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let filter = Filter {
        states: args.state.clone(),
        ..Filter::from(&args.filter)
    };
    filter.check_review(&plans)?;
    let rows = rows(&plans, &config.rules, &filter);
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
        Column::Due,
        Column::State,
        Column::Status,
        Column::Lead,
        Column::Description,
    ];
    if config.format == Format::Tsv {
        return Ok(Output::stdout(tsv(&rows, &cols)));
    }
    if rows.is_empty() {
        return Ok(Output::stdout("No action matches.\n".to_string()));
    }
    if config.format == Format::Markdown {
        return Ok(Output::stdout(markdown::actions(&items(&rows), false)));
    }
    Ok(Output::stdout(table(&config.style, &rows, &cols)))
}
