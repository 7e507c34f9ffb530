//! The `[owners]` table of review.toml, its rules, and the CODEOWNERS file made from it.
//!
//! GitHub and GitLab read CODEOWNERS the same way for what sct writes: gitignore-style
//! patterns, the last matching line wins, and a protected branch can require one of a
//! file's owners to approve a change to it. So each agency's recommendation files are
//! owned by that agency's people alone, review.toml by the board's QA group, and anything
//! else in the review (and the plans folder, and CODEOWNERS itself) by the QA group.

use crate::guard::text::flatten;
use crate::plan::diag::{did_you_mean, Diagnostic, KeyPath, Place};
use crate::plan::load::{Plans, Review};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

/// The owners' rules, checked with the rest by `sct check`.
pub fn rules(review: &Review, out: &mut Vec<Diagnostic>) {
    let Some(meta) = &review.meta else { return };
    let Some(owners) = &meta.owners else { return };
    let path = review.dir.join("review.toml");
    let at = KeyPath::root().key("owners");
    if owners.qa.is_empty() {
        out.push(
            Diagnostic::error(
                &path,
                Place::Path(at.key("qa")),
                "name the QA group that approves review.toml",
            )
            .with_hint("qa = [\"@your-board/qa-group\"]"),
        );
    }
    for (i, o) in owners.qa.iter().enumerate() {
        owner_rule(&path, o, at.key("qa").index(i), out);
    }
    for (code, list) in &owners.agencies {
        let here = at.key("agencies").key(code);
        if !meta.agencies.contains_key(code) {
            let hint = match did_you_mean(code, meta.agencies.keys().map(String::as_str)) {
                Some(m) => format!("did you mean `{m}`?"),
                None => "owners are given for the codes declared under [agencies]".to_string(),
            };
            out.push(
                Diagnostic::error(
                    &path,
                    Place::Path(here.clone()),
                    format!(
                        "agency `{code}` is not declared in {}/review.toml",
                        review.id
                    ),
                )
                .with_hint(hint),
            );
        }
        if list.is_empty() {
            out.push(
                Diagnostic::error(
                    &path,
                    Place::Path(here.clone()),
                    format!("no owners for `{code}`"),
                )
                .with_hint(
                    "name at least one, or remove the line: its files then fall to the QA group",
                ),
            );
        }
        for (i, o) in list.iter().enumerate() {
            owner_rule(&path, o, here.index(i), out);
        }
    }
}

fn owner_rule(path: &Path, owner: &str, at: KeyPath, out: &mut Vec<Diagnostic>) {
    if !is_owner(owner) {
        out.push(
            Diagnostic::error(
                path,
                Place::Path(at),
                format!("`{owner}` is not a user, team or e-mail address"),
            )
            .with_hint("write a user as @name, a team or group as @org/team, or an e-mail address"),
        );
    }
}

/// `@user`, `@org/team` (GitLab: `@group/subgroup/…`), or an e-mail address.
pub fn is_owner(s: &str) -> bool {
    let word = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    match s.strip_prefix('@') {
        Some(rest) => rest.split('/').all(word),
        None => match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !s.chars().any(char::is_whitespace)
                    && domain.contains('.')
                    && !domain.contains('@')
                    && domain.split('.').all(|p| !p.is_empty())
            }
            None => false,
        },
    }
}

/// Where the CODEOWNERS file is served: the two forges read it alike but enforce it
/// under different settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Host {
    Github,
    Gitlab,
}

/// The CODEOWNERS text for every review with an `[owners]` table. `plans` is the plans
/// folder; patterns are relative to the folder that holds it (the repository root).
pub fn codeowners(plans: &Plans, plans_dir: &Path, host: Host) -> Result<String, String> {
    let with_owners: Vec<&Review> = plans
        .reviews
        .iter()
        .filter(|r| r.meta.as_ref().is_some_and(|m| m.owners.is_some()))
        .collect();
    if with_owners.is_empty() {
        return Err(
            "no review.toml has an [owners] table: add one (see REFERENCE.md#sct-codeowners)"
                .into(),
        );
    }
    if host == Host::Github {
        for r in &with_owners {
            let o = r
                .meta
                .as_ref()
                .and_then(|m| m.owners.as_ref())
                .expect("filtered");
            for owner in o.qa.iter().chain(o.agencies.values().flatten()) {
                if owner.starts_with('@') && owner.matches('/').count() > 1 {
                    return Err(format!(
                        "{}/review.toml: `{owner}` is a GitLab subgroup; GitHub teams are @org/team",
                        r.id
                    ));
                }
            }
        }
    }
    let root = format!("/{}", folder_name(plans_dir));
    let all_qa: BTreeSet<&str> = with_owners
        .iter()
        .flat_map(|r| {
            &r.meta
                .as_ref()
                .and_then(|m| m.owners.as_ref())
                .expect("filtered")
                .qa
        })
        .map(String::as_str)
        .collect();
    let all_qa = all_qa.into_iter().collect::<Vec<_>>().join(" ");

    let mut s = String::new();
    s.push_str(
        "# CODEOWNERS, written by `sct codeowners` from the [owners] table of each review.toml.\n",
    );
    s.push_str(
        "# Do not edit it by hand: change the [owners] tables and run sct codeowners again.\n",
    );
    s.push_str(match host {
        Host::Github => "# GitHub enforces it when the default branch's protection rule (or ruleset) has\n# \"Require review from Code Owners\" turned on.\n",
        Host::Gitlab => "# GitLab enforces it when the protected default branch has \"Code owner approval\"\n# turned on (GitLab Premium).\n",
    });
    s.push_str("# The last matching line decides a file's owners.\n\n");
    s.push_str("# The plans folder, new reviews and this file: the boards' QA groups.\n");
    s.push_str(&format!("{root}/ {all_qa}\nCODEOWNERS {all_qa}\n"));

    for r in &plans.reviews {
        let Some(meta) = &r.meta else { continue };
        s.push('\n');
        let Some(owners) = &meta.owners else {
            s.push_str(&format!(
                "# {}: no [owners] table in its review.toml; its files fall to the line for {root}/.\n",
                r.id
            ));
            continue;
        };
        let qa = owners.qa.join(" ");
        s.push_str(&format!("# {}: {}\n", r.id, flatten(&meta.title)));
        let dir = format!("{root}/{}", r.id);
        s.push_str(&format!("{dir}/ {qa}\n"));
        let owner_of = |code: &str| -> Option<&Vec<String>> {
            let mut c = code;
            loop {
                if let Some(o) = owners.agencies.get(c) {
                    return Some(o);
                }
                c = &c[..c.rfind('-')?];
            }
        };
        let mut unowned = BTreeSet::new();
        for (pattern, code) in patterns(r) {
            match owner_of(&code) {
                Some(o) => s.push_str(&format!("{dir}/{pattern} {}\n", o.join(" "))),
                None => {
                    unowned.insert(code);
                }
            }
        }
        s.push_str(&format!("{dir}/review.toml {qa}\n"));
        if !unowned.is_empty() {
            s.push_str(&format!(
                "# No owners listed for {}: the QA group approves their files.\n",
                unowned.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    Ok(s)
}

/// Each recommendation file's pattern (relative to the review folder) and agency; a
/// folder that holds only one agency's files is given as the folder, so that a file
/// added to it later is owned as its neighbours are.
fn patterns(review: &Review) -> Vec<(String, String)> {
    let files: Vec<(Vec<String>, &str)> = review
        .recs
        .iter()
        .filter_map(|rec| {
            let rel = rec.path.strip_prefix(&review.dir).ok()?;
            let parts = rel
                .components()
                .filter_map(|c| match c {
                    Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect();
            Some((parts, rec.file.agency.as_str()))
        })
        .collect();
    let mut agencies_in: BTreeMap<&[String], BTreeSet<&str>> = BTreeMap::new();
    for (parts, code) in &files {
        for depth in 1..parts.len() {
            agencies_in.entry(&parts[..depth]).or_default().insert(code);
        }
    }
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (parts, code) in &files {
        let folder = (1..parts.len())
            .map(|d| &parts[..d])
            .find(|f| agencies_in[f].len() == 1);
        let pattern = match folder {
            Some(f) => format!("{}/", escape(&f.join("/"))),
            None => escape(&parts.join("/")),
        };
        out.insert(pattern, code.to_string());
    }
    out.into_iter().collect()
}

/// CODEOWNERS patterns are space-separated from their owners.
fn escape(p: &str) -> String {
    p.replace(' ', "\\ ")
}

fn folder_name(plans_dir: &Path) -> String {
    let abs = std::path::absolute(plans_dir).unwrap_or_else(|_| plans_dir.to_path_buf());
    abs.components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .next_back()
        .map_or_else(|| "plans".to_string(), |n| escape(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_syntax() {
        for ok in [
            "@jdoe",
            "@example-board/qa-subgroup",
            "@group/sub/team",
            "qa@board.example.org",
        ] {
            assert!(is_owner(ok), "{ok}");
        }
        for bad in [
            "jdoe",
            "@",
            "@org/",
            "@org team",
            "qa@localhost",
            "@org//team",
            "a b@x.org",
            "",
        ] {
            assert!(!is_owner(bad), "{bad}");
        }
    }
}
