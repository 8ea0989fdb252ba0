//! Entry point: parse the command line, pick the mode, nothing else.

use std::process::ExitCode;

use clap::Parser;
use freddy_music::cli::{Cli, Command};
use freddy_music::{config, launch, logging, serve};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}"), 1),
    };
    let result = match cli.command {
        Some(Command::Serve(args)) => {
            logging::to_stderr();
            runtime.block_on(serve::run(args))
        }
        None => {
            let _ = logging::to_file();
            if cli.demo {
                runtime.block_on(launch::demo())
            } else {
                match config::resolve(&cli) {
                    Ok(settings) => runtime.block_on(launch::configured(settings)),
                    Err(e) => return fail(&e.to_string(), 2),
                }
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => fail(&msg, 1),
    }
}

fn fail(msg: &str, code: u8) -> ExitCode {
    eprintln!("freddy-music: {msg}");
    ExitCode::from(code)
}
