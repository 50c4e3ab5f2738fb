//! Writers: pure functions from results to bytes (CSV, JSON, text), and the staged,
//! all-or-nothing writing of output directories.

pub mod charts;
pub mod csv;
pub mod format;
pub mod json;
pub mod mc_table;
pub mod report;
pub mod staged;
pub mod sweep_table;
pub mod table;
pub mod text;
