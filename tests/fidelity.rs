//! How boards work: sign-off closes an action, a recommendation can be addressed to several
//! agencies, a start is not a deadline, reviews are of several kinds, and a sign-off cannot
//! come before what it signs off.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut a = vec!["--format", "json"];
    a.extend_from_slice(args);
    let r = sct_run(dir, &a);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect()
}

#[test]
fn birmingham_actions_finalised_in_july_2010_are_closed_not_overdue() {
    let overdue = json(&repo(), &["overdue", "--review", "bham-case14"]);
    let overdue = ids(&overdue);
    for id in [
        "bham-case14/csc-3.1",
        "bham-case14/csc-7.1",
        "bham-case14/csc-7.2",
        "bham-case14/csc-7.3",
        "bham-case14/wmp-2.1",
    ] {
        assert!(!overdue.contains(&id), "{id} is signed off, yet overdue");
    }
    // Both facts are shown: nothing declared, and the board's sign-off.
    let shown = json(&repo(), &["show", "bham-case14/csc-3.1"]);
    assert_eq!(shown["state"], "completed");
    assert_eq!(shown["signed_off"], true);
    assert!(shown.get("status").is_none_or(Value::is_null), "{shown}");
    let text = sct_run(&repo(), &["show", "bham-case14/csc-3.1"]).stdout;
    has(&text, "Declared:   not declared");
    has(
        &text,
        "Finalised:  2010-07-13 by QA&A Sub Group (with its recommendation)",
    );
    // And check still says the declared status disagrees.
    let check = sct_run(&repo(), &["check", "--verbose"]);
    has(
        &check.stderr,
        "action bham-csc-3.1 is finalised but its status is not complete"
            .replace("bham-", "bham-case14/")
            .as_str(),
    );
}

#[test]
fn a_sign_off_counts_from_its_day() {
    // As at the day before the sign-off, the action was still overdue.
    let mut cmd = sct(&repo());
    cmd.args([
        "--today",
        "2010-07-12",
        "--format",
        "json",
        "overdue",
        "--review",
        "bham-case14",
        "--agency",
        "WMP",
    ]);
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(ids(&v).contains(&"bham-case14/wmp-2.1"), "{v}");
}

const SHARED: &str = r#"number = 17
agency = "BHFT"
agencies = ["RBWM-CSC", "LSCB"]
text = "Health and social care to agree a joint protocol."

[[actions]]
description = "Agree the protocol together."
lead = "Named Nurse"
due = 2012-03-31

[[actions]]
description = "Brief the board."
agency = "LSCB"
lead = "LSCB Chair"
due = 2012-03-31
"#;

#[test]
fn a_recommendation_addressed_to_several_agencies_is_found_by_each() {
    let t = tree(&[("17.toml", SHARED)]);
    let by = |agency: &str| {
        let v = json(t.path(), &["overdue", "--agency", agency]);
        ids(&v).into_iter().map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(by("BHFT"), ["demo/17.1"]);
    // RBWM selects RBWM-CSC, a further addressee of the shared action.
    assert_eq!(by("RBWM"), ["demo/17.1"]);
    assert_eq!(by("LSCB"), ["demo/17.1", "demo/17.2"]);
    let v = json(t.path(), &["list"]);
    assert_eq!(
        v[0]["agencies"],
        serde_json::json!(["BHFT", "RBWM-CSC", "LSCB"])
    );
    assert_eq!(v[0]["agency"], "BHFT");
    assert_eq!(v[1]["agencies"], serde_json::json!(["LSCB"]));
    // Per agency, each owner answers for the shared action.
    let v = json(t.path(), &["status", "--by", "agency"]);
    let rows: Vec<(String, u64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["agency"].as_str().unwrap().to_string(),
                r["total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("BHFT".to_string(), 1),
            ("LSCB".to_string(), 2),
            ("RBWM-CSC".to_string(), 1)
        ]
    );
    let text = sct_run(t.path(), &["show", "demo/17.1"]).stdout;
    has(&text, "With:       RBWM-CSC, LSCB");
}

#[test]
fn an_undeclared_further_agency_is_an_error_at_its_place() {
    let t = tree(&[("17.toml", &SHARED.replace("\"LSCB\"]", "\"LSBC\"]"))]);
    let r = sct_run(t.path(), &["check"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/demo/17.toml:3:25: error: agency `LSBC` is not declared in demo/review.toml",
    );
    has(&r.stderr, "did you mean `LSCB`?");
}

#[test]
fn a_start_is_not_a_deadline() {
    let rec = r#"number = 4
agency = "BHFT"
text = "Health visitors to attend case conferences."

[[actions]]
description = "Attendance to be monitored."
lead = "Head of Health Visiting"
start = 2012-09-01
due_text = "To commence 01.09.12"
"#;
    let t = tree(&[("04.toml", rec)]);
    let state = |today: &str| {
        let mut cmd = sct(t.path());
        cmd.args(["--today", today, "--format", "json", "list"]);
        let r = run(cmd);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        (v[0]["state"].clone(), v[0]["start"].clone())
    };
    assert_eq!(state("2012-06-30"), ("pending".into(), "2012-09-01".into()));
    assert_eq!(state("2013-06-30"), ("ongoing".into(), "2012-09-01".into()));
    let text = sct_run(t.path(), &["show", "demo/4.1"]).stdout;
    has(&text, "Starts:     2012-09-01");
}

#[test]
fn reviews_have_a_kind_shown_and_filtered() {
    let t = tree(&[("01.toml", &SHARED.replace("number = 17", "number = 1"))]);
    let meta = t.path().join("plans/demo/review.toml");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(&meta, text.replace("title =", "kind = \"sar\"\ntitle =")).unwrap();
    let v = json(t.path(), &["status"]);
    assert_eq!(v[0]["kind"], "sar");
    let v = json(t.path(), &["status", "--kind", "lcspr"]);
    assert_eq!(v, serde_json::json!([]));
    let v = json(t.path(), &["list", "--kind", "sar"]);
    assert_eq!(v[0]["review_kind"], "sar");
    let r = sct_run(t.path(), &["status"]);
    has(&r.stdout, "demo (SAR)");
    let r = sct_run(t.path(), &["show", "demo"]);
    has(&r.stdout, "Kind:       Safeguarding Adults Review (sar)");
    // Both bundled plans are Serious Case Reviews.
    let v = json(&repo(), &["status", "--kind", "scr"]);
    assert_eq!(v.as_array().unwrap().len(), 2);
    // A kind sct does not know is an error naming its place and the kinds it knows.
    std::fs::write(
        &meta,
        text.replace("title =", "kind = \"serious\"\ntitle ="),
    )
    .unwrap();
    let r = sct_run(t.path(), &["check"]);
    assert_eq!(r.code, 1);
    has(&r.stderr, "plans/demo/review.toml:2:8: error:");
    has(&r.stderr, "lcspr");
}

#[test]
fn a_sign_off_before_the_completion_or_the_evidence_is_a_warning() {
    let rec = r#"number = 5
agency = "BHFT"
text = "Audit record keeping."

[[actions]]
description = "Audit."
lead = "Named Nurse"
due = 2012-03-31
status = "complete"
completed = 2012-03-20
finalised = { date = 2012-02-01, by = "QA&A Sub Group" }

[[actions.evidence]]
date = 2012-03-20
text = "Audit report."

[[actions]]
description = "Re-audit."
lead = "Named Nurse"
due = 2012-03-31
status = "complete"
finalised = { date = 2012-04-01, by = "QA&A Sub Group" }

[[actions.evidence]]
date = 2012-05-02
text = "Re-audit report."
"#;
    let t = tree(&[("05.toml", rec)]);
    let r = sct_run(t.path(), &["check"]);
    has(
        &r.stderr,
        "plans/demo/05.toml:11:15: warning: action demo/5.1 is signed off (2012-02-01) before its completion (2012-03-20)",
    );
    has(
        &r.stderr,
        "plans/demo/05.toml:22:15: warning: action demo/5.2 is signed off (2012-04-01) before evidence dated 2012-05-02",
    );
    // Warnings alone: exit 0, and 1 with --strict.
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sct_run(t.path(), &["check", "--strict"]).code, 1);
}

#[test]
fn import_reads_a_start_and_further_agencies() {
    let t = tree(&[]);
    let csv = t.path().join("plan.csv");
    std::fs::write(
        &csv,
        "Recommendation,Further agencies,Action required,Lead officer,By when\n\
         \"17. Health and social care to agree a joint protocol.\",\"RBWM-CSC, Demo Local Safeguarding Children Board\",Agree the protocol,Named Nurse,To commence 01.09.12\n",
    )
    .unwrap();
    let r = sct_run(
        t.path(),
        &[
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--review",
            "demo",
            "--agency",
            "BHFT",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(t.path(), &["list"]);
    assert_eq!(
        v[0]["agencies"],
        serde_json::json!(["BHFT", "RBWM-CSC", "LSCB"])
    );
    assert_eq!(v[0]["start"], "2012-09-01");
    assert!(v[0]["due"].is_null(), "{v}");
    assert_eq!(v[0]["due_text"], "To commence 01.09.12");
    assert_eq!(v[0]["state"], "pending");
}
