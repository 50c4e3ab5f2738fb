//! revshare: a revenue-share scenario simulator.
//!
//! A cash-flow engine applies a one-way revenue share — a percentage of qualifying revenue,
//! limited by a total cap and ending at a sunset date — to revenue projections per stream and
//! per cloud, and writes CSV, JSON and reports. `SPEC.md` is the contract; module docs cite it.
//!
//! Data flows one way: [`scenario`] (parse + validate) → [`model`] → [`engine`] → [`outcome`]
//! → [`output`] → [`commands`].

pub mod cli;
pub mod commands;
pub mod dates;
pub mod engine;
pub mod error;
pub mod model;
pub mod money;
pub mod montecarlo;
pub mod outcome;
pub mod output;
pub mod scenario;
pub mod sweep;
