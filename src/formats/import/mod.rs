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

mod actions;
pub mod columns;
pub mod dates;
pub mod docx;
pub mod grid;
mod header;
mod recs;
mod rows;
pub mod words;

use crate::formats::cells::letters as letter;
use crate::plan::date::PlanDate;
use crate::plan::load::rec_id;
use crate::plan::model::{
    Action, Declared, Evidence, Finalisation, Note, RecFile, RecNumber, ReviewFile, Section,
};
use columns::{builtin_by, map_columns, normalise, Column, Field, MapFile, Part};
use dates::{read_date, read_due, DueReading};
pub use grid::{Cell, Grid, Line, Places, NOT_UTF8};
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
    /// A problem with the whole file.
    pub fn whole(message: String) -> Self {
        Problem::new(message)
    }

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

    /// `plan.csv: row 5, column C "By when": "Now" is not a date…`; the row as `places`
    /// names it (`plan.xlsx: sheet "Plan", row 5, …`).
    pub fn render(&self, file: &str, places: &Places) -> String {
        let mut s = file.to_string();
        let mut place = Vec::new();
        if let Some(r) = self.row {
            place.push(places.name(r));
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

/// Reads a CSV file; every problem is collected, none stops the reading.
pub fn read(bytes: &[u8], s: &Settings) -> Result<Vec<Imported>, Vec<Problem>> {
    match crate::formats::cells::csv_sheet(bytes) {
        Ok(sheet) => read_grid(&Grid::csv(sheet), s).map(|r| r.recs),
        Err((row, e)) => Err(vec![csv_problem(row, &e)]),
    }
}

/// What a grid read into.
#[derive(Debug, Clone)]
pub struct Read {
    pub recs: Vec<Imported>,
    /// What was left out, for the person importing: titles above the header, tables that
    /// are not the plan's.
    pub skipped: Vec<String>,
}

/// Reads the rows of any file; every problem is collected, none stops the reading.
pub fn read_grid(grid: &Grid, s: &Settings) -> Result<Read, Vec<Problem>> {
    let places = Places::of(grid);
    let mut reader = Reader {
        s,
        places: &places,
        date1904: grid.date1904,
        header_row: 1,
        problems: Vec::new(),
        recs: Vec::new(),
        started: HashMap::new(),
        dates: BTreeMap::new(),
        statuses: BTreeMap::new(),
        present: HashSet::new(),
        banner_agency: None,
        banner_section: None,
        row_agency: None,
    };
    reader.read_map();
    let mut skipped = Vec::new();
    let header = reader.find_header(grid);
    let columns = match header {
        Some(h) => {
            reader.header_row = h + 1;
            for (i, c) in grid.lines[h].cells.iter().enumerate() {
                if let Cell::Bad(why) = c {
                    let mut p = Problem::new(why.clone());
                    p.row = Some(h + 1);
                    p.column = Some((i, String::new()));
                    reader.problems.push(p);
                }
            }
            let texts: Vec<String> = grid.lines[h]
                .cells
                .iter()
                .map(|c| c.as_text().unwrap_or_default())
                .collect();
            reader.columns(&texts)
        }
        None => {
            reader
                .problems
                .push(Problem::new("the file is empty: it needs a header row"));
            Vec::new()
        }
    };
    // With the columns unknown, every row would only repeat the same problem.
    if let (true, Some(h)) = (reader.problems.is_empty(), header) {
        let head = grid.lines[h].texts();
        let width = grid.lines[h].cells.len();
        let origin = grid.lines[h].origin;
        let above = grid.lines[..h]
            .iter()
            .filter(|l| l.origin == origin && !l.is_empty())
            .count();
        if above > 0 {
            skipped.push(format!(
                "{} row{} above the header in {}",
                above,
                if above == 1 { "" } else { "s" },
                grid.origins[origin]
            ));
        }
        let mut before: Vec<usize> = grid.lines[..h]
            .iter()
            .filter(|l| l.origin < origin && !l.is_empty())
            .map(|l| l.origin)
            .collect();
        before.dedup();
        for o in before {
            skipped.push(format!("{}: before the plan's header", grid.origins[o]));
        }
        let mut left_out = None;
        for (i, line) in grid.lines.iter().enumerate().skip(h + 1) {
            if line.origin != grid.lines[i - 1].origin {
                // A further sheet or table goes on with the plan when it repeats the header
                // or has the plan's columns; anything else (a key to the colours, a list of
                // contacts) is not the plan's.
                let first = grid.lines[i..]
                    .iter()
                    .take_while(|l| l.origin == line.origin)
                    .find(|l| !l.is_empty());
                left_out = match first {
                    Some(f) if f.texts() != head && f.cells.len() != width => {
                        skipped.push(format!(
                            "{}: its columns are not the plan's",
                            grid.origins[line.origin]
                        ));
                        Some(line.origin)
                    }
                    _ => None,
                };
            }
            if left_out == Some(line.origin) || line.is_empty() {
                continue;
            }
            // A header repeated on every page, or where a table was split.
            if line.repeated_header || line.texts() == head {
                continue;
            }
            reader.line(i + 1, &columns, line);
        }
    }
    reader.finish();
    if reader.problems.is_empty() {
        Ok(Read {
            recs: reader.recs,
            skipped,
        })
    } else {
        Err(reader.problems)
    }
}

struct Reader<'a> {
    s: &'a Settings<'a>,
    places: &'a Places,
    date1904: bool,
    /// The header's row (the reader's numbering).
    header_row: usize,
    problems: Vec<Problem>,
    recs: Vec<Imported>,
    /// Recommendation ID → the row that started it.
    started: HashMap<String, usize>,
    /// The map's [dates] and [statuses], by normalised cell text.
    dates: BTreeMap<String, DueReading>,
    statuses: BTreeMap<String, StatusReading>,
    /// The fields the file has a column for.
    present: HashSet<Field>,
    /// The agency and section a heading row across the table named, for the rows below it.
    banner_agency: Option<String>,
    banner_section: Option<Section>,
    /// The row's own agency where it differs from its recommendation's lead agency.
    row_agency: Option<String>,
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

/// A CSV file that cannot be read at `row`.
pub fn csv_problem(row: usize, e: &str) -> Problem {
    let mut p = Problem::new(if row == 1 {
        format!("not a CSV file sct can read: {e}")
    } else {
        format!("cannot read the row: {e}")
    });
    p.row = (row > 1).then_some(row);
    p
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
        read(csv.as_bytes(), &s).map_err(|ps| {
            ps.iter()
                .map(|p| p.render("f.csv", &Places::default()))
                .collect()
        })
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
        assert!(p.contains("row 3, column A \"Recommendation\": \"Do something else.\" differs from what the recommendation's first row (row 2) gives"), "{p}");
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
