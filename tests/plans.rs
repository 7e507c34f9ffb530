//! The bundled plans: counts pinned to the source documents, and spot checks of dates,
//! leads and statuses against their words (quoted beside each check).

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sct_json(args: &[&str]) -> Value {
    let mut a = vec!["--format", "json"];
    a.extend_from_slice(args);
    let r = sct_run(&repo(), &a);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn show(id: &str) -> Value {
    sct_json(&["show", id])
}

/// The named string fields of a shown item (None where absent or null).
fn fields<'a>(v: &'a Value, keys: &[&str]) -> Vec<Option<&'a str>> {
    keys.iter().map(|k| v[*k].as_str()).collect()
}

#[test]
fn bundled_plans_pass_check() {
    let r = sct_run(&repo(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("error:"), "{}", r.stderr);
    assert!(
        r.stdout
            .ends_with("files read; 2 reviews, 138 recommendations, 280 actions checked\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn counts_per_review_and_section() {
    let wm = show("wm-2011");
    let bham = show("bham-case14");
    let count = |v: &Value, key: &str| -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for r in v["recommendations"].as_array().unwrap() {
            *m.entry(r[key].as_str().unwrap().to_string()).or_default() += 1;
        }
        m
    };
    let actions = |v: &Value| -> u64 {
        v["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["actions"].as_u64().unwrap())
            .sum()
    };

    // Windsor and Maidenhead: 68 recommendations in 7 agency sections.
    assert_eq!(wm["recommendations"].as_array().unwrap().len(), 68);
    let expect: BTreeMap<String, usize> = [
        ("LSCB", 7),
        ("PCT", 8),
        ("PC", 5),
        ("BHFT", 17),
        ("HWPHT", 8),
        ("RBWM-FSS", 10),
        ("RBWM-CSC", 13),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), *v))
    .collect();
    assert_eq!(count(&wm, "agency"), expect);
    assert_eq!(actions(&wm), 155);
    let numbers: Vec<String> = wm["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["recommendation"].as_str().unwrap().to_string())
        .collect();
    let expect: Vec<String> = (1..=68).map(|n| format!("wm-2011/{n}")).collect();
    assert_eq!(numbers, expect, "numbered 1 to 68 throughout");

    // Birmingham Case 14: 18 overview recommendations, then the IMRs of 12 agencies.
    let recs = bham["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 70);
    let overview: Vec<&str> = recs
        .iter()
        .map(|r| r["recommendation"].as_str().unwrap())
        .filter(|id| id[12..].chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(overview.len(), 18);
    let mut imr: BTreeMap<String, usize> = BTreeMap::new();
    for r in recs.iter().skip(18) {
        *imr.entry(r["agency"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let expect: BTreeMap<String, usize> = [
        ("BSMHFT", 3),
        ("EYS", 3),
        ("EPS", 1),
        ("EWS", 6),
        ("SCHOOLS", 3),
        ("HOBTPCT-GP", 5),
        ("HOBTPCT-HV", 4),
        ("PORTAGE", 3),
        ("SENAS", 6),
        ("CSC", 9),
        ("SBPCT", 5),
        ("WMP", 4),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), *v))
    .collect();
    assert_eq!(imr, expect);
    // 120 as first transcribed; ews-3, ews-4 and ews-5 and overview 12 split by one rule.
    assert_eq!(actions(&bham), 125);
}

#[test]
fn month_precision_and_review_dates() {
    // "April 2012 (review June 2012)"
    let a = show("wm-2011/10.1");
    assert_eq!(
        fields(&a, &["due", "review"]),
        [Some("2012-04"), Some("2012-06")]
    );
    assert_eq!(a["due_text"], "April 2012 (review June 2012)");
    // "February 2012 concluding June 2012", status "Local Authority complete"
    let a = show("wm-2011/3.1");
    assert_eq!(a["due"], "2012-06");
    assert_eq!(a["status"], "complete");
    assert_eq!(a["status_text"], "Local Authority complete");
}

#[test]
fn now_and_ongoing_have_no_due_date() {
    // By when "Now", status "Ongoing".
    let a = show("wm-2011/19.1");
    assert_eq!(a["due"], Value::Null);
    assert_eq!(a["due_text"], "Now");
    assert_eq!(a["status"], "ongoing");
    assert_eq!(a["state"], "ongoing");
}

#[test]
fn uk_day_first_dates() {
    // "1/09/ 2009 1/11/ 2009": the second action is due 1 November 2009.
    assert_eq!(show("bham-case14/2.2")["due"], "2009-11-01");
    // "1/09/2009 09/07/2010"
    assert_eq!(show("bham-case14/13.2")["due"], "2010-07-09");
    // "To commence 01.09.08": a start, not a deadline.
    let a = show("bham-case14/hobtpct-hv-4.1");
    assert_eq!(
        fields(&a, &["start", "due", "due_text"]),
        [Some("2008-09-01"), None, Some("To commence 01.09.08")]
    );
    // Not overdue since 2008: declared "Implementation complete" and signed off.
    assert_eq!(a["state"], "completed");
    // "31.05.2010" beside "Assistant Director - Safeguarding"
    let a = show("bham-case14/schools-3.2");
    assert_eq!(a["due"], "2010-05-31");
    assert_eq!(a["lead"], "Assistant Director - Safeguarding");
}

#[test]
fn an_impossible_document_date_keeps_its_month_and_words() {
    // "29.02.09": 2009 had no 29 February.
    let a = show("bham-case14/ews-3.1");
    assert_eq!(
        fields(&a, &["due", "due_text"]),
        [Some("2009-02"), Some("29.02.09")]
    );
}

#[test]
fn several_dates_and_leads_in_one_cell_go_to_their_own_actions() {
    // "January 2012 June 2012" / "LSCB BHFT": the second action is BHFT's, due June 2012.
    let a = show("wm-2011/6.2");
    assert_eq!(
        fields(&a, &["agency", "lead", "due"]),
        [Some("BHFT"), Some("BHFT"), Some("2012-06")]
    );
    // "Complete Ongoing": the second action is ongoing.
    assert_eq!(show("wm-2011/49.2")["status"], "ongoing");
}

#[test]
fn completion_in_the_status_cell() {
    // "Complete January 2012. Written protocol in place across Berkshire."
    let a = show("wm-2011/17.1");
    assert_eq!(a["status"], "complete");
    assert_eq!(a["completed"], "2012-01");
    assert_eq!(
        a["status_text"],
        "Complete January 2012. Written protocol in place across Berkshire."
    );
}

#[test]
fn pending_is_in_progress_with_the_documents_word() {
    // "… The findings will be reported to the BSCB. Pending."
    let a = show("bham-case14/8.1");
    assert_eq!(
        fields(&a, &["status", "status_text"]),
        [Some("in-progress"), Some("Pending")]
    );
    let a = show("bham-case14/wmp-4.1");
    assert_eq!(
        fields(&a, &["status", "status_text"]),
        [Some("in-progress"), Some("Pending")]
    );
}

#[test]
fn finalised_by_the_qa_sub_group() {
    // "Agency action reviewed by QA&A Sub Group. Action Completed. Finalised"
    let r = show("bham-case14/1");
    assert_eq!(r["finalised"]["by"], "QA&A Sub Group");
    assert_eq!(
        r["finalised"].get("date"),
        None,
        "the document gives no date"
    );
    assert_eq!(r["actions"][0]["signed_off"], true);
    // "QA&A subgroup reviewed 13/07/2010 Finalised."
    let r = show("bham-case14/hobtpct-hv-4");
    assert_eq!(r["finalised"]["date"], "2010-07-13");
}

#[test]
fn dated_evidence_and_monitoring() {
    // "Discussed at LSCB sub committee meeting 01.02.12 …"
    let a = show("wm-2011/21.1");
    assert_eq!(a["evidence"][0]["date"], "2012-02-01");
    assert!(a["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Discussed at LSCB sub committee meeting 01.02.12"));
    // "Bespoke Supervision training commissioned and delivered on 10/10/11."
    let a = show("wm-2011/53.2");
    assert_eq!(a["evidence"][0]["date"], "2011-10-10");
    // "7th July 2010, QA&A Sub Group Review. Require further evidence …"
    let r = show("bham-case14/5");
    let note = r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["date"] == "2010-07-07")
        .expect("a note of 7 July 2010");
    assert_eq!(note["body"], "QA&A Sub Group");
    assert!(note["text"]
        .as_str()
        .unwrap()
        .starts_with("7th July 2010, QA&A Sub Group Review."));
}

#[test]
fn recommendation_three_of_case_14_has_lost_its_text() {
    // The extraction goes from Recommendation 2 straight to the end of Recommendation 3's row.
    let r = show("bham-case14/3");
    assert_eq!(r["text"], Value::Null);
    assert_eq!(r["agency"], "HOBTPCT");
}

#[test]
fn the_readme_examples_as_at_june_2012() {
    let v = sct_json(&["--today", "2012-06-30", "overdue", "--agency", "BHFT"]);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    // 10 and 14 are addressed to the PCT and the NHS trusts: BHFT shares their actions.
    assert_eq!(
        ids,
        [
            "wm-2011/34.4",
            "wm-2011/10.1",
            "wm-2011/10.2",
            "wm-2011/14.1"
        ]
    );
    assert_eq!(
        v[1]["agencies"],
        serde_json::json!(["PCT", "BHFT", "HWPHT"])
    );
    assert_eq!(
        v[0]["days_overdue"], 213,
        "due November 2011: 30 Nov 2011 → 30 Jun 2012"
    );
}

#[test]
fn every_plan_file_points_at_the_schema() {
    for entry in walk(&repo().join("plans")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        let first = text.lines().next().unwrap_or("");
        let depth = entry.strip_prefix(repo()).unwrap().components().count() - 1;
        let name = if entry.ends_with("review.toml") {
            "review"
        } else if entry.ends_with("plans/themes.toml") {
            "themes"
        } else {
            "recommendation"
        };
        let expect = format!("#:schema {}schema/{name}.schema.json", "../".repeat(depth));
        assert_eq!(first, expect, "{}", entry.display());
        assert!(std::path::Path::new(
            &entry
                .parent()
                .unwrap()
                .join(expect.trim_start_matches("#:schema "))
        )
        .exists());
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
    out
}

/// The second reading of the points an audit questioned (issue 15), each against the source.
#[test]
fn rechecked_against_the_source() {
    // Overview 10: the QA&A cell's "Pending"; "Completed" ended a sentence on the guidance.
    let a = show("bham-case14/10.1");
    assert_eq!(
        fields(&a, &["status", "status_text"]),
        [Some("in-progress"), Some("Pending")]
    );
    assert_eq!(a["state"], "overdue");
    // Overview 3: the monitoring cell keeps only its own words, the dates.
    let r = show("bham-case14/3");
    let notes: Vec<&str> = r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        notes,
        [
            "30/1/2009",
            "23/7/2009",
            "19/8/2009",
            "8/2/2010",
            "11/05/2010",
            "Further meetings are planned for",
            "Further meetings are planned for"
        ]
    );
    // W&M 9.1 and 12.1-12.2 sit with the Health Commissioners "as the responsible body".
    for id in ["wm-2011/9.1", "wm-2011/12.1", "wm-2011/12.2"] {
        let a = show(id);
        assert_eq!(a["agency"], "PCT", "{id}");
    }
    assert_eq!(
        show("wm-2011/12.1")["agencies"],
        serde_json::json!(["PCT", "BHFT"])
    );
    // 44.4, 50.3, 50.4: no status word left for them in the cell.
    for id in ["wm-2011/44.4", "wm-2011/50.3", "wm-2011/50.4"] {
        assert_eq!(show(id)["status"], Value::Null, "{id}");
    }
    // One rule for two sentences in one action cell: each commitment is its own action.
    assert_eq!(
        show("bham-case14/ews-3.2")["description"],
        "Implement any amendments."
    );
    assert_eq!(
        show("bham-case14/ews-4.2")["description"],
        "Improve liaison with Children's Social Care managers"
    );
    assert_eq!(
        show("bham-case14/ews-5.3")["description"],
        "Supervision and PDR"
    );
    assert_eq!(
        show("bham-case14/12.4")["description"],
        "Audit findings to be shared with BSCB."
    );
    assert_eq!(show("bham-case14/12.4")["due"], "2009-12-01");
    // Overview 17 is addressed to four agencies: each finds its self-audit.
    assert_eq!(
        show("bham-case14/17.1")["agencies"],
        serde_json::json!(["HOBTPCT", "SBPCT", "CSC", "EO"])
    );
    let v = sct_json(&[
        "--today",
        "2012-06-30",
        "list",
        "--agency",
        "EO",
        "--review",
        "bham-case14",
    ]);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"bham-case14/17.1"), "{ids:?}");
}
