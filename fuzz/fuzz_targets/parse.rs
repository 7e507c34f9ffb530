//! Arbitrary bytes through what `sct check` does with one plan file: decode (UTF-8, BOM,
//! empty), parse as a recommendation and as a review.toml, assemble with a good review,
//! validate, then locate and render every diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sct::diag::{locate_all_with, render, Diagnostic};
use sct::load::{assemble, decode, parse_str, Entry, MAX_FILE_BYTES};
use sct::model::ReviewFile;
use sct::validate::{validate, Documents};
use std::path::{Path, PathBuf};

const REVIEW: &str = "title = \"Fuzz\"\nboard = \"Fuzz LSCB\"\n\n[agencies]\nBHFT = \"Berkshire Healthcare NHS Foundation Trust\"\nCSC = \"Children's Social Care\"\n";

fuzz_target!(|data: &[u8]| {
    if data.len() as u64 > MAX_FILE_BYTES {
        return;
    }
    let rec = Path::new("plans/fuzz/01.toml");
    let meta = Path::new("plans/fuzz/review.toml");

    // review.toml made of the bytes, on its own.
    let mut diags: Vec<Diagnostic> = Vec::new();
    match decode(meta, data.to_vec()) {
        Ok(text) => {
            if let Err(d) = parse_str::<ReviewFile>(meta, &text) {
                diags.extend(d);
            }
        }
        Err(d) => diags.push(d),
    }

    // A recommendation made of the bytes, beside a good review.toml, as `sct check` loads it.
    let read = |p: &Path| {
        if p == meta {
            Ok(REVIEW.to_string())
        } else {
            decode(p, data.to_vec())
        }
    };
    let loaded = assemble(
        vec![("fuzz".to_string(), PathBuf::from("plans/fuzz"))],
        vec![
            ("fuzz".to_string(), Entry::Meta(meta.to_path_buf())),
            ("fuzz".to_string(), Entry::Rec(rec.to_path_buf())),
        ],
        Vec::new(),
        &read,
    );
    diags.extend(loaded.diagnostics);
    let today = chrono::NaiveDate::from_ymd_opt(2012, 6, 30);
    let docs = Documents::Tree {
        paths: Default::default(),
        base: String::new(),
    };
    diags.extend(validate(&loaded.plans, today, &docs));

    let text = String::from_utf8_lossy(data).into_owned();
    let located = locate_all_with(diags, &|p| {
        Some(if p == meta && loaded.plans.reviews[0].meta.is_some() {
            REVIEW.to_string()
        } else {
            text.clone()
        })
    });
    for l in &located {
        let _ = render(l, false);
        let _ = render(l, true);
    }
});
