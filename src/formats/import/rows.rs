//! One row at a time: the cells read into the recommendation or action they belong to.

use super::*;

impl Reader<'_> {
    /// A row of the grid: a heading across the table, or cells by column.
    pub(super) fn line(&mut self, n: usize, columns: &[Column], line: &Line) {
        if line.banner {
            if let Some(t) = line.cells.first().and_then(Cell::as_text) {
                self.banner(n, columns, t.trim());
            }
            return;
        }
        let mut row = Row {
            n,
            cells: Vec::new(),
        };
        let mut items = None;
        for (i, cell) in line.cells.iter().enumerate() {
            let column = columns.iter().find(|c| c.index == i);
            let text = match cell {
                Cell::Empty => continue,
                Cell::Items(list) if column.is_some_and(|c| c.field == Field::Action) => {
                    items = column.map(|c| (c, list));
                    continue;
                }
                Cell::Shade(fill) if column.is_some_and(|c| c.field == Field::Status) => {
                    match words::rag_colour(fill) {
                        Some(rating) => rating.to_string(),
                        None => {
                            let col = column.expect("matched").clone();
                            let msg = format!(
                                "is empty and shaded #{fill}, not a colour sct reads as a RAG \
                                 rating"
                            );
                            let hint = "type the status in the cell (Complete, In progress, \
                                        Delayed…), or shade it red, amber, green or blue";
                            self.at(n, &col, None, msg, Some(hint.into()));
                            continue;
                        }
                    }
                }
                Cell::Shade(_) => continue,
                Cell::Bad(why) => {
                    let col = column.cloned().unwrap_or_else(|| headerless(i));
                    let hint = (why == NOT_UTF8)
                        .then(|| "save the spreadsheet as \"CSV UTF-8\"".to_string());
                    self.at(n, &col, None, why.clone(), hint);
                    continue;
                }
                // A number in a date column is an Excel serial date, written as sct writes dates.
                Cell::Number(f) if column.is_some_and(|c| c.field.is_date()) => {
                    match crate::formats::cells::workbook_date(*f, self.date1904) {
                        Some(d) => d.format("%Y-%m-%d").to_string(),
                        None => {
                            let col = column.expect("matched").clone();
                            let t = crate::formats::cells::number_text(*f);
                            let msg = "is a number, not a date between 1900 and 2099".into();
                            self.at(n, &col, Some(&t), msg, Some(date_hint(&t)));
                            continue;
                        }
                    }
                }
                c => c.as_text().unwrap_or_default(),
            };
            let text = text.replace("\r\n", "\n");
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match column {
                Some(c) if c.field != Field::Ignore => row.cells.push((c, text.to_string())),
                Some(c) if !c.header.is_empty() => {}
                _ => {
                    self.at(
                        n,
                        &headerless(i),
                        Some(text),
                        "is in a column without a header".into(),
                        Some("give the column a header, or delete the cell".into()),
                    );
                }
            }
        }
        let Some((column, list)) = items else {
            self.row(row);
            return;
        };
        // One action per item, each with the row's other cells; the recommendation's notes
        // once.
        for (k, item) in list.iter().enumerate() {
            let mut cells: Vec<(&Column, String)> = row
                .cells
                .iter()
                .filter(|(c, _)| k == 0 || c.field.part() != Part::RecNote)
                .cloned()
                .collect();
            cells.push((column, item.clone()));
            self.row(Row { n, cells });
        }
    }

    /// A heading across the whole table: an agency or a section for the rows below it, or
    /// else the recommendation of the action rows below it.
    fn banner(&mut self, n: usize, columns: &[Column], t: &str) {
        if let Some(code) = resolve_agency(self.s.meta, t) {
            self.banner_agency = Some(code);
            return;
        }
        if let Some(section) = section_of(t) {
            self.banner_section = Some(section);
            return;
        }
        let Some(c) = columns
            .iter()
            .find(|c| c.field == Field::Recommendation)
            .or_else(|| columns.iter().find(|c| c.field == Field::Number))
        else {
            return;
        };
        self.row(Row {
            n,
            cells: vec![(c, t.to_string())],
        });
    }

    fn row(&mut self, row: Row) {
        let n = row.n;
        self.row_agency = None;
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

    /// Where a recommendation's rows named different lead agencies, every action keeps its
    /// own, and the others are the recommendation's further agencies: an action without an
    /// agency of its own would belong to all of them.
    pub(super) fn finish(&mut self) {
        if self.present.contains(&Field::ActionAgency) {
            return;
        }
        for rec in &mut self.recs {
            let f = &mut rec.file;
            if f.actions.iter().all(|a| a.agency.is_none()) {
                continue;
            }
            for a in &mut f.actions {
                let code = a.agency.get_or_insert_with(|| f.agency.clone());
                if *code != f.agency && !f.agencies.contains(code) {
                    f.agencies.push(code.clone());
                }
            }
        }
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
                format!(
                    "differs from what the recommendation's first row ({}) gives",
                    self.places.name(first)
                ),
                Some("a recommendation's cells must agree on every row that repeats them".into()),
            );
        }
    }
}

fn headerless(index: usize) -> Column {
    Column {
        index,
        header: String::new(),
        field: Field::Ignore,
        by: None,
    }
}
