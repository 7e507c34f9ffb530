//! The global options, resolved once: the clock is read here and nowhere else.

use crate::cli::{Cli, ColorChoice, Format};
use crate::plan::status::Rules;
use crate::render::Style;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    pub plans: PathBuf,
    /// The day states are judged as at: `--today`, `SCT_TODAY`, `--at`'s day, or the clock.
    pub rules: Rules,
    /// The real day, from the clock whatever `--today` says: the day `update` records by
    /// default, and what "in the future" means for a write.
    pub clock: chrono::NaiveDate,
    pub format: Format,
    /// Colour, and the width to fit tables to.
    pub style: Style,
    /// Running in GitHub Actions (GITHUB_ACTIONS=true): `check` annotates the lines.
    pub github_actions: bool,
    /// `--at`: read the plans as they were at this date or revision.
    pub at: Option<String>,
    /// The commit `--at` resolved to, once a command has read it (for the note on stderr).
    pub at_commit: std::sync::OnceLock<crate::git::repo::Commit>,
    /// `SCT_FORBID`: the private list of terms whose every mention is masked when plan
    /// text is shown (`check --forbid` also reports them).
    pub forbid: Option<PathBuf>,
    /// Why the private list named by `SCT_FORBID` could not be read, if it could not: read
    /// commands then refuse to run (no plan can be known free of its terms).
    pub forbid_error: Option<String>,
}

impl Config {
    pub fn from_cli(cli: &Cli) -> Config {
        // `--at 2012-03-31` alone asks how things stood that day.
        let at_day = cli
            .at
            .as_deref()
            .and_then(|a| crate::plan::date::parse_day(a).ok());
        let clock = chrono::Local::now().date_naive();
        let today = cli.today.or(at_day).unwrap_or(clock);
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w >= 20)
            .or_else(|| {
                if tty {
                    comfy_table::Table::new().width()
                } else {
                    None
                }
            });
        let forbid = std::env::var_os("SCT_FORBID")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        Config {
            plans: cli.plans.clone(),
            rules: Rules {
                today,
                soon_days: cli.soon,
            },
            clock,
            format: cli.format,
            style: Style { color, width },
            github_actions: std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true"),
            at: cli.at.clone(),
            at_commit: std::sync::OnceLock::new(),
            forbid_error: crate::guard::privacy::activate(forbid.as_deref()),
            forbid,
        }
    }

    /// Where evidence file paths are resolved: the folder holding plans/.
    pub fn repo_root(&self) -> PathBuf {
        let abs = std::path::absolute(&self.plans).unwrap_or_else(|_| self.plans.clone());
        abs.parent().map(PathBuf::from).unwrap_or(abs)
    }
}
