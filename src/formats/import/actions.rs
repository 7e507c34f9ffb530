//! Rows that add an action, with its dates, status and evidence.

use super::*;

impl Reader<'_> {
    pub(super) fn action(&mut self, row: &Row) {
        let n = row.n;
        let Some((_, description)) = row.get(Field::Action) else {
            if let Some((c, t)) = row.any(Part::Action) {
                let msg = "belongs to an action, but the row's action cell is empty".to_string();
                self.at(n, c, Some(t), msg, Some("put the action's description in this row, or move the cell to the row that has it".into()));
            }
            return;
        };
        let before = self.problems.len();
        let own = self.row_agency.take();
        let agency = self.agency_of(row, Field::ActionAgency).flatten().or(own);
        let mut a = Action {
            description: description.to_string(),
            agency,
            lead: row.get(Field::Lead).map(|(_, t)| t.to_string()),
            start: None,
            due: None,
            due_text: None,
            review: None,
            outcome: row.get(Field::Outcome).map(|(_, t)| t.to_string()),
            status: None,
            status_text: None,
            completed: None,
            evidence: Vec::new(),
            notes: Vec::new(),
            finalised: None,
        };
        let mut completed: Vec<(PlanDate, &Column, &str)> = Vec::new();
        let due_text_column = self.present.contains(&Field::DueText);
        let status_text_column = self.present.contains(&Field::StatusText);
        // Due: free text, unless the file has a column for the words (sct's own export).
        if let Some((c, t)) = row.get(Field::Due) {
            if due_text_column {
                a.due = self.one_date(n, c, t);
            } else {
                let reading = match self.dates.get(&lookup_key(t)) {
                    Some(r) => Ok(r.clone()),
                    None => read_due(t),
                };
                match reading {
                    Ok(r) => {
                        a.due = r.due;
                        a.start = r.start;
                        a.review = r.review;
                        if let Some(d) = r.completed {
                            completed.push((d, c, t));
                        }
                        if r.keep_text {
                            a.due_text = Some(t.to_string());
                        }
                    }
                    Err(e) => self.at(n, c, Some(t), e, Some(date_hint(t))),
                }
            }
        }
        if let Some((_, t)) = row.get(Field::DueText) {
            a.due_text = Some(t.to_string());
        }
        if let Some((c, t)) = row.get(Field::Start) {
            if let Some(d) = self.one_date(n, c, t) {
                if a.start.is_some_and(|s| s != d) {
                    let msg = "differs from the start the target date gives".into();
                    self.at(n, c, Some(t), msg, None);
                }
                a.start = Some(d);
            }
        }
        if let Some((c, t)) = row.get(Field::ReviewDate) {
            if let Some(d) = self.one_date(n, c, t) {
                if a.review.is_some_and(|r| r != d) {
                    self.at(
                        n,
                        c,
                        Some(t),
                        "differs from the review date the target date gives".into(),
                        None,
                    );
                }
                a.review = Some(d);
            }
        }
        if let Some((c, t)) = row.get(Field::Status) {
            let reading = match self.statuses.get(&lookup_key(t)) {
                Some(r) => Ok(r.clone()),
                None => read_status(t),
            };
            match reading {
                Ok(r) if status_text_column && r.completed.is_some() => {
                    self.at(n, c, Some(t), "must be the status alone: the file has a status (as written) column".into(), None);
                }
                Ok(r) => {
                    a.status = r.status;
                    if let Some(d) = r.completed {
                        completed.push((d, c, t));
                    }
                    if r.keep_text && !status_text_column {
                        a.status_text = Some(t.to_string());
                    }
                }
                Err(e) => self.at(n, c, Some(t), e, Some(format!(
                    "write one of complete, in progress, delayed, ongoing, not started, or give its reading in a map file (--map): [statuses] \"{}\" = \"complete\"",
                    short(t)
                ))),
            }
        }
        if let Some((_, t)) = row.get(Field::StatusText) {
            a.status_text = Some(t.to_string());
        }
        if let Some((c, t)) = row.get(Field::Completed) {
            if let Some(d) = self.one_date(n, c, t) {
                completed.push((d, c, t));
            }
        }
        if let Some((d, _, _)) = completed.first().copied() {
            for (other, c, t) in &completed[1..] {
                if *other != d {
                    let msg =
                        format!("gives completion {other}, but another cell of the row gives {d}");
                    self.at(n, c, Some(t), msg, None);
                }
            }
            a.completed = Some(d);
        }
        let by = row.get(Field::ActionFinalisedBy);
        if let Some((c, t)) = row.get(Field::ActionFinalisedOn) {
            if by.is_none() {
                self.at(
                    n,
                    c,
                    Some(t),
                    "is a finalisation date, but the row does not say who finalised the action"
                        .into(),
                    None,
                );
            }
            let date = self.one_date(n, c, t);
            a.finalised = by.map(|(_, b)| Finalisation {
                date,
                by: b.to_string(),
            });
        } else if let Some((_, b)) = by {
            a.finalised = Some(Finalisation {
                date: None,
                by: b.to_string(),
            });
        }
        if self.problems.len() == before {
            self.cur().file.actions.push(a);
            self.cur().action_rows.push(n);
        }
    }
}
