//! SPEC §7.3 Monte Carlo (`revshare mc`, issue 13), built in steps. This first step is the
//! sampling layer: the uniform `u(i, j)` of path `i` and drawn key `j`, which depends only on
//! (seed, N, i, j), never on threads or chunking, so the same seed gives the same bytes on
//! any machine and at any thread count.

pub mod dist;
pub mod draw;
pub mod paths;
pub mod sampling;
pub mod summary;
