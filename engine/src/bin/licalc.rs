//! `licalc`: the engine on the command line. Prints results as JSON on stdout (exit 0),
//! or the problems as JSON on stderr (exit 2). Run `licalc --help` for the commands.

use licalc_engine::plan::best_switch_month;
use licalc_engine::{
    compute, describe, export, link, problem, write_result, PriceBook, Problem, Quote,
};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  licalc QUOTE.json [--price-book BOOK.json] [--format json|csv] [--compact]
                            price a quote (format 1 or 2) and print the result as JSON or CSV
  licalc convert QUOTE.json print the quote in the current format (2)
  licalc best-switch QUOTE.json [--price-book BOOK.json]
                            every switch month's horizon cost and the cheapest (T6)
  licalc link encode QUOTE.json [--price-book BOOK.json]
                            print the share-link fragment (#q=...) of a quote
  licalc link decode LINK   print the quote (format 2) of a share link, URL or fragment";

/// Why the CLI stops: problems with a document, or a usage or file error.
enum Failure {
    Problems(Vec<Problem>),
    Usage(String),
}

impl From<Vec<Problem>> for Failure {
    fn from(p: Vec<Problem>) -> Failure {
        Failure::Problems(p)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let done = run(&args, &mut out).and_then(|()| {
        out.flush()
            .map_err(|e| Failure::Usage(format!("cannot write the output: {e}")))
    });
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let json = match failure {
                Failure::Problems(problems) => serde_json::json!({ "problems": problems }),
                Failure::Usage(message) => {
                    serde_json::json!({ "problems": [{ "path": "$", "code": "usage", "message": format!("{message}\n{USAGE}") }] })
                }
            };
            eprintln!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
            ExitCode::from(2)
        }
    }
}

/// The command line: positional arguments and `--name value` options.
struct Args<'a> {
    positional: Vec<&'a str>,
    price_book: Option<&'a str>,
    compact: bool,
    csv: bool,
}

fn parse(args: &[String]) -> Result<Args<'_>, Failure> {
    let mut parsed = Args {
        positional: Vec::new(),
        price_book: None,
        compact: false,
        csv: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--price-book" => {
                parsed.price_book = Some(
                    it.next()
                        .ok_or_else(|| Failure::Usage("--price-book needs a file".into()))?,
                )
            }
            "--compact" => parsed.compact = true,
            "--format" => {
                parsed.csv = match it.next().map(String::as_str) {
                    Some("csv") => true,
                    Some("json") => false,
                    other => {
                        return Err(Failure::Usage(format!(
                            "--format takes json or csv, not {}",
                            other.unwrap_or("nothing")
                        )))
                    }
                }
            }
            "-h" | "--help" => return Err(Failure::Usage("help".into())),
            s if s.starts_with("--") => return Err(Failure::Usage(format!("unknown option {s}"))),
            s => parsed.positional.push(s),
        }
    }
    Ok(parsed)
}

fn read(path: &str) -> Result<String, Failure> {
    let bytes =
        std::fs::read(path).map_err(|e| Failure::Usage(format!("cannot read {path}: {e}")))?;
    Ok(problem::utf8(&bytes)?.to_string())
}

fn book(args: &Args) -> Result<PriceBook, Failure> {
    Ok(match args.price_book {
        Some(p) => PriceBook::from_json(&read(p)?)?,
        None => PriceBook::default_book(),
    })
}

fn run(args: &[String], out: &mut impl Write) -> Result<(), Failure> {
    let args = parse(args)?;
    let write_err = |e: serde_json::Error| Failure::Usage(format!("cannot write the output: {e}"));
    match args.positional.as_slice() {
        ["convert", file] => {
            let quote = Quote::from_json(&read(file)?)?;
            writeln!(out, "{}", quote.to_json()).map_err(|e| Failure::Usage(e.to_string()))
        }
        ["link", "encode", file] => {
            let quote = Quote::from_json(&read(file)?)?;
            let book = args.price_book.map(|_| book(&args)).transpose()?;
            writeln!(out, "{}", link::fragment(&quote, book.as_ref()))
                .map_err(|e| Failure::Usage(e.to_string()))
        }
        ["link", "decode", given] => {
            let opened = link::decode(given).map_err(|e| {
                Failure::Usage(format!(
                    "the link does not open: {}",
                    describe::link_error(&e).plain()
                ))
            })?;
            writeln!(out, "{}", opened.quote.to_json()).map_err(|e| Failure::Usage(e.to_string()))
        }
        ["best-switch", file] => {
            let search = best_switch_month(&book(&args)?, &Quote::from_json(&read(file)?)?)?;
            serde_json::to_writer_pretty(&mut *out, &search).map_err(write_err)?;
            writeln!(out).map_err(|e| Failure::Usage(e.to_string()))
        }
        [file] => {
            let quote = Quote::from_json(&read(file)?)?;
            let result = compute(&book(&args)?, &quote)?;
            if args.csv {
                return out
                    .write_all(export::csv(&result).as_bytes())
                    .map_err(|e| Failure::Usage(e.to_string()));
            }
            write_result(&mut *out, &result, &quote, args.compact).map_err(write_err)?;
            writeln!(out).map_err(|e| Failure::Usage(e.to_string()))
        }
        [] => Err(Failure::Usage("no quote file given".into())),
        [first, ..] => Err(Failure::Usage(format!(
            "unexpected argument {}",
            args.positional.get(1).unwrap_or(first)
        ))),
    }
}
