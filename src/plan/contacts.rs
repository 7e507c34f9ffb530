//! The `[contacts]` table of review.toml: whom chasing messages go to.

use crate::guard::text::flatten;
use crate::plan::diag::{Diagnostic, KeyPath, Place};
use crate::plan::load::Review;
use crate::plan::model::ReviewFile;

/// An e-mail address as people write it: `Name <address>` or a bare address. Refuses what
/// could smuggle a header (line breaks, commas, angle brackets in the address).
pub fn parse_address(s: &str) -> Option<(Option<String>, String)> {
    let s = s.trim();
    let (name, addr) = match (s.rfind('<'), s.strip_suffix('>')) {
        (Some(i), Some(_)) => {
            let name = s[..i].trim().trim_matches('"').trim();
            (
                (!name.is_empty()).then(|| name.to_string()),
                &s[i + 1..s.len() - 1],
            )
        }
        _ => (None, s),
    };
    let ok = addr.split_once('@').is_some_and(|(l, d)| {
        !l.is_empty()
            && !d.is_empty()
            && !addr.contains(|c: char| c.is_whitespace() || "<>,;\"".contains(c))
    }) && !name.as_deref().is_some_and(|n| n.contains(['\r', '\n']));
    ok.then(|| (name, addr.to_string()))
}

/// `sct check`'s rules for `[contacts]`: every address readable.
pub fn rules(review: &Review, out: &mut Vec<Diagnostic>) {
    let Some(meta) = &review.meta else { return };
    let path = review.dir.join("review.toml");
    for (who, list) in &meta.contacts {
        for (i, a) in list.iter().enumerate() {
            if parse_address(a).is_none() {
                out.push(
                    Diagnostic::error(
                        &path,
                        Place::Path(KeyPath::root().key("contacts").key(who).index(i)),
                        format!("`{a}` is not an e-mail address"),
                    )
                    .with_hint("give lscb@example.org, or \"Name <lscb@example.org>\""),
                );
            }
        }
    }
}

/// A lead officer as a key: one person whatever the capitals and spacing.
pub fn lead_key(lead: &str) -> String {
    flatten(lead).to_lowercase()
}

/// The addresses for a message to `lead` of `agency`: the lead's own entry, else the
/// agency's; unreadable entries are left to `sct check`.
pub fn addresses(
    meta: &ReviewFile,
    lead: Option<&str>,
    agency: &str,
) -> Vec<(Option<String>, String)> {
    let by_lead = lead.and_then(|l| {
        let key = lead_key(l);
        meta.contacts.iter().find(|(k, _)| lead_key(k) == key)
    });
    let entry = by_lead.or_else(|| meta.contacts.get_key_value(agency));
    entry
        .map(|(_, list)| list.iter().filter_map(|a| parse_address(a)).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_people_write_them() {
        assert_eq!(
            parse_address("LSCB Unit <lscb@example.org>").unwrap(),
            (Some("LSCB Unit".into()), "lscb@example.org".into())
        );
        assert_eq!(
            parse_address("\"Q, A\" <qa@example.org>").unwrap(),
            (Some("Q, A".into()), "qa@example.org".into())
        );
        assert_eq!(
            parse_address("qa@example.org").unwrap(),
            (None, "qa@example.org".into())
        );
        for bad in [
            "qa",
            "@example.org",
            "a b@example.org",
            "x <y>",
            "a@b\r\nBcc: c@d",
        ] {
            assert!(parse_address(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn one_lead_whatever_the_capitals_and_spacing() {
        assert_eq!(lead_key("Named  Nurse\n"), lead_key("named nurse"));
    }
}
