//! SPEC §7.3 Monte Carlo (`revshare mc`, issue 13), built in steps; the command itself is
//! not wired yet. Data flows as elsewhere: the uniforms `u(i, j)` of path `i` and drawn key `j`
//! ([`sampling`]: they depend only on (seed, N, i, j), never on threads or chunking) →
//! distributions ([`dist`]) → the drawn values in each key's grammar ([`draw`]) → paths, each
//! exactly a `run --set` of its values ([`paths`]) → statistics ([`summary`]).

pub mod dist;
pub mod draw;
pub mod fast;
pub mod paths;
pub mod sampling;
pub mod summary;
