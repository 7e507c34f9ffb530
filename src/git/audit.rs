//! `sct check --history`: warnings only the git history can give. Boards must be able to
//! trust that evidence stays as committed, that dates do not drift unseen, and that
//! "finalised" means the QA&A sub-group said so.

use crate::git::history::{diff::Change, Event, History};
use crate::git::repo::Commit;
use crate::plan::diag::{Diagnostic, KeyPath, Place};
use crate::plan::load::Plans;
use crate::plan::model::ReviewFile;
use crate::plan::read::action_path;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The limits, from `check --history`'s options.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// More due-date moves than this for one action is flagged.
    pub max_slips: usize,
    /// A completion dated more than this many days before the commit recording it.
    pub late_days: i64,
}

pub fn audit(
    history: &History,
    plans: &Plans,
    plans_dir: &Path,
    limits: Limits,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let place = Placer::new(plans, plans_dir);
    let mut slips: HashMap<&str, Vec<&Event>> = HashMap::new();
    let metas: HashMap<&str, &ReviewFile> = plans
        .reviews
        .iter()
        .filter_map(|r| Some((r.id.as_str(), r.meta.as_ref()?)))
        .collect();
    for e in &history.events {
        let Some(c) = history.commit_of(e) else {
            continue;
        };
        let when = format!(
            "commit {} ({}, {})",
            c.short(),
            c.author,
            c.date.format("%Y-%m-%d")
        );
        let msg = match &e.change {
            Change::EvidenceRemoved { text } => Some(format!(
                "evidence for {} was removed in {when} after it had been committed: “{}”",
                e.id(),
                crate::guard::text::one_line(text, 80)
            )),
            Change::EvidenceRewritten { from, .. } => Some(format!(
                "evidence for {} was rewritten in {when} after it had been committed; it read: “{}”",
                e.id(),
                crate::guard::text::one_line(from, 80)
            )),
            Change::Status { from: Some(f), to } if f == "complete" && to.as_deref() != Some("complete") => {
                Some(format!(
                    "{} went back from complete to {} in {when}",
                    e.id(),
                    to.as_deref().unwrap_or("no status")
                ))
            }
            Change::CompletedDate { to: Some(done), .. } => {
                let late = (c.committed.date_naive() - done.last_day()).num_days();
                (late > limits.late_days).then(|| {
                    format!(
                        "the completion of {} is dated {done} but was recorded {late} days later, in {when}",
                        e.id()
                    )
                })
            }
            Change::Finalised { by, .. } => metas
                .get(e.review.as_str())
                .filter(|m| !m.finalisers.is_empty() && !m.finalisers.iter().any(|f| same_person(f, c)))
                .map(|_| {
                    format!(
                        "{} was finalised (by “{by}”) in {when}, but {} <{}> is not among the review's finalisers",
                        e.id(),
                        c.author,
                        c.email
                    )
                }),
            _ => None,
        };
        if e.change.is_slip() {
            slips.entry(e.id()).or_default().push(e);
        }
        if let Some(m) = msg {
            out.push(place.warning(e, m));
        }
    }
    let mut slipped: Vec<_> = slips
        .into_iter()
        .filter(|(_, v)| v.len() > limits.max_slips)
        .collect();
    slipped.sort_by_key(|(id, _)| *id);
    for (id, events) in slipped {
        let commits: Vec<String> = events
            .iter()
            .filter_map(|e| history.commit_of(e))
            .map(|c| format!("{} {}", c.short(), c.date.format("%Y-%m-%d")))
            .collect();
        let m = format!(
            "the due date of {id} has slipped {} times (more than {}): {}",
            events.len(),
            limits.max_slips,
            commits.join(", ")
        );
        out.push(place.warning(events[events.len() - 1], m).with_hint(
            "a date moved again and again needs the board's attention, not another date",
        ));
    }
    out
}

/// Evidence documents that exist in the working tree but are not in HEAD.
pub fn uncommitted_documents(
    plans: &Plans,
    repo_root: &Path,
    committed: &HashSet<String>,
    base: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rec in plans.reviews.iter().flat_map(|r| &r.recs) {
        for (i, a) in rec.file.actions.iter().enumerate() {
            for (j, e) in a.evidence.iter().enumerate() {
                let Some(file) = &e.file else { continue };
                let rel = file.trim_start_matches("./");
                let key = if base.is_empty() {
                    rel.to_string()
                } else {
                    format!("{base}/{rel}")
                };
                if repo_root.join(rel).is_file() && !committed.contains(&key) {
                    out.push(
                        Diagnostic::warning(
                            &rec.path,
                            Place::Path(action_path(i).key("evidence").index(j).key("file")),
                            format!("evidence file `{file}` exists but is not committed"),
                        )
                        .with_hint(format!("commit it: git add {file} && git commit")),
                    );
                }
            }
        }
    }
    out
}

/// A finaliser entry names a commit's author: by email when it has one, else by name.
fn same_person(entry: &str, c: &Commit) -> bool {
    let entry = entry.trim();
    let email = match (entry.find('<'), entry.rfind('>')) {
        (Some(a), Some(b)) if a < b => Some(&entry[a + 1..b]),
        _ if entry.contains('@') => Some(entry),
        _ => None,
    };
    match email {
        Some(e) => e.trim().eq_ignore_ascii_case(&c.email),
        None => entry.eq_ignore_ascii_case(c.author.trim()),
    }
}

/// Points a warning at the action as it is now, or at the file as the commit had it.
struct Placer {
    paths: HashMap<String, PathBuf>,
    dir: PathBuf,
}

impl Placer {
    fn new(plans: &Plans, dir: &Path) -> Placer {
        let paths = plans
            .reviews
            .iter()
            .flat_map(|r| &r.recs)
            .map(|r| (r.id.clone(), r.path.clone()))
            .collect();
        Placer {
            paths,
            dir: dir.to_path_buf(),
        }
    }

    fn warning(&self, e: &Event, message: String) -> Diagnostic {
        match self.paths.get(&e.rec) {
            Some(p) => {
                let at = match e
                    .action
                    .as_deref()
                    .and_then(|a| a.rsplit('.').next()?.parse::<usize>().ok())
                {
                    Some(n) if n > 0 => action_path(n - 1),
                    _ => KeyPath::root(),
                };
                Diagnostic::warning(p, Place::Path(at), message)
            }
            None => Diagnostic::warning(&self.dir.join(&e.path), Place::File, message),
        }
    }
}
