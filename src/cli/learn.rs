//! The arguments of the commands that learn across reviews: `themes` and `similar`.

use clap::Args;

#[derive(Debug, Args)]
pub struct ThemesArgs {
    /// Only this review's recommendations.
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// Only recommendations addressed to this agency (and its actions); RBWM also selects
    /// RBWM-CSC and RBWM-FSS.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// Only pairs with a recommendation of this review (the other may be of any review).
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// The lowest score shown, from 0 to 1 [default: 0.2, chosen on a labelled set: see
    /// README].
    #[arg(long, value_name = "SCORE", value_parser = score)]
    pub min: Option<f32>,
}

fn score(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{s}` is not a score: give a number from 0 to 1, such as 0.5"
        )),
    }
}
