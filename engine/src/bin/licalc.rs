//! `licalc QUOTE.json [--price-book BOOK.json]`: prices a quote and prints the result as
//! JSON. Exit 0 with the result on stdout; exit 2 with the problems as JSON on stderr.

use licalc_engine::{compute, PriceBook, Problem, Quote};
use std::process::ExitCode;

const USAGE: &str = "usage: licalc QUOTE.json [--price-book BOOK.json]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            let json = serde_json::to_string_pretty(&serde_json::json!({ "problems": problems }))
                .unwrap_or_else(|_| "{\"problems\":[]}".into());
            eprintln!("{json}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<String, Vec<Problem>> {
    let usage = |m: &str| {
        vec![Problem {
            path: "$".into(),
            message: format!("{m}; {USAGE}"),
            rule: None,
        }]
    };
    let (mut quote_path, mut book_path) = (None, None);
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--price-book" => {
                book_path = Some(
                    it.next()
                        .ok_or_else(|| usage("--price-book needs a file"))?,
                )
            }
            "-h" | "--help" => return Err(usage("help")),
            _ if quote_path.is_none() && !a.starts_with("--") => quote_path = Some(a),
            _ => return Err(usage(&format!("unexpected argument {a}"))),
        }
    }
    let quote_path = quote_path.ok_or_else(|| usage("no quote file given"))?;
    let read = |path: &str| {
        std::fs::read_to_string(path).map_err(|e| {
            vec![Problem {
                path: "$".into(),
                message: format!("cannot read {path}: {e}"),
                rule: None,
            }]
        })
    };
    let book = match book_path {
        Some(p) => PriceBook::from_json(&read(&p)?)?,
        None => PriceBook::default_book(),
    };
    let quote = Quote::from_json(&read(&quote_path)?)?;
    let result = compute(&book, &quote)?;
    serde_json::to_string_pretty(&result).map_err(|e| usage(&e.to_string()))
}
