use crate::cli::ExportCommand;
use crate::config::Config;
use crate::Output;

pub fn run(_config: &Config, _a: &ExportCommand) -> anyhow::Result<Output> {
    anyhow::bail!("not yet")
}
