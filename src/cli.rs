//! The command line, as clap types. Doc comments are the help text.

use crate::status::State;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  sct check                                 validate every plan file
  sct status --today 2012-06-30             where each review stands
  sct status --by agency --review wm-2011   one row per agency
  sct overdue --agency BHFT                 what BHFT must be chased for
  sct list --state due-soon                 what falls due in the next 28 days
  sct show wm-2011/21.1                     one action in full
  sct list --format json | jq '.[0]'        the JSON contract (see README)
  sct report --format html -o report.html   the board's quarterly report
  sct remind --out chasers                  one chasing message per agency and lead";

/// Track the action plans of Serious Case Reviews, kept as TOML files in git.
///
/// Each review is a folder under plans/ with a review.toml and one file per
/// recommendation. sct validates the files and works out, as at today (or
/// --today), which actions are completed, overdue, due soon, pending or ongoing.
#[derive(Debug, Parser)]
#[command(name = "sct", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// The folder holding one folder per review.
    #[arg(
        long,
        global = true,
        env = "SCT_PLANS",
        value_name = "DIR",
        default_value = "plans"
    )]
    pub plans: PathBuf,

    /// Work out states as at this day instead of the system date.
    #[arg(long, global = true, env = "SCT_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<NaiveDate>,

    /// An action due within this many days (inclusive) is "due soon".
    #[arg(long, global = true, value_name = "DAYS", default_value_t = crate::status::DEFAULT_SOON_DAYS,
          value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub soon: i64,

    /// Output format. table and json: every command but remind; csv and markdown: status,
    /// overdue, list and report; html: report; eml: remind. report and remind write
    /// markdown for table.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table, value_name = "FORMAT")]
    pub format: Format,

    /// When to colour the output (NO_COLOR in the environment means never, unless always).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for the terminal.
    Table,
    /// Machine-readable JSON (see README for the contract).
    Json,
    /// One row per item, for spreadsheets; a cell a spreadsheet would run as a formula
    /// gets a leading apostrophe.
    Csv,
    /// GitHub/GitLab Markdown tables.
    Markdown,
    /// One self-contained HTML page (report only).
    Html,
    /// RFC 5322 messages, one .eml file each (remind only).
    Eml,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Eml => "eml",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate every plan file and report every problem with its place.
    ///
    /// Exit status: 0 clean (warnings alone are clean), 1 errors found (or warnings
    /// with --strict), 2 usage or I/O error.
    #[command(
        after_help = "Examples:\n  sct check\n  sct check --strict --review wm-2011\n  sct --plans ../board-plans check --format json"
    )]
    Check(CheckArgs),

    /// One row per review (or per agency): how many actions are in each state.
    #[command(
        after_help = "Examples:\n  sct status\n  sct status --by agency --review bham-case14\n  sct --today 2012-06-30 status --agency BHFT"
    )]
    Status(StatusArgs),

    /// The overdue actions, most overdue first: whom to chase.
    #[command(
        after_help = "Examples:\n  sct overdue --agency BHFT\n  sct overdue --lead 'named nurse'\n  sct --today 2012-06-30 overdue --review wm-2011"
    )]
    Overdue(FilterArgs),

    /// Every action with its derived state.
    #[command(
        after_help = "Examples:\n  sct list\n  sct list --state overdue --state due-soon --agency RBWM\n  sct list --format json"
    )]
    List(ListArgs),

    /// A review, a recommendation or an action in full, with evidence and notes.
    #[command(
        after_help = "Examples:\n  sct show wm-2011\n  sct show wm-2011/21\n  sct show bham-case14/wmp-1.1"
    )]
    Show(ShowArgs),

    /// The board's progress report: counts per review and agency, overdue actions, what
    /// falls due next quarter, what awaits sign-off, and the committee grading.
    ///
    /// Formats: markdown (the default here), html (one self-contained page, print-ready on
    /// A4), csv (one row per action), json (the whole report). Without --format, -o FILE
    /// picks the format from the file's extension (.md, .html, .csv, .json).
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),

    /// Chasing messages: one per agency and lead officer, listing its overdue and
    /// due-soon actions and what is asked. sct writes them; it sends nothing.
    ///
    /// Formats: markdown (the default here: printed, or one .md file each with --out) or
    /// eml (one RFC 5322 draft per message, to open in a mail client; needs --out).
    #[command(after_help = REMIND_EXAMPLES)]
    Remind(RemindArgs),
}

const REPORT_EXAMPLES: &str = "\
Examples:
  sct report --today 2012-06-30                     Markdown on standard output
  sct report --format html -o board-2012-q2.html    the page to email or print
  sct report --review wm-2011 --agency PCT -o pct.csv
  sct report --format json | jq '.reviews[].counts'";

const REMIND_EXAMPLES: &str = "\
Examples:
  sct remind                                   every message, printed
  sct remind --within 14 --agency BHFT         overdue or due in the next 14 days
  sct remind --format eml --out chasers --from 'LSCB Business Unit <lscb@example.org>'";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Report only on this review (every file is still read).
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
}

#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only this review (its ID, the folder name).
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// Only this agency; RBWM also selects RBWM-CSC and RBWM-FSS.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
    /// Only actions whose lead officer contains this text (any case).
    #[arg(long, value_name = "TEXT")]
    pub lead: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only actions in this state (repeat for several).
    #[arg(long, value_enum, value_name = "STATE")]
    pub state: Vec<State>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// One row per review, or per agency within each review.
    #[arg(long, value_enum, default_value_t = By::Review)]
    pub by: By,
    /// Only this review.
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// Only this agency's actions.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Only this review.
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// Only this agency's actions; RBWM also selects RBWM-CSC and RBWM-FSS.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
    /// Write the report to FILE (replaced whole, atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Chase actions due within DAYS (inclusive) as well as the overdue ones [default: --soon].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub within: Option<i64>,
    /// Write one file per message into DIR (created if missing) instead of printing them.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The sender of .eml messages ("Name <address>" or an address). Without it each
    /// .eml is an unsent draft whose sender the mail client fills in.
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Review,
    Agency,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A review (wm-2011), recommendation (wm-2011/21) or action (wm-2011/21.1).
    pub id: String,
}

fn parse_today(s: &str) -> Result<NaiveDate, String> {
    crate::date::parse_day(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
