//! `sct check`: one bad-input fixture per rule, asserting file, line, column and text.

mod common;
use common::*;

fn check(names: &[&str], extra: &[&str]) -> Run {
    let dir = bad(names);
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    sct_run(dir.path(), &args)
}

#[test]
fn clean_plans_pass() {
    let r = sct_run(&demo(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    assert_eq!(
        r.stdout,
        "ok: 4 files read; 1 review, 3 recommendations, 8 actions checked\n"
    );
}

#[test]
fn toml_syntax_error_names_file_line_and_column() {
    let r = check(&["syntax.toml"], &[]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/demo/syntax.toml:3:24: error: TOML syntax: invalid basic string, expected `\"`",
    );
    assert!(r.stdout.starts_with("1 error, 0 warnings"), "{}", r.stdout);
}

#[test]
fn missing_key_is_named() {
    let r = check(&["missing-key.toml"], &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("plans/demo/missing-key.toml:5:1: error: missing required key `description`"),
        "{}",
        r.stderr
    );
}

#[test]
fn undeclared_agency() {
    let r = check(&["undeclared-agency.toml"], &[]);
    assert_eq!(r.code, 1);
    has(&r.stderr, "plans/demo/undeclared-agency.toml:2:1: error: agency `BHTF` is not declared in demo/review.toml");
    has(&r.stderr, "did you mean `BHFT`?");
}

#[test]
fn completion_in_the_future() {
    let r = check(&["future-completion.toml"], &[]);
    assert_eq!(r.code, 1);
    has(&r.stderr, "plans/demo/future-completion.toml:9:1: error: the completion date 2012-07-02 is in the future (today is 2012-06-30)");
}

#[test]
fn warnings_pass_unless_strict() {
    let r = check(&["no-evidence.toml"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stderr, "plans/demo/no-evidence.toml:8:1: warning: action demo/1.1 is complete but records no evidence");
    assert!(r.stdout.starts_with("ok, "), "{}", r.stdout);
    let r = check(&["no-evidence.toml"], &["--strict"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("no-evidence.toml:8:1: error: action demo/1.1 is complete"),
        "{}",
        r.stderr
    );
}

#[test]
fn every_broken_action_is_reported_not_only_the_first() {
    let r = check(&["two-broken-actions.toml"], &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("two-broken-actions.toml:8:7: error: `2012-13` is not a real date"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("two-broken-actions.toml:13:1: error: unknown key `statsu`"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.starts_with("2 errors"), "{}", r.stdout);
}

#[test]
fn problems_in_several_files_are_all_reported() {
    let r = check(
        &[
            "unknown-key.toml",
            "impossible-month.toml",
            "undeclared-agency.toml",
        ],
        &[],
    );
    assert_eq!(r.code, 1);
    for f in [
        "unknown-key.toml",
        "impossible-month.toml",
        "undeclared-agency.toml",
    ] {
        assert!(
            r.stderr.contains(&format!("plans/demo/{f}:")),
            "{f} missing:\n{}",
            r.stderr
        );
    }
}

#[test]
fn json_output_lists_problems_with_places() {
    let r = check(&["unknown-key.toml"], &["--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 1);
    let p = &v["problems"][0];
    assert_eq!(p["file"], "plans/demo/unknown-key.toml");
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64()),
        (Some(8), Some(1))
    );
    assert_eq!(p["severity"], "error");
    assert_eq!(p["hint"], "did you mean `due`?");
}

#[test]
fn read_commands_refuse_broken_plans() {
    let dir = bad(&["impossible-month.toml"]);
    let r = sct_run(dir.path(), &["status"]);
    assert_eq!(r.code, 1);
    has(&r.stderr, "have 1 error");
    has(&r.stderr, "impossible-month.toml:8:7");
    assert_eq!(r.stdout, "");
}

#[test]
fn missing_plans_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = sct_run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "cannot read the plans folder `plans`");
    has(&r.stderr, "--plans DIR");
}
