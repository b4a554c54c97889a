//! casebook: a static site generator for bilingual (Japanese/English) collections of
//! information-security cases. The build is `pipeline::build`: load → theme → render → write.

// Diagnostics travel by value on the error path only, where their size costs nothing measurable.
#![allow(clippy::result_large_err)]

pub mod bundle;
pub mod charts;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod highlight;
pub mod ids;
pub mod incremental;
pub mod lang;
pub mod linkcheck;
pub mod markdown;
pub mod model;
pub mod new_case;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod routes;
pub mod safe_fs;
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;
pub mod views;
pub mod yaml;
