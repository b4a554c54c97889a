//! The home page and the collection in figures: counts, the most frequent terms, the collections,
//! and the charts (a bar chart per taxonomy, a tile map of the prefectures, the matrix).

use super::{Head, site_head, titled};
use crate::model::{Lang, TaxonomyKind, TermRef};
use crate::plan::Route;
use crate::render::charts;
use crate::render::context::Renderer;
use crate::render::markdown::ROOT;
use crate::render::views::{ChartView, CollectionView, FacetSummary, HomeView};
use tera::Context;

pub(super) fn home<'a>(r: &Renderer<'a>, lang: Lang, ctx: &mut Context) -> Head<'a> {
    ctx.insert("home", &home_view(r, lang));
    ctx.insert("charts", &charts_of(r, lang));
    // Booklets: the whole collection's when it is written, and how to make others.
    let booklet = r.derived.booklet_fits(r.site.cases.len()).then(|| crate::plan::Route::Print(lang).path());
    ctx.insert("booklet", &booklet);
    let help = r.site.pages.iter().find(|p| p.slug.as_str() == "how-to-use");
    let help = help.filter(|_| r.derived.booklet_max.is_some()).map(|p| crate::plan::Route::Page(lang, &p.slug).path());
    ctx.insert("booklets_help", &help);
    let named: Vec<_> = r.derived.named_written().map(|i| super::booklet::named_link(r, i, lang)).collect();
    ctx.insert("named_booklets", &named);
    let booklets_page = (r.derived.booklet_max.is_some() && !r.site.booklets.is_empty())
        .then(|| crate::plan::Route::Booklets(lang).path());
    ctx.insert("booklets_page", &booklets_page);
    site_head(r, lang)
}

pub(super) fn overview<'a>(r: &Renderer<'a>, lang: Lang, ctx: &mut Context) -> Head<'a> {
    ctx.insert("charts", &charts_of(r, lang));
    ctx.insert("home", &home_view(r, lang));
    titled(r, "overview_title", lang)
}

fn home_view<'a>(r: &Renderer<'a>, lang: Lang) -> HomeView<'a> {
    let site = r.site;
    let incident_count = site.cases.iter().filter(|c| c.incident).count();
    let facets = site
        .taxonomies
        .iter()
        .enumerate()
        .map(|(t, tax)| {
            let count = |i: usize| r.derived.count(TermRef { taxonomy: t, term: i });
            let mut order: Vec<usize> = (0..tax.terms.len()).filter(|&i| count(i) > 0).collect();
            if !tax.ordered {
                order.sort_by_key(|&i| std::cmp::Reverse(count(i)));
            }
            FacetSummary {
                name: tax.name.as_str(),
                label: tax.label.get(lang),
                path: Route::Taxonomy(lang, &tax.name).path(),
                top: order
                    .iter()
                    .take(if tax.ordered { usize::MAX } else { 8 })
                    .map(|&i| r.term_link(TermRef { taxonomy: t, term: i }, lang))
                    .collect(),
                term_count: tax.terms.len(),
            }
        })
        .collect();
    let c = site.collections;
    let terms = &site.taxonomies[c].terms;
    // Newest source first: what a returning reader has not seen yet.
    let mut order: Vec<usize> = (0..terms.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(terms[i].source.as_ref().and_then(|s| s.year)));
    let collections = order
        .into_iter()
        .map(|i| {
            let tr = TermRef { taxonomy: c, term: i };
            CollectionView {
                link: r.term_link(tr, lang),
                source: terms[i].source.as_ref().map(|s| r.source_of(tr, s, None, lang)),
            }
        })
        .collect();
    HomeView {
        case_count: site.cases.len(),
        incident_count,
        prepared_count: site.cases.len() - incident_count,
        facets,
        collections,
    }
}

/// The visual summaries of the collection: a chart per taxonomy (a tile map for the prefectures)
/// and the matrix `site.yaml` asks for. Links carry ROOT markers, so the same charts fit any page.
fn charts_of(r: &Renderer, lang: Lang) -> Vec<ChartView> {
    let site = r.site;
    let mut out: Vec<ChartView> = (0..site.taxonomies.len()).map(|t| chart(r, lang, t)).collect();
    if let Some((rows, columns)) = &site.config.matrix
        && let (Some(rt), Some(ct)) = (site.taxonomy_by_name(rows), site.taxonomy_by_name(columns))
    {
        out.push(matrix(r, lang, rt, ct));
    }
    out
}

fn chart_text<'t>(r: &Renderer<'t>, lang: Lang, title: &'t str, label_header: &'t str) -> charts::ChartText<'t> {
    charts::ChartText {
        title,
        label_header,
        count_header: r.t("count_header", lang),
        table_summary: r.t("show_table", lang),
    }
}

fn chart(r: &Renderer, lang: Lang, t: usize) -> ChartView {
    let tax = &r.site.taxonomies[t];
    let facet = tax.label.get(lang);
    let title = r.t("chart_title", lang).replace("{facet}", facet);
    let text = chart_text(r, lang, &title, facet);
    let mut data: Vec<(usize, charts::Datum)> = tax
        .terms
        .iter()
        .enumerate()
        .map(|(i, term)| {
            let datum = charts::Datum {
                label: term.label.get(lang).to_owned(),
                count: r.derived.count(TermRef { taxonomy: t, term: i }),
                href: Route::Term(lang, &tax.name, &term.id).path(),
            };
            (i, datum)
        })
        .collect();
    let id = format!("chart-{}", tax.name);
    let is_map = !tax.terms.is_empty()
        && tax.terms.iter().all(|term| charts::TILES.iter().any(|(code, _, _)| *code == term.id.as_str()));
    if tax.kind == TaxonomyKind::Year {
        data = continuous_years(r, lang, t, data);
    }
    let html = if is_map {
        let keyed: Vec<(String, charts::Datum)> =
            data.into_iter().map(|(i, d)| (tax.terms[i].id.as_str().to_owned(), d)).collect();
        charts::tile_map(&id, &text, &keyed, ROOT)
    } else {
        if !(tax.ordered || tax.kind == TaxonomyKind::Year) {
            data.retain(|(_, d)| d.count > 0);
            data.sort_by_key(|(i, d)| (std::cmp::Reverse(d.count), *i));
        }
        let data: Vec<charts::Datum> = data.into_iter().map(|(_, d)| d).collect();
        charts::bars(&id, &text, &data, ROOT)
    };
    ChartView { id, title, path: Route::Taxonomy(lang, &tax.name).path(), taxonomy: tax.name.as_str().to_owned(), html }
}

/// Cases per (row term, column term): e.g. which measures companies took after each kind of
/// incident. Each cell links to the search page narrowed to both terms.
fn matrix(r: &Renderer, lang: Lang, rt: usize, ct: usize) -> ChartView {
    let site = r.site;
    let (rows_tax, cols_tax) = (&site.taxonomies[rt], &site.taxonomies[ct]);
    let title = r
        .t("matrix_title", lang)
        .replace("{rows}", rows_tax.label.get(lang))
        .replace("{columns}", cols_tax.label.get(lang));
    let text = chart_text(r, lang, &title, rows_tax.label.get(lang));
    let row_cases = |i: usize| r.derived.cases_of(TermRef { taxonomy: rt, term: i });
    let columns: Vec<usize> =
        (0..cols_tax.terms.len()).filter(|&j| r.derived.count(TermRef { taxonomy: ct, term: j }) > 0).collect();
    let mut order: Vec<usize> = (0..rows_tax.terms.len()).filter(|&i| !row_cases(i).is_empty()).collect();
    order.sort_by_key(|&i| rows_tax.terms[i].group);
    let rows: Vec<charts::MatrixRow> = order
        .into_iter()
        .map(|i| {
            let term = &rows_tax.terms[i];
            let cells = columns
                .iter()
                .map(|&j| {
                    let col = &cols_tax.terms[j];
                    charts::Datum {
                        label: format!("{} × {}", term.label.get(lang), col.label.get(lang)),
                        count: row_cases(i).iter().filter(|&&k| site.cases[k].terms[ct].contains(&j)).count(),
                        href: format!(
                            "{}?{}={}&{}={}",
                            Route::Search(lang).path(),
                            rows_tax.name,
                            term.id,
                            cols_tax.name,
                            col.id
                        ),
                    }
                })
                .collect();
            charts::MatrixRow {
                label: term.label.get(lang).to_owned(),
                group: term.group.map_or(String::new(), |g| rows_tax.groups[g].label.get(lang).to_owned()),
                cells,
            }
        })
        .collect();
    let names: Vec<String> = columns.iter().map(|&j| cols_tax.terms[j].label.get(lang).to_owned()).collect();
    let id = "chart-matrix".to_owned();
    let html = charts::matrix(&id, &text, &names, &rows, ROOT);
    ChartView { id, title, path: String::new(), taxonomy: String::new(), html }
}

/// A year axis without holes: every year from the first to the last a case has (a year without
/// cases is a bar of 0 that links nowhere), then the cases whose year is not known, so the chart
/// suggests no trend the gaps would make up.
fn continuous_years(
    r: &Renderer,
    lang: Lang,
    t: usize,
    data: Vec<(usize, charts::Datum)>,
) -> Vec<(usize, charts::Datum)> {
    let tax = &r.site.taxonomies[t];
    let year = |i: usize| tax.terms[i].id.as_str().parse::<u32>().ok();
    let mut by_year: Vec<(u32, (usize, charts::Datum))> =
        data.into_iter().filter_map(|(i, d)| year(i).map(|y| (y, (i, d)))).collect();
    by_year.sort_by_key(|(y, _)| *y);
    let mut out = Vec::new();
    let mut next = by_year.first().map(|(y, _)| *y);
    for (y, entry) in by_year {
        while let Some(gap) = next.filter(|&g| g < y) {
            let label = if lang == Lang::Ja { format!("{gap}年") } else { gap.to_string() };
            out.push((usize::MAX, charts::Datum { label, count: 0, href: String::new() }));
            next = Some(gap + 1);
        }
        out.push(entry);
        next = Some(y + 1);
    }
    // Cases that could have a year (an incident, when only incidents have one) but give none.
    let unknown = r.site.cases.iter().filter(|c| (c.incident || !tax.incident_only) && c.terms[t].is_empty()).count();
    if unknown > 0 {
        let label = r.t("unknown_year", lang).to_owned();
        out.push((usize::MAX, charts::Datum { label, count: unknown, href: String::new() }));
    }
    out
}
