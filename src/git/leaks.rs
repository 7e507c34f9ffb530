//! `check --history`'s privacy part: every version of every plan file ever committed (and
//! its name), and every commit message, scanned for personal data. A plan cleaned in the
//! working tree still publishes what its history holds; each finding names the commit, the
//! file and the kind of identifier (never the identifier), with the way to purge it.

use crate::git::repo::{Blob, Repo};
use crate::guard::privacy::{mask_spans, Scanner};
use crate::plan::diag::{Diagnostic, Place};
use std::collections::HashSet;
use std::path::Path;

/// What a board does about it: the README's section says the rest.
const PURGE: &str = "it stays in every clone until the history is rewritten: with git filter-repo \
     (`git filter-repo --replace-text expressions.txt`, or `--invert-paths --path FILE`), \
     then force-push and have everyone clone afresh; see the README, \
     “Removing personal data from history”";

pub fn scan(repo: &Repo, scanner: &Scanner, plans_dir: &Path) -> anyhow::Result<Vec<Diagnostic>> {
    let mut out = Vec::new();
    let log = repo.log()?;
    let oids = log
        .iter()
        .flat_map(|e| e.files.iter().filter_map(|f| f.new.as_deref()));
    // Within the plan-file limit: a larger version is reported by its size, never read.
    let blobs = repo.blobs(oids, crate::plan::read::MAX_FILE_BYTES)?;
    // One finding per file and kind of identifier: the commit that first brought it.
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for entry in &log {
        let c = &entry.commit;
        let when = format!("commit {} ({})", c.short(), c.date.format("%Y-%m-%d"));
        for f in &entry.files {
            let names = scanner.scan_names(Path::new(&f.rel));
            let shown = if names.is_empty() {
                f.rel.clone()
            } else {
                let spans: Vec<_> = names.iter().map(|n| n.span.clone()).collect();
                mask_spans(&f.rel, 0, &spans)
            };
            let file = plans_dir.join(&shown);
            let text = f
                .new
                .as_ref()
                .and_then(|o| match blobs.get(o) {
                    Some(Blob::Bytes(b)) => Some(String::from_utf8_lossy(b).into_owned()),
                    _ => None,
                })
                .unwrap_or_default();
            let found = names.into_iter().chain(scanner.scan(&text));
            for finding in found {
                if !seen.insert((shown.clone(), finding.described.clone())) {
                    continue;
                }
                out.push(
                    Diagnostic::error(
                        &file,
                        Place::File,
                        format!(
                            "personal data: {} was committed in {when} and is still in the history",
                            finding.described
                        ),
                    )
                    .with_hint(PURGE),
                );
            }
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
