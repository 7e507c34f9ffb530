//! Chasing messages: Markdown (which reads as plain text) and RFC 5322 `.eml` drafts.
//! Headers are built by `mail-builder`, which folds them and encodes non-ASCII words
//! (RFC 2047); the Date comes from the as-at day and the Message-ID from the message's
//! own name, so the same plans give the same bytes.

use crate::guard::text::flatten;
use crate::render::markdown;
use crate::report::remind::Message;
use crate::report::{long_date, short_date, ActionItem};
use chrono::NaiveDate;
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;
use mail_builder::MessageBuilder;
use std::fmt::Write;

/// The subject line: how many actions, for whom, in which review.
pub fn subject(m: &Message) -> String {
    let mut parts = Vec::new();
    if !m.overdue.is_empty() {
        parts.push(format!("{} overdue", m.overdue.len()));
    }
    if !m.due_soon.is_empty() {
        parts.push(format!("{} due soon", m.due_soon.len()));
    }
    let n = m.overdue.len() + m.due_soon.len();
    flatten(&format!(
        "{}: {} action{} to update ({}) for {}",
        m.review,
        n,
        if n == 1 { "" } else { "s" },
        parts.join(", "),
        short_addressee(m)
    ))
}

/// The addressee cut for a subject line: some plans name a dozen leads in one cell.
fn short_addressee(m: &Message) -> String {
    const MAX: usize = 60;
    let Some(lead) = &m.lead else {
        return m.agency.clone();
    };
    let lead = flatten(lead);
    if lead.chars().count() <= MAX {
        return format!("{lead}, {}", m.agency);
    }
    let cut: String = lead.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!(
        "{}…, {}",
        cut.trim_end_matches([',', ';', ' ', '–', '-']),
        m.agency
    )
}

/// The body. `esc` makes plan text safe for the target: Markdown escaping for .md, none
/// for a text/plain e-mail.
fn body(m: &Message, as_at: NaiveDate, within: i64, esc: &dyn Fn(&str) -> String) -> String {
    let mut s = String::new();
    let agency = match &m.agency_name {
        Some(n) => format!("{} ({})", esc(n), esc(&m.agency)),
        None => esc(&m.agency),
    };
    let _ = writeln!(
        s,
        "- For: {}",
        match &m.lead {
            Some(l) => format!("{}, {agency}", esc(l)),
            None => agency,
        }
    );
    let _ = writeln!(s, "- Review: {} ({})", esc(&m.review_title), esc(&m.review));
    if !m.board.is_empty() {
        let _ = writeln!(s, "- Board: {}", esc(&m.board));
    }
    let _ = writeln!(s, "- As at: {}", long_date(as_at));
    let until = as_at + chrono::Days::new(within.max(0) as u64);
    let _ = writeln!(
        s,
        "\nThe action plan records the actions below as overdue, or due by {}. For each, \
         please send the board an update: what has been done, with the evidence, or a \
         revised date and the reason for the delay.",
        long_date(until)
    );
    let section = |s: &mut String, title: &str, items: &[ActionItem]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n## {title} ({})", items.len());
        for i in items {
            let mut when = format!("due {}", i.due_label());
            if let Some(d) = i.days_overdue {
                let _ = write!(when, ", {d} day{} overdue", if d == 1 { "" } else { "s" });
            }
            let _ = writeln!(s, "\n### {}: {when}\n", i.id);
            let _ = writeln!(s, "{}\n", esc(&i.description));
            if let Some(t) = &i.recommendation_text {
                let _ = writeln!(s, "- Recommendation: {}", esc(t));
            }
            if let Some(o) = &i.outcome {
                let _ = writeln!(s, "- Outcome sought: {}", esc(o));
            }
            if let Some(t) = &i.due_text {
                let _ = writeln!(s, "- Due, as the plan words it: {}", esc(t));
            }
            let declared = match (&i.status_text, i.status) {
                (Some(t), _) => Some(esc(t)),
                (None, Some(d)) => Some(d.to_string()),
                (None, None) => None,
            };
            if let Some(d) = declared {
                let _ = writeln!(s, "- Declared status: {d}");
            }
            match &i.latest {
                Some(e) => {
                    let date = e
                        .date
                        .map_or(String::new(), |d| format!("{}: ", short_date(d)));
                    let _ = writeln!(s, "- Latest evidence or note: {date}{}", esc(&e.text));
                }
                None => s.push_str("- Latest evidence or note: none recorded\n"),
            }
        }
    };
    section(&mut s, "Overdue", &m.overdue);
    section(&mut s, "Due soon", &m.due_soon);
    s
}

/// The body of an e-mail, for a person to read: plain sentences and indented blocks, no
/// Markdown marks. `shown` makes plan text safe to show (control characters visible).
fn plain_body(
    m: &Message,
    as_at: NaiveDate,
    within: i64,
    shown: &dyn Fn(&str) -> String,
) -> String {
    let mut s = String::new();
    let greeting = m.lead.as_deref().map_or_else(|| shown(&m.agency), shown);
    let agency = match &m.agency_name {
        Some(n) => format!("{} ({})", shown(n), shown(&m.agency)),
        None => shown(&m.agency),
    };
    let until = as_at + chrono::Days::new(within.max(0) as u64);
    let n = m.overdue.len() + m.due_soon.len();
    let board = if m.board.is_empty() {
        "The board".to_string()
    } else {
        shown(&m.board)
    };
    let _ = writeln!(s, "Dear {greeting},\n");
    wrapped(
        &mut s,
        "",
        &format!(
            "{board}'s action plan for {} ({}) records {n} action{} for {agency} as overdue, \
             or due by {}. For each, please send the board an update: what has been done, \
             with the evidence, or a revised date and the reason for the delay.",
            shown(&m.review_title),
            shown(&m.review),
            if n == 1 { "" } else { "s" },
            long_date(until)
        ),
    );
    let section = |s: &mut String, title: &str, items: &[ActionItem]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n{title} ({})", items.len());
        for i in items {
            let mut when = format!("due {}", i.due_label());
            if let Some(d) = i.days_overdue {
                let _ = write!(when, ", {d} day{} overdue", if d == 1 { "" } else { "s" });
            }
            let _ = writeln!(s, "\n{}, {when}", i.id);
            wrapped(s, "    ", &shown(&i.description));
            if let Some(t) = &i.recommendation_text {
                wrapped(s, "    ", &format!("Recommendation: {}", shown(t)));
            }
            if let Some(t) = &i.due_text {
                wrapped(
                    s,
                    "    ",
                    &format!("Due, as the plan words it: {}", shown(t)),
                );
            }
            let latest = match &i.latest {
                Some(e) => {
                    let date = e
                        .date
                        .map_or(String::new(), |d| format!("{}: ", short_date(d)));
                    format!("{date}{}", shown(&e.text))
                }
                None => "none recorded".to_string(),
            };
            wrapped(s, "    ", &format!("Latest evidence or note: {latest}"));
        }
    };
    section(&mut s, "Overdue", &m.overdue);
    section(&mut s, "Due soon", &m.due_soon);
    let _ = writeln!(
        s,
        "\nThis message was prepared from the plan as at {}.",
        long_date(as_at)
    );
    s
}

/// A paragraph filled to 72 columns, as mail is read, each line after `indent`.
fn wrapped(s: &mut String, indent: &str, text: &str) {
    let options = textwrap::Options::new(72)
        .initial_indent(indent)
        .subsequent_indent(indent);
    let _ = writeln!(s, "{}", textwrap::fill(text, options));
}

/// The same body as HTML, for mail clients that show it instead of the text.
fn html_body(m: &Message, as_at: NaiveDate, within: i64) -> String {
    let text = plain_body(m, as_at, within, &|t| {
        crate::guard::sanitise::terminal(&flatten(t)).into_owned()
    });
    let mut s = String::from("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif\">\n");
    for block in text.split("\n\n") {
        let mut lines = block.lines();
        let Some(first) = lines.next() else { continue };
        let esc = |t: &str| html_escape::encode_text(t).into_owned();
        let rest: Vec<String> = lines.map(|l| esc(l.trim_start())).collect();
        if rest.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", esc(first));
        } else {
            let _ = writeln!(
                s,
                "<p><b>{}</b><br>\n{}</p>",
                esc(first),
                rest.join("<br>\n")
            );
        }
    }
    s.push_str("</body></html>\n");
    s
}

/// The message as a Markdown file: the subject as its heading.
pub fn markdown(m: &Message, as_at: NaiveDate, within: i64) -> String {
    format!(
        "# {}\n\n{}",
        markdown::inline(&subject(m)),
        body(m, as_at, within, &|t| markdown::inline(t))
    )
}

/// Parses `--from`: `Name <address>` or a bare address.
pub fn parse_from(s: &str) -> anyhow::Result<(Option<String>, String)> {
    crate::plan::contacts::parse_address(s).ok_or_else(|| {
        anyhow::anyhow!(
            "`{}` is not a sender address\n  = hint: give --from as an address (lscb@example.org) \
             or as \"Name <lscb@example.org>\"",
            s.trim()
        )
    })
}

/// The message as an RFC 5322 draft (CRLF line ends). `X-Unsent: 1` makes Outlook open it
/// ready to send; other clients open it as a message.
pub fn eml(
    m: &Message,
    as_at: NaiveDate,
    within: i64,
    from: Option<&(Option<String>, String)>,
    html: bool,
) -> Vec<u8> {
    let midnight = as_at
        .and_hms_opt(0, 0, 0)
        .expect("valid time")
        .and_utc()
        .timestamp();
    let mut b = MessageBuilder::new()
        .message_id(format!("{}.{}@sct.invalid", as_at.format("%Y%m%d"), m.stem))
        .date(midnight);
    if let Some((name, addr)) = from {
        b = b.from(Address::new_address(name.clone(), addr.clone()));
    }
    // Plan text with control characters or bidi overrides reaches the reader's mail
    // client encoded but whole: shown visibly instead, as on a terminal.
    let shown = |t: &str| crate::guard::sanitise::terminal(t).into_owned();
    // To the addresses `[contacts]` gives; without any, an empty group that names who it
    // is for, for the sender to fill in.
    let to = if m.to.is_empty() {
        Address::new_group(Some(shown(&m.addressee())), vec![])
    } else {
        Address::new_list(
            m.to.iter()
                .map(|(name, addr)| Address::new_address(name.clone(), addr.clone()))
                .collect(),
        )
    };
    b = b
        .to(to)
        .subject(shown(&subject(m)))
        .header("X-Unsent", Raw::new("1"))
        .text_body(plain_body(m, as_at, within, &|t| shown(&flatten(t))));
    if html {
        b = b.html_body(html_body(m, as_at, within));
    }
    b.write_to_vec().expect("in-memory write")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(lead: Option<&str>) -> Message {
        Message {
            review: "r".into(),
            review_title: "T".into(),
            board: String::new(),
            agency: "BSCB".into(),
            agency_name: None,
            lead: lead.map(String::from),
            to: vec![],
            overdue: vec![],
            due_soon: vec![],
            stem: "r_bscb".into(),
        }
    }

    #[test]
    fn long_leads_are_cut_in_the_subject() {
        let m = message(Some(
            "Safeguarding Lead Children, Young People & Families – Education Welfare Service",
        ));
        assert_eq!(
            short_addressee(&m),
            "Safeguarding Lead Children, Young People & Families…, BSCB"
        );
        assert_eq!(
            short_addressee(&message(Some("Named Nurse"))),
            "Named Nurse, BSCB"
        );
        assert_eq!(short_addressee(&message(None)), "BSCB");
    }

    #[test]
    fn a_sender_is_read_as_contacts_are_and_refused_in_words() {
        assert_eq!(
            parse_from("LSCB Unit <lscb@example.org>").unwrap(),
            (Some("LSCB Unit".into()), "lscb@example.org".into())
        );
        let e = parse_from("qa").unwrap_err().to_string();
        assert!(e.starts_with("`qa` is not a sender address"), "{e}");
    }
}
