//! `sct check`: every problem in every file, then one verdict.

use crate::cli::{CheckArgs, Format};
use crate::config::Config;
use crate::exit;
use crate::git::audit::{audit, uncommitted_documents, Limits};
use crate::git::repo::Repo;
use crate::guard::privacy::Scanner;
use crate::plan::diag::{kind, render, Located, Severity};
use crate::plan::load::Scan;
use crate::plan::validate::validate;
use crate::render::json::to_json;
use crate::Output;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    errors: usize,
    warnings: usize,
    /// Notes for the board (a recommendation made before): never a fault.
    notes: usize,
    files: usize,
    reviews: usize,
    recommendations: usize,
    actions: usize,
    problems: &'a [crate::plan::diag::Located],
}

pub fn run(config: &Config, args: &CheckArgs) -> anyhow::Result<Output> {
    // The list of this run (SCT_FORBID) is read once, by config; --forbid may name another.
    let own;
    let scanner: &Scanner = match &args.forbid {
        Some(path) if Some(path) == config.forbid.as_ref() && config.forbid_error.is_none() => {
            crate::guard::privacy::active()
        }
        Some(path) => {
            own = private_list(path)?;
            &own
        }
        None => crate::guard::privacy::builtin(),
    };
    let run = super::privacy_rule(scanner, &config.plans);
    let scan = Scan {
        run: &run,
        key: scanner.key(),
    };
    let snap = super::open_snapshot(config, Some(scan))?;
    let loaded = &snap.loaded;
    let mut diags = loaded.diagnostics.clone();
    diags.extend(validate(
        &loaded.plans,
        Some(config.rules.today),
        snap.documents(),
    ));
    if args.history {
        diags.extend(history_rules(config, args, &loaded.plans, scanner)?);
    }
    // Notes: recommendations much like one an earlier review completed.
    diags.extend(crate::learn::similar::repeats(
        &loaded.plans,
        &config.rules,
        crate::learn::similar::NOTE_MIN,
    ));
    let mut reviews: Vec<_> = loaded.plans.reviews.iter().collect();
    if let Some(r) = &args.review {
        crate::plan::query::Filter {
            review: Some(r.clone()),
            ..Default::default()
        }
        .check_review(&loaded.plans)?;
        let dir = config.plans.join(r);
        diags.retain(|d| d.file.starts_with(&dir));
        reviews.retain(|x| &x.id == r);
    }
    if args.strict {
        for d in diags.iter_mut().filter(|d| d.severity == Severity::Warning) {
            d.severity = Severity::Error;
        }
    }
    let located = snap.locate_masked(diags, scanner);
    let errors = located
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = located
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let notes = located.len() - errors - warnings;
    let recommendations: usize = reviews.iter().map(|r| r.recs.len()).sum();
    let actions: usize = reviews
        .iter()
        .flat_map(|r| &r.recs)
        .map(|r| r.file.actions.len())
        .sum();
    let code = if errors > 0 { exit::FINDINGS } else { exit::OK };
    let out = match config.format {
        Format::Json => Output {
            stdout: to_json(&Report {
                ok: errors == 0,
                errors,
                warnings,
                notes,
                files: loaded.files,
                reviews: reviews.len(),
                recommendations,
                actions,
                problems: &located,
            }),
            code,
            ..Default::default()
        },
        Format::Github => Output {
            stdout: crate::render::forge::github(&located),
            code,
            ..Default::default()
        },
        Format::Gitlab => Output {
            stdout: crate::render::forge::gitlab(&located),
            code,
            ..Default::default()
        },
        Format::Sarif => Output {
            stdout: crate::render::forge::sarif(&located),
            code,
            ..Default::default()
        },
        _ => {
            let stderr = human(&located, config.style.color, args.verbose);
            let verdict = match (errors, warnings) {
                (0, 0) => "ok".to_string(),
                (0, w) => format!("ok, {w} warning{}", plural(w)),
                (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
            };
            let verdict = match notes {
                0 => verdict,
                n => format!("{verdict}, {n} note{}", plural(n)),
            };
            let mut stdout = format!(
                "{verdict}: {} file{} read; {} review{}, {recommendations} recommendations, {actions} actions checked\n",
                loaded.files,
                plural(loaded.files),
                reviews.len(),
                plural(reviews.len()),
            );
            // In a GitHub workflow the problems are also put on the pull request's lines.
            if config.github_actions {
                stdout.insert_str(0, &crate::render::forge::github(&located));
            }
            // The findings are diagnostics (stderr); the verdict is the answer (stdout).
            Output {
                stdout,
                stderr,
                code,
            }
        }
    };
    Ok(out)
}

/// More warnings than this are summarised by kind unless --verbose is given.
const WARNINGS_IN_FULL: usize = 10;

/// Every error in full; warnings in full when they are few (or with `verbose`), else one
/// line per kind with its count and one example, so that the first `sct check` of a
/// transcribed plan reads in a screen.
fn human(located: &[Located], color: bool, verbose: bool) -> String {
    let warnings: Vec<&Located> = located
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    let mut out = String::new();
    let summarise = !verbose && warnings.len() > WARNINGS_IN_FULL;
    for d in located {
        if !(summarise && d.severity == Severity::Warning) {
            out.push_str(&render(d, color));
        }
    }
    if summarise {
        let mut kinds: Vec<(String, Vec<&Located>)> = Vec::new();
        for w in &warnings {
            let k = kind(&w.message);
            match kinds.iter_mut().find(|(x, _)| *x == k) {
                Some((_, v)) => v.push(w),
                None => kinds.push((k, vec![w])),
            }
        }
        // Most frequent first; ties in the order first met.
        kinds.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
        out.push_str(&format!(
            "{} warnings of {} kinds (`sct check --verbose` shows each one):\n",
            warnings.len(),
            kinds.len()
        ));
        for (k, v) in &kinds {
            let e = v[0];
            let place = match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", e.file),
                _ => e.file.clone(),
            };
            out.push_str(&format!(
                "  {:>4} × {k}\n         e.g. {place}: {}\n",
                v.len(),
                e.message.lines().next().unwrap_or_default()
            ));
        }
    }
    out
}

/// The scanner for a private list of terms (`--forbid`, `SCT_FORBID`): see
/// `guard::privacy::private_list`.
pub fn private_list(path: &Path) -> anyhow::Result<Scanner> {
    crate::guard::privacy::private_list(path)
}

fn history_rules(
    config: &Config,
    args: &CheckArgs,
    plans: &crate::plan::load::Plans,
    scanner: &Scanner,
) -> anyhow::Result<Vec<crate::plan::diag::Diagnostic>> {
    let repo = Repo::discover(&config.plans)?;
    let history = crate::git::history::read(&repo, None, None)?;
    let limits = Limits {
        max_slips: args.max_slips,
        late_days: args.late_days,
    };
    let mut out = audit(&history, plans, &config.plans, limits);
    out.extend(crate::git::leaks::scan(&repo, scanner, &config.plans)?);
    if config.at.is_none() && repo.has_commits()? {
        let committed = repo.all_paths("HEAD")?;
        let base = repo
            .plans_rel
            .rsplit_once('/')
            .map_or("", |(parent, _)| parent);
        out.extend(uncommitted_documents(
            plans,
            &config.repo_root(),
            &committed,
            base,
        ));
    }
    Ok(out)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
