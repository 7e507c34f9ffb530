//! `sct demo DIR`: a scratch git repository holding the bundled plans and a dated history
//! of them across 2011–2012, so that `--at`, `log`, `changes`, `check --history` and the
//! report's timeline have something real to show. `story.rs` tells the history.

mod story;

use crate::cli::DemoArgs;
use crate::config::Config;
use crate::git::repo;
use crate::Output;
use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

pub fn run(_config: &Config, args: &DemoArgs) -> Result<Output> {
    let dir = &args.dir;
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .with_context(|| format!("cannot read `{}`", dir.display()))?
                .next()
                .is_none();
        if !empty {
            bail!(
                "`{}` already exists and is not empty: sct demo makes a new repository\n  \
                 = hint: name a new folder, such as `sct demo sct-demo`",
                dir.display()
            );
        }
    }
    let (commits, tags) = story::story()?;
    repo::create(dir, &commits, &tags)?;
    let first = commits.first().map(|c| c.time).unwrap_or_default();
    let last = commits.last().map(|c| c.time).unwrap_or_default();
    let people: BTreeSet<&str> = commits.iter().map(|c| c.author.name.as_str()).collect();
    let when = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .map(|d| d.format("%-d %B %Y").to_string())
            .unwrap_or_default()
    };
    let shown = dir.display();
    Ok(Output::stdout(format!(
        "created {shown}: a git repository of the bundled plans with {} commits by {} people, \
         {} to {}\n\
         tags {}\n\
         next:\n  \
         cd {shown}\n  \
         sct log -n 12                          who recorded what, and when\n  \
         sct --at 2012-03-31 status             the plans as the board saw them that day\n  \
         sct changes --since v2012-q1           what moved in the last quarter\n  \
         sct check --history                    what only the history shows\n  \
         sct report --format html -o report.html\n",
        commits.len(),
        people.len(),
        when(first),
        when(last),
        tags.iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )))
}
