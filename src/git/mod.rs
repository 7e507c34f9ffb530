//! git, the audit trail: the repository (the one place git is run), snapshots of the plans
//! at a commit (`--at`), the history of every action, the audit of sign-offs and evidence
//! (`check --history`) and `changes`. It may use `plan`, `guard` and `files`; it never
//! writes plan files and never renders.

pub mod audit;
pub mod changes;
mod commit;
pub mod ever;
pub mod history;
pub mod leaks;
pub mod objects;
pub mod repo;
pub mod snapshot;
