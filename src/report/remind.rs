//! Chasing messages as data: one per review, agency and lead officer, holding the actions
//! that are overdue or fall due within the window.

use super::{ActionItem, Slips};
use crate::guard::text::flatten;
use crate::plan::load::Plans;
use crate::plan::query::{rows, Filter};
use crate::plan::status::{Rules, State};
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone)]
pub struct Message {
    pub review: String,
    pub review_title: String,
    pub board: String,
    pub agency: String,
    pub agency_name: Option<String>,
    /// The lead officer, as the plan first words it; None for actions that name none.
    pub lead: Option<String>,
    /// Where to send it, from review.toml's `[contacts]`: none found, none given.
    pub to: Vec<(Option<String>, String)>,
    /// Most overdue first.
    pub overdue: Vec<ActionItem>,
    /// Soonest first.
    pub due_soon: Vec<ActionItem>,
    /// A file name without extension, unique among the messages.
    pub stem: String,
}

impl Message {
    /// Who the message is for: the lead officer and the agency.
    pub fn addressee(&self) -> String {
        match &self.lead {
            Some(l) => format!("{l}, {}", self.agency),
            None => self.agency.clone(),
        }
    }
}

/// The messages as at `rules.today`, where `rules.soon_days` is the chasing window.
pub fn messages(plans: &Plans, rules: &Rules, filter: &Filter) -> anyhow::Result<Vec<Message>> {
    filter.check_review(plans)?;
    let filter = Filter {
        states: vec![State::Overdue, State::DueSoon],
        ..filter.clone()
    };
    let none = Slips::new();
    // Keyed in review order, then agency code, then lead (no lead first); one lead
    // whatever the capitals and spacing the plan uses.
    let mut groups: BTreeMap<(usize, String, Option<String>), Message> = BTreeMap::new();
    for row in rows(plans, rules, &filter) {
        let item = ActionItem::new(&row, &none);
        let order = plans
            .reviews
            .iter()
            .position(|r| r.id == row.review.id)
            .unwrap_or(usize::MAX);
        let lead = item.lead.as_deref().map(flatten);
        let key = (
            order,
            item.agency.clone(),
            lead.as_deref().map(crate::plan::contacts::lead_key),
        );
        let meta = row.review.meta.as_ref();
        let m = groups.entry(key).or_insert_with(|| Message {
            review: row.review.id.clone(),
            review_title: meta.map_or_else(|| row.review.id.clone(), |m| m.title.clone()),
            board: meta.map_or_else(String::new, |m| m.board.clone()),
            agency: item.agency.clone(),
            agency_name: item.agency_name.clone(),
            to: meta.map_or_else(Vec::new, |m| {
                crate::plan::contacts::addresses(m, lead.as_deref(), &item.agency)
            }),
            lead,
            overdue: Vec::new(),
            due_soon: Vec::new(),
            stem: String::new(),
        });
        if item.state == State::Overdue {
            m.overdue.push(item);
        } else {
            m.due_soon.push(item);
        }
    }
    let mut used = HashSet::new();
    let mut out: Vec<Message> = groups.into_values().collect();
    for m in &mut out {
        m.overdue.sort_by_key(|i| std::cmp::Reverse(i.days_overdue));
        m.due_soon
            .sort_by_key(|i| i.due.map(crate::plan::date::PlanDate::last_day));
        let mut stem = format!("{}_{}", m.review, slug(&m.agency));
        if let Some(l) = &m.lead {
            stem.push('_');
            stem.push_str(&slug(l));
        }
        let mut unique = stem.clone();
        let mut n = 2;
        while !used.insert(unique.clone()) {
            unique = format!("{stem}-{n}");
            n += 1;
        }
        m.stem = unique;
    }
    Ok(out)
}

/// A file-name-safe form of free text: lower-case ASCII letters and digits joined by `-`,
/// at most 40 characters. Leads such as "Named Nurse / Head of HV" stay recognisable.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.len() > 40 {
        match out[..40].rfind('-') {
            Some(i) if i > 0 => out.truncate(i),
            _ => out.truncate(40),
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "x".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Named Nurse / Head of HV"), "named-nurse-head-of-hv");
        assert_eq!(slug("RBWM-CSC"), "rbwm-csc");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("—"), "x");
        let long = slug("Health commissioners and provider trusts and everyone else too");
        assert!(long.len() <= 40 && !long.ends_with('-'), "{long}");
    }
}
