//! Arbitrary bytes through what `sct check` does with one plan file: decode (UTF-8, BOM,
//! empty), parse as a recommendation and as a review.toml, assemble with a good review,
//! validate, then locate and render every diagnostic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sct::plan::diag::{locate_all_with, render, Diagnostic};
use sct::plan::read::{decode, parse_str, MAX_FILE_BYTES};
use sct::plan::model::ReviewFile;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if data.len() as u64 > MAX_FILE_BYTES {
        return;
    }
    let meta = Path::new(common::META);

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
    let _ = common::check_one(data, chrono::NaiveDate::from_ymd_opt(2012, 6, 30));
    for l in &locate_all_with(diags, &|_| Some(String::from_utf8_lossy(data).into_owned())) {
        let _ = render(l, false);
    }
});
