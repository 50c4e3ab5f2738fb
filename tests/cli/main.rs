//! The command-line contract (SPEC §3–§6), run against the real binary: error messages and
//! exit codes, all-or-nothing outputs, warnings, `init`. One test binary, so the suite links
//! once (see ripgrep's and just's test layouts).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod atomic;
mod charts;
mod compare;
mod errors;
mod init;
mod limits;
mod mc;
mod paid_before;
mod reports;
mod scales;
mod support;
mod sweep;
mod tornado;
mod warnings;
