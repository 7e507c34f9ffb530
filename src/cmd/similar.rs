//! `sct similar`: pairs of recommendations that say much the same thing.

use crate::cli::{Format, SimilarArgs};
use crate::config::Config;
use crate::learn::similar::{Doc, Index, DEFAULT_MIN};
use crate::plan::query::Filter;
use crate::render::json::to_json;
use crate::render::learn::similar_text;
use crate::Output;

pub fn run(config: &Config, args: &SimilarArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    Filter {
        review: args.review.clone(),
        ..Default::default()
    }
    .check_review(&plans)?;
    let index = Index::build(&plans, &config.rules);
    let review = args.review.as_deref();
    let keep = |a: &Doc, b: &Doc| review.is_none_or(|r| a.review.id == r || b.review.id == r);
    let pairs = index.pairs(args.min.unwrap_or(DEFAULT_MIN), &keep);
    let stdout = match config.format {
        Format::Json => {
            let records: Vec<_> = pairs.iter().map(|p| index.record(p)).collect();
            to_json(&records)
        }
        _ => similar_text(&config.style, &index, &pairs),
    };
    Ok(Output::stdout(stdout))
}
