//! The JSON Schemas in schema/ against real files, with a JSON Schema validator: every
//! bundled plan file and every file sct writes passes them and points at them with its
//! `#:schema` line, and the schemas reject what the loader rejects, except for the rules
//! that no schema of one file can express (listed below).

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validator(file: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema").join(file)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// TOML as JSON the way Taplo hands it to the schema: dates become strings.
fn to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}

struct Schemas {
    review: jsonschema::Validator,
    rec: jsonschema::Validator,
    themes: jsonschema::Validator,
}

impl Schemas {
    fn new() -> Self {
        Schemas {
            review: validator("review.schema.json"),
            rec: validator("recommendation.schema.json"),
            themes: validator("themes.schema.json"),
        }
    }

    /// The schema's verdict on a file: Err with the reasons when it rejects it (a file
    /// that is not TOML at all is rejected before any schema sees it).
    fn verdict(&self, path: &Path, text: &str) -> Result<(), Vec<String>> {
        let value: toml::Value =
            toml::from_str(text).map_err(|e| vec![format!("not TOML: {e}")])?;
        let v = if path.file_name().is_some_and(|n| n == "review.toml") {
            &self.review
        } else if is_vocabulary(path) {
            &self.themes
        } else {
            &self.rec
        };
        let json = to_json(value);
        let errors: Vec<String> = v
            .iter_errors(&json)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The vocabulary of themes: themes.toml at the top of a plans folder.
fn is_vocabulary(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "themes.toml")
        && path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n == "plans")
}

/// Checks every TOML file below `dir`: valid against its schema, and its first line a
/// `#:schema` directive that leads to that schema. Returns how many files it checked.
fn check_tree(schemas: &Schemas, dir: &Path) -> usize {
    let mut n = 0;
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        if let Err(errors) = schemas.verdict(e.path(), &text) {
            panic!("{}: {errors:#?}", e.path().display());
        }
        let first = text.lines().next().unwrap_or_default();
        let target = first.strip_prefix("#:schema ").unwrap_or_else(|| {
            panic!(
                "{} does not begin with #:schema: {first:?}",
                e.path().display()
            )
        });
        let schema = e.path().parent().unwrap().join(target);
        let want = if e.file_name() == "review.toml" {
            "review.schema.json"
        } else if is_vocabulary(e.path()) {
            "themes.schema.json"
        } else {
            "recommendation.schema.json"
        };
        assert_eq!(schema.file_name().unwrap(), want, "{}", e.path().display());
        assert!(
            schema.is_file(),
            "{} points at {}, which is not there",
            e.path().display(),
            schema.display()
        );
        n += 1;
    }
    n
}

#[test]
fn every_bundled_plan_file_is_valid_against_its_schema() {
    assert_eq!(check_tree(&Schemas::new(), &root().join("plans")), 141);
}

#[test]
fn every_file_sct_writes_is_valid_against_its_schema() {
    let schemas = Schemas::new();
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let r = sct_run(dir.path(), args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    };
    run(&[
        "new",
        "review",
        "wm",
        "--title",
        "T",
        "--board",
        "B",
        "--commenced",
        "2011-10",
        "--agency",
        "LSCB=Local Safeguarding Children Board",
    ]);
    run(&[
        "new",
        "recommendation",
        "wm",
        "--agency",
        "LSCB",
        "--section",
        "combined",
        "--number",
        "99",
        "--text",
        "Text",
    ]);
    run(&[
        "new",
        "recommendation",
        "wm",
        "--agency",
        "LSCB",
        "--section",
        "imr",
    ]);
    let csv = fixtures().join("import/wm-lscb.csv");
    run(&[
        "import",
        "csv",
        csv.to_str().unwrap(),
        "--review",
        "wm",
        "--agency",
        "LSCB",
        "--section",
        "combined",
    ]);
    assert_eq!(check_tree(&schemas, &dir.path().join("plans")), 8);
    // And the export of the bundled plans, imported again.
    let out = dir.path().join("all.csv");
    let r = sct_run(
        &root(),
        &[
            "export",
            "csv",
            "--review",
            "bham-case14",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let target = dir.path().join("plans/bham-case14");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::copy(
        root().join("plans/bham-case14/review.toml"),
        target.join("review.toml"),
    )
    .unwrap();
    run(&[
        "import",
        "csv",
        out.to_str().unwrap(),
        "--review",
        "bham-case14",
    ]);
    assert_eq!(check_tree(&schemas, &dir.path().join("plans")), 8 + 71);
}

/// Rules a schema of one file cannot express: the loader rejects these fixtures, the
/// schema accepts them. (no-evidence.toml is only a warning: both accept it.)
const BEYOND_A_SCHEMA: &[(&str, &str)] = &[
    (
        "duplicate-number.toml",
        "a recommendation ID must be unique among the files of a review",
    ),
    (
        "undeclared-agency.toml",
        "an agency code must be declared in review.toml, another file",
    ),
    (
        "unknown-theme.toml",
        "a theme must be listed in plans/themes.toml, another file a board edits",
    ),
    (
        "future-completion.toml",
        "a completion date must not be after today, which a schema does not know",
    ),
];

#[test]
fn schema_and_loader_agree_on_the_bad_fixtures() {
    let schemas = Schemas::new();
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 12, "{names:?}");
    let mut gaps = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(fixtures().join("bad").join(name)).unwrap();
        // A duplicate needs a second file with the same number.
        let dir = if name == "duplicate-number.toml" {
            tree(&[("a.toml", &text), (name.as_str(), &text)])
        } else {
            tree(&[(name.as_str(), &text)])
        };
        let r = sct_run(dir.path(), &["check"]);
        assert!(r.code == 0 || r.code == 1, "{name}: {}", r.stderr);
        let loader_rejects = r.code == 1;
        let schema = schemas.verdict(Path::new(name), &text);
        match BEYOND_A_SCHEMA.iter().find(|(n, _)| n == name) {
            Some((_, why)) => {
                assert!(
                    loader_rejects,
                    "{name}: the loader should reject it ({why})"
                );
                assert!(
                    schema.is_ok(),
                    "{name}: the schema now rejects it; take it off BEYOND_A_SCHEMA: {schema:?}"
                );
                gaps.push(name.as_str());
            }
            None => assert_eq!(
                schema.is_err(),
                loader_rejects,
                "{name}: loader {} it, schema {}",
                if loader_rejects { "rejects" } else { "accepts" },
                match &schema {
                    Ok(()) => "accepts it".to_string(),
                    Err(e) => format!("rejects it: {e:?}"),
                }
            ),
        }
    }
    assert_eq!(
        gaps.len(),
        BEYOND_A_SCHEMA.len(),
        "every listed gap has its fixture"
    );
}

#[test]
fn the_schema_rejects_what_matters_with_reasons() {
    let schemas = Schemas::new();
    let rec = |body: &str| {
        schemas.verdict(
            Path::new("21.toml"),
            &format!("number = 21\nagency = \"BHFT\"\n{body}"),
        )
    };
    assert!(rec("").is_ok());
    assert!(rec("[[actions]]\ndescription = \"x\"\ndue = \"2012-05\"\n").is_ok());
    assert!(rec("[[actions]]\ndescription = \"x\"\ndue = 2012-05-31\n").is_ok());
    for bad in [
        "[[actions]]\ndescription = \"x\"\ndue = \"May 2012\"\n",
        "[[actions]]\ndescription = \"x\"\ndue = 2012-02-30\n",
        "[[actions]]\ndescription = \"x\"\nstatus = \"done\"\n",
        "[[actions]]\ndescription = \"x\"\ndue = 2012-05-31T10:00:00\n",
        "section = \"appendix\"\n",
        "agreed = \"x\"\n",
    ] {
        assert!(rec(bad).is_err(), "{bad}");
    }
    let review = |body: &str| {
        schemas.verdict(
            Path::new("review.toml"),
            &format!("title = \"T\"\nboard = \"B\"\n[agencies]\nBHFT = \"B\"\n{body}"),
        )
    };
    assert!(review("").is_ok());
    assert!(
        review("[owners]\nqa = [\"@b/qa\"]\n[owners.agencies]\nBHFT = [\"@b/bhft\"]\n").is_ok()
    );
    assert!(
        review("[owners]\nagencies = {}\n").is_err(),
        "qa is required"
    );
    assert!(review("[owners]\nqa = \"@b/qa\"\n").is_err(), "a list");
}
