//! The plan files as Rust types. The doc comments are the field descriptions of the JSON
//! Schema in `schema/` (generated from these types), so editors show them on hover.

use crate::plan::date::PlanDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// `review.toml`: one review's metadata and the agency codes its plan uses.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sct review.toml")]
pub struct ReviewFile {
    /// The review's title, as the action plan gives it.
    pub title: String,
    /// What kind of review this is: its statutory basis decides who commissions it and
    /// who reads its plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ReviewKind>,
    /// The safeguarding board that commissioned the review.
    pub board: String,
    /// The case reference ("Case 14").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// When the action plan was commenced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commenced: Option<PlanDate>,
    /// When the review was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PlanDate>,
    /// The source document this plan was transcribed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Every agency code used in the plan, with the agency's full name
    /// (BHFT = "Berkshire Healthcare NHS Foundation Trust").
    pub agencies: BTreeMap<String, String>,
    /// The people allowed to sign actions off, as git identities ("Name <email>", or an
    /// email alone), or signing keys (their fingerprints, as `git log --format=%GF` shows
    /// them). `sct check --history` flags a finalisation authored or committed by anyone
    /// else.
    // The doc comment is also the schema's description, where `<email>` is a placeholder.
    #[allow(rustdoc::invalid_html_tags)]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finalisers: Vec<String>,
    /// A finalisation counts only in a commit with a good signature (git's `%G?` is `G`) by
    /// one of the finalisers' keys or identities; `sct check --history` reports any other.
    /// Without it, an unsigned sign-off is reported as unsigned.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub require_signatures: bool,
    /// Who approves changes to the review's files on GitHub or GitLab: `sct codeowners`
    /// writes a CODEOWNERS file from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owners: Option<Owners>,
    /// Where `sct remind` addresses its messages: a lead officer (as the plan words the
    /// lead, in any case and spacing) or an agency code → e-mail addresses, each
    /// "Name <address>" or an address. A lead's entry wins over its agency's.
    // The doc comment is also the schema's description, where `<address>` is a placeholder.
    #[allow(rustdoc::invalid_html_tags)]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contacts: BTreeMap<String, Vec<String>>,
}

/// The `[owners]` table: the hosting platform's users (@name), teams or groups
/// (@org/team), or e-mail addresses.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Owners {
    /// The board's QA group: approves review.toml, and the review's files that no agency
    /// below owns.
    pub qa: Vec<String>,
    /// Agency code → who approves that agency's recommendation files. A code not listed
    /// falls to the code before its last hyphen (RBWM-CSC to RBWM), then to `qa`.
    #[serde(default)]
    pub agencies: BTreeMap<String, Vec<String>>,
}

/// One recommendation of a review, with its agency actions.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sct recommendation file")]
pub struct RecFile {
    /// The recommendation's number as the source document gives it (21, or "3a").
    pub number: RecNumber,
    /// Which part of the review the recommendation comes from.
    #[serde(default)]
    pub section: Section,
    /// The owning agency's code (for an IMR: whose IMR it is); declared in review.toml.
    pub agency: String,
    /// Further agencies the recommendation is addressed to, beside `agency`. An action with
    /// no agency of its own belongs to all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<String>,
    /// The recommendation, in the document's words. Absent only where the source document
    /// has lost it (sct warns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The practice themes the recommendation addresses: ids from the partnership's
    /// vocabulary, `plans/themes.toml` ("information-sharing", "neglect").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// Who agreed the recommendation for the agency ("Agreed by Agency Lead").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_by: Option<String>,
    /// The board's sign-off of the whole recommendation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalised: Option<Finalisation>,
    /// Monitoring of the recommendation as a whole (GOWM, BSCB, Ofsted, QA&A sub-group).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The actions agreed, numbered 1, 2, 3… in file order. Add new ones at the end.
    #[serde(default)]
    pub actions: Vec<Action>,
}

impl RecFile {
    /// The text for display: a missing text says so rather than showing nothing.
    pub fn text_shown(&self) -> &str {
        self.text
            .as_deref()
            .unwrap_or("(the source document has lost this recommendation's text)")
    }
}

/// One agency action: one row of the action plan.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What is to be done ("action required").
    pub description: String,
    /// The agency responsible, when not the recommendation's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// The lead officer(s), free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// When work begins ("To commence 01.09.08"): without a due date, the action is
    /// pending until then and ongoing after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PlanDate>,
    /// The target date: a day or a month. None means the action is ongoing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<PlanDate>,
    /// The document's own words for the target date, where they say more than `due`
    /// ("April 2012 (review June 2012)", "Now").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_text: Option<String>,
    /// When progress is to be reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<PlanDate>,
    /// The outcome to be achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The status the agency declares. Absent: nothing declared (not complete).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Declared>,
    /// The document's own status phrase, where it says more ("Complete (and ongoing)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    /// When the action was completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<PlanDate>,
    /// Evidence of what was done, oldest first. Append; never rewrite.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Monitoring notes on this action.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The board's sign-off once it has seen the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalised: Option<Finalisation>,
}

/// A piece of evidence that an action was carried out.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// When the evidence was received or the work done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PlanDate>,
    /// What the evidence shows.
    pub text: String,
    /// Who supplied or recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// A document in the repository (minutes, an audit report), relative to the plans folder's parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// A monitoring note: what a monitoring body said, and when.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PlanDate>,
    /// The monitoring body ("QA&A Sub Group", "GOWM, BSCB & Ofsted").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// What it said.
    pub text: String,
}

/// The board's sign-off.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finalisation {
    /// When it was signed off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PlanDate>,
    /// Who signed it off ("QA&A Sub Group").
    pub by: String,
}

/// The kinds of review whose plans sct tracks. They share one shape: recommendations,
/// agency actions, evidence, sign-off.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewKind {
    /// Serious Case Review (England, until 2019).
    Scr,
    /// Local Child Safeguarding Practice Review (England, since 2019).
    Lcspr,
    /// A rapid review, before a local review is decided on.
    RapidReview,
    /// A national review by the Child Safeguarding Practice Review Panel.
    NationalReview,
    /// Safeguarding Adults Review (Care Act 2014).
    Sar,
    /// Domestic Homicide Review (now Domestic Abuse Related Death Review).
    Dhr,
    /// Any other review with an action plan.
    Other,
}

impl ReviewKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewKind::Scr => "scr",
            ReviewKind::Lcspr => "lcspr",
            ReviewKind::RapidReview => "rapid-review",
            ReviewKind::NationalReview => "national-review",
            ReviewKind::Sar => "sar",
            ReviewKind::Dhr => "dhr",
            ReviewKind::Other => "other",
        }
    }

    /// The short label a board uses ("SCR", "LCSPR").
    pub fn label(self) -> &'static str {
        match self {
            ReviewKind::Scr => "SCR",
            ReviewKind::Lcspr => "LCSPR",
            ReviewKind::RapidReview => "Rapid review",
            ReviewKind::NationalReview => "National review",
            ReviewKind::Sar => "SAR",
            ReviewKind::Dhr => "DHR",
            ReviewKind::Other => "Other",
        }
    }

    /// The name in full, as a report's reader needs it.
    pub fn name(self) -> &'static str {
        match self {
            ReviewKind::Scr => "Serious Case Review",
            ReviewKind::Lcspr => "Local Child Safeguarding Practice Review",
            ReviewKind::RapidReview => "Rapid Review",
            ReviewKind::NationalReview => "National Child Safeguarding Practice Review",
            ReviewKind::Sar => "Safeguarding Adults Review",
            ReviewKind::Dhr => "Domestic Homicide Review",
            ReviewKind::Other => "Review",
        }
    }
}

impl fmt::Display for ReviewKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which part of the review a recommendation comes from; it decides the ID's form.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// The overview report: ID review/N.
    #[default]
    Overview,
    /// The health overview report: ID review/hov-N.
    HealthOverview,
    /// An agency's Individual Management Review: ID review/agency-N.
    Imr,
    /// A combined action plan numbered throughout: ID review/N.
    Combined,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Overview,
        Section::HealthOverview,
        Section::Imr,
        Section::Combined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::HealthOverview => "health-overview",
            Section::Imr => "imr",
            Section::Combined => "combined",
        }
    }
}

/// The status an agency declares.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Declared {
    NotStarted,
    InProgress,
    Delayed,
    Ongoing,
    Complete,
}

impl Declared {
    pub const ALL: [Declared; 5] = [
        Declared::NotStarted,
        Declared::InProgress,
        Declared::Delayed,
        Declared::Ongoing,
        Declared::Complete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Declared::NotStarted => "not-started",
            Declared::InProgress => "in-progress",
            Declared::Delayed => "delayed",
            Declared::Ongoing => "ongoing",
            Declared::Complete => "complete",
        }
    }
}

impl fmt::Display for Declared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A recommendation number: digits, optionally followed by letters ("21", "3a").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RecNumber(pub String);

impl JsonSchema for RecNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RecNumber".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The number as the document gives it: 21, or a string such as \"3a\".",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "pattern": "^[0-9]+[a-z]*$" }
            ]
        })
    }
}

impl RecNumber {
    /// Reads a number as a person types it: "07" and "7" are one recommendation.
    pub fn parse(s: &str) -> anyhow::Result<RecNumber> {
        let s = s.trim();
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !s[digits..].bytes().all(|b| b.is_ascii_lowercase()) {
            anyhow::bail!("`{s}` is not a recommendation number: use digits, optionally followed by lower-case letters (21, 3a)");
        }
        // 07 and 7 are one recommendation.
        let n = s[..digits].trim_start_matches('0');
        let n = if n.is_empty() { "0" } else { n };
        Ok(RecNumber(format!("{n}{}", &s[digits..])))
    }

    /// Sort key: numeric part first, so 2 sorts before 10.
    pub fn sort_key(&self) -> (u64, &str) {
        let digits = self.0.bytes().take_while(u8::is_ascii_digit).count();
        (
            self.0[..digits].parse().unwrap_or(u64::MAX),
            &self.0[digits..],
        )
    }
}

impl fmt::Display for RecNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RecNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let s = match toml::Value::deserialize(d)? {
            toml::Value::Integer(i) if i >= 0 => i.to_string(),
            toml::Value::String(s) => s,
            other => {
                return Err(D::Error::custom(format!(
                    "expected a recommendation number such as 21 or \"3a\", found {}",
                    describe(&other)
                )))
            }
        };
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !s[digits..].bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(D::Error::custom(format!(
                "`{s}` is not a recommendation number: use digits, optionally followed by \
                 lower-case letters (21, \"3a\")"
            )));
        }
        Ok(RecNumber(s))
    }
}

fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::Integer(i) => format!("the negative number {i}"),
        other => format!("a {}", other.type_str()),
    }
}
