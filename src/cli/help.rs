//! The help text beyond the options: the overview by task, and each command's examples.
//! Example lines stay within 60 columns, continued with a backslash between arguments, so
//! that clap never wraps one mid-argument (tests/help.rs).

/// What bare `sct` prints: the commands by task, as cargo and
/// git show theirs. Lines stay within 60 columns; tests/help.rs keeps every command in it.
pub const OVERVIEW: &str = "\
Read where things stand
  sct check                  validate every plan file
  sct status                 where each review stands
  sct overdue --agency BHFT  whom to chase
  sct list, sct show ID      every action, or one in full
Record progress
  sct update ID              status, evidence, sign-off
  sct new recommendation     start a plan file
  sct import csv FILE        a spreadsheet's plan, in
  sct export csv             the plans as a spreadsheet
Report and audit
  sct report                 the board's report
  sct remind                 a chasing message per lead
  sct changes --since DATE   what moved since then
  sct log ID                 who recorded what, when
  sct check --history        audit the history itself
  sct themes                 learning that keeps coming back
  sct similar                recommended before?
Set up
  sct demo DIR               a repository to try it in
  sct new review SLUG        a review folder
  sct codeowners             who approves which files
  sct completions SHELL      shell completions; sct man

sct COMMAND --help: one command's options and examples.";

/// The end of `sct --help`.
pub const EXAMPLES: &str = "\
Examples:
  sct check
  sct status --by agency
  sct overdue --agency BHFT
  sct report --format html -o report.html

Run sct alone for the commands by task.";

pub const NEW_REVIEW_EXAMPLES: &str = "\
Examples:
  sct new review wm-2011 \\
      --title 'Serious case review: combined action plan' \\
      --board 'Windsor and Maidenhead LSCB' \\
      --agency BHFT='Berkshire Healthcare NHS FT'
  sct --plans ../board-plans new review bham-case14 \\
      --title 'Case 14' --board 'BSCB' \\
      --commenced 2009-06-19";

pub const NEW_REC_EXAMPLES: &str = "\
Examples:
  sct new recommendation wm-2011 --agency BHFT
  sct new recommendation bham-case14 --agency WMP \\
      --section imr
  sct new recommendation wm-2011 --agency PCT \\
      --number 69 --text 'The PCT should…'";

pub const IMPORT_EXAMPLES: &str = "\
Examples:
  sct import csv plan.csv --review wm-2011 --agency BHFT \\
      --section combined
  # show what would be written, and write nothing
  sct import csv plan.csv --review wm-2011 --dry-run
  sct import csv imr.csv --review bham-case14 \\
      --section imr --map columns.toml

The columns are recognised by the header names plans use (\"Recommendation\", \"Action required\", \"By when\", \"Lead officers\", \"Status\"…), in any case; a map file renames the others. Anything sct cannot read with certainty is an error naming its row and column, and then nothing is written. See REFERENCE.md#sct-import-csv for the map file and the dates it reads.";

pub const EXPORT_EXAMPLES: &str = "\
Examples:
  sct export csv > plans.csv
  sct export csv --review wm-2011 -o wm-2011.csv
  # into an empty review: the inverse
  sct import csv wm-2011.csv --review wm-2011";

pub const CODEOWNERS_EXAMPLES: &str = "\
Examples:
  sct codeowners  # print it
  # write it for GitHub
  sct codeowners -o .github/CODEOWNERS
  sct codeowners --host gitlab -o .gitlab/CODEOWNERS
  # in CI: fail when it is out of date
  sct codeowners --check -o .github/CODEOWNERS";

pub const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  sct completions bash \\
      > ~/.local/share/bash-completion/completions/sct
  sct completions zsh > ~/.zfunc/_sct
  sct completions fish \\
      > ~/.config/fish/completions/sct.fish
  sct completions powershell >> $PROFILE";

pub const REPORT_EXAMPLES: &str = "\
Examples:
  sct report --today 2012-06-30  # Markdown, printed
  # the page to email or print
  sct report --format html -o board-2012-q2.html
  sct report --review wm-2011 --agency PCT -o pct.csv
  sct report --format json | jq '.reviews[].counts'";

pub const REMIND_EXAMPLES: &str = "\
Examples:
  sct remind  # every message, printed
  # overdue or due in the next 14 days
  sct remind --within 14 --agency BHFT
  sct remind --format eml --out chasers \\
      --from 'LSCB Business Unit <lscb@example.org>'";

pub const THEMES_EXAMPLES: &str = "\
Examples:
  sct themes
  sct themes --review wm-2011 --format markdown
  # the themes of BHFT's recommendations, for a spreadsheet
  sct themes --agency BHFT --format csv";

pub const SIMILAR_EXAMPLES: &str = "\
Examples:
  # every pair scoring 0.2 or more, best first
  sct similar
  # pairs with a recommendation of wm-2011
  sct similar --review wm-2011 --min 0.3
  sct similar --format json | jq '.[0]'";
