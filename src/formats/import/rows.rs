//! One row at a time: the cells read into the recommendation or action they belong to.

use super::*;

impl Reader<'_> {
    pub(super) fn row(&mut self, n: usize, columns: &[Column], record: &csv::ByteRecord) {
        let mut row = Row {
            n,
            cells: Vec::new(),
        };
        for (i, raw) in record.iter().enumerate() {
            let Ok(text) = std::str::from_utf8(raw) else {
                self.problems.push(not_utf8(n, i));
                continue;
            };
            let text = text.replace("\r\n", "\n");
            // The `'` a spreadsheet-safe export put before a formula-like cell is not text.
            let text = crate::guard::sanitise::csv_cell_read(&text).trim();
            if text.is_empty() {
                continue;
            }
            match columns.iter().find(|c| c.index == i) {
                Some(c) if c.field != Field::Ignore => row.cells.push((c, text.to_string())),
                Some(c) if !c.header.is_empty() => {}
                _ => {
                    let col = Column {
                        index: i,
                        header: String::new(),
                        field: Field::Ignore,
                        by: None,
                    };
                    self.at(
                        n,
                        &col,
                        Some(text),
                        "is in a column without a header".into(),
                        Some("give the column a header, or delete the cell".into()),
                    );
                }
            }
        }
        if row.cells.is_empty() {
            return;
        }
        if let Some((c, t)) = row.get(Field::Review) {
            if t != self.s.review_id {
                let msg = format!("belongs to another review than {}", self.s.review_id);
                self.at(
                    n,
                    c,
                    Some(t),
                    msg,
                    Some(format!("import it with --review {t}, or remove the row")),
                );
                return;
            }
        }
        if !self.recommendation(&row) {
            return;
        }
        for (c, t) in row.all(Field::Note) {
            let (date, by) = self.entry_extras(&row, Field::NoteDate, Field::NoteBy, c);
            let note = Note {
                date,
                body: by,
                text: t.to_string(),
            };
            self.cur().file.notes.push(note);
        }
        self.companions_without(&row, Field::Note, &[Field::NoteDate, Field::NoteBy]);
        self.action(&row);
        self.cur().last_row = n;
        let has_action = !self.cur().file.actions.is_empty();
        for (c, t) in row.all(Field::Evidence) {
            if !has_action {
                self.at(
                    n,
                    c,
                    Some(t),
                    "is evidence, but there is no action above it to belong to".into(),
                    None,
                );
                continue;
            }
            let (date, by) = self.entry_extras(&row, Field::EvidenceDate, Field::EvidenceBy, c);
            let file = row.get(Field::EvidenceFile).map(|(_, f)| f.to_string());
            let e = Evidence {
                date,
                text: t.to_string(),
                by,
                file,
            };
            self.cur_action().evidence.push(e);
        }
        self.companions_without(
            &row,
            Field::Evidence,
            &[Field::EvidenceDate, Field::EvidenceBy, Field::EvidenceFile],
        );
        for (c, t) in row.all(Field::ActionNote) {
            if !has_action {
                self.at(
                    n,
                    c,
                    Some(t),
                    "is an action note, but there is no action above it".into(),
                    None,
                );
                continue;
            }
            let (date, by) = self.entry_extras(&row, Field::ActionNoteDate, Field::ActionNoteBy, c);
            let note = Note {
                date,
                body: by,
                text: t.to_string(),
            };
            self.cur_action().notes.push(note);
        }
        self.companions_without(
            &row,
            Field::ActionNote,
            &[Field::ActionNoteDate, Field::ActionNoteBy],
        );
    }

    pub(super) fn cur(&mut self) -> &mut Imported {
        self.recs.last_mut().expect("a recommendation is open")
    }

    pub(super) fn cur_action(&mut self) -> &mut Action {
        self.cur()
            .file
            .actions
            .last_mut()
            .expect("an action is open")
    }

    /// The date and author of a note or evidence entry: their own columns, or the
    /// column's fixed author.
    pub(super) fn entry_extras(
        &mut self,
        row: &Row,
        date: Field,
        by: Field,
        col: &Column,
    ) -> (Option<PlanDate>, Option<String>) {
        let d = row.get(date).and_then(|(c, t)| self.one_date(row.n, c, t));
        let b = row
            .get(by)
            .map(|(_, t)| t.to_string())
            .or_else(|| col.by.clone());
        (d, b)
    }

    /// A date or author with no text to belong to.
    pub(super) fn companions_without(&mut self, row: &Row, base: Field, companions: &[Field]) {
        if row.get(base).is_some() {
            return;
        }
        for f in companions {
            if let Some((c, t)) = row.get(*f) {
                let msg = format!(
                    "goes with the row's {}, but its {} cell is empty",
                    base.key(),
                    base.key()
                );
                self.at(row.n, c, Some(t), msg, None);
            }
        }
    }

    pub(super) fn one_date(&mut self, n: usize, c: &Column, t: &str) -> Option<PlanDate> {
        if let Some(r) = self.dates.get(&lookup_key(t)) {
            if let Some(d) = r.due {
                return Some(d);
            }
        }
        match read_date(t) {
            Ok(d) => Some(d),
            Err(e) => {
                self.at(n, c, Some(t), e, Some(date_hint(t)));
                None
            }
        }
    }

    pub(super) fn fill(&mut self, n: usize, c: &Column, slot: Slot, t: &str) {
        let cur = self.recs.last_mut().expect("a recommendation is open");
        let first = cur.first_row;
        let rec_ref = &mut cur.file;
        let clash = match slot {
            Slot::Text => set(&mut rec_ref.text, t.to_string()),
            Slot::AgreedBy => set(&mut rec_ref.agreed_by, t.to_string()),
            Slot::FinalisedBy => {
                let f = rec_ref.finalised.get_or_insert(Finalisation {
                    date: None,
                    by: String::new(),
                });
                if f.by.is_empty() || f.by == t {
                    f.by = t.to_string();
                    false
                } else {
                    true
                }
            }
            Slot::FinalisedOn(d) => {
                let f = rec_ref.finalised.get_or_insert(Finalisation {
                    date: None,
                    by: String::new(),
                });
                set(&mut f.date, d)
            }
        };
        if clash {
            self.at(
                n,
                c,
                Some(t),
                format!("differs from what the recommendation's first row ({first}) gives"),
                Some("a recommendation's cells must agree on every row that repeats them".into()),
            );
        }
    }
}
