//! `sct changes --since … [--until …]`: what moved between two board meetings.

use crate::cli::{ChangesArgs, Format};
use crate::config::Config;
use crate::git::changes::{between, Changes};
use crate::git::repo::{Commit, Repo};
use crate::git::snapshot::Snapshot;
use crate::plan::query::Filter;
use crate::plan::status::Rules;
use crate::render::json::to_json;
use crate::render::table::{finish, fit, new_table, Give};
use crate::Output;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
struct End {
    /// As given: a date or a revision; "working tree" for the present files.
    spec: String,
    commit: Option<Commit>,
    /// The day states are judged as at.
    day: NaiveDate,
}

#[derive(Serialize)]
struct Report {
    since: End,
    until: End,
    #[serde(flatten)]
    changes: Changes,
}

pub fn run(config: &Config, args: &ChangesArgs) -> anyhow::Result<Output> {
    if config.at.is_some() {
        anyhow::bail!("`sct changes` takes its two points with --since and --until, not --at");
    }
    super::refuse_personal_data(config)?;
    let repo = Repo::discover(&config.plans)?;
    let (since_snap, since) = at(&repo, config, &args.since)?;
    let (until_snap, until) = match &args.until {
        Some(spec) => at(&repo, config, spec)?,
        None => (
            Snapshot::working(&config.plans, config.repo_root())?,
            End {
                spec: "working tree".into(),
                commit: None,
                day: config.rules.today,
            },
        ),
    };
    let filter = Filter::from(&args.filter);
    filter.check_review(&until_snap.loaded.plans)?;
    let slips = crate::git::history::read(&repo, None, args.filter.review.as_deref())?.slips();
    let rules = |day| Rules {
        today: day,
        soon_days: config.rules.soon_days,
    };
    let changes = between(
        &since_snap.loaded.plans,
        &rules(since.day),
        &until_snap.loaded.plans,
        &rules(until.day),
        &filter,
        &slips,
    );
    let mut stderr = String::new();
    for (snap, end) in [(&since_snap, &since), (&until_snap, &until)] {
        let broken = snap.loaded.diagnostics.len();
        if broken > 0 {
            stderr.push_str(&format!(
                "sct: warning: {broken} problem{} reading the plans at {}; what those files hold is left out\n",
                if broken == 1 { "" } else { "s" },
                end.spec
            ));
        }
    }
    let report = Report {
        since,
        until,
        changes,
    };
    let stdout = match config.format {
        Format::Json => to_json(&report),
        _ => table(config, &report),
    };
    Ok(Output {
        stdout,
        stderr,
        code: 0,
    })
}

/// A snapshot at a date or revision; a date is also the day states are judged as at.
fn at(repo: &Repo, config: &Config, spec: &str) -> anyhow::Result<(Snapshot, End)> {
    let commit = repo.resolve(spec)?;
    let day = crate::plan::date::parse_day(spec).unwrap_or_else(|_| commit.committed.date_naive());
    let snap = Snapshot::at(repo, commit.clone(), &config.plans)?;
    Ok((
        snap,
        End {
            spec: spec.to_string(),
            commit: Some(commit),
            day,
        },
    ))
}

fn describe(end: &End) -> String {
    match &end.commit {
        Some(c) => format!("{} (commit {}, as at {})", end.spec, c.short(), end.day),
        None => format!("the working tree (as at {})", end.day),
    }
}

fn table(config: &Config, r: &Report) -> String {
    let c = &r.changes;
    let mut s = format!(
        "Changes from {}\n          to {}\n",
        describe(&r.since),
        describe(&r.until)
    );
    let total = c.completed.len()
        + c.newly_overdue.len()
        + c.evidence_added.len()
        + c.slipped.len()
        + c.recommendations_added.len()
        + c.recommendations_removed.len();
    if total == 0 {
        s.push_str("\nNothing moved.\n");
        return s;
    }
    let one = |t: &str| crate::guard::text::one_line(t, 90);
    let opt =
        |d: &Option<crate::plan::date::PlanDate>| d.map_or("none".to_string(), |d| d.to_string());
    let mut t = new_table(&config.style, &["Change", "ID", "Agency", "Detail"]);
    for m in &c.completed {
        t.add_row(vec![
            crate::render::table::cell("completed"),
            crate::render::table::cell(&m.action),
            crate::render::table::cell(&m.agency),
            crate::render::table::cell(one(&m.description)),
        ]);
    }
    for m in &c.newly_overdue {
        let detail = format!("due {}; {}", opt(&m.due), one(&m.description));
        t.add_row(vec![
            crate::render::table::cell("newly overdue"),
            crate::render::table::cell(&m.action),
            crate::render::table::cell(&m.agency),
            crate::render::table::cell(detail),
        ]);
    }
    for s in &c.slipped {
        let detail = format!(
            "{} → {} (slipped {} time{} in all)",
            opt(&s.from),
            opt(&s.to),
            s.slips_in_all,
            if s.slips_in_all == 1 { "" } else { "s" }
        );
        t.add_row(vec![
            crate::render::table::cell("due date slipped"),
            crate::render::table::cell(&s.action),
            crate::render::table::cell(&s.agency),
            crate::render::table::cell(detail),
        ]);
    }
    for e in &c.evidence_added {
        t.add_row(vec![
            crate::render::table::cell("evidence added"),
            crate::render::table::cell(&e.action),
            crate::render::table::cell(&e.agency),
            crate::render::table::cell(one(&e.text)),
        ]);
    }
    for id in &c.recommendations_added {
        t.add_row(vec![
            crate::render::table::cell("recommendation added"),
            crate::render::table::cell(id),
            crate::render::table::cell(""),
            crate::render::table::cell(""),
        ]);
    }
    for id in &c.recommendations_removed {
        t.add_row(vec![
            crate::render::table::cell("recommendation removed"),
            crate::render::table::cell(id),
            crate::render::table::cell(""),
            crate::render::table::cell(""),
        ]);
    }
    fit(
        &mut t,
        &config.style,
        &[Give::Never, Give::Never, Give::Drop(1), Give::Wrap],
    );
    s.push_str(&finish(t));
    s
}
