//! The command line, as clap types. Doc comments are the help text.

// Written for people reading `--help`, where `[owners]` is a TOML table and `<plans>` a
// placeholder, not a link or a tag.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

mod help;
mod office;
use crate::plan::model::ReviewKind;
pub use crate::plan::owners::Host;
use crate::plan::query::Filter;
use crate::plan::status::State;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
pub use help::OVERVIEW;
use help::*;
pub use office::{
    ExportXlsxArgs, ImportCsvArgs, ImportDocxArgs, ImportPlanArgs, ImportReturnsArgs,
    ImportXlsxArgs,
};
use std::path::PathBuf;

mod learn;
pub use learn::{SimilarArgs, ThemesArgs};
/// Track the action plans of safeguarding reviews (SCRs, LCSPRs, SARs, DHRs and others), kept as TOML
/// files in git.
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

    /// Read the plans as they were in git at this date (the last commit on or before it,
    /// local time) or revision, leaving the working tree alone. A date is also the day
    /// states are worked out for, unless --today says otherwise.
    #[arg(long, global = true, value_name = "DATE|REV")]
    pub at: Option<String>,

    /// An action due within this many days (inclusive) is "due soon".
    #[arg(long, global = true, value_name = "DAYS", default_value_t = crate::plan::status::DEFAULT_SOON_DAYS,
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

    /// Parse every plan file afresh, without reading or writing the parse cache
    /// (also SCT_NO_CACHE=1). The cache lives in SCT_CACHE_DIR, else
    /// $XDG_CACHE_HOME/sct, else ~/.cache/sct.
    #[arg(long, global = true, env = "SCT_NO_CACHE", hide_env = true,
          value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for the terminal.
    Table,
    /// Machine-readable JSON (see REFERENCE.md#the-json-contract).
    Json,
    /// One row per item, for spreadsheets; a cell a spreadsheet would run as a formula
    /// gets a leading apostrophe.
    Csv,
    /// Tab-separated, one line per row, never cut (list and overdue): for cut, awk, sort.
    Tsv,
    /// GitHub/GitLab Markdown tables.
    Markdown,
    /// One self-contained HTML page (report only).
    Html,
    /// RFC 5322 messages, one .eml file each (remind only).
    Eml,
    /// GitHub Actions workflow commands: problems shown on the pull request's lines
    /// (check only; the default under GITHUB_ACTIONS=true).
    Github,
    /// A GitLab Code Quality report, for a merge request (check only).
    Gitlab,
    /// SARIF 2.1.0, for code scanning (check only).
    Sarif,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Tsv => "tsv",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Eml => "eml",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Sarif => "sarif",
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
    /// Also guards privacy: anything in the plan text, comments included, that looks like
    /// a personal identifier is an error: an NHS number (with a valid check digit), a
    /// National Insurance number, a date of birth after "DOB", "date of birth" or "born",
    /// and any term of the private list named by --forbid. Findings name the place and
    /// never repeat the identifier.
    ///
    /// Exit status: 0 clean (warnings alone are clean), 1 errors found (or warnings
    /// with --strict), 2 usage or I/O error.
    #[command(
        after_help = CHECK_EXAMPLES
    )]
    Check(CheckArgs),

    /// One row per review (or per agency): how many actions are in each state.
    #[command(
        after_help = STATUS_EXAMPLES
    )]
    Status(StatusArgs),

    /// The overdue actions, most overdue first: whom to chase.
    #[command(
        after_help = OVERDUE_EXAMPLES
    )]
    Overdue(FilterArgs),

    /// Every action with its derived state.
    #[command(
        after_help = LIST_EXAMPLES
    )]
    List(ListArgs),

    /// A review, a recommendation or an action in full, with evidence and notes.
    #[command(
        after_help = SHOW_EXAMPLES
    )]
    Show(ShowArgs),

    /// The history of the plans from git, as changes, newest first: status moves, evidence
    /// added or removed, due dates moved (slips), leads changed, sign-offs.
    ///
    /// Follows a recommendation through renames: it is identified by its ID, not its
    /// path. Changes not yet committed are shown first, as "uncommitted".
    #[command(
        after_help = LOG_EXAMPLES
    )]
    Log(LogArgs),

    /// Record progress on one action: status, evidence, due date, lead, a note, sign-off.
    ///
    /// Edits that action's file alone, keeping its comments and layout; evidence and notes
    /// are appended, never replaced. The result is validated before it is written, and
    /// written atomically. With --commit, makes one git commit of that file alone, with
    /// your git identity (GIT_AUTHOR_DATE and GIT_COMMITTER_DATE are honoured).
    #[command(
        after_help = UPDATE_EXAMPLES
    )]
    Update(UpdateArgs),

    /// What moved between two points (two board meetings): actions completed, newly
    /// overdue, evidence added, due dates slipped (with each action's slips in all),
    /// recommendations added or removed.
    ///
    /// A date means the last commit on or before that day, and states are judged as at
    /// that day; a revision is judged as at its commit date. Without --until, the end
    /// point is the working tree as at today (or --today).
    #[command(
        after_help = CHANGES_EXAMPLES
    )]
    Changes(ChangesArgs),

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

    /// Per practice theme (plans/themes.toml): the reviews and recommendations that raised
    /// it, the agencies, actions open and overdue, the first and last review to raise it.
    #[command(after_help = THEMES_EXAMPLES)]
    Themes(ThemesArgs),

    /// Pairs of recommendations that say much the same thing, across reviews and within
    /// one, best first, scored from 0 to 1: "have we recommended this before?"
    #[command(after_help = SIMILAR_EXAMPLES)]
    Similar(SimilarArgs),

    /// Start a review or a recommendation from a commented template.
    #[command(
        subcommand,
        after_help = NEW_EXAMPLES
    )]
    New(NewCommand),

    /// Take in an existing plan from a spreadsheet.
    #[command(
        subcommand,
        after_help = IMPORT_EXAMPLES
    )]
    Import(ImportCommand),

    /// Write the plans out for a spreadsheet: the inverse of `sct import`.
    #[command(
        subcommand,
        after_help = EXPORT_EXAMPLES
    )]
    Export(ExportCommand),

    /// Write a CODEOWNERS file from the [owners] tables of the reviews.
    ///
    /// Each review.toml's [owners] table names the board's QA group and, per agency code,
    /// the host's users or teams. The file makes GitHub or GitLab require an agency's own
    /// people to approve changes to that agency's recommendation files, and the QA group to
    /// approve review.toml. Exit status 1 with --check when the file is out of date.
    #[command(after_help = CODEOWNERS_EXAMPLES)]
    Codeowners(CodeownersArgs),

    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),

    /// Print the man page (roff), or write one page per command into a folder.
    #[command(
        after_help = MAN_EXAMPLES
    )]
    Man(ManArgs),

    /// Make a scratch git repository of the bundled plans with a dated history, 2011 to 2012.
    #[command(after_help = DEMO_EXAMPLES)]
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The folder to create: it must be new, or empty.
    pub dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A review folder with its review.toml.
    ///
    /// Writes <plans>/SLUG/review.toml, and the JSON Schemas into schema/ beside the plans
    /// folder when they are missing there, so that editors validate the files.
    #[command(after_help = NEW_REVIEW_EXAMPLES)]
    Review(NewReviewArgs),
    /// A recommendation file with the next free number.
    #[command(after_help = NEW_REC_EXAMPLES)]
    Recommendation(NewRecArgs),
}

#[derive(Debug, Args)]
pub struct NewReviewArgs {
    /// The review's ID, the folder name: lower-case letters, digits and -.
    #[arg(value_name = "SLUG")]
    pub slug: String,
    /// The review's title, as the action plan gives it.
    #[arg(long)]
    pub title: String,
    /// The safeguarding board that commissioned the review.
    #[arg(long)]
    pub board: String,
    /// What kind of review it is.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<ReviewKind>,
    /// The case reference ("Case 14").
    #[arg(long)]
    pub case: Option<String>,
    /// When the action plan was commenced: 2009-06-19, or 2009-06.
    #[arg(long, value_name = "DATE", value_parser = parse_plan_date)]
    pub commenced: Option<crate::plan::date::PlanDate>,
    /// An agency the plan uses, as CODE=Full name (repeat for several).
    #[arg(long = "agency", value_name = "CODE=NAME", value_parser = parse_agency)]
    pub agencies: Vec<(String, String)>,
}

#[derive(Debug, Args)]
pub struct NewRecArgs {
    /// The review (its ID, the folder name).
    #[arg(value_name = "REVIEW")]
    pub review: String,
    /// The owning agency's code, declared in the review's review.toml.
    #[arg(long, value_name = "CODE")]
    pub agency: String,
    /// The part of the review it comes from. Default: combined when the review's other
    /// recommendations are, else overview.
    #[arg(long, value_enum)]
    pub section: Option<SectionArg>,
    /// Its number, when not the next free one.
    #[arg(long, value_name = "N")]
    pub number: Option<String>,
    /// The recommendation's text, in the review's words.
    #[arg(long)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SectionArg {
    Overview,
    HealthOverview,
    Imr,
    Combined,
}

impl From<SectionArg> for crate::plan::model::Section {
    fn from(s: SectionArg) -> Self {
        use crate::plan::model::Section;
        match s {
            SectionArg::Overview => Section::Overview,
            SectionArg::HealthOverview => Section::HealthOverview,
            SectionArg::Imr => Section::Imr,
            SectionArg::Combined => Section::Combined,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A CSV file: one row per action, or one per recommendation.
    #[command(after_help = IMPORT_EXAMPLES)]
    Csv(ImportCsvArgs),
    /// A workbook (.xlsx, .xls, .ods): its sheets whose columns are a plan's, read as
    /// CSV rows are; merged cells belong to every row they span.
    #[command(after_help = IMPORT_XLSX_EXAMPLES)]
    Xlsx(ImportXlsxArgs),
    /// A Word document (.docx): its plan tables, with repeated header rows, merged cells
    /// and one action per bullet of an action cell.
    #[command(after_help = IMPORT_DOCX_EXAMPLES)]
    Docx(ImportDocxArgs),
    /// An agency's return: the workbook `sct export xlsx` wrote, filled in (or the same
    /// columns as CSV). Shows what would change per action; applies it as `sct update`
    /// does, all or nothing, with --commit as one commit authored by the returner.
    #[command(after_help = RETURNS_EXAMPLES)]
    Returns(ImportReturnsArgs),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// CSV, one row per action (further rows for further evidence and notes).
    #[command(after_help = EXPORT_EXAMPLES)]
    Csv(ExportCsvArgs),
    /// The return workbook for an agency: one row per open action, the plan's columns
    /// locked and the columns the agency fills in (Status, New evidence, Evidence date,
    /// Evidence file, Note, New due date) open. `sct import returns` reads it back.
    #[command(after_help = EXPORT_XLSX_EXAMPLES)]
    Xlsx(ExportXlsxArgs),
}

#[derive(Debug, Args)]
pub struct ExportCsvArgs {
    /// Only this review.
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CodeownersArgs {
    /// The hosting platform the file is for.
    #[arg(long, value_enum, default_value_t = Host::Github)]
    pub host: Host,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write nothing: fail when the file given with -o differs from what would be written.
    #[arg(long, requires = "output")]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write sct.1 and one page per subcommand (sct-check.1…) into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

fn parse_plan_date(s: &str) -> Result<crate::plan::date::PlanDate, String> {
    crate::plan::date::PlanDate::parse(s.trim())
}

fn parse_agency(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((code, name)) if !code.trim().is_empty() && !name.trim().is_empty() => {
            Ok((code.trim().to_string(), name.trim().to_string()))
        }
        _ => Err(format!(
            "`{s}` is not CODE=Full name, such as BHFT='Berkshire Healthcare NHS Foundation Trust'"
        )),
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Show every warning; without it, more than ten are summarised by kind.
    #[arg(short, long)]
    pub verbose: bool,
    /// Report only on this review (every file is still read).
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// Also audit the git history: evidence removed or rewritten, due dates moved again
    /// and again, completions undone or recorded long after, sign-offs by people not
    /// listed as finalisers, evidence documents never committed.
    #[arg(long)]
    pub history: bool,
    /// With --history: flag an action whose due date moved more than this many times.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "history")]
    pub max_slips: usize,
    /// With --history: flag a completion recorded more than this many days after its date.
    #[arg(long, value_name = "DAYS", default_value_t = 90, requires = "history")]
    pub late_days: i64,
    /// A private list of terms that must not appear in any plan: the family's names,
    /// addresses, schools. One term a line, any case, matched as whole words; a term of
    /// several words matches across line breaks; blank lines and lines starting with #
    /// are skipped. Keep the file outside the plans repository.
    #[arg(long, value_name = "FILE", env = "SCT_FORBID", hide_env_values = true)]
    pub forbid: Option<PathBuf>,
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
    /// Only reviews of this kind (scr, lcspr, sar, dhr…).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<ReviewKind>,
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
    /// Only reviews of this kind (scr, lcspr, sar, dhr…).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<ReviewKind>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Only this review.
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// Only this agency's actions; RBWM also selects RBWM-CSC and RBWM-FSS.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
    /// Only reviews of this kind (scr, lcspr, sar, dhr…).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<ReviewKind>,
    /// Write the report to FILE (replaced whole, atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Add what changed since this date or revision (the last report): completed, became
    /// overdue, due dates moved. Needs the plans' git history.
    #[arg(long, value_name = "DATE|REV", conflicts_with = "no_history")]
    pub since: Option<String>,
    /// Leave the git history out: no "slipped" grade, no timeline chart.
    #[arg(long)]
    pub no_history: bool,
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
    /// Give each .eml an HTML alternative beside its plain text.
    #[arg(long)]
    pub html: bool,
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

#[derive(Debug, Args)]
pub struct LogArgs {
    /// A review, recommendation or action; none: everything.
    pub id: Option<String>,
    /// Show at most this many changes.
    #[arg(short = 'n', long, value_name = "N")]
    pub max_count: Option<usize>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The action, such as wm-2011/21.1.
    pub id: String,
    /// The new declared status.
    #[arg(long, value_name = "STATUS")]
    pub status: Option<crate::plan::model::Declared>,
    /// Add a piece of evidence (appended; earlier evidence is kept).
    #[arg(long, value_name = "TEXT")]
    pub evidence: Option<String>,
    /// The document behind the evidence, relative to the folder holding plans/.
    #[arg(long, value_name = "PATH", requires = "evidence")]
    pub file: Option<String>,
    /// The day of the evidence, note, completion or sign-off (default: the real day;
    /// --today and SCT_TODAY never set it).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub date: Option<NaiveDate>,
    /// Move the target date (a day, or a month as YYYY-MM).
    #[arg(long, value_name = "DATE", value_parser = parse_plan_date)]
    pub due: Option<crate::plan::date::PlanDate>,
    /// The new lead officer.
    #[arg(long, value_name = "TEXT")]
    pub lead: Option<String>,
    /// Add a note (appended).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Sign the action off (it must be complete); needs --by.
    #[arg(long, requires = "by")]
    pub finalise: bool,
    /// Who: supplied the evidence, wrote the note, or signed off.
    #[arg(long, value_name = "BODY")]
    pub by: Option<String>,
    /// Commit the file alone to git.
    #[arg(long)]
    pub commit: bool,
    /// The commit message's first line (default: the change in words).
    #[arg(short = 'm', long, value_name = "MSG", requires = "commit")]
    pub message: Option<String>,
    /// Commit even though HEAD is detached (no branch checked out).
    #[arg(long, requires = "commit")]
    pub detach: bool,
}

#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// The start: a date (YYYY-MM-DD) or a revision.
    #[arg(long, value_name = "DATE|REV")]
    pub since: String,
    /// The end: a date or a revision (default: the working tree).
    #[arg(long, value_name = "DATE|REV")]
    pub until: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

fn parse_today(s: &str) -> Result<NaiveDate, String> {
    crate::plan::date::parse_day(s)
}

impl From<&FilterArgs> for Filter {
    fn from(a: &FilterArgs) -> Self {
        Filter {
            review: a.review.clone(),
            agency: a.agency.clone(),
            lead: a.lead.clone(),
            kind: a.kind,
            states: Vec::new(),
        }
    }
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
