//! `check --history`'s privacy part: every version of every plan file ever committed (and
//! its name), and every commit message, scanned for personal data. A plan cleaned in the
//! working tree still publishes what its history holds; each finding names the commit, the
//! file and the kind of identifier (never the identifier), with the way to purge it.

use crate::git::repo::{Blob, Repo};
use crate::guard::privacy::{mask_spans, Scanner};
use crate::plan::diag::{Diagnostic, Place};
use std::collections::HashSet;
use std::path::Path;

/// What a board does about it: REFERENCE.md says the rest.
const PURGE: &str = "it stays in every clone until the history is rewritten: with git filter-repo \
     (`git filter-repo --replace-text expressions.txt`, or `--invert-paths --path FILE`), \
     then force-push and have everyone clone afresh; see \
     REFERENCE.md#removing-personal-data-from-history";

pub fn scan(repo: &Repo, scanner: &Scanner, plans_dir: &Path) -> anyhow::Result<Vec<Diagnostic>> {
    let mut out = Vec::new();
    let versions = repo.plan_blobs_ever()?;
    // Within the plan-file limit: a larger version is not read (check reports it by size).
    let blobs = repo.blobs(
        versions.iter().map(|(oid, _)| oid.as_str()),
        crate::plan::read::MAX_FILE_BYTES,
    )?;
    // One finding per file and kind of identifier.
    let mut seen: HashSet<(String, String)> = HashSet::new();
    // Every name a file under plans/ ever had.
    for rel in repo.plan_paths_ever()? {
        let names = scanner.scan_names(Path::new(&rel));
        if names.is_empty() {
            continue;
        }
        let shown = masked(&rel, &names);
        let when = match repo.first_commit_adding(&rel)? {
            Some(c) => format!("commit {} ({})", c.short(), c.date.format("%Y-%m-%d")),
            None => "a commit".to_string(),
        };
        for finding in names {
            if seen.insert((shown.clone(), finding.described.clone())) {
                out.push(found_in(plans_dir, &shown, &finding.described, &when));
            }
        }
    }
    // Every version of every file.
    for (oid, rel) in &versions {
        let shown = masked(rel, &scanner.scan_names(Path::new(rel)));
        let text = match blobs.get(oid) {
            Some(Blob::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
            _ => String::new(),
        };
        let found: Vec<_> = scanner
            .scan(&text)
            .into_iter()
            .filter(|f| seen.insert((shown.clone(), f.described.clone())))
            .collect();
        if found.is_empty() {
            continue;
        }
        let when = match repo.first_commit_with(oid)? {
            Some(c) => format!("commit {} ({})", c.short(), c.date.format("%Y-%m-%d")),
            None => "a commit".to_string(),
        };
        for finding in found {
            out.push(found_in(plans_dir, &shown, &finding.described, &when));
        }
    }
    for (c, message) in repo.messages()? {
        for finding in scanner.scan(&message) {
            out.push(
                Diagnostic::error(
                    plans_dir,
                    Place::File,
                    format!(
                        "personal data: {} in the message of commit {} ({})",
                        finding.described,
                        c.short(),
                        c.date.format("%Y-%m-%d")
                    ),
                )
                .with_hint(PURGE),
            );
        }
    }
    Ok(out)
}

/// `rel` with what `names` found in it masked.
fn masked(rel: &str, names: &[crate::guard::privacy::Finding]) -> String {
    if names.is_empty() {
        return rel.to_string();
    }
    let spans: Vec<_> = names.iter().map(|n| n.span.clone()).collect();
    mask_spans(rel, 0, &spans)
}

fn found_in(plans_dir: &Path, shown: &str, described: &str, when: &str) -> Diagnostic {
    Diagnostic::error(
        &plans_dir.join(shown),
        Place::File,
        format!("personal data: {described} was committed in {when} and is still in the history"),
    )
    .with_hint(PURGE)
}
