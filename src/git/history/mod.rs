//! The plans' history from git as meaningful changes: who recorded what, and when.
//!
//! Recommendations are followed by their ID (review, section, agency, number), not by
//! their path, so a file moved or renamed keeps its history.

pub mod diff;

use crate::git::repo::{Blob, Commit, Repo};
use crate::plan::cache::Outcome;
use crate::plan::load::rec_id;
use crate::plan::model::RecFile;
use diff::{diff_rec, Change};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// One change, and the commit that made it (None: uncommitted, in the working tree).
#[derive(Debug, Clone)]
pub struct Event {
    pub commit: Option<usize>,
    pub review: String,
    /// The recommendation's ID; for a file that could not be read, its path.
    pub rec: String,
    pub action: Option<String>,
    /// The file, relative to the plans folder.
    pub path: String,
    pub change: Change,
    /// For a slip: which slip of this action it is (1 for the first).
    pub slip: usize,
}

impl Event {
    pub fn id(&self) -> &str {
        self.action.as_deref().unwrap_or(&self.rec)
    }

    /// Whether the event concerns `id`: a review, a recommendation, or an action.
    pub fn concerns(&self, id: &str) -> bool {
        self.review == id
            || self.rec == id
            || self.action.as_deref() == Some(id)
            || (self.action.is_none()
                && id
                    .strip_prefix(self.rec.as_str())
                    .is_some_and(|r| r.starts_with('.')))
    }
}

/// Every event, oldest first, and the commits they point at.
#[derive(Debug, Default)]
pub struct History {
    pub commits: Vec<Commit>,
    pub events: Vec<Event>,
    /// Versions of files over the plan-file limit: not read, their changes not shown.
    pub oversized: Vec<Oversized>,
}

/// A version of a recommendation file too large to read.
#[derive(Debug, Clone)]
pub struct Oversized {
    pub commit: usize,
    /// The file, relative to the plans folder.
    pub path: String,
    pub size: u64,
}

impl History {
    pub fn commit_of(&self, e: &Event) -> Option<&Commit> {
        e.commit.map(|i| &self.commits[i])
    }

    /// How many times each action's due date slipped, over its whole recorded life.
    pub fn slips(&self) -> HashMap<String, u32> {
        self.slips_until(None)
    }

    /// The slips recorded up to and including `until` (None: all, uncommitted too): by
    /// its place in the history when it is there, else by its time.
    pub fn slips_until(&self, until: Option<&Commit>) -> HashMap<String, u32> {
        let mut m = HashMap::new();
        let place = until.and_then(|u| self.commits.iter().rposition(|c| c.hash == u.hash));
        for e in &self.events {
            if let Some(u) = until {
                match (e.commit, place) {
                    (Some(i), Some(p)) if i <= p => {}
                    (Some(i), None) if self.commits[i].committed <= u.committed => {}
                    _ => continue,
                }
            }
            if e.change.is_slip() {
                *m.entry(e.id().to_string()).or_insert(0) += 1;
            }
        }
        m
    }
}

/// A recommendation file: inside a review's folder, not review.toml, nothing hidden.
fn is_rec_path(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    parts.len() >= 2
        && rel.ends_with(".toml")
        && parts.last() != Some(&"review.toml")
        && !parts.iter().any(|p| p.starts_with('.'))
}

fn review_of(rel: &str) -> &str {
    rel.split('/').next().unwrap_or(rel)
}

/// Each version of a recommendation file, parsed once, in parallel (parsing is the cost),
/// or found in the blob cache: a blob never changes, so no version is parsed twice across
/// runs either. None for a version that does not parse; a version over the plan-file limit
/// is not read (its size is in the second map).
#[allow(clippy::type_complexity)]
fn parse_versions<'a>(
    repo: &Repo,
    oids: HashSet<&'a str>,
) -> anyhow::Result<(HashMap<&'a str, Option<RecFile>>, HashMap<&'a str, u64>)> {
    use crate::plan::cache::{blob_key, BlobCache};
    let cache = BlobCache::open(&repo.root);
    let wanted: Vec<(&str, bool, &Path)> =
        oids.iter().map(|o| (*o, false, Path::new(""))).collect();
    let mut hits = cache
        .as_ref()
        .map(|c| c.get_all(&wanted))
        .unwrap_or_default();
    let mut parsed = HashMap::with_capacity(oids.len());
    let mut missing = Vec::new();
    for oid in oids {
        match hits.remove(&blob_key(oid, false)) {
            Some(o) => {
                parsed.insert(oid, rec(o));
            }
            None => missing.push(oid),
        }
    }
    let blobs = repo.blobs(missing.iter().copied(), crate::plan::read::MAX_FILE_BYTES)?;
    let mut oversized = HashMap::new();
    for oid in &missing {
        if let Some(Blob::TooLarge(size)) = blobs.get(*oid) {
            oversized.insert(*oid, *size);
            parsed.insert(*oid, None);
        }
    }
    let fresh: Vec<(&str, Outcome)> = missing
        .par_iter()
        .filter_map(|oid| match blobs.get(*oid)? {
            Blob::Bytes(b) => Some((*oid, parse_outcome("", b))),
            Blob::TooLarge(_) => None,
        })
        .collect();
    if let Some(c) = &cache {
        c.add(
            fresh
                .iter()
                .map(|(oid, o)| (blob_key(oid, false), o.as_ref()))
                .collect(),
        );
    }
    parsed.extend(fresh.into_iter().map(|(oid, o)| (oid, rec(o))));
    Ok((parsed, oversized))
}

/// A version of a recommendation file, parsed as the loader parses it.
fn parse_outcome(rel: &str, bytes: &[u8]) -> Outcome {
    let path = Path::new(rel);
    let text = crate::plan::read::decode(path, bytes.to_vec());
    crate::plan::load::parse_entry(&crate::plan::load::Entry::Rec(path.to_path_buf()), text)
}

fn rec(o: Outcome) -> Option<RecFile> {
    match o {
        Outcome::Rec(r) => Some(*r),
        _ => None,
    }
}

/// Reads the whole history of the plans folder; with `plans` given, also the changes not
/// yet committed in the working tree. With `review` given, only that review's folder is
/// read: an ID's review is its folder, so nothing elsewhere can concern it.
pub fn read(repo: &Repo, plans: Option<&Path>, review: Option<&str>) -> anyhow::Result<History> {
    let mut log = repo.log()?;
    if let Some(r) = review {
        for e in &mut log {
            e.files.retain(|f| review_of(&f.rel) == r);
        }
    }
    let oids: HashSet<&str> = log
        .iter()
        .flat_map(|e| &e.files)
        .filter(|f| is_rec_path(&f.rel))
        .flat_map(|f| [f.old.as_deref(), f.new.as_deref()])
        .flatten()
        .collect();
    let (parsed, oversized) = parse_versions(repo, oids)?;

    let mut history = History::default();
    // The last version of each path that could be read: a broken commit is compared
    // with what was there before it broke.
    let mut last_good: HashMap<&str, &RecFile> = HashMap::new();
    for entry in &log {
        let ci = history.commits.len();
        let mut before: Vec<(&str, &RecFile)> = Vec::new();
        let mut after: Vec<(&str, &RecFile)> = Vec::new();
        for f in entry.files.iter().filter(|f| is_rec_path(&f.rel)) {
            let old = f.old.as_deref().and_then(|o| {
                parsed
                    .get(o)
                    .and_then(Option::as_ref)
                    .or_else(|| last_good.get(f.rel.as_str()).copied())
            });
            if let Some(size) = f.new.as_deref().and_then(|n| oversized.get(n)) {
                history.oversized.push(Oversized {
                    commit: ci,
                    path: f.rel.clone(),
                    size: *size,
                });
            }
            match f.new.as_deref() {
                Some(n) => match parsed.get(n).and_then(Option::as_ref) {
                    Some(r) => {
                        last_good.insert(&f.rel, r);
                        after.push((&f.rel, r));
                    }
                    // Unreadable now: its changes are unknown until it is fixed.
                    None => continue,
                },
                None => {
                    last_good.remove(f.rel.as_str());
                }
            }
            if let Some(o) = old {
                before.push((&f.rel, o));
            }
        }
        push_diffs(&mut history.events, Some(ci), &before, &after);
        history.commits.push(entry.commit.clone());
    }
    if let Some(plans) = plans {
        uncommitted(repo, plans, &mut history.events)?;
        if let Some(r) = review {
            history.events.retain(|e| e.review == r);
        }
    }
    number_slips(&mut history.events);
    Ok(history)
}

/// The working tree against HEAD, for the files git reports as changed.
fn uncommitted(repo: &Repo, plans: &Path, events: &mut Vec<Event>) -> anyhow::Result<()> {
    let dirty: Vec<String> = repo
        .uncommitted()?
        .into_iter()
        .filter(|r| is_rec_path(r))
        .collect();
    if dirty.is_empty() {
        return Ok(());
    }
    let head: HashMap<String, String> = if repo.has_commits()? {
        repo.plan_files("HEAD")?
            .into_iter()
            .map(|f| (f.rel, f.oid))
            .collect()
    } else {
        HashMap::new()
    };
    // The committed side through the blob cache, as every other version is read.
    let (committed, _) = parse_versions(
        repo,
        dirty
            .iter()
            .filter_map(|r| head.get(r).map(String::as_str))
            .collect(),
    )?;
    let old: Vec<(&str, RecFile)> = dirty
        .iter()
        .filter_map(|r| Some((r.as_str(), committed.get(head.get(r)?.as_str())?.clone()?)))
        .collect();
    let new: Vec<(&str, RecFile)> = dirty
        .iter()
        .filter_map(|r| {
            let b = crate::plan::read::read_bytes(&plans.join(r)).ok()?;
            Some((r.as_str(), rec(parse_outcome(r, &b))?))
        })
        .collect();
    let before: Vec<(&str, &RecFile)> = old.iter().map(|(p, r)| (*p, r)).collect();
    let after: Vec<(&str, &RecFile)> = new.iter().map(|(p, r)| (*p, r)).collect();
    push_diffs(events, None, &before, &after);
    Ok(())
}

fn push_diffs(
    events: &mut Vec<Event>,
    commit: Option<usize>,
    before: &[(&str, &RecFile)],
    after: &[(&str, &RecFile)],
) {
    let by_id = |side: &[(&str, &RecFile)]| -> BTreeMap<String, (String, RecFile)> {
        side.iter()
            .map(|(p, r)| (rec_id(review_of(p), r), (p.to_string(), (*r).clone())))
            .collect()
    };
    let (old, new) = (by_id(before), by_id(after));
    let ids: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for id in ids {
        let o = old.get(id);
        let n = new.get(id);
        let path = n.or(o).map(|(p, _)| p.clone()).unwrap_or_default();
        for (i, change) in diff_rec(o.map(|x| &x.1), n.map(|x| &x.1)) {
            events.push(Event {
                commit,
                review: review_of(&path).to_string(),
                rec: id.clone(),
                action: i.map(|i| format!("{id}.{}", i + 1)),
                path: path.clone(),
                change,
                slip: 0,
            });
        }
    }
}

fn number_slips(events: &mut [Event]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for e in events.iter_mut() {
        if e.change.is_slip() {
            let n = count.entry(e.id().to_string()).or_insert(0);
            *n += 1;
            e.slip = *n;
        }
    }
}
