//! The plan: what the files under plans/ say and what they mean — the model, dates, the
//! folder layout, loading (with the parse cache), validation, the status rules, queries
//! and diagnostics. Pure: it may use `files` and `guard`, never git, writing, rendering or
//! commands, and it prints nothing.

pub mod cache;
pub mod contacts;
pub mod date;
pub mod diag;
pub mod layout;
pub mod load;
pub mod model;
pub mod owners;
pub mod query;
pub mod read;
pub mod schema;
pub mod status;
pub mod themes;
pub mod validate;
