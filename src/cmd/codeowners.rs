use crate::cli::CodeownersArgs;
use crate::config::Config;
use crate::Output;

pub fn run(_config: &Config, _a: &CodeownersArgs) -> anyhow::Result<Output> {
    anyhow::bail!("not yet")
}
