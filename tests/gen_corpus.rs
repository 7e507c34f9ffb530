//! The benchmark corpus generator (examples/gen-corpus.rs) writes plans that `sct check`
//! passes with no errors and no warnings, in the counts it reports, the same for a seed.

mod common;
use common::*;

#[allow(dead_code)]
#[path = "../examples/gen-corpus.rs"]
mod gen_corpus;

use gen_corpus::{generate, Options, Summary};
use std::path::Path;

fn corpus(dir: &Path, reviews: usize, seed: u64) -> Summary {
    generate(&Options {
        reviews,
        out: dir.to_path_buf(),
        seed,
        today: chrono::NaiveDate::from_ymd_opt(2012, 6, 30).unwrap(),
    })
    .unwrap()
}

fn tomls(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_generated_corpus_passes_check_with_the_counts_it_reports() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    let s = corpus(&plans, 6, 7);
    assert_eq!(s.reviews, 6);
    // About 40 files and 100 actions a review.
    assert!((6 * 37..=6 * 45).contains(&s.files), "{s:?}");
    assert!((6 * 60..=6 * 140).contains(&s.actions), "{s:?}");
    assert!(s.dated < s.actions && s.dated > s.actions * 8 / 10, "{s:?}");
    let files = tomls(&plans);
    assert_eq!(files.len(), s.files);
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    assert_eq!(bytes as u64, s.bytes);
    assert_eq!(
        files
            .iter()
            .filter(|f| f.0.ends_with("review.toml"))
            .count(),
        6
    );

    let r = run({
        let mut c = sct(dir.path());
        c.arg("check").arg("--strict");
        c
    });
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // Notes only (the corpus repeats recommendations on purpose): no error, no warning.
    let notes = r.stderr.matches(": note: much like ").count();
    assert!(
        !r.stderr.contains(": error: ") && !r.stderr.contains(": warning: "),
        "{}",
        r.stderr
    );
    let notes = match notes {
        0 => String::new(),
        1 => ", 1 note".to_string(),
        n => format!(", {n} notes"),
    };
    assert_eq!(
        r.stdout,
        format!(
            "ok{notes}: {} files read; 6 reviews, {} recommendations, {} actions checked\n",
            s.files,
            s.files - 6,
            s.actions
        )
    );

    // Every state occurs, so status, overdue and list have work to do.
    let r = run({
        let mut c = sct(dir.path());
        c.args(["list", "--format", "json"]);
        c
    });
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), s.actions);
    for state in ["completed", "overdue", "due-soon", "pending", "ongoing"] {
        assert!(
            list.iter().any(|a| a["state"] == state),
            "no action is {state}"
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_files_and_another_seed_others() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    corpus(a.path(), 2, 11);
    corpus(b.path(), 2, 11);
    corpus(c.path(), 2, 12);
    assert_eq!(tomls(a.path()), tomls(b.path()));
    assert_ne!(tomls(a.path()), tomls(c.path()));
}
