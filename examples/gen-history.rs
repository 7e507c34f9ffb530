//! Writes a `git fast-import` stream: the bundled plans, then N commits of realistic
//! progress made with sct's own editor (status moves, evidence, slips, notes, leads).
//!
//!     cargo run --release --example gen-history -- --commits 5000 > history.fi
//!     git init -q repo && git -C repo fast-import --quiet < history.fi && git -C repo reset -q --hard main

use sct::plan::date::PlanDate;
use sct::plan::model::{Declared, RecFile};
use sct::write::update::{apply, Edit};
use std::collections::BTreeMap;
use std::io::Write;

/// A small deterministic generator: the same stream on every machine.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let mut commits = 5000usize;
    let mut plans = String::from("plans");
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--commits" => {
                commits = args
                    .get(i + 1)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(commits)
            }
            "--plans" => plans = args.get(i + 1).cloned().unwrap_or(plans),
            other => anyhow::bail!("unknown argument {other}; use --commits N --plans DIR"),
        }
        i += 2;
    }
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for e in walkdir::WalkDir::new(&plans).sort_by_file_name() {
        let e = e?;
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(&plans)?
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(format!("plans/{rel}"), std::fs::read_to_string(e.path())?);
        }
    }
    let recs: Vec<String> = files
        .keys()
        // Recommendation files only: inside a review's folder, not its review.toml (the
        // vocabulary of themes sits at the top of plans/).
        .filter(|k| k.matches('/').count() >= 2 && !k.ends_with("review.toml"))
        .cloned()
        .collect();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let start = chrono::NaiveDate::from_ymd_opt(2012, 1, 2).unwrap();
    let epoch = start.and_hms_opt(9, 0, 0).unwrap().and_utc().timestamp();
    let people = [
        "Ann Officer <ann@lscb.example>",
        "Bob Lead <bob@bhft.example>",
        "Cat QA <cat@lscb.example>",
    ];

    // The first commit: every file as it is.
    let mut mark = 1;
    header(&mut out, mark, people[0], epoch, "Plans as agreed", None)?;
    for (path, text) in &files {
        blob(&mut out, path, text)?;
    }
    let mut rng = Lcg(2012);
    let mut made = 0;
    while made < commits {
        let path = &recs[rng.next(recs.len())];
        let text = files[path].clone();
        let rec: RecFile = toml::from_str(&text)?;
        if rec.actions.is_empty() {
            continue;
        }
        let index = rng.next(rec.actions.len());
        let action = &rec.actions[index];
        // One commit every 90 minutes: 5,000 commits span about a year.
        let when = epoch + 5400 * (made as i64 + 1);
        let day = chrono::DateTime::from_timestamp(when, 0)
            .unwrap()
            .date_naive();
        let edit = match rng.next(5) {
            0 => Edit {
                evidence: Some(format!(
                    "Evidence item {made}: audit sample of records reviewed."
                )),
                ..Edit::default()
            },
            1 => Edit {
                note: Some(format!("Progress reviewed at sub-group, item {made}.")),
                by: Some("QA&A Sub Group".into()),
                ..Edit::default()
            },
            2 => {
                let next = match action.due.map(PlanDate::last_day) {
                    Some(d) if d > day => d + chrono::Days::new(30),
                    _ => day + chrono::Days::new(60),
                };
                Edit {
                    due: Some(PlanDate::Day(next)),
                    ..Edit::default()
                }
            }
            3 => Edit {
                lead: Some(format!("Safeguarding lead {}", rng.next(40))),
                ..Edit::default()
            },
            _ => {
                let s = [Declared::InProgress, Declared::Delayed, Declared::Complete][rng.next(3)];
                if action.status == Some(s) {
                    continue;
                }
                Edit {
                    status: Some(s),
                    ..Edit::default()
                }
            }
        };
        let Ok((new, said)) = apply(&text, index, action, &edit, day) else {
            continue;
        };
        made += 1;
        mark += 1;
        let msg = format!("{}.{}: {}", path, index + 1, said.join("; "));
        header(
            &mut out,
            mark,
            people[rng.next(people.len())],
            when,
            &msg,
            Some(mark - 1),
        )?;
        blob(&mut out, path, &new)?;
        files.insert(path.clone(), new);
    }
    out.flush()?;
    Ok(())
}

fn header(
    out: &mut impl Write,
    mark: usize,
    who: &str,
    when: i64,
    msg: &str,
    from: Option<usize>,
) -> std::io::Result<()> {
    writeln!(out, "commit refs/heads/main\nmark :{mark}")?;
    writeln!(
        out,
        "author {who} {when} +0000\ncommitter {who} {when} +0000"
    )?;
    writeln!(out, "data {}\n{msg}", msg.len())?;
    if let Some(f) = from {
        writeln!(out, "from :{f}")?;
    }
    Ok(())
}

fn blob(out: &mut impl Write, path: &str, text: &str) -> std::io::Result<()> {
    writeln!(out, "M 100644 inline {path}\ndata {}\n{text}", text.len())
}
