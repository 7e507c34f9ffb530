//! Reading a spreadsheet export (CSV) of an action plan into recommendations.
//!
//! Rows: a row with a recommendation number or text starts a recommendation, or continues
//! it when it repeats the same one; a row with an action description adds an action; a
//! row with only evidence or monitoring notes adds them to the last action or
//! recommendation. So one row per action (the recommendation's cells merged, or repeated),
//! one row per recommendation, and `sct export csv`'s further rows for further evidence
//! all read the same way.
//!
//! Every cell is read with certainty or reported as a problem naming its row, column and
//! text; the caller writes nothing unless there are none.

pub mod columns;
pub mod dates;
pub mod words;

use crate::plan::date::PlanDate;
use crate::plan::load::rec_id;
use crate::plan::model::{
    Action, Declared, Evidence, Finalisation, Note, RecFile, RecNumber, ReviewFile, Section,
};
use columns::{builtin_by, letter, map_columns, normalise, Column, Field, MapFile, Part};
use dates::{read_date, read_due, DueReading};
use std::collections::{BTreeMap, HashMap, HashSet};
use words::{read_status, StatusReading};

/// Something in the file that cannot be read with certainty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The spreadsheet's row number (the header is row 1).
    pub row: Option<usize>,
    /// The column's index and header.
    pub column: Option<(usize, String)>,
    /// The cell's text, when the problem is with it.
    pub text: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>) -> Self {
        Problem {
            row: None,
            column: None,
            text: None,
            message: message.into(),
            hint: None,
        }
    }

    fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }

    /// `plan.csv: row 5, column C "By when": "Now" is not a date…`
    pub fn render(&self, file: &str) -> String {
        let mut s = file.to_string();
        let mut place = Vec::new();
        if let Some(r) = self.row {
            place.push(format!("row {r}"));
        }
        if let Some((i, h)) = &self.column {
            if h.is_empty() {
                place.push(format!("column {}", letter(*i)));
            } else {
                place.push(format!("column {} \"{}\"", letter(*i), short(h)));
            }
        }
        if !place.is_empty() {
            s.push_str(": ");
            s.push_str(&place.join(", "));
        }
        s.push_str(": ");
        if let Some(t) = &self.text {
            s.push_str(&format!("\"{}\" ", short(t)));
        }
        s.push_str(&self.message);
        s.push('\n');
        if let Some(h) = &self.hint {
            s.push_str(&format!("  = hint: {h}\n"));
        }
        s
    }
}

/// A cell's text for a message: one line, at most 60 characters.
fn short(t: &str) -> String {
    let one: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        format!("{}…", one.chars().take(59).collect::<String>())
    } else {
        one
    }
}

/// What the rows are read against.
pub struct Settings<'a> {
    pub review_id: &'a str,
    pub meta: &'a ReviewFile,
    /// The agency of rows that name none.
    pub agency: Option<&'a str>,
    /// The section of rows that name none.
    pub section: Section,
    pub map: &'a MapFile,
}

/// One recommendation read from the file, with the rows it came from.
#[derive(Debug, Clone)]
pub struct Imported {
    pub id: String,
    pub file: RecFile,
    pub first_row: usize,
    pub last_row: usize,
    /// The row of each action, for problems found later.
    pub action_rows: Vec<usize>,
}

/// Reads the whole file; every problem is collected, none stops the reading.
pub fn read(bytes: &[u8], s: &Settings) -> Result<Vec<Imported>, Vec<Problem>> {
    let mut reader = Reader {
        s,
        problems: Vec::new(),
        recs: Vec::new(),
        started: HashMap::new(),
        dates: BTreeMap::new(),
        statuses: BTreeMap::new(),
        present: HashSet::new(),
    };
    reader.read_map();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = csv.byte_records().enumerate();
    let columns = match records.next() {
        Some((_, Ok(h))) => reader.columns(&h),
        Some((_, Err(e))) => {
            reader
                .problems
                .push(Problem::new(format!("not a CSV file sct can read: {e}")));
            Vec::new()
        }
        None => {
            reader
                .problems
                .push(Problem::new("the file is empty: it needs a header row"));
            Vec::new()
        }
    };
    // With the columns unknown, every row would only repeat the same problem.
    if reader.problems.is_empty() {
        for (i, rec) in records {
            let row = i + 1;
            match rec {
                Ok(r) => reader.row(row, &columns, &r),
                Err(e) => {
                    let mut p = Problem::new(format!("cannot read the row: {e}"));
                    p.row = Some(row);
                    reader.problems.push(p);
                    break;
                }
            }
        }
    }
    if reader.problems.is_empty() {
        Ok(reader.recs)
    } else {
        Err(reader.problems)
    }
}

struct Reader<'a> {
    s: &'a Settings<'a>,
    problems: Vec<Problem>,
    recs: Vec<Imported>,
    /// Recommendation ID → the row that started it.
    started: HashMap<String, usize>,
    /// The map's [dates] and [statuses], by normalised cell text.
    dates: BTreeMap<String, DueReading>,
    statuses: BTreeMap<String, StatusReading>,
    /// The fields the file has a column for.
    present: HashSet<Field>,
}

/// One row's non-empty cells, by column.
struct Row<'c> {
    n: usize,
    cells: Vec<(&'c Column, String)>,
}

impl<'c> Row<'c> {
    fn get(&self, f: Field) -> Option<(&'c Column, &str)> {
        self.cells
            .iter()
            .find(|(c, _)| c.field == f)
            .map(|(c, t)| (*c, t.as_str()))
    }

    fn all(&self, f: Field) -> impl Iterator<Item = (&'c Column, &str)> + '_ {
        self.cells
            .iter()
            .filter(move |(c, _)| c.field == f)
            .map(|(c, t)| (*c, t.as_str()))
    }

    fn any(&self, part: Part) -> Option<(&'c Column, &str)> {
        self.cells
            .iter()
            .find(|(c, _)| c.field.part() == part)
            .map(|(c, t)| (*c, t.as_str()))
    }
}

fn lookup_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl<'a> Reader<'a> {
    fn at(
        &mut self,
        row: usize,
        col: &Column,
        text: Option<&str>,
        message: String,
        hint: Option<String>,
    ) {
        self.problems.push(Problem {
            row: Some(row),
            column: Some((col.index, col.header.clone())),
            text: text.map(str::to_string),
            message,
            hint,
        });
    }

    fn read_map(&mut self) {
        for (text, value) in &self.s.map.dates {
            let reading = if value.trim().eq_ignore_ascii_case("ongoing") {
                Ok(DueReading {
                    keep_text: true,
                    ..Default::default()
                })
            } else {
                PlanDate::parse(value.trim()).map(|d| DueReading {
                    due: Some(d),
                    keep_text: true,
                    ..Default::default()
                })
            };
            match reading {
                Ok(r) => {
                    self.dates.insert(lookup_key(text), r);
                }
                Err(e) => self.problems.push(Problem::new(format!(
                    "map file [dates] \"{text}\": {e}, or \"ongoing\""
                ))),
            }
        }
        for (text, value) in &self.s.map.statuses {
            let v = value.trim();
            let status = if v == "none" {
                Some(None)
            } else {
                Declared::ALL
                    .iter()
                    .find(|d| d.as_str() == v)
                    .map(|d| Some(*d))
            };
            match status {
                Some(status) => {
                    self.statuses.insert(
                        lookup_key(text),
                        StatusReading {
                            status,
                            completed: None,
                            keep_text: true,
                        },
                    );
                }
                None => self.problems.push(Problem::new(format!(
                    "map file [statuses] \"{text}\": `{v}` is not a status; use {} or none",
                    Declared::ALL.map(Declared::as_str).join(", ")
                ))),
            }
        }
    }

    fn columns(&mut self, header: &csv::ByteRecord) -> Vec<Column> {
        let mapped = match map_columns(self.s.map) {
            Ok(m) => m,
            Err(e) => {
                self.problems.push(Problem::new(format!("map file {e}")));
                BTreeMap::new()
            }
        };
        let mut cols = Vec::new();
        for (index, raw) in header.iter().enumerate() {
            let Ok(h) = std::str::from_utf8(raw) else {
                self.problems.push(not_utf8(1, index));
                continue;
            };
            let h = h.trim().to_string();
            let norm = normalise(&h);
            let (field, by) = if let Some((f, by)) = mapped.get(&norm) {
                (*f, by.clone())
            } else if let Some((f, by)) = builtin_by(&h) {
                (f, Some(by.to_string()))
            } else if let Some(f) = Field::recognise(&h) {
                (f, None)
            } else if norm.is_empty() {
                // A column without a header: ignored while it stays empty (checked per row).
                (Field::Ignore, None)
            } else {
                let names: Vec<&str> = Field::EXPORTED
                    .iter()
                    .flat_map(|f| f.names().iter().copied())
                    .collect();
                let close = crate::plan::diag::did_you_mean(&h, names.iter().copied())
                    .map(|m| format!("did you mean \"{m}\"? or "))
                    .unwrap_or_default();
                let col = Column {
                    index,
                    header: h.clone(),
                    field: Field::Ignore,
                    by: None,
                };
                self.at(
                    1,
                    &col,
                    None,
                    "is not a column sct knows".into(),
                    Some(format!(
                        "{close}name it in a map file (--map): [columns] \"{h}\" = \"evidence\", \
                         or = \"ignore\" to leave it out; the fields are {}",
                        Field::EXPORTED.map(|f| f.key()).join(", ")
                    )),
                );
                continue;
            };
            cols.push(Column {
                index,
                header: h,
                field,
                by,
            });
        }
        self.check_columns(&cols);
        self.present = cols.iter().map(|c| c.field).collect();
        cols
    }

    fn check_columns(&mut self, cols: &[Column]) {
        let mut first: HashMap<Field, &Column> = HashMap::new();
        let count = |f: Field| cols.iter().filter(|c| c.field == f).count();
        for c in cols {
            if c.field == Field::Ignore {
                continue;
            }
            match first.get(&c.field) {
                Some(prev) if !c.field.repeats() => {
                    let prev = prev.header.clone();
                    self.at(
                        1,
                        c,
                        None,
                        format!("holds the {} as column \"{prev}\" does", c.field.key()),
                        Some(
                            "name one of them in a map file (--map), or map it to \"ignore\""
                                .into(),
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    first.insert(c.field, c);
                }
            }
            if let Some(base) = c.field.companion_of() {
                match count(base) {
                    0 => self.at(
                        1,
                        c,
                        None,
                        format!("has no {} column to belong to", base.key()),
                        None,
                    ),
                    1 => {}
                    _ => self.at(
                        1,
                        c,
                        None,
                        format!("cannot belong to one of several {} columns", base.key()),
                        Some("leave it out, or keep one of those columns".into()),
                    ),
                }
            }
        }
        if count(Field::Action) == 0 {
            self.problems.push(
                Problem::new("no column holds the actions (\"Action required\")")
                    .hint("name it in a map file (--map): [columns] \"Your header\" = \"action\""),
            );
        }
        if count(Field::Number) == 0 && count(Field::Recommendation) == 0 {
            self.problems.push(
                Problem::new(
                    "no column holds the recommendations (\"Recommendation\" or \"Number\")",
                )
                .hint(
                    "name it in a map file (--map): [columns] \"Your header\" = \"recommendation\"",
                ),
            );
        }
    }

    fn row(&mut self, n: usize, columns: &[Column], record: &csv::ByteRecord) {
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
            let text = text.trim();
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

    fn cur(&mut self) -> &mut Imported {
        self.recs.last_mut().expect("a recommendation is open")
    }

    fn cur_action(&mut self) -> &mut Action {
        self.cur()
            .file
            .actions
            .last_mut()
            .expect("an action is open")
    }

    /// The date and author of a note or evidence entry: their own columns, or the
    /// column's fixed author.
    fn entry_extras(
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
    fn companions_without(&mut self, row: &Row, base: Field, companions: &[Field]) {
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

    fn one_date(&mut self, n: usize, c: &Column, t: &str) -> Option<PlanDate> {
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

    /// Starts or continues the row's recommendation; false when the row cannot be placed.
    fn recommendation(&mut self, row: &Row) -> bool {
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
        let Some(agency) = agency.or_else(|| self.s.agency.map(str::to_string)) else {
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
            text: None,
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
                let msg = format!("is recommendation {id} again, which began at row {first}");
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
    fn same_rec_cells(&mut self, row: &Row) -> bool {
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
                    if a != self.cur().file.agency {
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

    fn fill(&mut self, n: usize, c: &Column, slot: Slot, t: &str) {
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

    fn section_of(&mut self, row: &Row) -> Option<Section> {
        match row.get(Field::Section) {
            None => Some(self.s.section),
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
    fn agency_of(&mut self, row: &Row, f: Field) -> Option<Option<String>> {
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

    fn action(&mut self, row: &Row) {
        let n = row.n;
        let Some((_, description)) = row.get(Field::Action) else {
            if let Some((c, t)) = row.any(Part::Action) {
                let msg = "belongs to an action, but the row's action cell is empty".to_string();
                self.at(n, c, Some(t), msg, Some("put the action's description in this row, or move the cell to the row that has it".into()));
            }
            return;
        };
        let before = self.problems.len();
        let agency = self.agency_of(row, Field::ActionAgency).flatten();
        let mut a = Action {
            description: description.to_string(),
            agency,
            lead: row.get(Field::Lead).map(|(_, t)| t.to_string()),
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

enum Slot {
    Text,
    AgreedBy,
    FinalisedBy,
    FinalisedOn(PlanDate),
}

/// Sets an empty slot; true when it already holds something else.
fn set<T: PartialEq>(slot: &mut Option<T>, v: T) -> bool {
    match slot {
        Some(old) => *old != v,
        None => {
            *slot = Some(v);
            false
        }
    }
}

fn not_utf8(row: usize, col: usize) -> Problem {
    Problem {
        row: Some(row),
        column: Some((col, String::new())),
        text: None,
        message: "is not UTF-8 text".into(),
        hint: Some("save the spreadsheet as \"CSV UTF-8\"".into()),
    }
}

fn date_hint(t: &str) -> String {
    format!(
        "write a month (May 2012) or a day (31.05.2012, day first), or give its reading in a \
         map file (--map): [dates] \"{}\" = \"2012-05\"",
        short(t)
    )
}

fn section_of(t: &str) -> Option<Section> {
    let n = normalise(t);
    Section::ALL
        .into_iter()
        .find(|s| normalise(s.as_str()) == n)
        .or(match n.as_str() {
            "hov" => Some(Section::HealthOverview),
            _ => None,
        })
}

/// A declared code (any case) or a declared full name.
fn resolve_agency(meta: &ReviewFile, t: &str) -> Option<String> {
    let name = normalise(t);
    meta.agencies
        .iter()
        .find(|(code, full)| code.eq_ignore_ascii_case(t.trim()) || normalise(full) == name)
        .map(|(code, _)| code.clone())
}

/// A number cell: "21", "3a", "21.", "Recommendation 21".
fn number_of(t: &str) -> Option<RecNumber> {
    if let Some((n, rest)) = split_number(t) {
        return rest.is_empty().then_some(n);
    }
    crate::plan::model::RecNumber::parse(t).ok()
}

/// The number at the start of a recommendation's text: "21. BHFT should…", "3a) …",
/// "Recommendation 1 Birmingham…", "Recommendation One …". None when the text does not
/// start with one; a bare "21 BHFT…" is not taken ("21 days" could begin a sentence).
pub fn split_number(t: &str) -> Option<(RecNumber, &str)> {
    let t = t.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let letters = t[digits..]
            .bytes()
            .take_while(u8::is_ascii_lowercase)
            .count();
        let end = digits + letters;
        let rest = &t[end..];
        let rest = rest.strip_prefix(['.', ')'])?;
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return None;
        }
        let n = crate::plan::model::RecNumber::parse(&t[..end]).ok()?;
        return Some((n, rest.trim_start()));
    }
    let lower = t.to_ascii_lowercase();
    let after = lower.strip_prefix("recommendation")?;
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let skip = t.len() - after.len();
    let rest = t[skip..].trim_start();
    let word_end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | ')' | ','))
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    let n = crate::plan::model::RecNumber::parse(word)
        .ok()
        .or_else(|| {
            const WORDS: [&str; 20] = [
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
                "thirteen",
                "fourteen",
                "fifteen",
                "sixteen",
                "seventeen",
                "eighteen",
                "nineteen",
                "twenty",
            ];
            let w = word.to_ascii_lowercase();
            WORDS
                .iter()
                .position(|x| *x == w)
                .map(|i| RecNumber((i + 1).to_string()))
        })?;
    let rest = rest[word_end..].trim_start_matches(['.', ':', ')', ',', '-', '–']);
    Some((n, rest.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> ReviewFile {
        toml::from_str(
            "title = \"T\"\nboard = \"B\"\n[agencies]\nLSCB = \"Local Safeguarding Children Board\"\nBHFT = \"Berkshire Healthcare NHS Foundation Trust\"\n",
        )
        .unwrap()
    }

    fn import(csv: &str) -> Result<Vec<Imported>, Vec<String>> {
        let meta = meta();
        let map = MapFile::default();
        let s = Settings {
            review_id: "demo",
            meta: &meta,
            agency: Some("LSCB"),
            section: Section::Overview,
            map: &map,
        };
        read(csv.as_bytes(), &s).map_err(|ps| ps.iter().map(|p| p.render("f.csv")).collect())
    }

    fn problems(csv: &str) -> String {
        import(csv).map(|r| format!("{r:?}")).unwrap_err().join("")
    }

    #[test]
    fn a_repeated_recommendation_cell_continues_it() {
        let recs = import(
            "Recommendation,Action,Lead\n\
             1. Do it.,First,A\n\
             1. Do it.,Second,B\n\
             2. Then this.,Third,C\n",
        )
        .unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].file.actions.len(), 2);
        assert_eq!(recs[0].action_rows, [2, 3]);
        assert_eq!((recs[0].first_row, recs[0].last_row), (2, 3));
        assert_eq!(recs[1].id, "demo/2");
        let p = problems("Recommendation,Action\n1. Do it.,First\n1. Do something else.,Second\n");
        assert!(p.contains("row 3, column A \"Recommendation\": \"Do something else.\" differs from what the recommendation's first row (2) gives"), "{p}");
    }

    #[test]
    fn entries_need_something_to_belong_to() {
        let p = problems("Recommendation,Action,Evidence\n1. Do it.,,Minutes\n");
        assert!(p.contains("row 2, column C \"Evidence\": \"Minutes\" is evidence, but there is no action above it"), "{p}");
        let p = problems(
            "Recommendation,Action,Evidence,Evidence date\n1. Do it.,An action,,May 2012\n",
        );
        assert!(p.contains("column D \"Evidence date\": \"May 2012\" goes with the row's evidence, but its evidence cell is empty"), "{p}");
        let p = problems(
            "Recommendation,Action,Recommendation finalised on\n1. Do it.,An action,13.07.2010\n",
        );
        assert!(
            p.contains("is a finalisation date, but the row does not say who finalised it"),
            "{p}"
        );
        let recs = import(
            "Recommendation,Action,Recommendation finalised by,Recommendation finalised on\n1. Do it.,An action,QA&A Sub Group,13.07.2010\n",
        )
        .unwrap();
        let f = recs[0].file.finalised.as_ref().unwrap();
        assert_eq!(
            (f.by.as_str(), f.date.map(|d| d.to_string())),
            ("QA&A Sub Group", Some("2010-07-13".into()))
        );
    }

    #[test]
    fn the_header_must_say_where_everything_is() {
        let p = problems("Recommendation,Lead\n1. Do it.,A\n");
        assert!(p.contains("f.csv: no column holds the actions"), "{p}");
        let p = problems("Action,Lead\nDo it,A\n");
        assert!(p.contains("no column holds the recommendations"), "{p}");
        let p = problems("Recommendation,Action,Status,RAG status\n1. Do it.,A,Complete,Green\n");
        assert!(
            p.contains("column D \"RAG status\": holds the status as column \"Status\" does"),
            "{p}"
        );
        let p = problems("Recommendation,Action,Evidence date\n1. Do it.,A,May 2012\n");
        assert!(
            p.contains("column C \"Evidence date\": has no evidence column to belong to"),
            "{p}"
        );
        let p = problems(
            "Recommendation,Action,Evidence,Evidence,Evidence date\n1. Do it.,A,x,y,May 2012\n",
        );
        assert!(
            p.contains("cannot belong to one of several evidence columns"),
            "{p}"
        );
        assert!(problems("").contains("the file is empty"));
    }

    #[test]
    fn several_evidence_columns_are_several_entries() {
        let recs = import(
            "Recommendation,Action,Evidence,Summary of action taken\n1. Do it.,A,First,Second\n",
        )
        .unwrap();
        let texts: Vec<&str> = recs[0].file.actions[0]
            .evidence
            .iter()
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(texts, ["First", "Second"]);
    }

    #[test]
    fn cells_are_trimmed_and_blank_rows_skipped() {
        let recs =
            import("Recommendation,Action\r\n\"  1. Do it.\r\nNow.  \",\" A \"\r\n,\r\n").unwrap();
        assert_eq!(recs[0].file.text.as_deref(), Some("Do it.\nNow."));
        assert_eq!(recs[0].file.actions[0].description, "A");
    }

    #[test]
    fn numbers_at_the_start_of_the_text() {
        let n = |t| split_number(t).map(|(n, r)| (n.0, r.to_string()));
        assert_eq!(
            n("21. BHFT should"),
            Some(("21".into(), "BHFT should".into()))
        );
        assert_eq!(n("3a) The LSCB"), Some(("3a".into(), "The LSCB".into())));
        assert_eq!(n("07. Seven"), Some(("7".into(), "Seven".into())));
        assert_eq!(n("21."), Some(("21".into(), String::new())));
        assert_eq!(
            n("Recommendation 1 Birmingham Safeguarding"),
            Some(("1".into(), "Birmingham Safeguarding".into()))
        );
        assert_eq!(
            n("Recommendation One: the service"),
            Some(("1".into(), "the service".into()))
        );
        assert_eq!(
            n("RECOMMENDATION TWELVE The"),
            Some(("12".into(), "The".into()))
        );
        assert_eq!(n("21 days after"), None);
        assert_eq!(n("1.5 million"), None);
        assert_eq!(n("2012 plans"), None);
        assert_eq!(n("Recommendations from this review"), None);
        assert_eq!(n("Recommendation of the panel"), None);
        assert_eq!(number_of("21").map(|n| n.0), Some("21".into()));
        assert_eq!(number_of("Recommendation 4").map(|n| n.0), Some("4".into()));
        assert_eq!(number_of("four"), None);
    }
}
