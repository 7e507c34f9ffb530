//! Writes recommendation files in the style of the hand-written plans: keys in model order,
//! days as TOML dates and months as strings, long text in `"""` strings wrapped at word
//! boundaries so that a change shows as a small diff in git.
//!
//! The `toml` crate's serializer cannot do this (it writes every date as a string, never
//! wraps, and cannot write comments), so the writer is ours; its output is always parsed
//! back with the loader and compared before it is used (`import`, `new`), and a test runs
//! every bundled plan file through it.

use crate::plan::date::PlanDate;
use crate::plan::model::{Action, Evidence, Finalisation, Note, RecFile, RecNumber};
use std::fmt::Write as _;

/// Lines are wrapped to this many characters where the text allows.
const WIDTH: usize = 90;

/// A recommendation file: the `#:schema` line, comment lines, then the data.
pub fn rec_file(schema_line: &str, comments: &[String], rec: &RecFile) -> String {
    let mut w = Writer::default();
    w.line(schema_line);
    for c in comments {
        w.comment(c);
    }
    rec_body(&mut w, rec);
    w.out
}

/// The keys and tables of a recommendation, without the header.
pub fn rec_body(w: &mut Writer, rec: &RecFile) {
    w.number("number", &rec.number);
    w.string("section", rec.section.as_str());
    w.string("agency", &rec.agency);
    if !rec.agencies.is_empty() {
        let list: Vec<String> = rec.agencies.iter().map(|a| basic(a)).collect();
        w.line(&format!("agencies = [{}]", list.join(", ")));
    }
    w.opt_string("text", rec.text.as_deref());
    if !rec.themes.is_empty() {
        let list: Vec<String> = rec.themes.iter().map(|t| basic(t)).collect();
        w.line(&format!("themes = [{}]", list.join(", ")));
    }
    w.opt_string("agreed_by", rec.agreed_by.as_deref());
    if let Some(f) = &rec.finalised {
        w.finalised(f);
    }
    for n in &rec.notes {
        w.table("[[notes]]");
        w.note(n);
    }
    for a in &rec.actions {
        w.table("[[actions]]");
        w.action(a);
    }
}

#[derive(Default)]
pub struct Writer {
    pub out: String,
}

impl Writer {
    pub fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// Comment lines; a control character (a file or sheet name may hold one) is shown as
    /// the terminal shows it, since TOML allows none in a comment.
    pub fn comment(&mut self, text: &str) {
        let text = crate::guard::sanitise::terminal(text);
        for l in text.lines() {
            if l.is_empty() {
                self.line("#");
            } else {
                self.line(&format!("# {l}"));
            }
        }
    }

    pub fn table(&mut self, header: &str) {
        self.out.push('\n');
        self.line(header);
    }

    pub fn number(&mut self, key: &str, n: &RecNumber) {
        // 021 is not a TOML integer: a number with a leading zero stays a string.
        let plain =
            n.0.bytes().all(|b| b.is_ascii_digit()) && (n.0 == "0" || !n.0.starts_with('0'));
        if plain {
            self.line(&format!("{key} = {}", n.0));
        } else {
            self.line(&format!("{key} = {}", basic(&n.0)));
        }
    }

    pub fn string(&mut self, key: &str, s: &str) {
        let single = format!("{key} = {}", basic(s));
        if !s.contains('\n') && single.chars().count() <= WIDTH {
            self.line(&single);
        } else {
            self.line(&format!("{key} = \"\"\"\n{}\"\"\"", multiline(s)));
        }
    }

    fn opt_string(&mut self, key: &str, s: Option<&str>) {
        if let Some(s) = s {
            self.string(key, s);
        }
    }

    fn date(&mut self, key: &str, d: Option<PlanDate>) {
        if let Some(d) = d {
            self.line(&format!("{key} = {}", date(d)));
        }
    }

    fn finalised(&mut self, f: &Finalisation) {
        let mut parts = Vec::new();
        if let Some(d) = f.date {
            parts.push(format!("date = {}", date(d)));
        }
        parts.push(format!("by = {}", basic(&f.by)));
        self.line(&format!("finalised = {{ {} }}", parts.join(", ")));
    }

    fn note(&mut self, n: &Note) {
        self.date("date", n.date);
        self.opt_string("body", n.body.as_deref());
        self.string("text", &n.text);
    }

    fn evidence(&mut self, e: &Evidence) {
        self.date("date", e.date);
        self.string("text", &e.text);
        self.opt_string("by", e.by.as_deref());
        self.opt_string("file", e.file.as_deref());
    }

    fn action(&mut self, a: &Action) {
        self.string("description", &a.description);
        self.opt_string("agency", a.agency.as_deref());
        self.opt_string("lead", a.lead.as_deref());
        self.date("start", a.start);
        self.date("due", a.due);
        self.opt_string("due_text", a.due_text.as_deref());
        self.date("review", a.review);
        self.opt_string("outcome", a.outcome.as_deref());
        if let Some(s) = a.status {
            self.string("status", s.as_str());
        }
        self.opt_string("status_text", a.status_text.as_deref());
        self.date("completed", a.completed);
        // Before the sub-tables below: after them, a key would belong to the last of them.
        if let Some(f) = &a.finalised {
            self.finalised(f);
        }
        for e in &a.evidence {
            self.table("[[actions.evidence]]");
            self.evidence(e);
        }
        for n in &a.notes {
            self.table("[[actions.notes]]");
            self.note(n);
        }
    }
}

/// A day as a TOML date, a month as the string the loader reads.
fn date(d: PlanDate) -> String {
    match d {
        PlanDate::Day(_) => d.to_string(),
        PlanDate::Month { .. } => format!("\"{d}\""),
    }
}

/// A one-line TOML basic string.
pub fn basic(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            _ => escape_into(&mut out, c),
        }
    }
    out.push('"');
    out
}

fn escape_into(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{:04X}", c as u32);
        }
        c => out.push(c),
    }
}

/// The body of a multi-line basic string (the opening `"""` and its newline are the
/// caller's). Real newlines stay; long lines are broken after a space with a line-ending
/// backslash, which TOML removes together with the newline. A break is made only before a
/// non-blank character: the backslash would also remove blanks that begin the next line.
fn multiline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut col = 0;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' => {
                out.push('\n');
                col = 0;
                continue;
            }
            // An unescaped quote never meets another quote nor the closing delimiter.
            '"' if matches!(chars.get(i + 1), None | Some('"')) => out.push_str("\\\""),
            '"' => out.push('"'),
            c => escape_into(&mut out, c),
        }
        col += 1;
        let breakable = c == ' '
            && chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != '\n');
        if breakable && col + next_word_len(&chars[i + 1..]) + 2 > WIDTH {
            out.push_str("\\\n");
            col = 0;
        }
    }
    out
}

fn next_word_len(rest: &[char]) -> usize {
    rest.iter().take_while(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::read::parse_str;
    use std::path::Path;

    fn reparse(text: &str) -> String {
        let toml = format!("number = 1\nagency = \"A\"\n{}\n", {
            let mut w = Writer::default();
            w.string("text", text);
            w.out
        });
        let rec: RecFile = parse_str(Path::new("t.toml"), &toml).unwrap_or_else(|e| {
            panic!(
                "{toml}\n{:?}",
                e.iter().map(|d| &d.message).collect::<Vec<_>>()
            )
        });
        rec.text.unwrap()
    }

    #[test]
    fn text_survives_the_round_trip() {
        for text in [
            "short",
            "a \"quoted\" word",
            "ends with a quote\"",
            "three \"\"\" quotes",
            "back\\slash and tab\t and bell\u{7}",
            "two  spaces  between words, repeated many times so that the line must wrap somewhere in the middle of them all",
            "line one\nline two\n\n  indented after a blank line",
            "\nstarts with a newline",
            "ends with a newline\n",
            "   leading blanks and a very long line that goes on and on and on until it has to be broken somewhere",
            &"word ".repeat(60),
            &"x".repeat(200),
        ] {
            assert_eq!(reparse(text), text);
        }
    }

    #[test]
    fn long_text_is_wrapped_to_the_width() {
        let text = "The LSCB should ensure that agencies improve their engagement with fathers and other male carers in all aspects of child protection work.";
        let mut w = Writer::default();
        w.string("text", text);
        assert!(w.out.starts_with("text = \"\"\"\nThe LSCB"), "{}", w.out);
        assert!(
            w.out.lines().all(|l| l.chars().count() <= WIDTH),
            "{}",
            w.out
        );
        assert_eq!(w.out.lines().count(), 3, "{}", w.out);
    }

    #[test]
    fn every_bundled_plan_file_reads_back_as_it_was() {
        let plans = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
        let loaded = crate::plan::load::load(&plans).unwrap();
        let mut n = 0;
        for rec in loaded.plans.reviews.iter().flat_map(|r| &r.recs) {
            let text = rec_file("#:schema x", &["a comment".into()], &rec.file);
            let back: RecFile = parse_str(&rec.path, &text)
                .unwrap_or_else(|e| panic!("{}:\n{text}\n{:?}", rec.path.display(), e[0].message));
            assert_eq!(
                serde_json::to_value(&back).unwrap(),
                serde_json::to_value(&rec.file).unwrap(),
                "{}",
                rec.path.display()
            );
            n += 1;
        }
        assert_eq!(n, 138);
    }

    #[test]
    fn numbers_with_leading_zeros_stay_strings() {
        let mut w = Writer::default();
        w.number("number", &RecNumber("07".into()));
        w.number("number", &RecNumber("3a".into()));
        w.number("number", &RecNumber("21".into()));
        assert_eq!(w.out, "number = \"07\"\nnumber = \"3a\"\nnumber = 21\n");
    }
}
