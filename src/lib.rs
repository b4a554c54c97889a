//! casebook: a static site generator for bilingual (Japanese/English) collections of
//! information-security cases. The build is `pipeline::build`, a flat list of stages:
//! load (`load`) → plan (`plan`) → render (`render`) → write (`output`), over the checked model
//! (`model`). `session` keeps a build for incremental rebuilds. The command line lives in the
//! binary (src/cmd/); this library never reaches into it.

// Diagnostics travel by value on the error path only, where their size costs nothing measurable.
#![allow(clippy::result_large_err)]

pub mod diagnostics;
pub mod load;
pub mod model;
pub mod output;
#[cfg(target_os = "linux")]
pub mod pdf;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod session;
