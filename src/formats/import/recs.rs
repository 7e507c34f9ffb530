//! Rows that start or continue a recommendation: its number, section and agency.

use super::*;

impl Reader<'_> {
    /// Starts or continues the row's recommendation; false when the row cannot be placed.
    pub(super) fn recommendation(&mut self, row: &Row) -> bool {
        let n = row.n;
        let number_cell = row.get(Field::Number);
        let text_cell = row.get(Field::Recommendation);
        if number_cell.is_none() && text_cell.is_none() {
            if self.recs.is_empty() {
                let (c, t) = row.cells[0].clone();
                self.at(n, c, Some(&t), "comes before the first recommendation: the row has no recommendation number or text".into(), None);
                return false;
            }
            return self.same_rec_cells(row);
        }
        let mut number = None;
        if let Some((c, t)) = number_cell {
            match number_of(t) {
                Some(num) => number = Some(num),
                None => {
                    self.at(
                        n,
                        c,
                        Some(t),
                        "is not a recommendation number".into(),
                        Some("write it as 21, or 3a".into()),
                    );
                    return false;
                }
            }
        }
        let mut text = None;
        if let Some((c, t)) = text_cell {
            match (split_number(t), &number) {
                (Some((k, _)), Some(num)) if k != *num => {
                    let msg = format!(
                        "starts with recommendation number {k}, but the number column says {num}"
                    );
                    self.at(n, c, Some(t), msg, None);
                    return false;
                }
                (Some((k, rest)), _) => {
                    number = Some(k);
                    text = Some(rest.to_string()).filter(|r| !r.is_empty());
                }
                (None, _) => text = Some(t.to_string()),
            }
            if number.is_none() {
                self.at(n, c, Some(t), "gives no recommendation number".into(),
                    Some("start the text with its number (\"21. BHFT should…\") or add a Number column".into()));
                return false;
            }
        }
        let Some(number) = number else { return false };
        let Some(section) = self.section_of(row) else {
            return false;
        };
        let Some(agency) = self.agency_of(row, Field::Agency) else {
            return false;
        };
        let Some(agency) = agency
            .or_else(|| self.banner_agency.clone())
            .or_else(|| self.s.agency.map(str::to_string))
        else {
            let (c, t) = text_cell.or(number_cell).expect("one of them");
            self.at(
                n,
                c,
                Some(t),
                "names no agency".into(),
                Some(
                    "add an Agency column, or give the agency of every row with --agency CODE"
                        .into(),
                ),
            );
            return false;
        };
        let file = RecFile {
            number,
            section,
            agency,
            agencies: Vec::new(),
            text: None,
            themes: Vec::new(),
            agreed_by: None,
            finalised: None,
            notes: Vec::new(),
            actions: Vec::new(),
        };
        let id = rec_id(self.s.review_id, &file);
        let continues = self.recs.last().is_some_and(|r| r.id == id);
        if !continues {
            if let Some(first) = self.started.get(&id) {
                let (c, t) = text_cell.or(number_cell).expect("one of them");
                let msg = format!(
                    "is recommendation {id} again, which began at {}",
                    self.places.name(*first)
                );
                self.at(
                    n,
                    c,
                    Some(t),
                    msg,
                    Some("keep a recommendation's rows together, one after the other".into()),
                );
                return false;
            }
            self.started.insert(id.clone(), n);
            self.recs.push(Imported {
                id,
                file,
                first_row: n,
                last_row: n,
                action_rows: Vec::new(),
            });
        } else if self.cur().file.agency != file.agency && row.get(Field::Action).is_some() {
            // The lead agency of this action: it keeps its own (see `finish`).
            self.row_agency = Some(file.agency.clone());
        } else if self.cur().file.agency != file.agency {
            let (c, t) = row
                .get(Field::Agency)
                .or(text_cell)
                .or(number_cell)
                .expect("one of them");
            let msg = format!(
                "gives agency {}, but recommendation {id} is {}'s",
                file.agency,
                self.cur().file.agency
            );
            self.at(
                n,
                c,
                Some(t),
                msg,
                Some("for an action of another agency, use an Action agency column".into()),
            );
            return false;
        }
        if let (Some(t), Some((c, _))) = (text, text_cell) {
            self.fill(n, c, Slot::Text, &t);
        }
        self.same_rec_cells(row)
    }

    /// The recommendation-level cells of a row: they fill what is empty, and must agree
    /// with what an earlier row of the same recommendation gave.
    pub(super) fn same_rec_cells(&mut self, row: &Row) -> bool {
        let n = row.n;
        let before = self.problems.len();
        if self.cur().first_row != n {
            if let Some((c, t)) = row.get(Field::Section) {
                if section_of(t) != Some(self.cur().file.section) {
                    let msg = format!(
                        "differs from the section of recommendation {}",
                        self.cur().id
                    );
                    self.at(n, c, Some(t), msg, None);
                }
            }
            if row.get(Field::Number).is_none() && row.get(Field::Recommendation).is_none() {
                if let Some(Some(a)) = self.agency_of(row, Field::Agency) {
                    if a != self.cur().file.agency && row.get(Field::Action).is_some() {
                        self.row_agency = Some(a);
                    } else if a != self.cur().file.agency {
                        let (c, t) = row.get(Field::Agency).expect("given");
                        let msg = format!(
                            "differs from the agency of recommendation {}",
                            self.cur().id
                        );
                        self.at(
                            n,
                            c,
                            Some(t),
                            msg,
                            Some(
                                "for an action of another agency, use an Action agency column"
                                    .into(),
                            ),
                        );
                    }
                }
            }
        }
        if let Some((c, t)) = row.get(Field::AgreedBy) {
            self.fill(n, c, Slot::AgreedBy, t);
        }
        if let Some((c, t)) = row.get(Field::Agencies) {
            // "SBPCT, CSC; EO": codes or full names, each declared.
            let mut codes = Vec::new();
            for part in t
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                match resolve_agency(self.s.meta, part) {
                    Some(code) => codes.push(code),
                    None => {
                        let msg = format!(
                            "names `{part}`, which is not an agency declared in {}/review.toml",
                            self.s.review_id
                        );
                        let hint = "give declared codes or full names, separated by commas".into();
                        self.at(n, c, Some(t), msg, Some(hint));
                    }
                }
            }
            let rec = &mut self.cur().file;
            if rec.agencies.is_empty() {
                rec.agencies = codes;
            } else if rec.agencies != codes {
                let msg = "differs from the further agencies an earlier row gave".into();
                self.at(n, c, Some(t), msg, None);
            }
        }
        if let Some((c, t)) = row.get(Field::Themes) {
            // "information-sharing, neglect": ids, checked against the vocabulary as
            // `check` checks them.
            let themes: Vec<String> = t
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            let rec = &mut self.cur().file;
            if rec.themes.is_empty() {
                rec.themes = themes;
            } else if rec.themes != themes {
                let msg = "differs from the themes an earlier row gave".into();
                self.at(n, c, Some(t), msg, None);
            }
        }
        let by = row.get(Field::FinalisedBy);
        let on = row.get(Field::FinalisedOn);
        if let Some((c, t)) = by {
            self.fill(n, c, Slot::FinalisedBy, t);
        }
        if let Some((c, t)) = on {
            let who = self
                .cur()
                .file
                .finalised
                .as_ref()
                .is_some_and(|f| !f.by.is_empty());
            if who {
                if let Some(d) = self.one_date(n, c, t) {
                    self.fill(n, c, Slot::FinalisedOn(d), t);
                }
            } else {
                self.at(
                    n,
                    c,
                    Some(t),
                    "is a finalisation date, but the row does not say who finalised it".into(),
                    None,
                );
            }
        }
        self.problems.len() == before
    }

    pub(super) fn section_of(&mut self, row: &Row) -> Option<Section> {
        match row.get(Field::Section) {
            None => Some(self.banner_section.unwrap_or(self.s.section)),
            Some((c, t)) => {
                let s = section_of(t);
                if s.is_none() {
                    self.at(
                        row.n,
                        c,
                        Some(t),
                        "is not a section".into(),
                        Some(format!(
                            "the sections are {}",
                            Section::ALL.map(Section::as_str).join(", ")
                        )),
                    );
                }
                s
            }
        }
    }

    /// The agency a cell names, by code or by the full name declared in review.toml.
    /// None: a problem; Some(None): the cell is empty.
    pub(super) fn agency_of(&mut self, row: &Row, f: Field) -> Option<Option<String>> {
        let Some((c, t)) = row.get(f) else {
            return Some(None);
        };
        match resolve_agency(self.s.meta, t) {
            Some(code) => Some(Some(code)),
            None => {
                let known = self.s.meta.agencies.keys().map(String::as_str);
                let close = crate::plan::diag::did_you_mean(t, known)
                    .map(|m| format!("did you mean {m}? "))
                    .unwrap_or_default();
                let msg = format!(
                    "is not an agency declared in {}/review.toml",
                    self.s.review_id
                );
                let hint = format!(
                    "{close}give a declared code ({}) or full name, or declare it under [agencies]",
                    self.s
                        .meta
                        .agencies
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                self.at(row.n, c, Some(t), msg, Some(hint));
                None
            }
        }
    }
}
