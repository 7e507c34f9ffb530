//! Every shell example in the docs runs here and prints what the docs show.
//!
//! In README.md, GUIDE.md and REFERENCE.md, a ```console block is a session: `$ ` lines are
//! commands (a line ending in `\` continues on the next), the lines under each are what it
//! prints (standard error, then standard output, as a terminal shows them). A line holding
//! only `…` stands for any number of lines. The word after `console` says where the
//! session starts:
//!
//! - nothing: sct's own folder: a copy of the bundled `plans/`, `schema/` and
//!   `docs/lscb-plan.csv`, `.xlsx` and `.docx`;
//! - `demo`: a repository made by `sct demo`, with its history;
//! - `empty`: an empty folder.
//!
//! `cd DIR` and `export NAME=VALUE` are kept for the rest of the session; anything else
//! runs in `sh`. ```sh blocks (installing, CI recipes) are shown, not run.
//!
//! The sessions are sealed: `SCT_TODAY=2012-06-30` (except for a command with `--at` and
//! no `--today`, which judges states as at that day itself), `COLUMNS=100`, no colour, a
//! git configuration of their own, and commits dated 2012-06-30 12:00 UTC.
//!
//! `SCT_UPDATE_DOCS=1 cargo test --test docs` writes what the commands print back into the
//! docs (keeping the lines around a single `…`), for a human to review with `git diff`.

mod common;

use common::copy_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

const DOCS: &[&str] = &["README.md", "GUIDE.md", "REFERENCE.md"];
const TODAY: &str = "2012-06-30";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sct_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("sct")
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Start {
    Plans,
    Demo,
    Empty,
}

#[derive(Debug)]
struct Session {
    file: String,
    /// The line of the opening fence (from 1).
    line: usize,
    start: Start,
    commands: Vec<Cmd>,
}

#[derive(Debug)]
struct Cmd {
    /// The line of the command (from 1); its output follows, up to `end` (exclusive).
    line: usize,
    text: String,
    /// Lines (from 0) of the expected output in the file.
    out_from: usize,
    out_to: usize,
    expected: Vec<String>,
}

fn sessions(file: &str, text: &str) -> Vec<Session> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].trim_start();
        let Some(info) = l.strip_prefix("```console") else {
            i += 1;
            continue;
        };
        let start = match info.trim() {
            "" => Start::Plans,
            "demo" => Start::Demo,
            "empty" => Start::Empty,
            other => panic!("{file}:{}: unknown session start `{other}`", i + 1),
        };
        let fence = i;
        i += 1;
        let mut commands: Vec<Cmd> = Vec::new();
        while i < lines.len() && !lines[i].trim_start().starts_with("```") {
            if let Some(cmd) = lines[i].strip_prefix("$ ") {
                let line = i + 1;
                let mut text = cmd.to_string();
                while text.ends_with('\\') && i + 1 < lines.len() {
                    text.pop();
                    i += 1;
                    text.push(' ');
                    text.push_str(lines[i].trim_start());
                }
                if let Some(last) = commands.last_mut() {
                    last.out_to = line - 1;
                }
                commands.push(Cmd {
                    line,
                    text,
                    out_from: i + 1,
                    out_to: i + 1,
                    expected: Vec::new(),
                });
            } else if commands.is_empty() {
                panic!("{file}:{}: a console block begins with `$ command`", i + 1);
            }
            i += 1;
        }
        if let Some(last) = commands.last_mut() {
            last.out_to = i;
        }
        for c in &mut commands {
            c.expected = lines[c.out_from..c.out_to]
                .iter()
                .map(|s| s.to_string())
                .collect();
        }
        out.push(Session {
            file: file.to_string(),
            line: fence + 1,
            start,
            commands,
        });
        i += 1;
    }
    out
}

/// A repository made by `sct demo`, once per test run (under target/, replaced each run).
fn demo_template() -> &'static Path {
    static DEMO: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-demo");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new(sct_bin())
            .arg("demo")
            .arg("sct-demo")
            .current_dir(&dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "sct demo: {out:?}");
        dir.join("sct-demo")
    })
}

/// The environment every command of a session runs in.
struct Env {
    home: tempfile::TempDir,
    cwd: PathBuf,
    vars: Vec<(String, String)>,
}

impl Env {
    fn new(start: Start) -> Env {
        let home = tempfile::tempdir().unwrap();
        let work = home.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        let mut env = Env {
            cwd: work.clone(),
            home,
            vars: Vec::new(),
        };
        match start {
            Start::Empty => {}
            Start::Plans => {
                copy_dir(&root().join("plans"), &work.join("plans"));
                copy_dir(&root().join("schema"), &work.join("schema"));
                std::fs::create_dir_all(work.join("docs")).unwrap();
                for plan in ["lscb-plan.csv", "lscb-plan.xlsx", "lscb-plan.docx"] {
                    std::fs::copy(root().join("docs").join(plan), work.join("docs").join(plan))
                        .unwrap();
                }
            }
            Start::Demo => {
                // One `sct demo` per test run, copied for each session (same bytes).
                copy_dir(demo_template(), &work.join("sct-demo"));
                env.cwd = work.join("sct-demo");
            }
        }
        env
    }

    /// Runs one command line; returns its exit status and what it printed.
    fn run(&mut self, line: &str) -> (i32, String) {
        if let Some(dir) = line.strip_prefix("cd ") {
            self.cwd = self.cwd.join(dir.trim());
            assert!(self.cwd.is_dir(), "cd {dir}: no such folder");
            return (0, String::new());
        }
        if let Some(assign) = line.strip_prefix("export ") {
            let (k, v) = assign.split_once('=').expect("export NAME=VALUE");
            self.vars
                .push((k.to_string(), v.trim_matches('\'').to_string()));
            return (0, String::new());
        }
        let bin = sct_bin();
        let path = format!(
            "{}:{}",
            bin.parent().unwrap().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("{{ {line}\n}} 2>&1"))
            .current_dir(&self.cwd)
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.home.path())
            .env("TZ", "UTC")
            .env("LC_ALL", "C.UTF-8")
            .env("COLUMNS", "100")
            .env("SCT_CACHE_DIR", self.home.path().join("cache"))
            .env("GIT_CONFIG_GLOBAL", self.home.path().join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", format!("{TODAY}T12:00:00Z"))
            .env("GIT_COMMITTER_DATE", format!("{TODAY}T12:00:00Z"))
            .env("EMAIL", "");
        let at_alone = line.contains("--at") && !line.contains("--today");
        if !at_alone {
            cmd.env("SCT_TODAY", TODAY);
        }
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        (out.status.code().unwrap_or(-1), text)
    }
}

/// Whether `actual` is what `expected` shows (`…` alone on a line: any lines).
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "…" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((e, rest)) => actual.first().is_some_and(|a| a == e) && matches(rest, &actual[1..]),
    }
}

fn normalise(lines: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = lines
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect();
    while v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

/// What to write back for a command: all of it, or the lines around a single `…`.
fn rewrite(expected: &[String], actual: &[String]) -> Option<Vec<String>> {
    let dots: Vec<usize> = (0..expected.len())
        .filter(|&i| expected[i].trim() == "…")
        .collect();
    match dots.as_slice() {
        [] => Some(actual.to_vec()),
        [p] => {
            let after = expected.len() - p - 1;
            if actual.len() < p + after {
                return Some(actual.to_vec());
            }
            let mut v = actual[..*p].to_vec();
            v.push(expected[*p].clone());
            v.extend_from_slice(&actual[actual.len() - after..]);
            Some(v)
        }
        _ => None,
    }
}

#[test]
fn every_console_example_in_the_docs_prints_what_the_docs_show() {
    let update = std::env::var_os("SCT_UPDATE_DOCS").is_some();
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in DOCS {
        let path = root().join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut edits: Vec<(usize, usize, Vec<String>)> = Vec::new();
        for s in sessions(file, &text) {
            let mut env = Env::new(s.start);
            for c in &s.commands {
                ran += 1;
                let (code, out) = env.run(&c.text);
                let actual = normalise(out.lines().map(String::from));
                let expected = normalise(c.expected.iter().cloned());
                if matches(&expected, &actual) {
                    continue;
                }
                if update {
                    if let Some(new) = rewrite(&expected, &actual) {
                        edits.push((c.out_from, c.out_from + expected.len(), new));
                        continue;
                    }
                }
                failures.push(format!(
                    "{}:{} (session at line {}): `{}` exited {code} and printed:\n{}\n--- the docs show:\n{}\n",
                    s.file,
                    c.line,
                    s.line,
                    c.text,
                    actual.join("\n"),
                    expected.join("\n")
                ));
            }
        }
        if update && !edits.is_empty() {
            let mut lines: Vec<String> = text.lines().map(String::from).collect();
            edits.sort_by_key(|e| std::cmp::Reverse(e.0));
            for (from, to, new) in edits {
                lines.splice(from..to, new);
            }
            std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        }
    }
    assert!(ran > 0, "no console examples found");
    assert!(
        failures.is_empty(),
        "{} of {ran} examples print something else:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_matcher_takes_an_ellipsis_for_any_lines_and_nothing_else() {
    let v = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(matches(&v(&["a", "…", "d"]), &v(&["a", "b", "c", "d"])));
    assert!(matches(&v(&["a", "…"]), &v(&["a"])));
    assert!(!matches(&v(&["a", "…", "d"]), &v(&["a", "b", "c"])));
    assert!(!matches(&v(&["a", "b"]), &v(&["a", "b", "c"])));
    assert!(!matches(&v(&["a…"]), &v(&["ab"])));
}

/// The examples at the end of every command's `--help`, with the command they belong to.
fn help_examples() -> Vec<(String, Vec<String>)> {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, name: &str, out: &mut Vec<(String, Vec<String>)>) {
        let mut text = String::new();
        for help in [cmd.get_after_help(), cmd.get_after_long_help()]
            .into_iter()
            .flatten()
        {
            text.push_str(&help.to_string());
            text.push('\n');
        }
        let mut examples = Vec::new();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let line = line.trim();
            if !line.starts_with("sct ") && !line.starts_with("sct\t") {
                continue;
            }
            let mut ex = line.to_string();
            while ex.ends_with('\\') {
                ex.pop();
                ex.push_str(lines.next().unwrap_or("").trim());
            }
            // A description after two spaces or more, or as a shell comment, is not run.
            let ex = match ex.find("  ") {
                Some(i) if !ex[..i].contains('\'') || ex[..i].matches('\'').count() % 2 == 0 => {
                    ex[..i].to_string()
                }
                _ => ex,
            };
            examples.push(ex);
        }
        if !examples.is_empty() {
            out.push((name.to_string(), examples));
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{name} {}", sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(&sct::cli::Cli::command(), "sct", &mut out);
    out
}

#[test]
fn every_example_in_help_runs_in_a_demo_repository() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (name, examples) in help_examples() {
        let mut env = Env::new(Start::Demo);
        let home = env.home.path().to_path_buf();
        // What the examples take for granted: a git identity, the usual folders for
        // completions and man pages, a private list, and [owners] tables for codeowners.
        std::fs::write(
            home.join(".gitconfig"),
            "[user]\n\tname = Ann Officer\n\temail = ann@lscb.example\n",
        )
        .unwrap();
        for dir in [
            ".local/share/bash-completion/completions",
            ".zfunc",
            ".config/fish/completions",
            ".local/share/man/man1",
            "private",
        ] {
            std::fs::create_dir_all(home.join(dir)).unwrap();
        }
        std::fs::write(home.join("private/case-d-names.txt"), "Jane Smith\n").unwrap();
        env.vars.push((
            "PROFILE".into(),
            home.join("profile.ps1").display().to_string(),
        ));
        {
            let review = env.cwd.join("plans/wm-2011/review.toml");
            let mut text = std::fs::read_to_string(&review).unwrap();
            text.push_str("\n[owners]\nqa = [\"@example-board/qa\"]\n\n[owners.agencies]\nBHFT = [\"@example-board/bhft\"]\n");
            std::fs::write(review, text).unwrap();
        }
        for ex in &examples {
            ran += 1;
            let (code, out) = env.run(ex);
            // 0, or 1 for findings (`check --strict`, `codeowners --check`); never a usage
            // error, an unknown ID, a missing file or a refusal (2), nor a crash.
            if !(code == 0 || code == 1) || out.contains("panicked") {
                failures.push(format!("`{name} --help`: `{ex}` exited {code}:\n{out}"));
            }
        }
    }
    assert!(ran > 20, "only {ran} examples found in --help");
    assert!(
        failures.is_empty(),
        "{} of {ran} examples in --help fail:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let mut in_code = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            out.push(slug(line.trim_start_matches('#')));
        }
    }
    out
}

/// `GUIDE.md#…` and `REFERENCE.md#…` in `text`, as (file, anchor).
fn links(text: &str) -> Vec<(String, String)> {
    let re =
        regex::Regex::new(r"(README|GUIDE|REFERENCE|ARCHITECTURE)\.md#([A-Za-z0-9_-]+)").unwrap();
    re.captures_iter(text)
        .map(|c| (format!("{}.md", &c[1]), c[2].to_string()))
        .collect()
}

#[test]
fn every_link_to_a_section_of_the_docs_finds_it() {
    use clap::CommandFactory;
    let local = regex::Regex::new(r"\]\(#([A-Za-z0-9_-]+)\)").unwrap();
    let mut texts: Vec<(String, String)> = Vec::new();
    for file in DOCS {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        // A link within the file: (#anchor).
        for cap in local.captures_iter(&text) {
            texts.push((file.to_string(), format!("{file}#{}", &cap[1])));
        }
        texts.push((file.to_string(), text));
    }
    let mut help = Vec::new();
    fn all_help(cmd: &mut clap::Command, out: &mut Vec<String>) {
        out.push(cmd.render_long_help().to_string());
        for sub in cmd.get_subcommands_mut() {
            all_help(sub, out);
        }
    }
    all_help(&mut sct::cli::Cli::command(), &mut help);
    for h in help {
        texts.push(("--help".into(), h));
    }
    let mut missing = Vec::new();
    let mut checked = 0;
    for (from, text) in &texts {
        for (file, anchor) in links(text) {
            checked += 1;
            if !anchors(&file).contains(&anchor) {
                missing.push(format!("{from}: {file}#{anchor}"));
            }
        }
    }
    assert!(checked > 10, "only {checked} links");
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "links to no section:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_commands_help_points_to_its_section_of_the_docs() {
    use clap::CommandFactory;
    fn walk(cmd: &mut clap::Command, name: &str, missing: &mut Vec<String>) {
        for sub in cmd.get_subcommands_mut() {
            let name = format!("{name} {}", sub.get_name());
            if sub.get_name() != "help" && !sub.render_long_help().to_string().contains(".md#") {
                missing.push(name.clone());
            }
            walk(sub, &name, missing);
        }
    }
    let mut missing = Vec::new();
    walk(&mut sct::cli::Cli::command(), "sct", &mut missing);
    assert!(
        missing.is_empty(),
        "--help with no pointer to GUIDE.md#… or REFERENCE.md#…: {missing:?}"
    );
}
