//! The status rules: what state an action is in, as at a given day. Pure: the day is an
//! input, never read from the clock here.

use crate::plan::model::{Action, Declared, Finalisation};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// The derived state. Declared worst first: a recommendation takes the first of its
/// actions' states in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Overdue,
    DueSoon,
    Pending,
    Ongoing,
    Completed,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Completed,
        State::Overdue,
        State::DueSoon,
        State::Pending,
        State::Ongoing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Overdue => "overdue",
            State::DueSoon => "due-soon",
            State::Pending => "pending",
            State::Ongoing => "ongoing",
            State::Completed => "completed",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The days before a due date when an action counts as due soon (inclusive).
pub const DEFAULT_SOON_DAYS: i64 = 28;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub today: NaiveDate,
    pub soon_days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub state: State,
    /// Days past the due date (month precision: past its last day), when overdue.
    pub days_overdue: Option<i64>,
}

impl Rules {
    /// The state of `action` as at `today`. `rec_finalised` is its recommendation's
    /// sign-off: the board closing a recommendation closes every action in it.
    pub fn evaluate(&self, action: &Action, rec_finalised: Option<&Finalisation>) -> Evaluation {
        let state_only = |state| Evaluation {
            state,
            days_overdue: None,
        };
        // Sign-off closes an action whatever the agency declared, once its day has come
        // (`--today` before it shows the action as it then stood).
        let signed_off = action
            .finalised
            .as_ref()
            .or(rec_finalised)
            .is_some_and(|f| f.date.is_none_or(|d| d.first_day() <= self.today));
        if signed_off || action.status == Some(Declared::Complete) {
            return state_only(State::Completed);
        }
        let Some(due) = action.due else {
            // A start is not a deadline: pending until it, ongoing from it.
            return state_only(match action.start {
                Some(s) if s.first_day() > self.today => State::Pending,
                _ => State::Ongoing,
            });
        };
        let days_left = (due.last_day() - self.today).num_days();
        if days_left < 0 {
            Evaluation {
                state: State::Overdue,
                days_overdue: Some(-days_left),
            }
        } else if days_left <= self.soon_days {
            state_only(State::DueSoon)
        } else {
            state_only(State::Pending)
        }
    }
}

/// The worst of several states; None for none.
pub fn worst(states: impl IntoIterator<Item = State>) -> Option<State> {
    states.into_iter().min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::date::PlanDate;

    fn day(s: &str) -> NaiveDate {
        crate::plan::date::parse_day(s).unwrap()
    }

    fn action(due: Option<&str>, status: Option<Declared>) -> Action {
        Action {
            description: "x".into(),
            agency: None,
            lead: None,
            start: None,
            due: due.map(|d| PlanDate::parse(d).unwrap()),
            due_text: None,
            review: None,
            outcome: None,
            status,
            status_text: None,
            completed: None,
            evidence: vec![],
            notes: vec![],
            finalised: None,
        }
    }

    fn eval(due: Option<&str>, status: Option<Declared>, today: &str) -> Evaluation {
        Rules {
            today: day(today),
            soon_days: DEFAULT_SOON_DAYS,
        }
        .evaluate(&action(due, status), None)
    }

    fn state(due: Option<&str>, today: &str) -> (State, Option<i64>) {
        let e = eval(due, None, today);
        (e.state, e.days_overdue)
    }

    #[test]
    fn complete_wins_over_any_date() {
        let e = eval(Some("2010-01-01"), Some(Declared::Complete), "2012-06-30");
        assert_eq!((e.state, e.days_overdue), (State::Completed, None));
        let e = eval(None, Some(Declared::Complete), "2012-06-30");
        assert_eq!(e.state, State::Completed);
    }

    fn signed(date: Option<&str>) -> Finalisation {
        Finalisation {
            date: date.map(|d| PlanDate::parse(d).unwrap()),
            by: "QA&A Sub Group".into(),
        }
    }

    #[test]
    fn sign_off_closes_an_action_whatever_is_declared() {
        let rules = Rules {
            today: day("2012-06-30"),
            soon_days: DEFAULT_SOON_DAYS,
        };
        // Birmingham's csc-3.1: due 31 July 2008, no status, finalised 13 July 2010.
        let mut a = action(Some("2008-07"), None);
        a.finalised = Some(signed(Some("2010-07-13")));
        assert_eq!(rules.evaluate(&a, None).state, State::Completed);
        // Declared delayed, signed off with its whole recommendation, undated.
        let a = action(Some("2008-07"), Some(Declared::Delayed));
        let rec = signed(None);
        assert_eq!(rules.evaluate(&a, Some(&rec)).state, State::Completed);
        assert_eq!(rules.evaluate(&a, None).state, State::Overdue);
    }

    #[test]
    fn sign_off_counts_from_its_day() {
        let mut a = action(Some("2008-07"), None);
        a.finalised = Some(signed(Some("2010-07-13")));
        let on = |d: &str| {
            Rules {
                today: day(d),
                soon_days: DEFAULT_SOON_DAYS,
            }
            .evaluate(&a, None)
            .state
        };
        assert_eq!(on("2010-07-12"), State::Overdue);
        assert_eq!(on("2010-07-13"), State::Completed);
    }

    #[test]
    fn a_start_without_a_due_date_is_pending_then_ongoing() {
        let mut a = action(None, None);
        a.start = Some(PlanDate::parse("2008-09-01").unwrap());
        let on = |d: &str| {
            Rules {
                today: day(d),
                soon_days: DEFAULT_SOON_DAYS,
            }
            .evaluate(&a, None)
        };
        assert_eq!(on("2008-08-31").state, State::Pending);
        assert_eq!(on("2008-09-01").state, State::Ongoing);
        assert_eq!(on("2012-06-30").days_overdue, None);
    }

    #[test]
    fn no_due_date_is_ongoing_whatever_is_declared() {
        assert_eq!(state(None, "2012-06-30"), (State::Ongoing, None));
        let e = eval(None, Some(Declared::Delayed), "2012-06-30");
        assert_eq!(e.state, State::Ongoing);
    }

    #[test]
    fn due_today_is_due_soon_not_overdue() {
        assert_eq!(
            state(Some("2012-06-30"), "2012-06-30"),
            (State::DueSoon, None)
        );
        assert_eq!(
            state(Some("2012-06-29"), "2012-06-30"),
            (State::Overdue, Some(1))
        );
    }

    #[test]
    fn month_precision_counts_as_its_last_day() {
        // "June 2012" is not late until July.
        assert_eq!(state(Some("2012-06"), "2012-06-30"), (State::DueSoon, None));
        assert_eq!(
            state(Some("2012-06"), "2012-07-01"),
            (State::Overdue, Some(1))
        );
        assert_eq!(
            state(Some("2012-05"), "2012-06-30"),
            (State::Overdue, Some(30))
        );
    }

    #[test]
    fn first_day_of_a_month() {
        assert_eq!(
            state(Some("2012-07-01"), "2012-07-01"),
            (State::DueSoon, None)
        );
        // A month is due on its last day: 29 days away on the 1st of June, 28 on the 2nd.
        assert_eq!(state(Some("2012-06"), "2012-06-01"), (State::Pending, None));
        assert_eq!(state(Some("2012-06"), "2012-06-02"), (State::DueSoon, None));
    }

    #[test]
    fn leap_day() {
        assert_eq!(state(Some("2012-02"), "2012-02-29"), (State::DueSoon, None));
        assert_eq!(
            state(Some("2012-02"), "2012-03-01"),
            (State::Overdue, Some(1))
        );
        assert_eq!(
            state(Some("2012-02-29"), "2013-02-28"),
            (State::Overdue, Some(365))
        );
        // 2011 has no leap day: February ends on the 28th.
        assert_eq!(
            state(Some("2011-02"), "2011-03-01"),
            (State::Overdue, Some(1))
        );
    }

    #[test]
    fn due_soon_window_is_inclusive() {
        assert_eq!(
            state(Some("2012-07-28"), "2012-06-30"),
            (State::DueSoon, None)
        );
        assert_eq!(
            state(Some("2012-07-29"), "2012-06-30"),
            (State::Pending, None)
        );
        let r = Rules {
            today: day("2012-06-30"),
            soon_days: 0,
        };
        assert_eq!(
            r.evaluate(&action(Some("2012-07-01"), None), None).state,
            State::Pending
        );
        assert_eq!(
            r.evaluate(&action(Some("2012-06-30"), None), None).state,
            State::DueSoon
        );
    }

    #[test]
    fn declared_delayed_does_not_change_the_derived_state() {
        let e = eval(Some("2013-01"), Some(Declared::Delayed), "2012-06-30");
        assert_eq!(e.state, State::Pending);
    }

    #[test]
    fn worst_state_orders_overdue_first() {
        assert_eq!(
            worst([State::Completed, State::Pending, State::Overdue]),
            Some(State::Overdue)
        );
        assert_eq!(
            worst([State::Completed, State::Ongoing]),
            Some(State::Ongoing)
        );
        assert_eq!(
            worst([State::Pending, State::Ongoing]),
            Some(State::Pending)
        );
        assert_eq!(worst([]), None);
    }
}
