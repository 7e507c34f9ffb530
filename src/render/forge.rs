//! `sct check` for the forges, so that problems show on the changed lines of a pull or merge
//! request: GitHub workflow commands, a GitLab Code Quality report, and SARIF 2.1.0 for
//! code scanning. Each problem keeps its file, line and column; its rule is its kind.

use crate::plan::diag::{kind, rule_id, Located, Severity};
use serde::Serialize;
use serde_sarif::sarif;
use std::collections::BTreeMap;

/// GitHub Actions workflow commands, one a problem:
/// `::error file=plans/x.toml,line=3,col=7,title=…::message`.
pub fn github(problems: &[Located]) -> String {
    let mut out = String::new();
    for p in problems {
        let command = match p.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = format!("file={}", property(&p.file));
        if let Some(line) = p.line {
            props.push_str(&format!(",line={line}"));
        }
        if let Some(col) = p.column {
            props.push_str(&format!(",col={col}"));
        }
        props.push_str(&format!(",title={}", property(&kind(&p.message))));
        out.push_str(&format!("::{command} {props}::{}\n", data(&full(p))));
    }
    out
}

/// The message with its hint, as one text.
fn full(p: &Located) -> String {
    match &p.hint {
        Some(h) => format!("{}\n{h}", p.message),
        None => p.message.clone(),
    }
}

/// Escaping for a workflow command's message (as @actions/core escapes it).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One issue of a GitLab Code Quality report.
#[derive(Serialize)]
struct CodeQuality<'a> {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation<'a>,
}

#[derive(Serialize)]
struct CodeQualityLocation<'a> {
    path: &'a str,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: usize,
}

/// A GitLab Code Quality report (the `codequality` artifact of a CI job): a JSON array.
pub fn gitlab(problems: &[Located]) -> String {
    let issues: Vec<CodeQuality> = problems
        .iter()
        .map(|p| CodeQuality {
            description: full(p),
            check_name: rule_id(&kind(&p.message)),
            fingerprint: fingerprint(p),
            severity: match p.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Note => "info",
            },
            location: CodeQualityLocation {
                path: &p.file,
                lines: CodeQualityLines {
                    begin: p.line.unwrap_or(1),
                },
            },
        })
        .collect();
    crate::render::json::to_json(&issues)
}

/// A stable identity for a problem across runs, as GitLab compares reports by it: the file,
/// the place and the message, hashed (two CRC-32s of the text and of its reverse).
fn fingerprint(p: &Located) -> String {
    let key = format!(
        "{}:{}:{}:{}",
        p.file,
        p.line.unwrap_or(0),
        p.column.unwrap_or(0),
        p.message
    );
    let reversed: String = key.chars().rev().collect();
    format!(
        "{:08x}{:08x}",
        crc32fast::hash(key.as_bytes()),
        crc32fast::hash(reversed.as_bytes())
    )
}

/// A SARIF 2.1.0 log with one run of sct; each kind of problem is a rule.
pub fn sarif(problems: &[Located]) -> String {
    let mut rules: BTreeMap<String, String> = BTreeMap::new();
    let mut results = Vec::new();
    for p in problems {
        let kind = kind(&p.message);
        let id = rule_id(&kind);
        rules.entry(id.clone()).or_insert(kind);
        let mut region = sarif::Region::builder().build();
        region.start_line = p.line.map(|l| l as i64);
        region.start_column = p.column.map(|c| c as i64);
        let location = sarif::Location::builder()
            .physical_location(
                sarif::PhysicalLocation::builder()
                    .artifact_location(sarif::ArtifactLocation::builder().uri(&p.file).build())
                    .region(region)
                    .build(),
            )
            .build();
        let level = match p.severity {
            Severity::Error => sarif::ResultLevel::Error,
            Severity::Warning => sarif::ResultLevel::Warning,
            Severity::Note => sarif::ResultLevel::Note,
        };
        results.push(
            sarif::Result::builder()
                .rule_id(id)
                .level(level)
                .message(sarif::Message::builder().text(full(p)).build())
                .locations(vec![location])
                .build(),
        );
    }
    let rules: Vec<sarif::ReportingDescriptor> = rules
        .into_iter()
        .map(|(id, kind)| {
            sarif::ReportingDescriptor::builder()
                .id(id)
                .short_description(
                    sarif::MultiformatMessageString::builder()
                        .text(kind)
                        .build(),
                )
                .build()
        })
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("sct")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let log = sarif::Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![sarif::Run::builder()
            .tool(sarif::Tool::builder().driver(driver).build())
            .results(results)
            .build()])
        .build();
    crate::render::json::to_json(&log)
}
