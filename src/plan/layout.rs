//! Where sct puts the files it creates, and what it puts at their top.
//!
//! A new recommendation goes beside the review's other recommendations of the same section
//! (and agency); with none, into the layout of the bundled plans: `overview/07.toml`,
//! `health-overview/07.toml`, `<agency>/21.toml` for a combined plan numbered throughout,
//! `imr/<agency>/1.toml` for an agency's IMR.

use crate::plan::load::Review;
use crate::plan::model::{RecFile, RecNumber, Section};
use crate::plan::schema::{RECOMMENDATION_SCHEMA_FILE, REVIEW_SCHEMA_FILE};
use std::path::{Component, Path, PathBuf};

/// The `#:schema` line of a plan file at `file` below `plans`: a relative path to the
/// schema/ folder beside the plans folder, where the bundled plans find theirs.
pub fn schema_line(plans: &Path, file: &Path) -> String {
    let depth = file
        .strip_prefix(plans)
        .map(|p| {
            p.components()
                .filter(|c| matches!(c, Component::Normal(_)))
                .count()
        })
        .unwrap_or(2);
    let schema = if file.file_name().is_some_and(|n| n == "review.toml") {
        REVIEW_SCHEMA_FILE
    } else {
        RECOMMENDATION_SCHEMA_FILE
    };
    format!("#:schema {}schema/{schema}", "../".repeat(depth))
}

/// Whether two recommendations share an ID: the same number in the same numbering.
pub fn same_numbering(a: (Section, &str), b: (Section, &str)) -> bool {
    numbering(a.0) == numbering(b.0) && (a.0 != Section::Imr || a.1 == b.1)
}

/// Overview and combined recommendations share one numbering (review/N).
fn numbering(s: Section) -> u8 {
    match s {
        Section::Overview | Section::Combined => 0,
        Section::HealthOverview => 1,
        Section::Imr => 2,
    }
}

/// The next free number for a recommendation of `section` (and, for an IMR, `agency`).
pub fn next_number(review: &Review, section: Section, agency: &str) -> RecNumber {
    let max = review
        .recs
        .iter()
        .filter(|r| same_numbering((r.file.section, &r.file.agency), (section, agency)))
        .map(|r| r.file.number.sort_key().0)
        .filter(|n| *n != u64::MAX)
        .max()
        .unwrap_or(0);
    RecNumber((max + 1).to_string())
}

/// The section a new recommendation gets when none is named: a plan numbered throughout
/// (combined) keeps being so; otherwise the overview report.
pub fn default_section(review: &Review) -> Section {
    if review
        .recs
        .iter()
        .any(|r| r.file.section == Section::Combined)
    {
        Section::Combined
    } else {
        Section::Overview
    }
}

/// The path of a new recommendation file in `review`.
pub fn rec_path(review: &Review, rec: &RecFile) -> PathBuf {
    let sibling = review.recs.iter().find(|r| {
        r.file.section == rec.section
            && (rec.section == Section::Overview
                || rec.section == Section::HealthOverview
                || r.file.agency == rec.agency)
    });
    let (dir, width) = match sibling.and_then(|s| Some((s.path.parent()?, s))) {
        Some((dir, _)) => {
            // Keep the siblings' zero padding (01.toml), if they have one.
            let width = review
                .recs
                .iter()
                .filter(|r| r.path.parent() == Some(dir))
                .filter_map(|r| r.path.file_stem()?.to_str().map(str::to_string))
                .filter(|s| s.starts_with('0'))
                .map(|s| s.bytes().take_while(u8::is_ascii_digit).count())
                .max()
                .unwrap_or(1);
            (dir.to_path_buf(), width)
        }
        None => {
            let agency = rec.agency.to_lowercase();
            match rec.section {
                Section::Overview => (review.dir.join("overview"), 2),
                Section::HealthOverview => (review.dir.join("health-overview"), 2),
                Section::Combined => (review.dir.join(agency), 2),
                Section::Imr => (review.dir.join("imr").join(agency), 1),
            }
        }
    };
    dir.join(format!("{}.toml", padded(&rec.number, width)))
}

fn padded(n: &RecNumber, width: usize) -> String {
    let digits = n.0.bytes().take_while(u8::is_ascii_digit).count();
    format!("{:0>width$}{}", &n.0[..digits], &n.0[digits..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lines_climb_to_the_folder_beside_plans() {
        let plans = Path::new("plans");
        assert_eq!(
            schema_line(plans, &plans.join("wm-2011/review.toml")),
            "#:schema ../../schema/review.schema.json"
        );
        assert_eq!(
            schema_line(plans, &plans.join("bham-case14/imr/wmp/1.toml")),
            "#:schema ../../../../schema/recommendation.schema.json"
        );
    }

    #[test]
    fn numbers_are_padded_before_their_letters() {
        assert_eq!(padded(&RecNumber("3a".into()), 2), "03a");
        assert_eq!(padded(&RecNumber("21".into()), 2), "21");
        assert_eq!(padded(&RecNumber("7".into()), 1), "7");
    }

    #[test]
    fn overview_and_combined_share_a_numbering() {
        assert!(same_numbering(
            (Section::Overview, "A"),
            (Section::Combined, "B")
        ));
        assert!(!same_numbering((Section::Imr, "A"), (Section::Imr, "B")));
        assert!(same_numbering((Section::Imr, "A"), (Section::Imr, "A")));
        assert!(!same_numbering(
            (Section::HealthOverview, "A"),
            (Section::Overview, "A")
        ));
    }
}
