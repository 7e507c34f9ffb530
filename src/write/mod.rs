//! Writing plans: edits applied to a plan file's text (`update`, and `rewind` for the demo's
//! history), new plan files written in sct's own style (`emit`), and the one gate every write goes through (`gate`: the
//! writers' `lock`, the rules of `check` applied to the new text, the atomic write and the
//! commit, or the file put back). It may use `plan`, `git`, `guard` and `files`; it never
//! renders or prints.

pub mod emit;
pub mod gate;
pub mod lock;
pub mod rewind;
pub mod update;
