//! `sct check --history`: warnings only the git history can give. Boards must be able to
//! trust that evidence stays as committed, that dates do not drift unseen, and that
//! "finalised" means the QA&A sub-group said so.

use crate::git::history::{diff::Change, Event, History};
use crate::git::repo::{Commit, Signature};
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
                .and_then(|m| sign_off(m, c, &format!("{} was finalised (by “{by}”) in {when}", e.id()))),
            _ => None,
        };
        if e.change.is_slip() {
            slips.entry(e.id()).or_default().push(e);
        }
        if let Some(m) = msg {
            out.push(place.warning(e, m));
        }
    }
    for o in &history.oversized {
        let c = &history.commits[o.commit];
        out.push(
            Diagnostic::warning(
                &plans_dir.join(&o.path),
                Place::File,
                format!(
                    "the version of this file in commit {} ({}, {}) is {} bytes, over the 1 MiB \
                     limit for plan files: it was not read, so what it changed is not checked",
                    c.short(),
                    c.author,
                    c.date.format("%Y-%m-%d"),
                    o.size
                ),
            )
            .with_hint("a plan file that large was never a plan: see the commit with git show"),
        );
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
                // `check` reports it; whether it exists is never looked at.
                if crate::plan::validate::outside_repo(file) {
                    continue;
                }
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

/// Why a finalisation in commit `c` does not count as the review's sign-off, if it does
/// not. With `require_signatures`, only a good signature by a finaliser's key or identity
/// counts. Without it, the author and the committer must both be finalisers, and an
/// unsigned sign-off is said to be unsigned: anyone can type a name into git.
fn sign_off(meta: &ReviewFile, c: &Commit, what: &str) -> Option<String> {
    let listed =
        |name: &str, email: &str| meta.finalisers.iter().any(|f| same_person(f, name, email));
    if meta.require_signatures {
        let good = c.signature == Signature::Good;
        let by_finaliser = meta.finalisers.is_empty()
            || c.key
                .as_deref()
                .is_some_and(|k| meta.finalisers.iter().any(|f| same_key(f, k)))
            || c.signer.as_deref().is_some_and(|s| {
                let (name, email) = identity(s);
                listed(name, email)
            });
        if good && by_finaliser {
            return None;
        }
        let why = if good {
            format!(
                "it was signed by {}, who is not among the review's finalisers",
                c.signer
                    .as_deref()
                    .or(c.key.as_deref())
                    .unwrap_or("an unknown key")
            )
        } else {
            format!("the commit is {}", c.signature.describe())
        };
        return Some(format!(
            "{what}, but {why}: review.toml sets require_signatures, so a sign-off counts only \
             with a good signature by one of the review's finalisers"
        ));
    }
    if meta.finalisers.is_empty() {
        return None;
    }
    let author = format!("{} <{}>", c.author, c.email);
    let committer = format!("{} <{}>", c.committer, c.committer_email);
    let mut strangers = Vec::new();
    if !listed(&c.author, &c.email) {
        strangers.push(author.clone());
    }
    if !listed(&c.committer, &c.committer_email) && committer != author {
        strangers.push(format!("its committer {committer}"));
    }
    let unsigned = match c.signature {
        Signature::Good => "",
        Signature::None => " (the sign-off is unsigned)",
        _ => " (and its signature does not verify)",
    };
    match strangers.as_slice() {
        [] if unsigned.is_empty() => None,
        [] => Some(format!(
            "{what}: the sign-off is unsigned, so nothing shows that {author} made it rather \
             than someone who typed that name (once the finalisers sign their commits, set \
             require_signatures = true in review.toml)"
        )),
        [one] => Some(format!(
            "{what}, but {one} is not among the review's finalisers{unsigned}"
        )),
        many => Some(format!(
            "{what}, but {} are not among the review's finalisers{unsigned}",
            many.join(" and ")
        )),
    }
}

/// A finaliser entry names a person: by email when it has one, else by name.
fn same_person(entry: &str, name: &str, email: &str) -> bool {
    let (entry_name, entry_email) = identity(entry);
    if entry_email.is_empty() {
        !entry_name.is_empty() && entry_name.eq_ignore_ascii_case(name.trim())
    } else {
        entry_email.eq_ignore_ascii_case(email.trim())
    }
}

/// A finaliser entry names a signing key: its fingerprint, spaces and case aside.
fn same_key(entry: &str, key: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let (e, k) = (norm(entry), norm(key));
    !e.is_empty() && e == k
}

/// "Name <email>", an email alone, or a name alone, as (name, email).
fn identity(s: &str) -> (&str, &str) {
    let s = s.trim();
    match (s.find('<'), s.rfind('>')) {
        (Some(a), Some(b)) if a < b => (s[..a].trim(), s[a + 1..b].trim()),
        _ if s.contains('@') => ("", s),
        _ => (s, ""),
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
