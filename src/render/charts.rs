//! Visual summaries, drawn at build time as inline SVG: bar charts, a tile map of Japan's 47
//! prefectures and an incident-type × measure matrix. No JavaScript is needed; every mark links
//! to the cases behind it, and every chart comes with a table as its text alternative.
//! Colours are CSS classes (`chart-*` in the theme's style.css), so light and dark schemes work.

use super::highlight::escape;
use std::fmt::Write as _;

/// One bar or cell: its label, how many cases, and where they are listed.
pub struct Datum {
    pub label: String,
    pub count: usize,
    /// Path from the output root (the page adds its own prefix through `root`).
    pub href: String,
}

/// Labels a chart needs in the page's language.
pub struct ChartText<'a> {
    pub title: &'a str,
    /// The column header of the table alternative for the label ("事故の種類").
    pub label_header: &'a str,
    /// The column header for the number of cases ("件数").
    pub count_header: &'a str,
    /// "Show as a table".
    pub table_summary: &'a str,
}

/// A horizontal bar chart with one linked bar per datum, and its table.
pub fn bars(id: &str, text: &ChartText, data: &[Datum], root: &str) -> String {
    let max = data.iter().map(|d| d.count).max().unwrap_or(0).max(1);
    let label_w = data.iter().map(|d| text_width(&d.label, 13.0)).fold(60.0, f64::max) + 14.0;
    let bar_w = 300.0;
    let row_h = 26.0;
    let height = row_h * data.len() as f64 + 8.0;
    let width = label_w + bar_w + 70.0;
    let mut s = String::new();
    open_figure(&mut s, "bars", id, width, height, text.title);
    for (i, d) in data.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = (d.count as f64 / max as f64 * bar_w).max(if d.count > 0 { 2.0 } else { 0.0 });
        let label = escape(&d.label);
        // A bar without cases behind it (a year no case has, the unknown year) links nowhere.
        let (open, close) = if d.href.is_empty() {
            (String::new(), "")
        } else {
            (format!("<a href=\"{root}{}\">", escape(&d.href)), "</a>")
        };
        let _ = write!(
            s,
            "{open}<text class=\"chart-label\" x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>\
             <rect class=\"chart-bar\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bh}\" rx=\"2\"></rect>\
             <text class=\"chart-value\" x=\"{vx:.1}\" y=\"{ty}\">{n}</text>{close}",
            lx = label_w - 8.0,
            ty = y + 15.0,
            bh = row_h - 8.0,
            vx = label_w + w + 6.0,
            n = d.count
        );
    }
    s.push_str("</svg>");
    s.push_str(&table(text, data, root));
    s.push_str("</figure>");
    s
}

/// Starts a chart: a figure holding an SVG group named by the chart's title. The group (not
/// `img`) lets the links inside it be reached and named.
fn open_figure(s: &mut String, kind: &str, id: &str, width: f64, height: f64, title: &str) {
    let _ = write!(
        s,
        "<figure class=\"chart chart-{kind}\" id=\"{id}\">\
         <svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"{id}-title\">\
         <title id=\"{id}-title\">{}</title>",
        escape(title)
    );
}

/// A table with the same data as a chart, inside a disclosure.
fn table(text: &ChartText, data: &[Datum], root: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<details class=\"chart-table\"><summary>{}</summary><table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape(text.table_summary),
        escape(text.label_header),
        escape(text.count_header)
    );
    for d in data {
        if d.href.is_empty() {
            let _ = write!(s, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", escape(&d.label), d.count);
        } else {
            let _ = write!(
                s,
                "<tr><th scope=\"row\"><a href=\"{root}{}\">{}</a></th><td>{}</td></tr>",
                escape(&d.href),
                escape(&d.label),
                d.count
            );
        }
    }
    s.push_str("</tbody></table></details>");
    s
}

/// Grid position (column, row) of every prefecture in the tile map, north-east to south-west.
pub const TILES: &[(&str, u8, u8)] = &[
    ("hokkaido", 12, 0),
    ("aomori", 12, 1),
    ("akita", 11, 2),
    ("iwate", 12, 2),
    ("yamagata", 11, 3),
    ("miyagi", 12, 3),
    ("ishikawa", 8, 4),
    ("toyama", 9, 4),
    ("niigata", 10, 4),
    ("fukushima", 11, 4),
    ("fukui", 7, 5),
    ("gifu", 8, 5),
    ("nagano", 9, 5),
    ("gunma", 10, 5),
    ("tochigi", 11, 5),
    ("ibaraki", 12, 5),
    ("shimane", 3, 6),
    ("tottori", 4, 6),
    ("kyoto", 6, 6),
    ("shiga", 7, 6),
    ("aichi", 8, 6),
    ("yamanashi", 9, 6),
    ("saitama", 10, 6),
    ("tokyo", 11, 6),
    ("chiba", 12, 6),
    ("yamaguchi", 2, 7),
    ("hiroshima", 3, 7),
    ("okayama", 4, 7),
    ("hyogo", 5, 7),
    ("osaka", 6, 7),
    ("nara", 7, 7),
    ("mie", 8, 7),
    ("shizuoka", 9, 7),
    ("kanagawa", 10, 7),
    ("saga", 0, 8),
    ("fukuoka", 1, 8),
    ("oita", 2, 8),
    ("ehime", 3, 8),
    ("kagawa", 4, 8),
    ("tokushima", 5, 8),
    ("wakayama", 6, 8),
    ("nagasaki", 0, 9),
    ("kumamoto", 1, 9),
    ("miyazaki", 2, 9),
    ("kochi", 4, 9),
    ("kagoshima", 1, 10),
    ("okinawa", 0, 11),
];

/// The shade class (0–4) of a count, on a scale up to `max`.
fn shade(count: usize, max: usize) -> usize {
    if count == 0 { 0 } else { (1 + 3 * count / max.max(1)).min(4) }
}

/// A tile map of the prefectures: one square per prefecture at its place on the grid, shaded by
/// its number of cases and linking to its page. `data` is keyed by prefecture code.
pub fn tile_map(id: &str, text: &ChartText, data: &[(String, Datum)], root: &str) -> String {
    let tile = 46.0;
    let gap = 3.0;
    let width = 13.0 * (tile + gap);
    let height = 12.0 * (tile + gap);
    let max = data.iter().map(|(_, d)| d.count).max().unwrap_or(0);
    let mut s = String::new();
    open_figure(&mut s, "map", id, width, height, text.title);
    for (code, col, row) in TILES {
        let Some((_, d)) = data.iter().find(|(c, _)| c == code) else { continue };
        let x = f64::from(*col) * (tile + gap);
        let y = f64::from(*row) * (tile + gap);
        let class = shade(d.count, max);
        // The map is drawn to fit a phone's width (about 0.55 of its size at 360 px), so names are
        // as large as their tile allows: 東京都 is written 東京 (every reader knows it), and long
        // names (Kagoshima) shrink to fit.
        let name = short_prefecture(&d.label);
        let font = (14.0 * (tile - 6.0) / text_width(name, 14.0)).min(14.0);
        let _ = write!(
            s,
            "<a href=\"{root}{href}\">\
             <rect class=\"chart-tile chart-shade-{class}\" x=\"{x}\" y=\"{y}\" width=\"{tile}\" height=\"{tile}\" rx=\"4\"></rect>\
             <text class=\"chart-tile-name chart-on-{class}\" x=\"{cx}\" y=\"{ny}\" text-anchor=\"middle\" style=\"font-size:{font:.1}px\">{name}</text>\
             <text class=\"chart-tile-count chart-on-{class}\" x=\"{cx}\" y=\"{cy}\" text-anchor=\"middle\">{n}</text></a>",
            href = escape(&d.href),
            cx = x + tile / 2.0,
            ny = y + 20.0,
            cy = y + 39.0,
            name = escape(name),
            n = d.count
        );
    }
    s.push_str("</svg>");
    let rows: Vec<Datum> =
        data.iter().map(|(_, d)| Datum { label: d.label.clone(), count: d.count, href: d.href.clone() }).collect();
    s.push_str(&table(text, &rows, root));
    s.push_str("</figure>");
    s
}

/// A prefecture's name without 都, 府 or 県 (北海道 keeps its 道, which is part of the name).
fn short_prefecture(name: &str) -> &str {
    match name.strip_suffix(['都', '府', '県']) {
        Some(short) if !short.is_empty() => short,
        _ => name,
    }
}

/// The width a label takes in the charts' font: wide characters twice as much as Latin ones.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| if (c as u32) < 0x2E80 { size * 0.58 } else { size }).sum()
}

/// One row of the matrix: a measure, its group label, and per incident type the count and link.
pub struct MatrixRow {
    pub label: String,
    pub group: String,
    pub cells: Vec<Datum>,
}

/// An incident-type × measure matrix: which measures companies took after each kind of incident.
/// Columns are incident types, rows are measures under their area; each cell links to its cases.
/// It is an HTML table, not a drawing: it is its own text alternative, and on a narrow screen its
/// columns scroll while the measures' names stay in place (a sticky first column, see style.css).
pub fn matrix(id: &str, text: &ChartText, columns: &[String], rows: &[MatrixRow], root: &str) -> String {
    let max = rows.iter().flat_map(|r| r.cells.iter().map(|c| c.count)).max().unwrap_or(0);
    let mut s = String::new();
    let _ = write!(
        s,
        "<figure class=\"chart chart-matrix\" id=\"{id}\"><figcaption class=\"visually-hidden\" id=\"{id}-title\">{}</figcaption>\
         <div class=\"matrix-scroll\" role=\"region\" aria-labelledby=\"{id}-title\" tabindex=\"0\"><table class=\"matrix\"><thead><tr><th scope=\"col\">{}</th>",
        escape(text.title),
        escape(text.label_header)
    );
    for name in columns {
        let _ = write!(s, "<th scope=\"col\"><span>{}</span></th>", escape(name));
    }
    s.push_str("</tr></thead><tbody>");
    let mut last_group: Option<&str> = None;
    for row in rows {
        if !row.group.is_empty() && last_group != Some(row.group.as_str()) {
            let _ = write!(
                s,
                "<tr class=\"matrix-group\"><th scope=\"rowgroup\" colspan=\"{}\">{}</th></tr>",
                columns.len() + 1,
                escape(&row.group)
            );
        }
        last_group = Some(&row.group);
        let _ = write!(s, "<tr><th scope=\"row\">{}</th>", escape(&row.label));
        for d in &row.cells {
            let class = shade(d.count, max);
            if d.count == 0 {
                let _ = write!(s, "<td class=\"s{class}\">0</td>");
            } else {
                let _ = write!(s, "<td class=\"s{class}\"><a href=\"{root}{}\">{}</a></td>", escape(&d.href), d.count);
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div></figure>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: ChartText =
        ChartText {
            title: "事故の種類", label_header: "種類", count_header: "件数", table_summary: "表で見る"
        };

    #[test]
    fn every_prefecture_has_its_own_tile() {
        assert_eq!(TILES.len(), 47);
        let mut places: Vec<(u8, u8)> = TILES.iter().map(|(_, c, r)| (*c, *r)).collect();
        places.sort();
        places.dedup();
        assert_eq!(places.len(), 47, "no two prefectures share a tile");
    }

    #[test]
    fn bars_link_and_carry_a_table() {
        let data = vec![
            Datum {
                label: "ランサムウェア".into(), count: 4, href: "ja/incidents/ransomware/index.html".into()
            },
            Datum { label: "<b>".into(), count: 0, href: "ja/incidents/x/index.html".into() },
        ];
        let svg = bars("c1", &TEXT, &data, "../");
        assert!(
            svg.contains("<a href=\"../ja/incidents/ransomware/index.html\"><text"),
            "the link is named by its text"
        );
        assert!(svg.contains("role=\"group\"") && svg.contains("<title id=\"c1-title\">事故の種類</title>"));
        assert!(svg.contains("<summary>表で見る</summary>") && svg.contains("<td>4</td>"));
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
    }

    #[test]
    fn shades_grow_with_counts() {
        assert_eq!(shade(0, 10), 0);
        assert_eq!(shade(1, 10), 1);
        assert_eq!(shade(10, 10), 4);
        assert!(shade(5, 10) >= 2);
    }
}
