//! What a reader's first query downloads from a built site, without a browser: the metadata
//! (`meta.js`), the shards of the query's tokens, and the text files of the first page of results
//! (10, as find.js shows), for each query of bench/search-queries.json. Used by bench/run.sh for
//! its growth table; bench/search.sh measures the same in Chromium on the real collection.
//!
//!     cargo run --release --example search_bytes -- BUILT_SITE [QUERIES_JSON]
//!
//! Prints the median and the largest KiB per first query. Every query is counted as if it showed a
//! full first page (an upper bound for queries with fewer than 10 results).
use casebook::render::search::{query_tokens, shard_of};
use std::path::Path;

/// Results on the first page of the search page (`PAGE` in find.js).
const FIRST_PAGE: u64 = 10;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first().map(Path::new) else {
        eprintln!("usage: search_bytes BUILT_SITE [QUERIES_JSON]");
        std::process::exit(2);
    };
    let queries_file = args.get(1).map_or("bench/search-queries.json", String::as_str);
    let queries: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(queries_file).expect("the queries"))
        .expect("the queries are JSON");
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut per_query: Vec<u64> = Vec::new();
    for q in queries["queries"].as_array().expect("a list of queries") {
        let (Some(lang), Some(text)) = (q["lang"].as_str(), q["q"].as_str()) else { continue };
        let dir = site.join("static/search").join(lang);
        let shards = std::fs::read_dir(dir.join("t")).map_or(0, |d| d.count()) as u32;
        if shards == 0 {
            eprintln!("{}: no search shards (is it a built site?)", dir.display());
            std::process::exit(1);
        }
        let mut docs: Vec<u64> = std::fs::read_dir(dir.join("doc"))
            .expect("the search text files")
            .filter_map(|e| e.ok().map(|e| size(&e.path())))
            .collect();
        docs.sort_unstable();
        let median_doc = docs.get(docs.len() / 2).copied().unwrap_or(0);
        let mut wanted: Vec<u32> = query_tokens(text).iter().map(|t| shard_of(t, shards)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let bytes = size(&dir.join("meta.js"))
            + wanted.iter().map(|k| size(&dir.join(format!("t/{k}.js")))).sum::<u64>()
            + FIRST_PAGE.min(docs.len() as u64) * median_doc;
        per_query.push(bytes);
    }
    per_query.sort_unstable();
    let kib = |b: u64| b as f64 / 1024.0;
    println!(
        "{} queries: median {:.0} KiB, largest {:.0} KiB per first query",
        per_query.len(),
        kib(per_query[per_query.len() / 2]),
        kib(*per_query.last().unwrap_or(&0))
    );
}
