//! Embeds the bundled plans (plans/), their JSON Schemas (schema/) and the plans to
//! import (docs/lscb-plan.csv, .xlsx and .docx) in the binary, for `sct demo`: an installed sct has no
//! source tree to copy them from.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for top in ["plans", "schema"] {
        println!("cargo:rerun-if-changed={top}");
        collect(&root.join(top), root, &mut files);
    }
    // A spreadsheet to try `sct import csv` on.
    println!("cargo:rerun-if-changed=docs/lscb-plan.csv");
    files.push("docs/lscb-plan.csv".to_string());
    files.sort();
    let mut out = String::from(
        "/// The bundled plans and schemas: (path from the repository's top, text).\n",
    );
    out.push_str("pub const BUNDLED: &[(&str, &str)] = &[\n");
    for rel in &files {
        let abs = root.join(rel);
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    // The same plan as a workbook and as a Word document, for `sct import xlsx|docx`.
    out.push_str("/// The office plans to import: (path, bytes).\n");
    out.push_str("pub const BUNDLED_BINARY: &[(&str, &[u8])] = &[\n");
    // And an agency's return, filled in, for the README's quarterly cycle.
    for rel in [
        "docs/bhft-2012-q2-returned.xlsx",
        "docs/lscb-plan.docx",
        "docs/lscb-plan.xlsx",
    ] {
        println!("cargo:rerun-if-changed={rel}");
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            root.join(rel).display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(dest, out).unwrap();
}

/// Every file below `dir`, as `/`-separated paths relative to `root`.
fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        // Folders are watched too, so that a file added to a review rebuilds.
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, root, out);
        } else if path.is_file() {
            let rel = path.strip_prefix(root).unwrap();
            let rel: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            out.push(rel.join("/"));
        }
    }
}
