//! The header row: which field each column holds, from the built-in names or the map
//! file, and the columns a plan needs.

use super::*;

impl Reader<'_> {
    pub(super) fn read_map(&mut self) {
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

    /// The header row: the first row of a CSV file; elsewhere the first that names the
    /// plan's recommendations and actions (a title may stand above it), else the first
    /// row with anything in it.
    pub(super) fn find_header(&mut self, grid: &Grid) -> Option<usize> {
        let first = grid.lines.iter().position(|l| !l.is_empty());
        if grid.header_first {
            return (!grid.lines.is_empty()).then_some(0);
        }
        let mapped = map_columns(self.s.map).unwrap_or_default();
        let names_plan = |l: &Line| {
            let fields: HashSet<Field> = l
                .texts()
                .iter()
                .filter_map(|h| field_of(&mapped, h).map(|(f, _)| f))
                .collect();
            fields.contains(&Field::Action)
                && (fields.contains(&Field::Recommendation) || fields.contains(&Field::Number))
        };
        grid.lines
            .iter()
            .position(|l| !l.banner && names_plan(l))
            .or(first)
    }

    pub(super) fn columns(&mut self, header: &[String]) -> Vec<Column> {
        let mapped = match map_columns(self.s.map) {
            Ok(m) => m,
            Err(e) => {
                self.problems.push(Problem::new(format!("map file {e}")));
                BTreeMap::new()
            }
        };
        let mut cols = Vec::new();
        for (index, h) in header.iter().enumerate() {
            let h = h.trim().to_string();
            let norm = normalise(&h);
            let (field, by) = if let Some(found) = field_of(&mapped, &h) {
                found
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
                    self.header_row,
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

    pub(super) fn check_columns(&mut self, cols: &[Column]) {
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
                        self.header_row,
                        c,
                        None,
                        format!("holds the {} as column \"{prev}\" does", c.field.key()),
                        Some(format!(
                            "say which holds it in a map file (--map): [columns] \"{}\" = \"ignore\"",
                            c.header
                        )),
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
                        self.header_row,
                        c,
                        None,
                        format!("has no {} column to belong to", base.key()),
                        None,
                    ),
                    1 => {}
                    _ => self.at(
                        self.header_row,
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
}

/// The field a header names: in the map file, else by sct's own names.
fn field_of(
    mapped: &BTreeMap<String, (Field, Option<String>)>,
    h: &str,
) -> Option<(Field, Option<String>)> {
    if let Some((f, by)) = mapped.get(&normalise(h)) {
        Some((*f, by.clone()))
    } else if let Some((f, by)) = builtin_by(h) {
        Some((f, Some(by.to_string())))
    } else {
        Field::recognise(h).map(|f| (f, None))
    }
}
