//! `sct export csv` (see `crate::formats::export`) and `sct export xlsx`, the return
//! workbook (see `crate::formats::xlsx`).

use crate::cli::{ExportCommand, ExportXlsxArgs};
use crate::config::Config;
use crate::guard::write_file;
use crate::plan::query::{rows, Filter};
use crate::plan::status::State;
use crate::Output;

pub fn run(config: &Config, cmd: &ExportCommand) -> anyhow::Result<Output> {
    let a = match cmd {
        ExportCommand::Csv(a) => a,
        ExportCommand::Xlsx(a) => return xlsx(config, a),
    };
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

fn xlsx(config: &Config, a: &ExportXlsxArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let filter = Filter {
        review: a.review.clone(),
        agency: a.agency.clone(),
        ..Default::default()
    };
    filter.check_review(&plans)?;
    if let Some(code) = &a.agency {
        let known = plans.reviews.iter().any(|r| {
            r.meta
                .as_ref()
                .is_some_and(|m| m.agencies.keys().any(|k| k.eq_ignore_ascii_case(code)))
        });
        if !known {
            anyhow::bail!("no review declares the agency `{code}`: see [agencies] in review.toml");
        }
    }
    // Open actions only: what is completed or signed off needs no return.
    let open: Vec<_> = rows(&plans, &config.rules, &filter)
        .into_iter()
        .filter(|r| r.eval.state != State::Completed && !r.signed_off())
        .collect();
    let built = crate::formats::xlsx::return_workbook(&open, config.rules.today)?;
    crate::guard::write_document(&a.output, &built.bytes, &built.texts)?;
    Ok(Output::stdout(format!(
        "wrote {} ({} open action{})\n",
        a.output.display(),
        built.rows,
        if built.rows == 1 { "" } else { "s" }
    )))
}
