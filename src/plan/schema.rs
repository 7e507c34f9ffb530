//! The JSON Schemas of the plan files, generated from the model types. The checked-in
//! copies under schema/ are compared with these by a test.

use crate::plan::model::{RecFile, ReviewFile};

pub const REVIEW_SCHEMA_FILE: &str = "review.schema.json";
pub const RECOMMENDATION_SCHEMA_FILE: &str = "recommendation.schema.json";
pub const THEMES_SCHEMA_FILE: &str = "themes.schema.json";

pub fn review() -> String {
    pretty(schemars::schema_for!(ReviewFile))
}

pub fn recommendation() -> String {
    pretty(schemars::schema_for!(RecFile))
}

pub fn themes() -> String {
    pretty(schemars::schema_for!(crate::plan::themes::ThemesFile))
}

fn pretty(schema: schemars::Schema) -> String {
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    s.push('\n');
    s
}
