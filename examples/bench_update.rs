//! Times incremental updates of one case file on a corpus (profiling aid for serve): the first
//! phase (pages that show cases) and the second (what depends on the whole collection).
//!     cargo run --release --example bench_update -- ROOT CASE_FILE
use casebook::output::Discard;
use casebook::pipeline::BuildOptions;
use casebook::session::Session;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(&args[0]);
    let file = args[1].clone();
    let mut session = Session::new(BuildOptions::new(&root, None));
    session.full(&Discard).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let path = root.join(&file);
    let original = std::fs::read_to_string(&path).expect("the case file");
    for round in 0..5 {
        // Each round changes the title, so the case's pages really differ.
        std::fs::write(&path, original.replacen("title:", &format!("# round {round}\ntitle:"), 1)).unwrap();
        let t = Instant::now();
        session.apply(std::slice::from_ref(&file), &Discard).unwrap_or_else(|r| panic!("{}", r.render(false)));
        let first = t.elapsed();
        let w = session.finish(&Discard, &AtomicBool::new(false)).unwrap().expect("not cancelled");
        println!(
            "round {round}: first phase {:.1} ms, second phase {:.1} ms ({} files)",
            first.as_secs_f64() * 1e3,
            (t.elapsed() - first).as_secs_f64() * 1e3,
            w.files
        );
    }
    std::fs::write(&path, original).unwrap();
}
