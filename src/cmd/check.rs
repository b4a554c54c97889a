//! `casebook check`: every stage of a build, writing nothing.

use super::{SiteArgs, finish, summary};
use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

impl CheckArgs {
    pub fn run(self) -> ExitCode {
        let opts = self.site.options(None);
        finish(casebook::pipeline::build(&opts), |o| eprintln!("{}", summary(o, "checked", None)))
    }
}
