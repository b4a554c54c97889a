//! A case's page: its facts, text, source and the cases before and after it in its collection.

use super::Head;
use crate::diagnostics::Diagnostic;
use crate::model::Lang;
use crate::plan::neighbours;
use crate::render::context::Renderer;
use crate::render::views::CaseView;
use tera::Context;

pub(super) fn case<'a>(
    r: &Renderer<'a>,
    lang: Lang,
    i: usize,
    ctx: &mut Context,
    diags: &mut Vec<Diagnostic>,
) -> Head<'a> {
    let case = &r.site.cases[i];
    let (body, body_lang, d) = r.markdown(&case.body, lang, "", true);
    diags.extend(d);
    let (prev, next) = neighbours(r.site, i);
    let view = CaseView {
        card: r.card(case, lang, true),
        body,
        body_lang,
        translated: case.is_translated(lang),
        source: r.source_view(case, lang),
        prev: prev.map(|p| r.neighbour(p, lang)),
        next: next.map(|n| r.neighbour(n, lang)),
    };
    ctx.insert("case", &view);
    Head { title: case.title.get(lang).into(), description: case.summary.get(lang) }
}
