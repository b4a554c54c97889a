//! casebook's integration tests, one binary with a module per subject (each module's first line
//! says what belongs in it). Fixture sites live in tests/fixtures/ and are built into temp dirs.

// Helpers are shared by the modules; not every module uses every one.
#[allow(dead_code)]
mod common;

mod browser;
mod cli;
mod conformance;
mod content_errors;
mod fuzz;
mod hostile;
mod incremental;
mod messages;
mod output_safety;
mod real_content;
mod site_build;
