//! The render stage: the planned files from the model, the theme and the templates — pages in
//! parallel, each checked for broken links as it is rendered, and handed to the output sink.
//!
//! What belongs here: the shared context (context.rs), one function per page kind (pages/), the
//! views templates receive (views.rs) and the views many pages share (facts.rs, lists.rs), the
//! files that are not pages (files.rs), and the parts of a page: Markdown, highlighting, charts,
//! search index, `@/` links, the link check. Hand-written on purpose, each says why in its own
//! comment: raw HTML escaping (markdown.rs), the bigram tokenizer that must match the browser's
//! (search.rs), the SVG charts (charts.rs).

pub mod charts;
mod context;
mod engine;
mod facts;
mod files;
mod finder;
pub mod highlight;
pub mod linkcheck;
mod links;
mod lists;
pub mod markdown;
mod pages;
mod parts;
pub mod search;
pub mod templates;
pub mod views;

pub use context::{AutoLinkCache, CardCache, Project, Renderer, SearchCache, card_cache};
pub use engine::{Progress, Written};
pub use files::search_text;
pub use lists::CARD_TEMPLATE;
pub use pages::{BOOKLET_CASE_TEMPLATE, TOC_ENTRY_TEMPLATE};

use crate::diagnostics::Report;
use crate::output::Sink;
use crate::plan::{PathSet, Planned};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// Which planned files a render writes.
#[derive(Clone, Copy)]
pub enum Which<'s> {
    /// Every file of the plan (a build).
    All,
    /// These items of the plan (an incremental rebuild).
    Only(&'s [usize]),
}

/// Renders the planned files `which` into `sink`. Errors (broken content links, template errors,
/// broken links in the output, write failures) are collected and returned together. `Ok(None)`
/// when `cancel` was set meanwhile (a newer edit arrived in `serve`).
pub fn render(
    project: Project<'_>,
    which: Which<'_>,
    sink: &dyn Sink,
    progress: Option<&Progress>,
    cancel: &AtomicBool,
) -> Result<Option<Written>, Report> {
    let started = Instant::now();
    let (renderer, setup_problems) = Renderer::new(project);
    let plan = project.plan;
    let items: Vec<&Planned> = match which {
        Which::All => plan.items.iter().collect(),
        Which::Only(indexes) => indexes.iter().map(|&i| &plan.items[i]).collect(),
    };
    let known: &PathSet = plan.paths();
    let planned = started.elapsed();
    let mut pass = engine::run(&renderer, &items, known, sink, progress, cancel);
    if pass.cancelled || cancel.load(std::sync::atomic::Ordering::Relaxed) {
        return Ok(None);
    }
    let rendered = started.elapsed();
    let [pages_took, files_took] = pass.sides;
    pass.prepend(setup_problems);
    let result = pass.finish(&renderer, matches!(which, Which::All));
    result.map(|mut w| {
        w.timings = vec![
            ("set up templates", planned),
            ("render pages and files, side by side:", rendered - planned),
            ("  pages", pages_took),
            ("  search indexes and other files", files_took),
            ("check anchors", started.elapsed() - rendered),
        ];
        Some(w)
    })
}
