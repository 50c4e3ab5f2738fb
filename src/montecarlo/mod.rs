//! SPEC §7.3 Monte Carlo (`revshare mc`). Data flows as elsewhere: the file's and the command
//! line's settings ([`config`]) → the uniforms `u(i, j)` of path `i` and drawn key `j`
//! ([`sampling`]: they depend only on (seed, N, i, j), never on threads or chunking) →
//! distributions ([`dist`]) → the drawn values in each key's grammar ([`draw`]) → paths, each
//! exactly a `run --set` of its values ([`paths`], through [`fast`] where it can) run in
//! parallel steps ([`simulation`]) → statistics ([`summary`]) → the `mc_*` files ([`outputs`]).

pub mod config;
pub mod dist;
pub mod draw;
pub mod fast;
pub mod figures;
pub mod outputs;
pub mod paths;
pub mod sampling;
pub mod simulation;
pub mod summary;
