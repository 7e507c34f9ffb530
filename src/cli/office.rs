//! The arguments of the office round trip: plans in from CSV, workbooks and Word
//! (`sct import csv|xlsx|docx`), returns out and back (`sct export xlsx`, `sct import
//! returns`).

use super::SectionArg;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportReturnsArgs {
    /// The returned workbook (.xlsx, .xls, .ods) or CSV file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Show what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Record the return as one git commit.
    #[arg(long, conflicts_with = "dry_run")]
    pub commit: bool,
    /// The commit's author, the agency's returner, as "Name <email>" (default: the
    /// agency's first address in review.toml's [contacts], else the committer). The committer is git's identity: the person applying the return.
    #[arg(long, value_name = "NAME <EMAIL>", requires = "commit")]
    pub author: Option<String>,
    /// With --commit, commit on a detached HEAD all the same.
    #[arg(long, requires = "commit")]
    pub detach: bool,
}

#[derive(Debug, Args)]
pub struct ExportXlsxArgs {
    /// Only this review.
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// Only this agency's actions (its code, such as BHFT).
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
    /// The workbook to write (.xlsx).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// What every plan import takes beside its file.
#[derive(Debug, Args)]
pub struct ImportPlanArgs {
    /// The review to import into; its review.toml must exist (see `sct new review`).
    #[arg(long, value_name = "SLUG")]
    pub review: String,
    /// A TOML file naming columns sct does not recognise, and readings of dates and status
    /// words it cannot read on its own (see REFERENCE.md#sct-import-csv).
    #[arg(long, value_name = "MAP.toml")]
    pub map: Option<PathBuf>,
    /// The agency of rows with no Agency column or an empty one.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
    /// The section of rows with no Section column. Default: combined when the review's
    /// other recommendations are, else overview.
    #[arg(long, value_enum)]
    pub section: Option<SectionArg>,
    /// Show the files that would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    /// The CSV file (UTF-8; a spreadsheet's "CSV UTF-8" export).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub plan: ImportPlanArgs,
}

#[derive(Debug, Args)]
pub struct ImportXlsxArgs {
    /// The workbook (.xlsx, .xls or .ods).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read only this sheet (default: every visible sheet that goes on with the plan).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub plan: ImportPlanArgs,
}

#[derive(Debug, Args)]
pub struct ImportDocxArgs {
    /// The Word document (.docx).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub plan: ImportPlanArgs,
}
