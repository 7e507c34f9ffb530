//! Formats in and out of the plans: `cells` (what CSV files and workbooks hold), `import`
//! (CSV, workbook and Word plans to plan files), `export` (plan rows to CSV), `xlsx` (the
//! return workbook an agency fills in) and `returns` (reading it back). It may use `plan`, `write`, `guard` and `files`; it never renders reports
//! and never prints.

pub mod bounds;
pub mod cells;
pub mod export;
pub mod import;
pub mod returns;
pub mod xlsx;
