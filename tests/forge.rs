//! `sct check` for people and for the forges: warnings summarised by kind, GitHub workflow
//! commands, a GitLab Code Quality report, and SARIF valid against the SARIF 2.1.0 schema.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A tree with one error (an impossible month) and one warning (complete, no evidence).
fn one_of_each() -> tempfile::TempDir {
    bad(&["impossible-month.toml", "no-evidence.toml"])
}

fn check(dir: &Path, args: &[&str]) -> Run {
    let mut a = vec!["check"];
    a.extend_from_slice(args);
    sct_run(dir, &a)
}

#[test]
fn many_warnings_are_summarised_by_kind_and_verbose_shows_each() {
    let r = check(&repo(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stderr,
        "warnings of 4 kinds (`sct check --verbose` shows each one):",
    );
    has(
        &r.stderr,
        "× action … is complete but records no evidence\n",
    );
    has(
        &r.stderr,
        "e.g. plans/bham-case14/overview/03.toml:2:1: recommendation `bham-case14/3` has no text",
    );
    assert!(
        r.stderr.lines().count() < 15,
        "a screen, not a list:\n{}",
        r.stderr
    );
    let v = check(&repo(), &["--verbose"]);
    let warnings = v.stderr.matches(": warning: ").count();
    assert!(warnings > 10, "{}", v.stderr);
    has(&r.stdout, &format!("ok, {warnings} warnings:"));
}

#[test]
fn a_few_warnings_are_shown_in_full() {
    let t = bad(&["no-evidence.toml"]);
    let r = check(t.path(), &[]);
    has(
        &r.stderr,
        "plans/demo/no-evidence.toml:8:1: warning: action demo/1.1 is complete but records no evidence",
    );
}

#[test]
fn github_workflow_commands_name_file_line_and_column() {
    let t = one_of_each();
    let r = check(t.path(), &["--format", "github"]);
    assert_eq!(r.code, 1);
    has(
        &r.stdout,
        "::error file=plans/demo/impossible-month.toml,line=8,col=7,title=… is not a real date%3A month … does not exist … to …::`2012-13` is not a real date: month 13 does not exist (01 to 12)\n",
    );
    has(
        &r.stdout,
        "::warning file=plans/demo/no-evidence.toml,line=8,col=1,title=action … is complete but records no evidence::action demo/1.1 is complete but records no evidence%0A",
    );
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    // In a GitHub workflow the annotations come with the usual output, unasked.
    let mut cmd = sct(t.path());
    cmd.env("GITHUB_ACTIONS", "true").arg("check");
    let r = run(cmd);
    assert_eq!(r.code, 1);
    has(
        &r.stdout,
        "::error file=plans/demo/impossible-month.toml,line=8,col=7",
    );
    has(&r.stdout, "1 error, 1 warning:");
    has(&r.stderr, "error: `2012-13` is not a real date");
}

#[test]
fn gitlab_code_quality_report() {
    let t = one_of_each();
    let r = check(t.path(), &["--format", "gitlab"]);
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    let e = &issues[0];
    assert_eq!(e["location"]["path"], "plans/demo/impossible-month.toml");
    assert_eq!(e["location"]["lines"]["begin"], 8);
    assert_eq!(e["severity"], "major");
    assert_eq!(issues[1]["severity"], "minor");
    assert_eq!(
        issues[1]["check_name"],
        "action-is-complete-but-records-no-evidence"
    );
    // Fingerprints tell issues apart and stay the same from run to run.
    assert_ne!(e["fingerprint"], issues[1]["fingerprint"]);
    let again: Value =
        serde_json::from_str(&check(t.path(), &["--format", "gitlab"]).stdout).unwrap();
    assert_eq!(again, v);
}

/// The SARIF 2.1.0 schema that the serde-sarif crate is generated from, found through
/// cargo's own record of where that crate's source is.
fn sarif_schema() -> Value {
    // Only this machine's dependencies are on disk: ask about them alone.
    let rustc = std::process::Command::new("rustc")
        .arg("-vV")
        .output()
        .unwrap();
    let host = String::from_utf8(rustc.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .unwrap();
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .expect("serde-sarif is a dependency")["manifest_path"]
        .as_str()
        .unwrap()
        .to_string();
    let path = Path::new(&manifest)
        .parent()
        .unwrap()
        .join("src/schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let schema = sarif_schema();
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    // The schema's two `language` patterns have a stray `]` that a strict regex check refuses
    // (SARIF 2.1.0 errata 01 corrects it); sct writes no `language`, so the corrected
    // pattern changes nothing this test checks.
    let text = serde_json::to_string(&schema).unwrap();
    let erratum = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(erratum));
    let schema: Value = serde_json::from_str(
        &text.replace(erratum, r#""^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$""#),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let t = one_of_each();
    let r = check(t.path(), &["--format", "sarif"]);
    assert_eq!(r.code, 1);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{}", r.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let loc = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "plans/demo/impossible-month.toml"
    );
    assert_eq!(loc["region"]["startLine"], 8);
    assert_eq!(loc["region"]["startColumn"], 7);
    assert_eq!(results[0]["level"], "error");
    assert_eq!(results[1]["level"], "warning");
    // Each result's rule is declared by the tool.
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for r in results {
        assert!(rules.contains(&r["ruleId"].as_str().unwrap()));
    }
    // A clean tree is a valid log with no results.
    let clean = check(&repo(), &["--format", "sarif"]);
    let log: Value = serde_json::from_str(&clean.stdout).unwrap();
    assert!(validator.is_valid(&log));
}
