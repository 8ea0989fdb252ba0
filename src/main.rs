//! Entry point: parse the command line, pick the mode, nothing else.

use std::process::ExitCode;

use clap::Parser;
use freddy_music::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("freddy-music: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Some(Command::Serve(args)) => runtime.block_on(freddy_music::serve::run(args)),
        None => Err("the TUI is not built yet; try `freddy-music serve`".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("freddy-music: {msg}");
            ExitCode::FAILURE
        }
    }
}
