//! The board's progress report as data: built once from the plans, then drawn by
//! `render::{markdown, html, csv}` or serialised whole as JSON. Pure: the day, the rules
//! and the due-date history (`Slips`) are inputs.

pub mod remind;
pub mod since;

use crate::plan::date::PlanDate;
use crate::plan::load::Plans;
use crate::plan::model::{Declared, Evidence, Finalisation, Note, ReviewKind};
use crate::plan::query::{rows, Counts, Filter, Row};
use crate::plan::status::{Rules, State};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How many times each action's due date has moved, by action ID. Comes from the git
/// history; an action missing from the map has never slipped.
pub type Slips = HashMap<String, u32>;

/// The committee grading boards and scrutiny committees use, derived from the state and
/// the due-date history rather than typed into the plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// Overdue.
    NotAchieved,
    /// Open and not overdue, but its due date has been moved.
    Slipped,
    /// Open, never slipped, not overdue.
    OnTrack,
    /// Completed.
    Achieved,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Achieved,
        Grade::OnTrack,
        Grade::Slipped,
        Grade::NotAchieved,
    ];

    /// Completion outranks a slip (achieved late is still achieved); being overdue
    /// outranks a slip (a moved date that is missed again is not achieved).
    pub fn of(state: State, slips: u32) -> Grade {
        match state {
            State::Completed => Grade::Achieved,
            State::Overdue => Grade::NotAchieved,
            _ if slips > 0 => Grade::Slipped,
            _ => Grade::OnTrack,
        }
    }

    /// The machine name, as in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::NotAchieved => "not-achieved",
            Grade::Slipped => "slipped",
            Grade::OnTrack => "on-track",
            Grade::Achieved => "achieved",
        }
    }

    /// The words a committee paper uses.
    pub fn label(self) -> &'static str {
        match self {
            Grade::NotAchieved => "Not achieved",
            Grade::Slipped => "Slipped",
            Grade::OnTrack => "On track",
            Grade::Achieved => "Achieved",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GradeCounts {
    pub achieved: usize,
    pub on_track: usize,
    pub slipped: usize,
    pub not_achieved: usize,
}

impl GradeCounts {
    pub fn add(&mut self, g: Grade) {
        *self.get_mut(g) += 1;
    }

    pub fn get(&self, g: Grade) -> usize {
        match g {
            Grade::Achieved => self.achieved,
            Grade::OnTrack => self.on_track,
            Grade::Slipped => self.slipped,
            Grade::NotAchieved => self.not_achieved,
        }
    }

    fn get_mut(&mut self, g: Grade) -> &mut usize {
        match g {
            Grade::Achieved => &mut self.achieved,
            Grade::OnTrack => &mut self.on_track,
            Grade::Slipped => &mut self.slipped,
            Grade::NotAchieved => &mut self.not_achieved,
        }
    }
}

/// What the report covers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scope {
    pub review: Option<String>,
    pub agency: Option<String>,
    pub kind: Option<ReviewKind>,
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub as_at: NaiveDate,
    /// Days ahead that count as "due soon".
    pub soon_days: i64,
    /// "Due in the next quarter": from the as-at day to three months on.
    pub next_quarter: Window,
    pub scope: Scope,
    /// What `--since` named (a date or a revision), when the report has a since section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// All reviews together.
    pub counts: Counts,
    pub grades: GradeCounts,
    pub reviews: Vec<ReviewReport>,
    /// The practice themes the reviews in scope raised, in the vocabulary's order.
    pub themes: Vec<crate::learn::themes::ThemeRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewReport {
    pub id: String,
    pub kind: Option<ReviewKind>,
    pub title: String,
    pub board: String,
    pub case: Option<String>,
    pub counts: Counts,
    pub percent_complete: Option<u32>,
    pub grades: GradeCounts,
    /// One per agency code, in code order.
    pub agencies: Vec<AgencySummary>,
    /// Most overdue first.
    pub overdue: Vec<ActionItem>,
    /// Open actions due within `Report::next_quarter`, soonest first.
    pub due_next_quarter: Vec<ActionItem>,
    /// Completed but not finalised: awaiting the board's sign-off.
    pub awaiting_sign_off: Vec<ActionItem>,
    /// What changed since `Report::since` (filled from the git history).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<SinceSection>,
    /// Open and overdue actions over time (filled from the git history), oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<TimelinePoint>,
    /// Every action in scope, in plan order: the coloured action plan.
    pub actions: Vec<ActionItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencySummary {
    pub code: String,
    pub name: Option<String>,
    pub counts: Counts,
    pub percent_complete: Option<u32>,
    pub grades: GradeCounts,
}

/// Changes between an earlier state of the plans and now.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SinceSection {
    pub completed: Vec<ActionItem>,
    pub became_overdue: Vec<ActionItem>,
    pub slipped: Vec<Slip>,
}

/// A due date that moved: `action.due` is the date now, `was` the date then;
/// `action.slips` counts the moves over the action's whole life.
#[derive(Debug, Clone, Serialize)]
pub struct Slip {
    pub action: ActionItem,
    pub was: Option<PlanDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimelinePoint {
    pub date: NaiveDate,
    pub open: usize,
    pub overdue: usize,
}

/// One action with everything the report says about it.
#[derive(Debug, Clone, Serialize)]
pub struct ActionItem {
    pub id: String,
    pub review: String,
    pub recommendation: String,
    pub recommendation_text: Option<String>,
    pub description: String,
    pub agency: String,
    pub agency_name: Option<String>,
    pub lead: Option<String>,
    pub due: Option<PlanDate>,
    pub due_text: Option<String>,
    /// When progress is to be reviewed.
    pub review_date: Option<PlanDate>,
    pub outcome: Option<String>,
    pub status: Option<Declared>,
    pub status_text: Option<String>,
    pub completed: Option<PlanDate>,
    pub state: State,
    pub days_overdue: Option<i64>,
    /// Times the due date has moved.
    pub slips: u32,
    pub grade: Grade,
    /// Finalised, on its own or with its whole recommendation.
    pub signed_off: bool,
    pub finalised: Option<Finalisation>,
    /// Evidence of what was done, oldest first.
    pub evidence: Vec<Evidence>,
    /// Monitoring notes on the action, oldest first.
    pub notes: Vec<Note>,
    /// The latest evidence or monitoring note.
    pub latest: Option<Entry>,
    pub file: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    Evidence,
    /// A monitoring note on the action.
    Note,
    /// A monitoring note on the whole recommendation.
    RecommendationNote,
}

/// A piece of evidence or a monitoring note.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub kind: EntryKind,
    pub date: Option<PlanDate>,
    pub text: String,
    /// Who supplied the evidence, or which body made the note.
    pub by: Option<String>,
}

impl ActionItem {
    pub fn new(row: &Row, slips: &Slips) -> ActionItem {
        let a = row.action;
        let id = row.id();
        let n = slips.get(&id).copied().unwrap_or(0);
        ActionItem {
            review: row.review.id.clone(),
            recommendation: row.rec.id.clone(),
            recommendation_text: row.rec.file.text.clone(),
            description: a.description.clone(),
            agency: row.agency().to_string(),
            agency_name: row.review.agency_name(row.agency()).map(String::from),
            lead: a.lead.clone(),
            due: a.due,
            due_text: a.due_text.clone(),
            review_date: a.review,
            outcome: a.outcome.clone(),
            status: a.status,
            status_text: a.status_text.clone(),
            completed: a.completed,
            state: row.eval.state,
            days_overdue: row.eval.days_overdue,
            slips: n,
            grade: Grade::of(row.eval.state, n),
            signed_off: row.signed_off(),
            finalised: a
                .finalised
                .clone()
                .or_else(|| row.rec.file.finalised.clone()),
            evidence: a.evidence.clone(),
            notes: a.notes.clone(),
            latest: latest(row),
            file: row.rec.path.display().to_string(),
            id,
        }
    }

    /// The due date, or the document's words for it when they say more.
    pub fn due_label(&self) -> String {
        match (self.due, &self.due_text) {
            (Some(d), _) => short_date(d),
            (None, Some(t)) => t.clone(),
            (None, None) => "–".to_string(),
        }
    }
}

/// Rows as report items, ungraded by history (for `list` and `overdue`).
pub fn items(rows: &[Row]) -> Vec<ActionItem> {
    let none = Slips::new();
    rows.iter().map(|r| ActionItem::new(r, &none)).collect()
}

/// The latest of the action's evidence and notes, by date. Entries are appended oldest
/// first, so the last of each kind is its latest; an undated entry counts as older than a
/// dated one, and evidence wins a tie. With neither, the recommendation's latest note.
fn latest(row: &Row) -> Option<Entry> {
    let a = row.action;
    let evidence = a.evidence.last().map(|e| Entry {
        kind: EntryKind::Evidence,
        date: e.date,
        text: e.text.clone(),
        by: e.by.clone(),
    });
    let note = |n: &Note, kind| Entry {
        kind,
        date: n.date,
        text: n.text.clone(),
        by: n.body.clone(),
    };
    let action_note = a.notes.last().map(|n| note(n, EntryKind::Note));
    match (evidence, action_note) {
        (Some(e), Some(n)) => Some(
            if n.date.map(PlanDate::last_day) > e.date.map(PlanDate::last_day) {
                n
            } else {
                e
            },
        ),
        (Some(e), None) => Some(e),
        (None, Some(n)) => Some(n),
        (None, None) => row
            .rec
            .file
            .notes
            .last()
            .map(|n| note(n, EntryKind::RecommendationNote)),
    }
}

/// Builds the report as at `rules.today`. `slips` grades actions whose due date moved;
/// pass an empty map where there is no history.
pub fn build(plans: &Plans, rules: &Rules, scope: &Scope, slips: &Slips) -> anyhow::Result<Report> {
    let filter = Filter {
        review: scope.review.clone(),
        agency: scope.agency.clone(),
        kind: scope.kind,
        ..Default::default()
    };
    filter.check_review(plans)?;
    let today = rules.today;
    let next_quarter = Window {
        from: today,
        to: today
            .checked_add_months(Months::new(3))
            .unwrap_or(NaiveDate::MAX),
    };
    let mut report = Report {
        as_at: today,
        soon_days: rules.soon_days,
        next_quarter,
        scope: scope.clone(),
        since: None,
        counts: Counts::default(),
        grades: GradeCounts::default(),
        reviews: Vec::new(),
        themes: crate::learn::themes::summarise(plans, rules, &filter)
            .into_iter()
            .filter(|t| !t.recommendations.is_empty())
            .collect(),
    };
    for review in &plans.reviews {
        if scope.review.as_deref().is_some_and(|r| r != review.id) {
            continue;
        }
        let scoped = Filter {
            review: Some(review.id.clone()),
            ..filter.clone()
        };
        let items: Vec<ActionItem> = rows(plans, rules, &scoped)
            .iter()
            .map(|r| ActionItem::new(r, slips))
            .collect();
        // An agency report leaves out the reviews where the agency has nothing to do.
        if items.is_empty() && scope.agency.is_some() {
            continue;
        }
        let r = review_report(review, items, next_quarter);
        report.counts.merge(&r.counts);
        for g in Grade::ALL {
            *report.grades.get_mut(g) += r.grades.get(g);
        }
        report.reviews.push(r);
    }
    Ok(report)
}

fn review_report(
    review: &crate::plan::load::Review,
    items: Vec<ActionItem>,
    quarter: Window,
) -> ReviewReport {
    let mut counts = Counts::default();
    let mut grades = GradeCounts::default();
    let mut by_agency: BTreeMap<&str, (Counts, GradeCounts)> = BTreeMap::new();
    for i in &items {
        counts.add(i.state);
        grades.add(i.grade);
        let (c, g) = by_agency.entry(&i.agency).or_default();
        c.add(i.state);
        g.add(i.grade);
    }
    let agencies = by_agency
        .into_iter()
        .map(|(code, (counts, grades))| AgencySummary {
            code: code.to_string(),
            name: review.agency_name(code).map(String::from),
            percent_complete: counts.percent_complete(),
            counts,
            grades,
        })
        .collect();
    let pick = |keep: &dyn Fn(&ActionItem) -> bool| -> Vec<ActionItem> {
        items.iter().filter(|i| keep(i)).cloned().collect()
    };
    let mut overdue = pick(&|i| i.state == State::Overdue);
    // Stable sorts: equal keys keep plan order.
    overdue.sort_by_key(|i| std::cmp::Reverse(i.days_overdue));
    let mut due_next_quarter = pick(&|i| {
        matches!(i.state, State::DueSoon | State::Pending)
            && i.due.is_some_and(|d| d.last_day() <= quarter.to)
    });
    due_next_quarter.sort_by_key(|i| i.due.map(PlanDate::last_day));
    let awaiting_sign_off = pick(&|i| i.state == State::Completed && !i.signed_off);
    let meta = review.meta.as_ref();
    ReviewReport {
        id: review.id.clone(),
        kind: meta.and_then(|m| m.kind),
        title: meta.map_or_else(|| review.id.clone(), |m| m.title.clone()),
        board: meta.map_or_else(String::new, |m| m.board.clone()),
        case: meta.and_then(|m| m.case.clone()),
        percent_complete: counts.percent_complete(),
        counts,
        grades,
        agencies,
        overdue,
        due_next_quarter,
        awaiting_sign_off,
        since: None,
        timeline: Vec::new(),
        actions: items,
    }
}

/// "30 June 2012": dates in prose.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "31 May 2012", "May 2012": plan dates in table cells, a month left a month.
pub fn short_date(d: PlanDate) -> String {
    match d {
        PlanDate::Day(d) => d.format("%-d %b %Y").to_string(),
        PlanDate::Month { .. } => d.first_day().format("%b %Y").to_string(),
    }
}

/// A report with every optional part filled and hostile text in it, for the renderers'
/// unit tests: what the git history will add (since, timeline, slips) drawn before it exists.
#[cfg(test)]
pub(crate) fn sample_with_history() -> Report {
    let day = |s: &str| crate::plan::date::parse_day(s).unwrap();
    let item = ActionItem {
        id: "r/1.1".into(),
        review: "r".into(),
        recommendation: "r/1".into(),
        recommendation_text: None,
        description: "Audit <b>files</b> | twice".into(),
        agency: "LSCB".into(),
        agency_name: None,
        lead: None,
        due: Some(PlanDate::Day(day("2012-09-30"))),
        due_text: None,
        review_date: None,
        outcome: None,
        status: None,
        status_text: None,
        completed: None,
        state: State::Pending,
        days_overdue: None,
        slips: 2,
        grade: Grade::Slipped,
        signed_off: false,
        finalised: None,
        evidence: vec![],
        notes: vec![],
        latest: None,
        file: "plans/r/1.toml".into(),
    };
    Report {
        as_at: day("2012-06-30"),
        soon_days: 28,
        next_quarter: Window {
            from: day("2012-06-30"),
            to: day("2012-09-30"),
        },
        scope: Scope {
            review: None,
            agency: Some("<b>X</b>".into()),
            kind: None,
        },
        since: Some("2012-03-31 <i>".into()),
        counts: Counts::default(),
        grades: GradeCounts::default(),
        themes: vec![crate::learn::themes::ThemeRow {
            id: "t".into(),
            title: "Theme <script>alert(2)</script>".into(),
            description: "\"quoted\" & <b>".into(),
            reviews: vec!["r".into()],
            recommendations: vec!["r/1".into()],
            agencies: vec!["X".into()],
            actions: 2,
            open: 1,
            overdue: 1,
            first: None,
            last: None,
        }],
        reviews: vec![ReviewReport {
            id: "r".into(),
            kind: Some(ReviewKind::Scr),
            title: "A & B <script>alert(1)</script>".into(),
            board: "Board \"quoted\"".into(),
            case: None,
            counts: Counts::default(),
            percent_complete: None,
            grades: GradeCounts::default(),
            agencies: vec![],
            overdue: vec![],
            due_next_quarter: vec![],
            awaiting_sign_off: vec![],
            since: Some(SinceSection {
                completed: vec![],
                became_overdue: vec![],
                slipped: vec![Slip {
                    action: item.clone(),
                    was: Some(PlanDate::parse("2012-03").unwrap()),
                }],
            }),
            timeline: vec![
                TimelinePoint {
                    date: day("2012-01-01"),
                    open: 10,
                    overdue: 2,
                },
                TimelinePoint {
                    date: day("2012-06-30"),
                    open: 6,
                    overdue: 3,
                },
            ],
            actions: vec![item],
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grading_follows_state_then_slips() {
        assert_eq!(Grade::of(State::Completed, 3), Grade::Achieved);
        assert_eq!(Grade::of(State::Overdue, 0), Grade::NotAchieved);
        assert_eq!(Grade::of(State::Overdue, 2), Grade::NotAchieved);
        assert_eq!(Grade::of(State::Pending, 1), Grade::Slipped);
        assert_eq!(Grade::of(State::DueSoon, 0), Grade::OnTrack);
        assert_eq!(Grade::of(State::Ongoing, 0), Grade::OnTrack);
        assert_eq!(Grade::of(State::Ongoing, 1), Grade::Slipped);
    }

    #[test]
    fn dates_for_people() {
        let d = NaiveDate::from_ymd_opt(2012, 6, 30).unwrap();
        assert_eq!(long_date(d), "30 June 2012");
        assert_eq!(short_date(PlanDate::Day(d)), "30 Jun 2012");
        assert_eq!(short_date(PlanDate::parse("2012-05").unwrap()), "May 2012");
    }
}
