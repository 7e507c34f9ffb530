//! What both targets do with one recommendation file: load it beside a good review.toml as
//! `sct check` loads a tree (privacy scan included), validate it as at `today`, then locate
//! and render every problem.

use sct::plan::diag::{locate_all_with, render};
use sct::plan::load::{assemble, Entry, Loaded, Scan};
use sct::plan::read::decode;
use sct::plan::validate::{validate, Documents};
use std::path::{Path, PathBuf};

pub const REVIEW: &str = "title = \"Fuzz\"\nboard = \"Fuzz LSCB\"\n\n[agencies]\nBHFT = \"Berkshire Healthcare NHS Foundation Trust\"\nCSC = \"Children's Social Care\"\n";
pub const REC: &str = "plans/fuzz/01.toml";
pub const META: &str = "plans/fuzz/review.toml";

/// The plans loaded from `bytes` as plans/fuzz/01.toml, after every problem in them has
/// been located and rendered, as `sct check` shows them.
pub fn check_one(bytes: &[u8], today: Option<chrono::NaiveDate>) -> Loaded {
    let (rec, meta) = (Path::new(REC), Path::new(META));
    let read = |p: &Path| {
        if p == meta {
            Ok(REVIEW.to_string())
        } else {
            decode(p, bytes.to_vec())
        }
    };
    let run = |p: &Path, text: &str| sct::plan::diag::privacy(sct::guard::privacy::builtin(), p, text);
    let loaded = assemble(
        vec![("fuzz".to_string(), PathBuf::from("plans/fuzz"))],
        vec![
            ("fuzz".to_string(), Entry::Meta(meta.to_path_buf())),
            ("fuzz".to_string(), Entry::Rec(rec.to_path_buf())),
        ],
        Vec::new(),
        &read,
        Some(Scan { run: &run, key: 0 }),
    );
    let docs = Documents::Tree {
        paths: Default::default(),
        base: String::new(),
    };
    let mut diags = loaded.diagnostics.clone();
    diags.extend(validate(&loaded.plans, today, &docs));
    let text = String::from_utf8_lossy(bytes).into_owned();
    let located = locate_all_with(diags, &|p| {
        Some(if p == meta {
            REVIEW.to_string()
        } else {
            text.clone()
        })
    });
    for l in &located {
        let _ = render(l, false);
        let _ = render(l, true);
    }
    loaded
}
