//! The house keeps its shape: the top-level modules of src/ form layers, and a module uses
//! only those below it (ARCHITECTURE.md). Read from the `crate::` paths in the source, so a
//! new arrow pointing up, or a cycle, fails here before it settles in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top to bottom; modules on one line form one layer and may use each other, but no cycle.
const LAYERS: &[&[&str]] = &[
    &["cli", "cmd", "config"],
    &["render"],
    &["report", "learn"],
    &["formats"],
    &["write"],
    &["git"],
    &["plan"],
    &["guard"],
    &["files"],
];

/// The longest a source file may grow before it wants splitting by concern.
const MAX_LINES: usize = 700;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a file belongs to (`plan` for src/plan/load.rs), None for the
/// crate root (lib.rs, main.rs).
fn top_module(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

fn rust_files() -> Vec<PathBuf> {
    walkdir::WalkDir::new(src())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect()
}

/// Source without comments (a doc comment may name a module without using it).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules named after `crate::` in `text`, `use crate::{a, b::c}` included.
fn used_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

/// Module → the other top-level modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files() {
        let Some(from) = top_module(&file) else {
            continue;
        };
        let text = code(&std::fs::read_to_string(&file).unwrap());
        let entry = g.entry(from.clone()).or_default();
        for to in used_modules(&text) {
            if to != from && rank(&to).is_some() {
                entry.insert(to);
            }
        }
    }
    g
}

#[test]
fn every_top_level_module_has_a_layer() {
    let unplaced: Vec<String> = graph().into_keys().filter(|m| rank(m).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "top-level modules of src/ not in LAYERS (place them in ARCHITECTURE.md and here): {unplaced:?}"
    );
}

#[test]
fn arrows_point_down_only() {
    let mut up = Vec::new();
    for (from, tos) in graph() {
        let Some(rf) = rank(&from) else { continue };
        for to in tos {
            if rank(&to).is_some_and(|rt| rt < rf) {
                up.push(format!("{from} uses {to}"));
            }
        }
    }
    assert!(up.is_empty(), "a lower layer uses a higher one: {up:#?}");
}

#[test]
fn no_cycle_between_top_level_modules() {
    let g = graph();
    // Depth-first search with colours; the path is the cycle when one closes.
    fn visit<'a>(
        m: &'a str,
        g: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match state.get(m) {
            Some(2) => return None,
            Some(1) => {
                let at = path.iter().position(|p| *p == m).unwrap();
                let mut cycle: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
                cycle.push(m.to_string());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(m, 1);
        path.push(m);
        for next in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, g, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(m, 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in g.keys() {
        if let Some(cycle) = visit(m, &g, &mut state, &mut Vec::new()) {
            panic!("an import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn no_source_file_is_too_long() {
    let long: Vec<String> = rust_files()
        .into_iter()
        .filter_map(|p| {
            let n = std::fs::read_to_string(&p).unwrap().lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", p.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these by concern (at most {MAX_LINES} lines): {long:#?}"
    );
}

#[test]
fn the_reader_sees_what_it_should() {
    // The checks above are only as good as this reading of the source.
    let text = code("use crate::plan::load;\n// crate::render\nuse crate::{files, git::repo};\n");
    assert_eq!(
        used_modules(&text).into_iter().collect::<Vec<_>>(),
        ["files", "git", "plan"]
    );
    assert_eq!(
        top_module(&src().join("plan/load.rs")).as_deref(),
        Some("plan")
    );
    assert_eq!(top_module(&src().join("lib.rs")), None);
}
