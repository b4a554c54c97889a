//! Times the stages of one incremental update on a corpus (profiling aid for serve):
//!     cargo run --release --example bench_update -- ROOT CASE_FILE
use casebook::content::{self, Reload};
use casebook::incremental;
use casebook::output::Discard;
use casebook::pipeline::{self, BuildOptions};
use casebook::render;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(&args[0]);
    let file = &args[1];
    let opts = BuildOptions { root: root.clone(), out: None, strict: false, progress: None, on_lock_wait: None };
    let mut p = pipeline::prepare(&opts).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let known = render::known_paths(p.project(&root));
    for round in 0..5 {
        let t = Instant::now();
        let Reload::Case(case, _) = content::reload_case(&p.site, &root, file) else { panic!("reload") };
        let t_reload = t.elapsed();
        let affected = incremental::apply_case(&mut p.site, file, case.map(|c| *c));
        let t_apply = t.elapsed();
        let w = render::render_update(p.project(&root), &Discard, &affected, &known).unwrap();
        let t_render = t.elapsed();
        println!(
            "round {round}: reload {:.1} ms, apply {:.1} ms, render {:.1} ms ({} pages)",
            t_reload.as_secs_f64() * 1e3,
            (t_apply - t_reload).as_secs_f64() * 1e3,
            (t_render - t_apply).as_secs_f64() * 1e3,
            w.files
        );
    }
}
