//! The checked-in JSON Schemas must be the ones the types generate.
//! Regenerate with `SCT_UPDATE_SCHEMA=1 cargo test --test schema`.

use std::path::Path;

fn compare(file: &str, generated: String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    if std::env::var_os("SCT_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "schema/{file} is stale: run `SCT_UPDATE_SCHEMA=1 cargo test --test schema` and commit it"
    );
}

#[test]
fn review_schema_is_current() {
    compare(
        sct::plan::schema::REVIEW_SCHEMA_FILE,
        sct::plan::schema::review(),
    );
}

#[test]
fn recommendation_schema_is_current() {
    compare(
        sct::plan::schema::RECOMMENDATION_SCHEMA_FILE,
        sct::plan::schema::recommendation(),
    );
}

#[test]
fn themes_schema_is_current() {
    compare(
        sct::plan::schema::THEMES_SCHEMA_FILE,
        sct::plan::schema::themes(),
    );
}
