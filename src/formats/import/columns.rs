//! The columns of a plan spreadsheet: which model field each holds, recognised by the
//! header names real plans use, case-insensitively, or named by a map file. `sct export
//! csv` writes the first name of each field, so its files import as they are.

use serde::Deserialize;
use std::collections::BTreeMap;

/// What a column holds. The map-file name of each is its snake_case form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Review,
    Section,
    Agency,
    /// Further agencies a recommendation is addressed to.
    Agencies,
    Number,
    Recommendation,
    AgreedBy,
    FinalisedBy,
    FinalisedOn,
    Note,
    NoteDate,
    NoteBy,
    Action,
    ActionAgency,
    Lead,
    Start,
    Due,
    DueText,
    ReviewDate,
    Outcome,
    Status,
    StatusText,
    Completed,
    ActionFinalisedBy,
    ActionFinalisedOn,
    Evidence,
    EvidenceDate,
    EvidenceBy,
    EvidenceFile,
    ActionNote,
    ActionNoteDate,
    ActionNoteBy,
    /// The practice themes of a recommendation (ids from plans/themes.toml).
    Themes,
    /// A column to leave out (map files only).
    Ignore,
}

/// Which part of the plan a field belongs to: it decides what a row with the field
/// filled in starts or continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Recommendation,
    RecNote,
    Action,
    Evidence,
    ActionNote,
    None,
}

use Field::*;

impl Field {
    /// The columns `sct export csv` writes, in order.
    pub const EXPORTED: [Field; 33] = [
        Review,
        Section,
        Agency,
        Agencies,
        Number,
        Recommendation,
        AgreedBy,
        FinalisedBy,
        FinalisedOn,
        Note,
        NoteDate,
        NoteBy,
        Action,
        ActionAgency,
        Lead,
        Start,
        Due,
        DueText,
        ReviewDate,
        Outcome,
        Status,
        StatusText,
        Completed,
        ActionFinalisedBy,
        ActionFinalisedOn,
        Evidence,
        EvidenceDate,
        EvidenceBy,
        EvidenceFile,
        ActionNote,
        ActionNoteDate,
        ActionNoteBy,
        Themes,
    ];

    /// The header `sct export csv` writes; the first name recognised.
    pub fn header(self) -> &'static str {
        self.names()[0]
    }

    /// The header names recognised, as plans write them (compared after `normalise`).
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Review => &["Review"],
            Section => &["Section"],
            Agency => &[
                "Agency",
                "Lead agency",
                "Owning agency",
                "Responsible agency",
            ],
            Agencies => &["Further agencies", "Also addressed to", "Other agencies"],
            Themes => &["Themes", "Theme", "Practice themes"],
            Number => &[
                "Number",
                "No",
                "Rec no",
                "Recommendation number",
                "Recommendation no",
                "Ref",
            ],
            Recommendation => &[
                "Recommendation",
                "Recommendations",
                "Recommendation (SMART)",
                "Recommendation text",
            ],
            AgreedBy => &["Agreed by agency lead", "Agreed by"],
            FinalisedBy => &["Recommendation finalised by"],
            FinalisedOn => &["Recommendation finalised on"],
            Note => &[
                "Monitoring",
                "Monitoring and feedback",
                "Monitoring & feedback",
            ],
            NoteDate => &["Monitoring date"],
            NoteBy => &["Monitoring by"],
            Action => &[
                "Action required",
                "Action required by agency",
                "Actions required",
                "Action",
                "Actions",
                "Action to be taken",
                "Agreed action",
                "Agreed actions",
            ],
            ActionAgency => &["Action agency"],
            Lead => &[
                "Lead officers",
                "Lead officer",
                "Lead",
                "Implementation lead",
                "Implementation lead & agency",
                "Responsible officer",
                "Lead officer(s)",
            ],
            Due => &[
                "By when",
                "Target date for completion",
                "Target date",
                "Timescale",
                "Timescales",
                "Due",
                "Due date",
                "Deadline",
            ],
            Start => &["Start", "Start date", "To commence", "Commencing"],
            DueText => &["By when (as written)"],
            ReviewDate => &["Review date"],
            Outcome => &[
                "Outcome to be achieved",
                "Outcome",
                "Outcomes",
                "Expected outcome",
                "Intended outcome",
                "Outcome(s) to be achieved",
            ],
            Status => &[
                "Status",
                "STATUS ● Complete ● In progress ● Delayed",
                "RAG status",
                "RAG",
                "RAG rating",
                "BRAG",
                "BRAG status",
                "BRAG rating",
                "Progress status",
            ],
            StatusText => &["Status (as written)"],
            Completed => &["Completed on", "Date completed"],
            ActionFinalisedBy => &["Action finalised by"],
            ActionFinalisedOn => &["Action finalised on"],
            Evidence => &[
                "Actions completed with evidence",
                "Summary of action taken",
                "Summary of action taken & date received",
                "Evidence",
                "Evidence of completion",
                "Progress to date",
                "Progress update",
            ],
            EvidenceDate => &["Evidence date"],
            EvidenceBy => &["Evidence by"],
            EvidenceFile => &["Evidence file"],
            ActionNote => &["Action notes", "Action note"],
            ActionNoteDate => &["Action note date"],
            ActionNoteBy => &["Action note by"],
            Ignore => &[],
        }
    }

    /// The map-file name.
    pub fn key(self) -> String {
        let s = format!("{self:?}");
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    pub fn part(self) -> Part {
        match self {
            Review | Section | Agency | Agencies | Number | Recommendation | AgreedBy
            | FinalisedBy | FinalisedOn | Themes => Part::Recommendation,
            Note | NoteDate | NoteBy => Part::RecNote,
            Action | ActionAgency | Lead | Start | Due | DueText | ReviewDate | Outcome
            | Status | StatusText | Completed | ActionFinalisedBy | ActionFinalisedOn => {
                Part::Action
            }
            Evidence | EvidenceDate | EvidenceBy | EvidenceFile => Part::Evidence,
            ActionNote | ActionNoteDate | ActionNoteBy => Part::ActionNote,
            Ignore => Part::None,
        }
    }

    /// A text field of which a row may have several columns, each an entry of its own.
    pub fn repeats(self) -> bool {
        matches!(self, Note | Evidence | ActionNote)
    }

    /// A column of dates: a workbook's number there is an Excel serial date.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            FinalisedOn
                | NoteDate
                | Start
                | Due
                | ReviewDate
                | Completed
                | ActionFinalisedOn
                | EvidenceDate
                | ActionNoteDate
        )
    }

    /// The entry field a date/by/file column belongs to.
    pub fn companion_of(self) -> Option<Field> {
        match self {
            NoteDate | NoteBy => Some(Note),
            EvidenceDate | EvidenceBy | EvidenceFile => Some(Evidence),
            ActionNoteDate | ActionNoteBy => Some(ActionNote),
            _ => None,
        }
    }

    pub fn all() -> impl Iterator<Item = Field> {
        Field::EXPORTED.into_iter().chain([Ignore])
    }

    fn from_key(key: &str) -> Option<Field> {
        Field::all().find(|f| f.key() == key.trim())
    }

    /// The field a header names, if sct knows it.
    pub fn recognise(header: &str) -> Option<Field> {
        let h = normalise(header);
        Field::EXPORTED
            .into_iter()
            .find(|f| f.names().iter().any(|n| normalise(n) == h) || normalise(&f.key()) == h)
    }
}

/// Header comparison: case, punctuation and spacing do not count
/// ("STATUS ● Complete ● In progress" is "status complete in progress").
pub fn normalise(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A column as understood: the field and, for note and evidence columns, a fixed author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub index: usize,
    pub header: String,
    pub field: Field,
    pub by: Option<String>,
}

/// The map file (`--map MAP.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    /// Header → field name, or { field = "note", by = "QA&A Sub Group" }.
    #[serde(default)]
    pub columns: BTreeMap<String, toml::Value>,
    /// Cell text → the date it means ("2011-10", "2011-10-31") or "ongoing".
    #[serde(default)]
    pub dates: BTreeMap<String, String>,
    /// Cell text → the status it means (complete, in-progress…) or "none".
    #[serde(default)]
    pub statuses: BTreeMap<String, String>,
}

impl crate::plan::read::Parse for MapFile {}

/// Reads the map's `[columns]` table: normalised header → (field, by).
pub fn map_columns(map: &MapFile) -> Result<BTreeMap<String, (Field, Option<String>)>, String> {
    let mut out = BTreeMap::new();
    let fields = || Field::all().map(|f| f.key()).collect::<Vec<_>>().join(", ");
    for (header, v) in &map.columns {
        let (key, by) = match v {
            toml::Value::String(s) => (s.clone(), None),
            toml::Value::Table(t) => {
                if let Some(k) = t.keys().find(|k| *k != "field" && *k != "by") {
                    return Err(format!(
                        "[columns] \"{header}\": unknown key `{k}` (use field and by)"
                    ));
                }
                let key = t.get("field").and_then(|v| v.as_str()).ok_or_else(|| {
                    format!("[columns] \"{header}\": give the field, as {{ field = \"note\", by = \"…\" }}")
                })?;
                let by = match t.get("by") {
                    None => None,
                    Some(toml::Value::String(s)) => Some(s.clone()),
                    Some(_) => return Err(format!("[columns] \"{header}\": `by` must be text")),
                };
                (key.to_string(), by)
            }
            _ => {
                return Err(format!(
                    "[columns] \"{header}\": give a field name such as \"evidence\""
                ))
            }
        };
        let field = Field::from_key(&key).ok_or_else(|| {
            let hint = crate::plan::diag::did_you_mean(
                &key,
                Field::all()
                    .map(|f| f.key())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            )
            .map(|m| format!("did you mean `{m}`? "))
            .unwrap_or_default();
            format!(
                "[columns] \"{header}\": `{key}` is not a field; {hint}the fields are {}",
                fields()
            )
        })?;
        if by.is_some() && !matches!(field, Note | Evidence | ActionNote) {
            return Err(format!(
                "[columns] \"{header}\": only note, evidence and action_note columns take `by`"
            ));
        }
        out.insert(normalise(header), (field, by));
    }
    Ok(out)
}

/// Built-in columns with a fixed author: the monitoring columns of the Birmingham plan.
pub fn builtin_by(header: &str) -> Option<(Field, &'static str)> {
    match normalise(header).as_str() {
        "gowm bscb ofsted monitoring feedback" => Some((Note, "GOWM, BSCB & Ofsted")),
        "qa a sub group audit progress finalisation date" => Some((Note, "QA&A Sub Group")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_headers_are_recognised_in_any_case() {
        for (h, f) in [
            ("RECOMMENDATION", Recommendation),
            ("ACTION REQUIRED", Action),
            ("BY WHEN", Due),
            ("LEAD OFFICERS", Lead),
            ("OUTCOME TO BE ACHIEVED", Outcome),
            ("STATUS ● Complete ● In progress ● Delayed", Status),
            ("ACTIONS COMPLETED WITH EVIDENCE", Evidence),
            ("Recommendation (SMART)", Recommendation),
            ("Agreed by Agency Lead", AgreedBy),
            ("Action Required by Agency", Action),
            ("Implementation Lead & Agency", Lead),
            ("Target date for completion", Due),
            ("Summary of Action Taken & Date Received", Evidence),
            ("Implementation lead", Lead),
            ("  by   when ", Due),
            ("due_text", DueText),
            ("By when (as written)", DueText),
        ] {
            assert_eq!(Field::recognise(h), Some(f), "{h}");
        }
        assert_eq!(Field::recognise("Colour"), None);
        assert_eq!(
            builtin_by("GOWM. BSCB & Ofsted Monitoring & feedback"),
            Some((Note, "GOWM, BSCB & Ofsted"))
        );
        assert_eq!(
            builtin_by("QA&A Sub Group. Audit, Progress & Finalisation date"),
            Some((Note, "QA&A Sub Group"))
        );
    }

    #[test]
    fn every_exported_header_reads_back_as_its_field() {
        for f in Field::EXPORTED {
            assert_eq!(Field::recognise(f.header()), Some(f), "{f:?}");
            assert_eq!(Field::from_key(&f.key()), Some(f), "{f:?}");
        }
        assert_eq!(ActionNoteDate.key(), "action_note_date");
    }

    #[test]
    fn no_name_belongs_to_two_fields() {
        let mut seen = std::collections::HashMap::new();
        for f in Field::EXPORTED {
            for n in f.names() {
                if let Some(g) = seen.insert(normalise(n), f) {
                    panic!("{n:?} names both {g:?} and {f:?}");
                }
            }
        }
    }

    #[test]
    fn map_columns_say_what_is_wrong() {
        let map: MapFile = toml::from_str(
            "[columns]\n\"RAG\" = \"status\"\n\"Board\" = { field = \"note\", by = \"LSCB\" }\n\"X\" = \"ignore\"\n",
        )
        .unwrap();
        let cols = map_columns(&map).unwrap();
        assert_eq!(cols["rag"], (Status, None));
        assert_eq!(cols["board"], (Note, Some("LSCB".into())));
        assert_eq!(cols["x"], (Ignore, None));
        let bad: MapFile = toml::from_str("[columns]\n\"RAG\" = \"statsu\"\n").unwrap();
        let e = map_columns(&bad).unwrap_err();
        assert!(e.contains("did you mean `status`?"), "{e}");
        let bad: MapFile =
            toml::from_str("[columns]\n\"RAG\" = { field = \"status\", by = \"X\" }\n").unwrap();
        assert!(map_columns(&bad).unwrap_err().contains("only note"));
    }
}
