//! `sct report`: the board's progress report, in Markdown, HTML, CSV or JSON.

use crate::cli::{Format, ReportArgs};
use crate::config::Config;
use crate::git::repo::Repo;
use crate::git::snapshot::Snapshot;
use crate::guard::write_file;
use crate::plan::status::Rules;
use crate::render::{csv, html, json::to_json, markdown};
use crate::report::since::point;
use crate::report::{build, Report, Scope, Slips};
use crate::Output;
use anyhow::Context;
use chrono::NaiveDate;
use std::path::Path;

pub fn run(config: &Config, args: &ReportArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let scope = Scope {
        review: args.review.clone(),
        agency: args.agency.clone(),
        kind: args.kind,
    };
    let format = resolve(config.format, args.output.as_deref());
    // The history, when the plans are in git: slips for the grading, the timeline, --since.
    let repo = match (args.no_history, Repo::discover(&config.plans)) {
        (false, Ok(r)) if r.has_commits()? => Some(r),
        (_, Err(e)) if args.since.is_some() => return Err(e),
        _ => None,
    };
    let history = match &repo {
        Some(r) => Some(crate::git::history::read(r, None, args.review.as_deref())?),
        None => None,
    };
    let until = config.at_commit.get();
    let slips = history
        .as_ref()
        .map_or_else(Slips::new, |h| h.slips_until(until));
    let mut report = build(&plans, &config.rules, &scope, &slips)?;
    if let (Some(repo), Some(spec)) = (&repo, &args.since) {
        let commit = repo.resolve(spec)?;
        let day =
            crate::plan::date::parse_day(spec).unwrap_or_else(|_| commit.committed.date_naive());
        let then = report_at(repo, config, commit, day, &scope, &slips)?;
        crate::report::since::attach(&mut report, &then, spec);
    }
    if let (Some(repo), true) = (&repo, format != Format::Csv) {
        timeline(repo, config, &scope, &slips, &mut report)?;
    }
    let text = render(&report, format);
    let Some(path) = &args.output else {
        return Ok(Output::stdout(text));
    };
    write_file(path, &text)
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

/// The report as it would have been on `day`, from the plans in `commit`.
fn report_at(
    repo: &Repo,
    config: &Config,
    commit: crate::git::repo::Commit,
    day: NaiveDate,
    scope: &Scope,
    slips: &Slips,
) -> anyhow::Result<Report> {
    let snap = Snapshot::at(repo, commit, &config.plans)?;
    let rules = Rules {
        today: day,
        soon_days: config.rules.soon_days,
    };
    // A review or agency that did not exist yet is simply absent then.
    let scope = Scope {
        review: scope
            .review
            .clone()
            .filter(|r| snap.loaded.plans.reviews.iter().any(|x| &x.id == r)),
        agency: scope.agency.clone(),
        kind: scope.kind,
    };
    build(&snap.loaded.plans, &rules, &scope, slips)
}

/// Open and overdue actions at each quarter's end of the last three years (as the plans
/// stood then), and today.
fn timeline(
    repo: &Repo,
    config: &Config,
    scope: &Scope,
    slips: &Slips,
    report: &mut Report,
) -> anyhow::Result<()> {
    let today = config.rules.today;
    let mut days = Vec::new();
    let mut d = today;
    for _ in 0..12 {
        d = quarter_end_before(d);
        days.push(d);
    }
    days.reverse();
    for day in days {
        let Ok(commit) = repo.resolve(&day.to_string()) else {
            continue; // before the history starts
        };
        let then = report_at(repo, config, commit, day, scope, slips)?;
        for r in &mut report.reviews {
            if let Some(t) = then.reviews.iter().find(|t| t.id == r.id) {
                r.timeline.push(point(t, day));
            }
        }
    }
    for r in &mut report.reviews {
        if !r.timeline.is_empty() {
            let now = point(r, today);
            r.timeline.push(now);
        }
    }
    Ok(())
}

/// The last day of the quarter before the one holding `d` (31 Mar, 30 Jun, 30 Sep, 31 Dec).
fn quarter_end_before(d: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let q_start_month = (d.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(d.year(), q_start_month, 1)
        .and_then(|s| s.pred_opt())
        .unwrap_or(d)
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
