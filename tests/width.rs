//! Tables that fit: at any terminal width from 60 columns up every line fits, no ID or
//! header word is split, and piped output is one line per row, never cut.

mod common;
use common::git::GitPlans;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn at_width(dir: &Path, columns: u16, args: &[&str]) -> String {
    let mut cmd = sct(dir);
    cmd.env("COLUMNS", columns.to_string()).args(args);
    let r = run(cmd);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.stdout
}

#[track_caller]
fn fits(out: &str, columns: u16, what: &str) {
    for line in out.lines() {
        assert!(
            line.width() <= usize::from(columns),
            "{what} at {columns} columns: a line of {} columns:\n{line}\n\n{out}",
            line.width()
        );
    }
}

/// Every action ID of `list`, from its JSON.
fn action_ids(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut a = vec!["--format", "json"];
    a.extend_from_slice(args);
    let r = sct_run(dir, &a);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x["action"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_table_fits_60_80_and_120_columns() {
    let commands: &[&[&str]] = &[
        &["status"],
        &["status", "--by", "agency"],
        &["overdue"],
        &["list"],
        &["show", "wm-2011"],
        &["show", "bham-case14"],
        &["show", "wm-2011/21"],
        &["show", "bham-case14/17"],
        &["show", "bham-case14/csc-3.1"],
    ];
    for columns in [60, 80, 120] {
        for args in commands {
            let out = at_width(&repo(), columns, args);
            fits(&out, columns, &args.join(" "));
        }
    }
}

#[test]
fn no_id_or_header_word_is_split() {
    for columns in [60, 80, 120] {
        for args in [&["overdue"][..], &["list"][..]] {
            let out = at_width(&repo(), columns, args);
            for id in action_ids(&repo(), args) {
                has(&out, &format!("│ {id} "));
            }
            for word in ["ID", "Description"] {
                has(&out, &format!(" {word} "));
            }
        }
        let out = at_width(&repo(), columns, &["status", "--by", "agency"]);
        for word in ["Review", "Agency", "Actions", "Overdue"] {
            has(&out, &format!(" {word} "));
        }
        has(&out, "bham-case14 (SCR)");
    }
}

#[test]
fn git_tables_fit_too() {
    let g = GitPlans::demo();
    let plan = "plans/demo-2012/01.toml";
    let text = g.read(plan);
    g.write(
        plan,
        &text.replace("due = \"2012-05\"", "due = \"2012-09\""),
    );
    g.commit_all(
        "2012-03-01",
        "A long message about moving the due date of the first action of recommendation one",
    );
    for columns in [60, 80, 120] {
        for args in [&["log"][..], &["changes", "--since", "2012-02-01"][..]] {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sct"));
            cmd.current_dir(g.path())
                .env("COLUMNS", columns.to_string())
                .env("SCT_TODAY", TODAY)
                .env("SCT_CACHE_DIR", cache_dir())
                .args(args);
            common::git::seal(&mut cmd, TODAY);
            let out = cmd.output().unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert!(
                out.status.success() && stdout.contains('│'),
                "{args:?}: {stdout}"
            );
            fits(&stdout, columns, &args.join(" "));
        }
    }
}

#[test]
fn piped_output_is_one_line_per_action_and_never_cut() {
    let mut cmd = sct(&repo());
    cmd.env_remove("COLUMNS").args(["list"]);
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ids = action_ids(&repo(), &["list"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    // A header line, then one line per action.
    assert_eq!(lines.len(), ids.len() + 1, "{}", r.stdout);
    assert!(lines[0].starts_with("ID  "), "{}", lines[0]);
    for (line, id) in lines[1..].iter().zip(&ids) {
        assert!(line.starts_with(&format!("{id} ")), "{line}");
        assert!(!line.contains('…'), "cut: {line}");
        assert_eq!(line.trim_end(), *line, "padded: {line:?}");
    }
    // The longest description is there whole.
    has(
        &r.stdout,
        "Special School Nursing Service, Child Development Centre services",
    );
}

#[test]
fn tsv_is_one_row_per_action_with_no_tab_or_newline_inside_a_cell() {
    let r = sct_run(&repo(), &["--format", "tsv", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ids = action_ids(&repo(), &["list"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), ids.len() + 1);
    let header: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(header[0], "id");
    for line in &lines[1..] {
        assert_eq!(line.split('\t').count(), header.len(), "{line}");
    }
}
