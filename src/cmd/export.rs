//! `sct export csv`: see `crate::formats::export`.

use crate::cli::ExportCommand;
use crate::config::Config;
use crate::guard::write_file;
use crate::plan::query::Filter;
use crate::Output;

pub fn run(config: &Config, cmd: &ExportCommand) -> anyhow::Result<Output> {
    let ExportCommand::Csv(a) = cmd;
    let plans = super::load_valid(config)?;
    Filter {
        review: a.review.clone(),
        ..Default::default()
    }
    .check_review(&plans)?;
    let (text, rows) = crate::formats::export::csv(&plans, a.review.as_deref())?;
    match &a.output {
        None => Ok(Output::stdout(text)),
        Some(path) => {
            write_file(path, &text)?;
            Ok(Output::stdout(format!(
                "wrote {} ({rows} rows)\n",
                path.display()
            )))
        }
    }
}
