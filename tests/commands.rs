//! status, overdue, list and show on the demo plans, as at 2012-06-30.

mod common;
use common::*;

fn json(args: &[&str]) -> serde_json::Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let r = sct_run(&demo(), &a);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn status_table() {
    let r = sct_run(&demo(), &["status"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn status_by_agency_table() {
    let r = sct_run(&demo(), &["status", "--by", "agency"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn status_json_counts_each_state() {
    let v = json(&["status"]);
    assert_eq!(
        v,
        serde_json::json!([{
            "review": "demo-2012", "kind": null, "total": 8, "completed": 1, "overdue": 3,
            "due_soon": 2, "pending": 1, "ongoing": 1, "percent_complete": 12
        }])
    );
}

#[test]
fn status_by_agency_json_with_agency_filter() {
    let v = json(&["status", "--by", "agency", "--agency", "RBWM"]);
    let rows = v.as_array().unwrap();
    let agencies: Vec<&str> = rows.iter().map(|r| r["agency"].as_str().unwrap()).collect();
    assert_eq!(
        agencies,
        ["RBWM", "RBWM-CSC"],
        "a parent code selects its children"
    );
    assert_eq!(rows[1]["overdue"], 1);
}

#[test]
fn soon_window_is_configurable() {
    let v = json(&["status", "--soon", "29"]);
    assert_eq!(
        (v[0]["due_soon"].as_u64(), v[0]["pending"].as_u64()),
        (Some(3), Some(0))
    );
}

#[test]
fn today_flag_overrides_the_environment() {
    let v = json(&["status", "--today", "2012-01-01"]);
    assert_eq!(v[0]["overdue"], 0);
}

#[test]
fn overdue_most_overdue_first() {
    let v = json(&["overdue"]);
    assert_eq!(
        ids(&v),
        [
            "demo-2012/rbwm-csc-1.1",
            "demo-2012/1.1",
            "demo-2012/rbwm-csc-1.2"
        ]
    );
    let days: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["days_overdue"].as_i64().unwrap())
        .collect();
    // 2012-02-29 → 122 days; "2012-05" ends on 31 May → 30; 2012-06-01 → 29.
    assert_eq!(days, [122, 30, 29]);
}

#[test]
fn overdue_json_contract() {
    let v = json(&["overdue", "--lead", "lsCB chair"]);
    let a = &v[0];
    assert_eq!(a["review"], "demo-2012");
    assert_eq!(a["recommendation"], "demo-2012/1");
    assert_eq!(
        a["recommendation_text"],
        "The LSCB should ensure that agencies improve their engagement with fathers."
    );
    assert_eq!(a["action"], "demo-2012/1.1");
    assert_eq!(
        a["description"],
        "Review the assessment documents of all agencies."
    );
    assert_eq!(a["agency"], "LSCB");
    assert_eq!(a["lead"], "LSCB Chair");
    assert_eq!(a["due"], "2012-05");
    assert_eq!(a["status"], "in-progress");
    assert_eq!(a["state"], "overdue");
    assert_eq!(a["days_overdue"], 30);
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn overdue_filters_by_agency_and_review() {
    assert_eq!(
        ids(&json(&["overdue", "--agency", "rbwm-csc"])),
        ["demo-2012/rbwm-csc-1.1"]
    );
    assert_eq!(
        ids(&json(&["overdue", "--agency", "BHFT"])),
        Vec::<String>::new()
    );
    let r = sct_run(&demo(), &["overdue", "--review", "demo-2013"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "there is no review `demo-2013`");
    has(&r.stderr, "did you mean `demo-2012`?");
}

#[test]
fn overdue_table() {
    let r = sct_run(&demo(), &["overdue"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn overdue_when_nothing_is_late() {
    let r = sct_run(&demo(), &["overdue", "--today", "2012-01-01"]);
    assert_eq!(r.stdout, "Nothing overdue as at 1 January 2012.\n");
}

#[test]
fn list_every_action_with_its_state() {
    let v = json(&["list"]);
    let states: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["action"].as_str().unwrap().into(),
                a["state"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expect = [
        ("demo-2012/1.1", "overdue"),
        ("demo-2012/1.2", "due-soon"),
        ("demo-2012/1.3", "completed"),
        ("demo-2012/2.1", "due-soon"),
        ("demo-2012/2.2", "pending"),
        ("demo-2012/2.3", "ongoing"),
        ("demo-2012/rbwm-csc-1.1", "overdue"),
        ("demo-2012/rbwm-csc-1.2", "overdue"),
    ];
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(states, expect);
    assert_eq!(v[5]["due"], serde_json::Value::Null);
    assert_eq!(v[5]["days_overdue"], serde_json::Value::Null);
    assert_eq!(
        v[1]["status"], "delayed",
        "the declared status stays visible"
    );
}

#[test]
fn list_filters_by_state() {
    let v = json(&["list", "--state", "due-soon", "--state", "pending"]);
    assert_eq!(ids(&v), ["demo-2012/1.2", "demo-2012/2.1", "demo-2012/2.2"]);
}

#[test]
fn list_table() {
    let r = sct_run(&demo(), &["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn show_action_in_full() {
    let r = sct_run(&demo(), &["show", "demo-2012/1.3"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn show_recommendation_and_review() {
    let r = sct_run(&demo(), &["show", "DEMO-2012/RBWM-CSC-1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("show_recommendation", r.stdout);
    let r = sct_run(&demo(), &["show", "demo-2012"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("show_review", r.stdout);
}

#[test]
fn show_json_has_evaluated_actions() {
    let v = json(&["show", "demo-2012/1"]);
    assert_eq!(v["recommendation"], "demo-2012/1");
    assert_eq!(v["state"], "overdue");
    assert_eq!(v["actions"][2]["state"], "completed");
    assert_eq!(
        v["actions"][2]["evidence"][0]["text"],
        "Email written to training commissioners."
    );
    assert_eq!(v["actions"][2]["finalised"]["by"], "QA&A Sub Group");
    assert_eq!(v["actions"][2]["signed_off"], true);
    assert_eq!(v["actions"][0]["signed_off"], false);
}

#[test]
fn show_unknown_id_suggests() {
    let r = sct_run(&demo(), &["show", "demo-2012/3"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "nothing has the ID `demo-2012/3`");
    let r = sct_run(&demo(), &["show", "demo-2012/1.9"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("demo-2012/1 has 3 actions, so there is no `demo-2012/1.9`"),
        "{}",
        r.stderr
    );
}

#[test]
fn colour_follows_the_plans_key() {
    let r = sct_run(&demo(), &["--color", "always", "overdue"]);
    assert!(
        r.stdout.contains("\x1b[38;5;9m") || r.stdout.contains("\x1b[31m"),
        "red for overdue:\n{}",
        r.stdout
    );
    let r = sct_run(&demo(), &["list"]);
    assert!(!r.stdout.contains('\x1b'), "no colour when piped");
    let mut cmd = sct(&demo());
    cmd.env("NO_COLOR", "1")
        .args(["--color", "always", "overdue"]);
    assert!(
        run(cmd).stdout.contains('\x1b'),
        "--color always overrides NO_COLOR"
    );
}

#[test]
fn plans_folder_from_flag_and_environment() {
    let elsewhere = tempfile::tempdir().unwrap();
    let plans = demo().join("plans");
    let r = sct_run(
        elsewhere.path(),
        &[
            "--plans",
            plans.to_str().unwrap(),
            "status",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut cmd = sct(elsewhere.path());
    cmd.env("SCT_PLANS", &plans)
        .args(["status", "--format", "json"]);
    assert_eq!(run(cmd).code, 0);
}

#[test]
fn bad_today_is_a_usage_error() {
    let r = sct_run(&demo(), &["status", "--today", "2012-02-30"]);
    assert_eq!(r.code, 2);
    has(&r.stderr, "2012-02 has 29 days");
}

#[test]
fn broken_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("sct"))
        .current_dir(demo())
        .env("SCT_TODAY", TODAY)
        .env("SCT_CACHE_DIR", cache_dir())
        .args(["list", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.code() == Some(0), "{status:?} {err}");
}
