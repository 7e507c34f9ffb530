//! `sct log [ID]`: the history of the plans as changes, newest first.

use crate::cli::{Format, LogArgs};
use crate::config::Config;
use crate::git::history::{self, diff::Change, Event, History};
use crate::git::repo::{Commit, Repo, Signature};
use crate::guard::text::one_line;
use crate::render::json::to_json;
use crate::render::table::{finish, fit, new_table, Give};
use crate::Output;
use comfy_table::{Attribute, Cell, Color};
use serde::Serialize;

#[derive(Serialize)]
struct Record<'a> {
    /// None: the change is in the working tree, not committed.
    commit: Option<&'a Commit>,
    uncommitted: bool,
    review: &'a str,
    recommendation: &'a str,
    action: Option<&'a str>,
    file: String,
    summary: String,
    /// For a slip: which slip of this action it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    slip: Option<usize>,
    change: &'a Change,
}

pub fn run(config: &Config, args: &LogArgs) -> anyhow::Result<Output> {
    super::refuse_personal_data(config)?;
    let repo = Repo::discover(&config.plans)?;
    let history = history::read(
        &repo,
        Some(&config.plans),
        args.id
            .as_deref()
            .map(|id| id.split('/').next().unwrap_or(id)),
    )?;
    let mut events: Vec<&Event> = history.events.iter().collect();
    if let Some(id) = &args.id {
        events.retain(|e| e.concerns(id));
        if events.is_empty() {
            check_id(config, id)?;
        }
    }
    // Newest first; the working tree is newer than any commit.
    events.sort_by_key(|e| (e.commit.is_some(), std::cmp::Reverse(e.commit)));
    if let Some(n) = args.max_count {
        events.truncate(n);
    }
    let plans_dir = config.plans.display().to_string();
    let file = |e: &Event| format!("{}/{}", plans_dir.trim_end_matches('/'), e.path);
    let stderr = oversized(&history, &plans_dir);
    let out = |stdout: String| Output {
        stdout,
        stderr: stderr.clone(),
        code: 0,
    };
    if config.format == Format::Json {
        let records: Vec<Record> = events
            .iter()
            .map(|e| Record {
                commit: history.commit_of(e),
                uncommitted: e.commit.is_none(),
                review: &e.review,
                recommendation: &e.rec,
                action: e.action.as_deref(),
                file: file(e),
                summary: e.change.describe(),
                slip: (e.slip > 0).then_some(e.slip),
                change: &e.change,
            })
            .collect();
        return Ok(out(to_json(&records)));
    }
    if events.is_empty() {
        let what = args.id.as_deref().unwrap_or("the plans");
        return Ok(out(format!("No recorded changes to {what} yet.\n")));
    }
    Ok(out(table(config, &history, &events)))
}

/// The versions left unread for their size, one warning each.
pub fn oversized(history: &History, plans_dir: &str) -> String {
    history
        .oversized
        .iter()
        .map(|o| {
            format!(
                "sct: warning: {}/{} in commit {} is {} bytes, over the 1 MiB limit for plan \
                 files: that version was not read, and what it changed is not shown\n",
                plans_dir.trim_end_matches('/'),
                o.path,
                history.commits[o.commit].short(),
                o.size
            )
        })
        .collect()
}

/// An ID with no history: unknown (a usage error), or simply never changed.
fn check_id(config: &Config, id: &str) -> anyhow::Result<()> {
    let plans = super::load_valid(config)?;
    super::show::find(&plans, id).map(|_| ())
}

fn table(config: &Config, history: &History, events: &[&Event]) -> String {
    let signed = events
        .iter()
        .filter_map(|e| history.commit_of(e))
        .any(|c| c.signature != Signature::None);
    let mut header = vec!["Date", "Author", "Commit"];
    if signed {
        header.push("Signature");
    }
    header.extend(["ID", "Change"]);
    let mut t = new_table(&config.style, &header);
    for e in events {
        let mut row = match history.commit_of(e) {
            Some(c) => vec![
                crate::render::table::cell(c.date.format("%Y-%m-%d")),
                crate::render::table::cell(&c.author),
                crate::render::table::cell(c.short()),
            ],
            None => vec![
                crate::render::table::cell(""),
                crate::render::table::cell(""),
                paint(
                    config,
                    crate::render::table::cell("uncommitted"),
                    Some(Color::Yellow),
                    false,
                ),
            ],
        };
        if signed {
            let sig = history
                .commit_of(e)
                .map_or(Signature::None, |c| c.signature);
            let colour = match sig {
                Signature::Good | Signature::GoodUntrusted => Some(Color::Green),
                Signature::None => None,
                _ => Some(Color::Red),
            };
            row.push(paint(
                config,
                crate::render::table::cell(sig.describe()),
                colour,
                false,
            ));
        }
        row.push(crate::render::table::cell(e.id()));
        let mut text = one_line(&e.change.describe(), 160);
        if e.slip > 0 {
            text.push_str(&format!(" (slip {} of this action)", e.slip));
        }
        let serious = e.change.is_serious();
        row.push(paint(
            config,
            crate::render::table::cell(text),
            serious.then_some(Color::Red),
            serious,
        ));
        t.add_row(row);
    }
    let mut give = vec![Give::Never, Give::Drop(2), Give::Drop(1)];
    if signed {
        give.push(Give::Drop(3));
    }
    give.extend([Give::Never, Give::Wrap]);
    fit(&mut t, &config.style, &give);
    finish(t)
}

fn paint(config: &Config, cell: Cell, colour: Option<Color>, bold: bool) -> Cell {
    if !config.style.color {
        return cell;
    }
    let cell = match colour {
        Some(c) => cell.fg(c),
        None => cell,
    };
    if bold {
        cell.add_attribute(Attribute::Bold)
    } else {
        cell
    }
}
