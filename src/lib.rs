//! sct: track the action plans of safeguarding reviews kept as TOML files in git.
//!
//! The layers, top to bottom (ARCHITECTURE.md draws the arrows): the face (`cli`,
//! `config`, `cmd`, and `run` here, the only place that prints) → `render` → `report` →
//! `formats` → `write` → `git` → `plan` → `guard` → `files`. A module uses only those
//! below it; `tests/architecture.rs` keeps it so.

// The face: parse, resolve once, dispatch, print (only `run` prints).
pub mod cli;
pub mod cmd;
pub mod config;

// Drawing results, and the report's data.
pub mod learn;
pub mod render;
pub mod report;

// Formats in and out, writing plans, git (the audit trail).
pub mod formats;
pub mod git;
pub mod write;

// The plan, the guard, and the file system underneath everything.
pub mod files;
pub mod guard;
pub mod plan;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

/// Exit statuses, as documented in REFERENCE.md#exit-status.
pub mod exit {
    /// Success; `check` found no error.
    pub const OK: u8 = 0;
    /// The plans have errors (or warnings with --strict).
    pub const FINDINGS: u8 = 1;
    /// Usage error, unknown ID, unreadable folder.
    pub const USAGE: u8 = 2;
}

/// What a command produced: printed by `run`, nowhere else.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

impl Output {
    pub fn stdout(s: String) -> Self {
        Output {
            stdout: s,
            ..Default::default()
        }
    }
}

/// The plans do not pass `check`: read commands refuse to report on them.
#[derive(Debug)]
pub struct InvalidPlans(pub String);

impl std::fmt::Display for InvalidPlans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidPlans {}

/// What `run` prints, made safe to show whatever the command did: identifiers the guard
/// knows (the built-in patterns and `SCT_FORBID`'s terms) masked, in git metadata and old
/// versions as anywhere; and every control character, C1 control and bidi override replaced
/// visibly (`guard::sanitise::terminal`), keeping sct's own colours when colour is on. JSON
/// written to a pipe or file is data, escaped by its writer, and is only masked.
fn shown(mut out: Output, config: &config::Config) -> Output {
    use std::io::IsTerminal;
    let scanner = guard::privacy::active();
    let for_terminal = |s: &str, colour: bool| {
        let masked = scanner.mask(s);
        if colour {
            guard::sanitise::terminal_keeping_colour(&masked).into_owned()
        } else {
            guard::sanitise::terminal(&masked).into_owned()
        }
    };
    out.stderr = for_terminal(&out.stderr, config.style.color);
    let data = config.format == cli::Format::Json && !std::io::stdout().is_terminal();
    out.stdout = if data {
        scanner.mask(&out.stdout)
    } else {
        for_terminal(&out.stdout, config.style.color)
    };
    out
}

pub fn run() -> ExitCode {
    // Bare `sct`: the commands by task, not clap's full help on stderr.
    if std::env::args_os().len() == 1 {
        let _ = writeln!(
            std::io::stdout(),
            "sct keeps safeguarding review action plans in git.\n\n{}",
            cli::OVERVIEW
        );
        return ExitCode::from(exit::OK);
    }
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    plan::cache::set_enabled(!cli.no_cache);
    let config = config::Config::from_cli(&cli);
    let out = match cmd::dispatch(&cli.command, &config) {
        Ok(o) => o,
        Err(e) => {
            let code = if e.is::<InvalidPlans>() || e.is::<guard::privacy::PersonalData>() {
                exit::FINDINGS
            } else {
                exit::USAGE
            };
            Output {
                stderr: format!("sct: error: {e:#}\n"),
                code,
                ..Default::default()
            }
        }
    };
    let out = shown(out, &config);
    // Diagnostics first, then the answer; a closed pipe (`sct list | head`) is not an error.
    let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.stdout.as_bytes())
        .and_then(|_| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(std::io::stderr(), "sct: error: cannot write output: {e}");
            return ExitCode::from(exit::USAGE);
        }
    }
    ExitCode::from(out.code)
}
