//! The arguments of the office round trip: `sct export xlsx` and `sct import returns`.

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
