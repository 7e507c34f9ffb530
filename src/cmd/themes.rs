//! `sct themes`: per practice theme, what the plans hold of it.

use crate::cli::{Format, ThemesArgs};
use crate::config::Config;
use crate::learn::themes::summarise;
use crate::plan::query::Filter;
use crate::render::json::to_json;
use crate::render::learn::{themes_csv, themes_markdown, themes_table};
use crate::Output;

pub fn run(config: &Config, args: &ThemesArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let filter = Filter {
        review: args.review.clone(),
        agency: args.agency.clone(),
        ..Default::default()
    };
    filter.check_review(&plans)?;
    let rows = summarise(&plans, &config.rules, &filter);
    let stdout = match config.format {
        Format::Json => to_json(&rows),
        Format::Csv => themes_csv(&rows),
        Format::Markdown => themes_markdown(&rows),
        _ => themes_table(&config.style, &rows),
    };
    Ok(Output::stdout(stdout))
}
