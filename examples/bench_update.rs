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
    for round in 0..std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(5) {
        // Each round changes the title, so the case's pages really differ.
        std::fs::write(&path, original.replacen("title:", &format!("# round {round}\ntitle:"), 1)).unwrap();
        let t = Instant::now();
        let c0 = cpu_ms();
        session.apply(std::slice::from_ref(&file), &Discard).unwrap_or_else(|r| panic!("{}", r.render(false)));
        let first = t.elapsed();
        let c1 = cpu_ms();
        let w = session.finish(&Discard, &AtomicBool::new(false)).unwrap().expect("not cancelled");
        let c2 = cpu_ms();
        println!(
            "round {round}: first phase {:.1} ms ({:.0} ms CPU), second phase {:.1} ms ({:.0} ms CPU, {} files)",
            first.as_secs_f64() * 1e3,
            c1 - c0,
            (t.elapsed() - first).as_secs_f64() * 1e3,
            c2 - c1,
            w.files
        );
    }
    std::fs::write(&path, original).unwrap();
}

/// CPU time of this process so far (user + system, all threads): steadier than wall-clock time
/// on a shared machine.
fn cpu_ms() -> f64 {
    let t = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = t.rsplit_once(')').map(|(_, r)| r.split_whitespace().collect()).unwrap_or_default();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| f.iter().filter_map(|x| x.parse::<f64>().ok()).sum());
    ticks * 10.0 // USER_HZ is 100 on Linux
}
