//! The longer examples at the end of some commands' --help.

pub const IMPORT_EXAMPLES: &str = "\
Examples:
  sct import csv plan.csv --review wm-2011 --dry-run     show what would be written
  sct import csv plan.csv --review wm-2011 --agency BHFT --section combined
  sct import csv imr.csv --review bham-case14 --section imr --map columns.toml

The columns are recognised by the header names plans use (\"Recommendation\", \"Action
required\", \"By when\", \"Lead officers\", \"Status\"…), in any case; a map file renames
the others. Anything sct cannot read with certainty is an error naming its row and column,
and then nothing is written. See the README for the map file and the dates it reads.";

pub const EXPORT_EXAMPLES: &str = "\
Examples:
  sct export csv > plans.csv
  sct export csv --review wm-2011 -o wm-2011.csv
  sct import csv wm-2011.csv --review wm-2011      (into an empty review: the inverse)";

pub const CODEOWNERS_EXAMPLES: &str = "\
Examples:
  sct codeowners                                    print it
  sct codeowners -o .github/CODEOWNERS              write it for GitHub
  sct codeowners --host gitlab -o .gitlab/CODEOWNERS
  sct codeowners --check -o .github/CODEOWNERS      in CI: fail when it is out of date";

pub const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  sct completions bash > ~/.local/share/bash-completion/completions/sct
  sct completions zsh > ~/.zfunc/_sct
  sct completions fish > ~/.config/fish/completions/sct.fish
  sct completions powershell >> $PROFILE";
