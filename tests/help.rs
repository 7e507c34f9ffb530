//! The first thing a new user reads: bare `sct` is a short overview by task, naming every
//! command, and no example in any `--help` is wrapped in the middle of an argument.

mod common;
use clap::CommandFactory;
use common::*;
use unicode_width::UnicodeWidthStr;

/// Every command path: ["check"], ["new", "review"], …
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands() {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_string());
            out.push(p.clone());
            walk(sub, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(&sct::cli::Cli::command(), &[], &mut out);
    out
}

#[test]
fn bare_sct_is_a_short_overview_by_task() {
    let r = run(sct(&fixtures()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines.len() <= 30, "{}", r.stdout);
    for group in [
        "Read where things stand",
        "Record progress",
        "Report and audit",
        "Set up",
    ] {
        assert!(lines.contains(&group), "{group} in:\n{}", r.stdout);
    }
    for line in &lines {
        assert!(line.width() <= 60, "{line}");
    }
    // Every command is named, so that a new one cannot be left out.
    for path in command_paths() {
        if path.len() == 1 && path[0] != "help" {
            has(&r.stdout, &format!("sct {}", path[0]));
        }
    }
}

#[test]
fn help_examples_are_never_wrapped_mid_argument() {
    for path in command_paths() {
        for columns in ["60", "80"] {
            let mut cmd = sct(&fixtures());
            cmd.env("COLUMNS", columns).args(&path).arg("--help");
            let r = run(cmd);
            assert_eq!(r.code, 0, "{path:?}: {}", r.stderr);
            let Some(at) = r.stdout.find("Examples:\n") else {
                continue;
            };
            let block = r.stdout[at..]
                .lines()
                .skip(1)
                .take_while(|l| !l.trim().is_empty());
            let mut continued = false;
            for line in block {
                let ok = if continued {
                    line.starts_with("      ") && !line.starts_with("       ")
                } else {
                    line.starts_with("  sct ") || line.starts_with("  # ")
                };
                assert!(
                    ok,
                    "{path:?} at {columns} columns, wrapped: {line:?}\n{}",
                    r.stdout
                );
                assert!(line.width() <= 60, "{path:?}: {line:?}");
                continued = line.ends_with(" \\");
            }
        }
    }
}
