//! What changed between two reports: the since-section and the timeline, computed from a
//! report on the plans as they were (at an earlier revision, as at that day) and the report
//! on them now. Pure: reading the earlier plans from git is the caller's business.

use super::{Report, ReviewReport, SinceSection, Slip, TimelinePoint};
use crate::plan::status::State;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Fills `now.since` (labelled `label`, what --since named) and each review's since-section
/// from `then`: actions completed since, actions that became overdue since (or were added
/// overdue), and actions whose due date differs from then's.
pub fn attach(now: &mut Report, then: &Report, label: &str) {
    now.since = Some(label.to_string());
    for review in &mut now.reviews {
        let before: HashMap<&str, &super::ActionItem> = then
            .reviews
            .iter()
            .filter(|r| r.id == review.id)
            .flat_map(|r| &r.actions)
            .map(|a| (a.id.as_str(), a))
            .collect();
        let mut section = SinceSection::default();
        for a in &review.actions {
            let was = before.get(a.id.as_str());
            let was_state = was.map(|w| w.state);
            if a.state == State::Completed && was_state != Some(State::Completed) {
                section.completed.push(a.clone());
            }
            if a.state == State::Overdue && was_state != Some(State::Overdue) {
                section.became_overdue.push(a.clone());
            }
            if let Some(w) = was {
                if w.due.is_some() && w.due != a.due {
                    section.slipped.push(Slip {
                        action: a.clone(),
                        was: w.due,
                    });
                }
            }
        }
        review.since = Some(section);
    }
}

/// One point of a review's timeline: its open and overdue actions in a report as at `date`.
pub fn point(review: &ReviewReport, date: NaiveDate) -> TimelinePoint {
    TimelinePoint {
        date,
        open: review.counts.total - review.counts.completed,
        overdue: review.counts.overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::date::PlanDate;
    use crate::report::{sample_with_history, Grade};

    #[test]
    fn completed_overdue_and_moved_since_then() {
        let mut then = sample_with_history();
        let mut now = sample_with_history();
        let base = then.reviews[0].actions[0].clone();
        let with = |id: &str, state: State, due: &str| {
            let mut a = base.clone();
            a.id = id.into();
            a.state = state;
            a.due = Some(PlanDate::parse(due).unwrap());
            a.grade = Grade::of(state, 0);
            a
        };
        then.reviews[0].actions = vec![
            with("r/1.1", State::Pending, "2012-05"),
            with("r/1.2", State::Pending, "2012-09"),
            with("r/1.3", State::Overdue, "2012-01"),
            with("r/1.4", State::Completed, "2011-01"),
        ];
        now.reviews[0].actions = vec![
            with("r/1.1", State::Overdue, "2012-05"),
            with("r/1.2", State::Pending, "2012-12"),
            with("r/1.3", State::Completed, "2012-01"),
            with("r/1.4", State::Completed, "2011-01"),
            with("r/1.5", State::Overdue, "2012-04"),
        ];
        attach(&mut now, &then, "2012-03-31");
        assert_eq!(now.since.as_deref(), Some("2012-03-31"));
        let s = now.reviews[0].since.as_ref().unwrap();
        let ids = |v: &[crate::report::ActionItem]| -> Vec<String> {
            v.iter().map(|a| a.id.clone()).collect()
        };
        assert_eq!(ids(&s.completed), ["r/1.3"]);
        assert_eq!(ids(&s.became_overdue), ["r/1.1", "r/1.5"]);
        assert_eq!(s.slipped.len(), 1);
        assert_eq!(s.slipped[0].action.id, "r/1.2");
        assert_eq!(s.slipped[0].was, Some(PlanDate::parse("2012-09").unwrap()));
    }

    #[test]
    fn a_timeline_point_counts_open_and_overdue() {
        let mut r = sample_with_history();
        let v = &mut r.reviews[0];
        v.counts.total = 10;
        v.counts.completed = 4;
        v.counts.overdue = 3;
        let d = crate::plan::date::parse_day("2012-03-31").unwrap();
        assert_eq!(
            point(v, d),
            TimelinePoint {
                date: d,
                open: 6,
                overdue: 3
            }
        );
    }
}
