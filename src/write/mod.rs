//! Writing plans: edits applied to a plan file's text (`update`) and new plan files written
//! in sct's own style (`emit`). It may use `plan`, `git`, `guard` and `files`; it never
//! renders or prints.

pub mod emit;
pub mod rewind;
pub mod update;
