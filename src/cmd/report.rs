//! `sct report`: the board's progress report, in Markdown, HTML, CSV or JSON.

use crate::cli::{Format, ReportArgs};
use crate::config::Config;
use crate::render::{csv, html, json::to_json, markdown};
use crate::report::{build, Report, Scope, Slips};
use crate::write::write_atomic;
use crate::Output;
use anyhow::Context;
use std::path::Path;

pub fn run(config: &Config, args: &ReportArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let scope = Scope {
        review: args.review.clone(),
        agency: args.agency.clone(),
    };
    // Times each action's due date moved, from the git history; empty without it.
    let slips = Slips::new();
    let report = build(&plans, &config.rules, &scope, &slips)?;
    let format = resolve(config.format, args.output.as_deref());
    let text = render(&report, format);
    let Some(path) = &args.output else {
        return Ok(Output::stdout(text));
    };
    write_atomic(path, text.as_bytes())
        .with_context(|| format!("cannot write the report to `{}`", path.display()))?;
    let actions: usize = report.reviews.iter().map(|r| r.actions.len()).sum();
    Ok(Output {
        stderr: format!(
            "Wrote the {} report ({} review{}, {actions} action{}) to {}\n",
            format.as_str(),
            report.reviews.len(),
            if report.reviews.len() == 1 { "" } else { "s" },
            if actions == 1 { "" } else { "s" },
            path.display()
        ),
        ..Default::default()
    })
}

/// The format to write: the one asked for; by default Markdown, or what -o's extension
/// says.
pub fn resolve(format: Format, output: Option<&Path>) -> Format {
    if format != Format::Table {
        return format;
    }
    let ext = output
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => Format::Html,
        Some("csv") => Format::Csv,
        Some("json") => Format::Json,
        _ => Format::Markdown,
    }
}

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Html => html::report(report),
        Format::Csv => csv::report(report),
        Format::Json => to_json(report),
        _ => markdown::report(report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_extension_picks_the_default_format() {
        let f = |p: &str| resolve(Format::Table, Some(Path::new(p)));
        assert_eq!(f("q2.HTML"), Format::Html);
        assert_eq!(f("q2.csv"), Format::Csv);
        assert_eq!(f("q2.json"), Format::Json);
        assert_eq!(f("q2.md"), Format::Markdown);
        assert_eq!(f("q2"), Format::Markdown);
        assert_eq!(resolve(Format::Table, None), Format::Markdown);
        assert_eq!(
            resolve(Format::Csv, Some(Path::new("q2.html"))),
            Format::Csv
        );
    }
}
