//! `sct remind` messages a person can send: plain text, addressed from `[contacts]`, one
//! message per lead whatever the capitals, an HTML alternative on request, and a clear
//! word for every lead with no address.

mod common;
use common::*;

const REC: &str = r#"number = 1
agency = "BHFT"
text = "Health visitors to record fathers' details."

[[actions]]
description = "Audit the records."
lead = "Named Nurse"
due = 2012-03-31

[[actions]]
description = "Brief the teams."
lead = "named  NURSE"
due = 2012-04-30

[[actions]]
description = "Report to the board."
agency = "LSCB"
lead = "LSCB Chair"
due = 2012-05-31
"#;

const CONTACTS: &str = r#"
[contacts]
"Named Nurse" = ["Pat Nurse <pat.nurse@bhft.example>", "safeguarding@bhft.example"]
"#;

fn with_contacts(contacts: &str) -> tempfile::TempDir {
    let t = tree(&[("01.toml", REC)]);
    let meta = t.path().join("plans/demo/review.toml");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(&meta, format!("{text}{contacts}")).unwrap();
    t
}

fn remind(dir: &std::path::Path, extra: &[&str]) -> (Run, Vec<(String, String)>) {
    let out = dir.join("out");
    let mut args = vec!["remind", "--format", "eml", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let r = sct_run(dir, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    files.sort();
    (r, files)
}

#[test]
fn one_message_per_lead_addressed_from_contacts_in_plain_text() {
    let t = with_contacts(CONTACTS);
    let (r, files) = remind(t.path(), &[]);
    // "Named Nurse" and "named  NURSE" are one person: one message for both actions.
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["demo_bhft_named-nurse.eml", "demo_lscb_lscb-chair.eml"]
    );
    let nurse = &files[0].1;
    has(
        nurse,
        "To: \"Pat Nurse\" <pat.nurse@bhft.example>, <safeguarding@bhft.example>",
    );
    has(nurse, "Content-Type: text/plain");
    has(nurse, "Dear Named Nurse,");
    has(nurse, "demo/1.1, due 31 Mar 2012");
    has(nurse, "demo/1.2, due 30 Apr 2012");
    for mark in ["## ", "### ", "\r\n- ", "**", "`"] {
        assert!(
            !nurse.contains(mark),
            "a Markdown mark {mark:?} in:\n{nurse}"
        );
    }
    // A lead with no address gets a draft for the sender to address, and a word.
    has(&files[1].1, "To: \"LSCB Chair, LSCB\":;");
    has(
        &r.stdout,
        "no address for LSCB Chair, LSCB: add one under [contacts] in demo/review.toml",
    );
    assert!(
        !r.stdout.contains("no address for Named Nurse"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_agency_entry_addresses_its_leads_without_their_own() {
    let t = with_contacts("\n[contacts]\nLSCB = [\"lscb@example.org\"]\n");
    let (r, files) = remind(t.path(), &[]);
    has(&files[1].1, "To: <lscb@example.org>");
    has(&r.stdout, "no address for Named Nurse, BHFT");
}

#[test]
fn html_alternative_on_request() {
    let t = with_contacts(CONTACTS);
    let (_, files) = remind(t.path(), &["--html"]);
    let nurse = &files[0].1;
    has(nurse, "Content-Type: multipart/alternative");
    has(nurse, "Content-Type: text/plain");
    has(nurse, "Content-Type: text/html");
    has(nurse, "<p>Dear Named Nurse,</p>");
    let (_, plain) = remind(t.path(), &[]);
    assert!(!plain[0].1.contains("text/html"));
}

#[test]
fn an_unreadable_contact_is_a_check_error_at_its_place() {
    let t = with_contacts("\n[contacts]\n\"Named Nurse\" = [\"pat at bhft\"]\n");
    let r = sct_run(t.path(), &["check"]);
    assert_eq!(r.code, 1);
    has(
        &r.stderr,
        "plans/demo/review.toml:14:18: error: `pat at bhft` is not an e-mail address",
    );
}
