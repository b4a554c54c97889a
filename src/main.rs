//! The `casebook` command: parses the arguments and runs one command (src/cmd/).

mod cmd;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cmd::run()
}
