//! `sct codeowners`: see `crate::plan::owners`.

use crate::cli::{CodeownersArgs, Host};
use crate::config::Config;
use crate::guard::write_file;
use crate::{exit, Output};

pub fn run(config: &Config, a: &CodeownersArgs) -> anyhow::Result<Output> {
    let plans = super::load_valid(config)?;
    let text = crate::plan::owners::codeowners(&plans, &config.plans, a.host)
        .map_err(anyhow::Error::msg)?;
    let Some(path) = &a.output else {
        return Ok(Output::stdout(text));
    };
    if a.check {
        // Bounded like every input that is not a plan; a missing file is out of date.
        let current = match crate::files::read_limited(path, 1 << 20) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(crate::files::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                String::new()
            }
            Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
        };
        if current == text {
            return Ok(Output::stdout(format!(
                "{} is up to date\n",
                path.display()
            )));
        }
        let host = match a.host {
            Host::Github => "github",
            Host::Gitlab => "gitlab",
        };
        return Ok(Output {
            stderr: format!(
                "sct: {} is out of date with the [owners] tables\n  = hint: run `sct codeowners --host {host} -o {}` and commit it\n",
                path.display(),
                path.display()
            ),
            code: exit::FINDINGS,
            ..Default::default()
        });
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    write_file(path, &text)?;
    Ok(Output::stdout(format!("wrote {}\n", path.display())))
}
