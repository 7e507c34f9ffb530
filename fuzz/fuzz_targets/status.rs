//! A small generated plan, with arbitrary dates and status words, through the loader,
//! validation and the status rules, as `sct status` and `sct check` run them.
#![no_main]

mod common;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sct::plan::query::{rows, Counts, Filter};
use sct::plan::status::Rules;
use std::fmt::Write;

/// A date as a plan file might hold it: well-formed, impossible, or any text.
#[derive(Arbitrary, Debug)]
enum DateIn {
    Day(i32, u8, u8),
    Month(i32, u8),
    Bare(u16, u8, u8),
    Text(String),
}

impl DateIn {
    fn toml(&self) -> String {
        match self {
            DateIn::Day(y, m, d) => format!("\"{y:04}-{m:02}-{d:02}\""),
            DateIn::Month(y, m) => format!("\"{y:04}-{m:02}\""),
            // A TOML local date (unquoted), which the parser checks itself.
            DateIn::Bare(y, m, d) => format!("{:04}-{m:02}-{d:02}", y % 10000),
            DateIn::Text(s) => toml_str(s),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum StatusIn {
    Known(u8),
    Word(String),
}

const WORDS: [&str; 6] = [
    "not-started",
    "in-progress",
    "delayed",
    "ongoing",
    "complete",
    "completed",
];

#[derive(Arbitrary, Debug)]
struct ActionIn {
    due: Option<DateIn>,
    review: Option<DateIn>,
    status: Option<StatusIn>,
    completed: Option<DateIn>,
    evidence: Option<DateIn>,
    finalised: Option<DateIn>,
    other_agency: bool,
}

#[derive(Arbitrary, Debug)]
struct PlanIn {
    today: (i32, u8, u8),
    soon_days: i16,
    number: u16,
    imr: bool,
    actions: Vec<ActionIn>,
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn plan_text(p: &PlanIn) -> String {
    let mut s = format!(
        "number = {}\nagency = \"BHFT\"\ntext = \"Fuzz.\"\n",
        p.number
    );
    if p.imr {
        s.push_str("section = \"imr\"\n");
    }
    for a in p.actions.iter().take(16) {
        s.push_str("\n[[actions]]\ndescription = \"An action.\"\n");
        if a.other_agency {
            s.push_str("agency = \"CSC\"\n");
        }
        if let Some(d) = &a.due {
            let _ = writeln!(s, "due = {}", d.toml());
        }
        if let Some(d) = &a.review {
            let _ = writeln!(s, "review = {}", d.toml());
        }
        match &a.status {
            Some(StatusIn::Known(i)) => {
                let _ = writeln!(s, "status = \"{}\"", WORDS[*i as usize % WORDS.len()]);
            }
            Some(StatusIn::Word(w)) => {
                let _ = writeln!(s, "status = {}", toml_str(w));
            }
            None => {}
        }
        if let Some(d) = &a.completed {
            let _ = writeln!(s, "completed = {}", d.toml());
        }
        if let Some(d) = &a.evidence {
            let _ = writeln!(
                s,
                "[[actions.evidence]]\ndate = {}\ntext = \"Seen.\"",
                d.toml()
            );
        }
        if let Some(d) = &a.finalised {
            let _ = writeln!(s, "[actions.finalised]\ndate = {}\nby = \"QA\"", d.toml());
        }
    }
    s
}

fuzz_target!(|p: PlanIn| {
    let text = plan_text(&p);
    let (y, m, d) = p.today;
    let Some(today) = chrono::NaiveDate::from_ymd_opt(y, m.into(), d.into()) else {
        return;
    };
    let loaded = common::check_one(text.as_bytes(), Some(today));
    let rules = Rules {
        today,
        soon_days: p.soon_days.into(),
    };
    let mut counts = Counts::default();
    for row in rows(&loaded.plans, &rules, &Filter::default()) {
        counts.add(row.eval.state);
        let _ = row.id();
    }
    let _ = counts.percent_complete();
});
