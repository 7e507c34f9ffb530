//! Drawing results for people (tables, text) and programs (JSON).

pub mod actions;
pub mod json;
pub mod table;
