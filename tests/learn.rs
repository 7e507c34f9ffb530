//! Learning across reviews: the vocabulary of themes, `sct themes`, `sct similar` and the
//! note on a recommendation made before, driven through the binary.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `sct` on the bundled plans.
fn bundled(args: &[&str]) -> Run {
    let mut all = vec!["--plans", "plans"];
    all.extend_from_slice(args);
    sct_run(&repo(), &all)
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn an_unknown_theme_is_refused_at_its_place_with_did_you_mean() {
    let dir = bad(&["unknown-theme.toml"]);
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(
        &r.stderr,
        "plans/demo/unknown-theme.toml:4:34: error: theme `informaton-sharing` is not in the vocabulary",
    );
    has(&r.stderr, "did you mean `information-sharing`?");
    has(
        &r.stderr,
        "plans/demo/unknown-theme.toml:4:56: error: theme `bananas` is not in the vocabulary",
    );
    // No themes.toml here: the built-in vocabulary is in force, and the hint says so.
    has(&r.stderr, "sct's built-in list is in use");
    assert!(r.stdout.starts_with("2 errors"), "{}", r.stdout);
}

#[test]
fn the_plans_vocabulary_is_read_not_taken_for_a_review() {
    let dir = tree(&[(
        "1.toml",
        "number = 1\nagency = \"LSCB\"\ntext = \"Share it.\"\nthemes = [\"sharing\"]\n\n\
         [[actions]]\ndescription = \"Do it.\"\nlead = \"Manager\"\n",
    )]);
    write(
        dir.path(),
        "plans/themes.toml",
        "[[themes]]\nid = \"sharing\"\ntitle = \"Sharing\"\ndescription = \"Sharing.\"\n",
    );
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, "3 files read; 1 review");
    // information-sharing is built in, but this partnership's list replaces that one.
    write(
        dir.path(),
        "plans/themes.toml",
        "[[themes]]\nid = \"sharing\"\ntitle = \"Sharing\"\ndescription = \"Sharing.\"\n\n\
         [[themes]]\nid = \"Sharing\"\ntitle = \"\"\ndescription = \"x\"\n",
    );
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/themes.toml:7:1: error: `Sharing` cannot be a theme id",
    );
    has(
        &r.stderr,
        "plans/themes.toml:8:1: error: this text is empty",
    );
    // A broken vocabulary is reported at its place, not as a misplaced plan file.
    write(
        dir.path(),
        "plans/themes.toml",
        "[[themes]]\nid = \"x\"\ntitel = \"X\"\n",
    );
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/themes.toml:3:1: error: unknown key `titel`",
    );
    assert!(!r.stderr.contains("belong inside a review"), "{}", r.stderr);
}

#[test]
fn every_bundled_recommendation_carries_a_theme() {
    let r = bundled(&["--format", "json", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let vocab: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo().join("plans/themes.toml")).unwrap())
            .unwrap();
    assert!(vocab["themes"].as_array().unwrap().len() >= 18);
    let mut untagged = Vec::new();
    for e in walkdir::WalkDir::new(repo().join("plans")) {
        let e = e.unwrap();
        let p = e.path();
        if p.extension().is_none_or(|x| x != "toml")
            || p.ends_with("review.toml")
            || p.ends_with("plans/themes.toml")
        {
            continue;
        }
        let v: toml::Value = toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        if v.get("themes")
            .and_then(|t| t.as_array())
            .is_none_or(|a| a.is_empty())
        {
            untagged.push(p.display().to_string());
        }
    }
    assert!(untagged.is_empty(), "untagged: {untagged:#?}");
}
