use crate::cli::ImportCommand;
use crate::config::Config;
use crate::Output;

pub fn run(_config: &Config, _a: &ImportCommand) -> anyhow::Result<Output> {
    anyhow::bail!("not yet")
}
