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

Run sct alone for the commands by task. Tasks step by step, by
role: GUIDE.md; every command, file and rule: REFERENCE.md.";

pub const NEW_REVIEW_EXAMPLES: &str = "\
Examples:
  sct new review lcspr-2012 --kind lcspr \\
      --title 'Child H: practice review' \\
      --board 'Example Safeguarding Partnership' \\
      --agency CSC=\"Children's Social Care\"
  sct --plans ../board-plans new review bham-case14 \\
      --title 'Case 14' --board 'BSCB' \\
      --commenced 2009-06-19

See GUIDE.md#start-a-new-reviews-plan and REFERENCE.md#sct-new.";

pub const NEW_REC_EXAMPLES: &str = "\
Examples:
  sct new recommendation wm-2011 --agency BHFT
  sct new recommendation bham-case14 --agency WMP \\
      --section imr
  sct new recommendation wm-2011 --agency PCT \\
      --number 70 --text 'The PCT should…'

See REFERENCE.md#sct-new and REFERENCE.md#ids.";

pub const IMPORT_EXAMPLES: &str = "\
Examples:
  sct new review windsor-lscb --title 'LSCB plan' \\
      --board 'W&M LSCB' --agency LSCB='W&M LSCB'
  # show what would be written, and write nothing
  sct import csv docs/lscb-plan.csv \\
      --review windsor-lscb --agency LSCB --dry-run
  sct import csv docs/lscb-plan.csv \\
      --review windsor-lscb --agency LSCB --section combined

docs/lscb-plan.csv, in sct's repository and in the one `sct demo` makes, is a plan kept in a spreadsheet. The columns are recognised by the header names plans use (\"Recommendation\", \"Action required\", \"By when\", \"Lead officers\", \"Status\"…), in any case; a map file renames the others. Anything sct cannot read with certainty is an error naming its row and column, and then nothing is written. See REFERENCE.md#sct-import-csv for the map file and the dates it reads.";

pub const IMPORT_XLSX_EXAMPLES: &str = "\
Examples:
  sct new review windsor-lscb --title 'LSCB plan' \\
      --board 'W&M LSCB' --agency LSCB='W&M LSCB' \\
      --agency \\
      BHFT='Berkshire Healthcare NHS Foundation Trust'
  sct import xlsx docs/lscb-plan.xlsx \\
      --review windsor-lscb --agency LSCB --dry-run
  sct import xlsx docs/lscb-plan.xlsx --sheet Plan \\
      --review windsor-lscb --agency LSCB

Every visible sheet whose header names the plan's columns is read, in order; a title above the header is left out and said so. Dates typed as text (\"Sept 08\", \"31.01.09\", \"Ongoing\") read as in CSV; date cells and Excel serial numbers in a date column are days. See REFERENCE.md#sct-import-xlsx.";

pub const IMPORT_DOCX_EXAMPLES: &str = "\
Examples:
  sct new review windsor-lscb --title 'LSCB plan' \\
      --board 'W&M LSCB' --agency LSCB='W&M LSCB' \\
      --agency \\
      BHFT='Berkshire Healthcare NHS Foundation Trust'
  sct import docx docs/lscb-plan.docx \\
      --review windsor-lscb --agency LSCB --dry-run

The document's tables are read in order from the first whose header names the plan's columns; a header row repeated on a page is skipped; a cell merged down belongs to every row it spans; each bullet of an action cell is an action; a row that is one cell across the table names an agency, a section or a recommendation. See REFERENCE.md#sct-import-docx.";

pub const EXPORT_EXAMPLES: &str = "\
Examples:
  sct export csv > plans.csv
  sct export csv --review wm-2011 -o wm-2011.csv

Reading it back into an empty review with `sct import csv` is
the inverse. See REFERENCE.md#sct-export-csv.";

pub const CODEOWNERS_EXAMPLES: &str = "\
Examples:
  sct codeowners  # print it
  # write it for GitHub
  sct codeowners -o .github/CODEOWNERS
  sct codeowners --host gitlab -o .gitlab/CODEOWNERS
  # in CI: fail when it is out of date
  sct codeowners --check -o .github/CODEOWNERS

See REFERENCE.md#sct-codeowners and
GUIDE.md#set-up-the-boards-repository.";

pub const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  sct completions bash \\
      > ~/.local/share/bash-completion/completions/sct
  sct completions zsh > ~/.zfunc/_sct
  sct completions fish \\
      > ~/.config/fish/completions/sct.fish
  sct completions powershell >> $PROFILE

See REFERENCE.md#shell-completions-and-the-man-page.";

pub const REPORT_EXAMPLES: &str = "\
Examples:
  sct report --today 2012-06-30  # Markdown, printed
  # the page to email or print
  sct report --format html -o board-2012-q2.html
  sct report --review wm-2011 --agency PCT -o pct.csv
  sct report --format json | jq '.reviews[].counts'

See GUIDE.md#the-quarterly-report and REFERENCE.md#reports.";

pub const REMIND_EXAMPLES: &str = "\
Examples:
  sct remind  # every message, printed
  # overdue or due in the next 14 days
  sct remind --within 14 --agency BHFT
  sct remind --format eml --out chasers \\
      --from 'LSCB Business Unit <lscb@example.org>'

See GUIDE.md#before-a-board-meeting and REFERENCE.md#sct-remind.";

pub const CHECK_EXAMPLES: &str = "\
Examples:
  sct check
  sct check --history
  sct check --strict --review wm-2011
  sct check --forbid ~/private/case-d-names.txt
  sct check --format json

See REFERENCE.md#sct-check and REFERENCE.md#privacy-guard;
in CI, REFERENCE.md#in-a-plans-repository.";

pub const STATUS_EXAMPLES: &str = "\
Examples:
  sct status
  sct status --by agency --review bham-case14
  sct --today 2012-06-30 status --agency BHFT

See GUIDE.md#before-a-board-meeting and
REFERENCE.md#status-rules.";

pub const OVERDUE_EXAMPLES: &str = "\
Examples:
  sct overdue --agency BHFT
  sct overdue --lead 'named nurse'
  sct --today 2012-06-30 overdue --review wm-2011

See REFERENCE.md#sct-overdue.";

pub const LIST_EXAMPLES: &str = "\
Examples:
  sct list
  sct list --state overdue --state due-soon \\
      --agency RBWM
  sct list --format json

See REFERENCE.md#sct-list and REFERENCE.md#the-json-contract.";

pub const SHOW_EXAMPLES: &str = "\
Examples:
  sct show wm-2011
  sct show wm-2011/21
  sct show bham-case14/wmp-1.1

See REFERENCE.md#sct-show-id.";

pub const LOG_EXAMPLES: &str = "\
Examples:
  sct log
  sct log wm-2011/21.1
  sct log bham-case14 -n 20
  sct log --format json \\
      | jq '.[] | select(.change.kind == \"due-moved\")'

See GUIDE.md#who-recorded-what and REFERENCE.md#sct-log-id.";

pub const UPDATE_EXAMPLES: &str = "\
Examples:
  sct update wm-2011/34.4 --status complete \\
      --evidence 'Presented at the Safeguarding Forum' \\
      --by 'Named nurse' --date 2012-06-28 --commit
  sct update bham-case14/wmp-1.1 --due 2012-12 \\
      --note 'New date agreed' --by 'QA&A Sub Group' \\
      --date 2012-06-26
  sct update wm-2011/21.1 --finalise \\
      --by 'QA&A Sub Group' --date 2012-06-26 --commit \\
      -m 'QA&A June'
  sct update wm-2011/1.3 --evidence 'Minutes of 4 May' \\
      --date 2012-05-04

See GUIDE.md#record-an-update and REFERENCE.md#sct-update-id.";

pub const CHANGES_EXAMPLES: &str = "\
Examples:
  sct changes --since 2012-03-31
  sct changes --since 2012-03-31 --until 2012-06-30 \\
      --agency BHFT
  sct changes --since v2012-q1 --format json

See GUIDE.md#what-changed-since-the-last-meeting and
REFERENCE.md#sct-changes---since-daterev---until-daterev.";

pub const NEW_EXAMPLES: &str = "\
Examples:
  sct new review demo-2012 --title 'Demo review' \\
      --board 'Demo LSCB'
  sct new recommendation wm-2011 --agency BHFT

See GUIDE.md#start-a-new-reviews-plan and REFERENCE.md#sct-new.";

pub const MAN_EXAMPLES: &str = "\
Examples:
  sct man | man -l -
  sct man --dir ~/.local/share/man/man1

See REFERENCE.md#shell-completions-and-the-man-page.";

pub const DEMO_EXAMPLES: &str = "\
Examples:
  sct demo sct-demo && cd sct-demo && sct log -n 12

See GUIDE.md#try-it-on-a-demo-repository and
REFERENCE.md#sct-demo-dir.";

pub const THEMES_EXAMPLES: &str = "\
Examples:
  sct themes
  sct themes --review wm-2011 --format markdown
  # the themes of BHFT's recommendations, for a spreadsheet
  sct themes --agency BHFT --format csv

See REFERENCE.md#learning-across-reviews-have-we-recommended-this-before.";

pub const SIMILAR_EXAMPLES: &str = "\
Examples:
  # every pair scoring 0.2 or more, best first
  sct similar
  # pairs with a recommendation of wm-2011
  sct similar --review wm-2011 --min 0.3
  sct similar --format json | jq '.[0]'

See REFERENCE.md#learning-across-reviews-have-we-recommended-this-before.";

pub const EXPORT_XLSX_EXAMPLES: &str = "\
Examples:
  sct export xlsx --agency BHFT -o bhft-2012-q2.xlsx
  # one agency's actions in one review
  sct export xlsx --review wm-2011 --agency PCT \\
      -o pct-2012-q2.xlsx

See GUIDE.md#agency-returns-the-quarterly-cycle and REFERENCE.md#sct-export-xlsx.";

pub const RETURNS_EXAMPLES: &str = "\
Examples:
  sct export xlsx --agency BHFT -o bhft-2012-q2.xlsx
  # once it is back, filled in: what it would change
  sct import returns bhft-2012-q2.xlsx --dry-run
  sct import returns bhft-2012-q2.xlsx --commit \\
      --author 'Jo Lead <jo.lead@bhft.example>'

See GUIDE.md#agency-returns-the-quarterly-cycle and REFERENCE.md#sct-import-returns-file.";
