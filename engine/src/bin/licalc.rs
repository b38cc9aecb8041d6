//! `licalc`: the engine on the command line. Prints results on stdout (exit 0), or the
//! problems as JSON on stderr (exit 2); `reconcile` exits 1 when the statement differs
//! from what was expected. A failure to write stdout exits 2 whatever else happened.
//! Run `licalc --help` for the commands.

use licalc_engine::describe::{self, Plain};
use licalc_engine::money::Overflow;
use licalc_engine::plan::best_switch_month;
use licalc_engine::portfolio::{self, Input, Portfolio};
use licalc_engine::quote::CalendarMonth;
use licalc_engine::{
    compute, export, link, problem, statement, write_result, JsonPath, PriceBook, Problem,
    ProblemKind, Quote, Rule,
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
  licalc link decode LINK   print the quote (format 2) of a share link, URL or fragment
  licalc portfolio QUOTE.json... [--price-book BOOK.json] [--now YYYY-MM] [--format json|csv]
                            each partner's fees, services and forfeits by calendar month,
                            per customer and in total, and the attention list (V1, V2)
  licalc reconcile --statement STATEMENT.csv QUOTE.json... [--price-book BOOK.json]
                            a fee statement against the expected fee rows (R1, R2):
                            exit 0 when all is equal, 1 when anything differs";

/// Why the CLI stops: problems with a document, a usage or file error, or (reconcile)
/// a statement that differs, whose report is already printed.
enum Failure {
    Problems(Vec<Problem>),
    Usage(String),
    /// Problems in several input files, each named: every one is listed.
    Files(Vec<serde_json::Value>),
    /// Writing stdout failed: a plain sentence on stderr (`docs/formats.md`).
    Write(String),
    Differs,
}

impl From<Vec<Problem>> for Failure {
    fn from(p: Vec<Problem>) -> Failure {
        Failure::Problems(p)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Write(e.to_string())
    }
}

/// A sum too large for a decimal: the engine's `too_large_to_compute` problem (M1).
impl From<Overflow> for Failure {
    fn from(_: Overflow) -> Failure {
        Failure::Problems(vec![Problem::new(
            JsonPath::root(),
            ProblemKind::TooLargeToCompute,
            Rule::M1,
        )])
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Failure {
        Failure::Write(e.to_string())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let done = run(&args, &mut out);
    let flushed = out.flush();
    match (done, flushed) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        // Output that did not reach stdout is exit 2, even a differing statement's report.
        (Ok(()) | Err(Failure::Differs), Err(e)) => fail(Failure::Write(e.to_string())),
        (Err(failure), _) => fail(failure),
    }
}

/// Says why the CLI stops, on stderr, and gives the exit code (`docs/formats.md`).
fn fail(failure: Failure) -> ExitCode {
    let json = match failure {
        Failure::Differs => return ExitCode::from(1),
        Failure::Write(e) => {
            eprintln!("cannot write the output: {e}");
            return ExitCode::from(2);
        }
        Failure::Problems(problems) => serde_json::json!({ "problems": problems }),
        Failure::Usage(message) => {
            serde_json::json!({ "problems": [{ "path": "$", "code": "usage", "message": format!("{message}\n{USAGE}") }] })
        }
        Failure::Files(problems) => serde_json::json!({ "problems": problems }),
    };
    eprintln!(
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
    ExitCode::from(2)
}

/// The command line: positional arguments and options.
#[derive(Default)]
struct Args<'a> {
    positional: Vec<&'a str>,
    price_book: Option<&'a str>,
    statement: Option<&'a str>,
    now: Option<&'a str>,
    compact: bool,
    csv: bool,
}

fn value<'a>(name: &str, it: &mut std::slice::Iter<'a, String>) -> Result<&'a str, Failure> {
    it.next()
        .map(String::as_str)
        .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
}

fn parse(args: &[String]) -> Result<Args<'_>, Failure> {
    let mut parsed = Args::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--price-book" => parsed.price_book = Some(value("--price-book", &mut it)?),
            "--statement" => parsed.statement = Some(value("--statement", &mut it)?),
            "--now" => parsed.now = Some(value("--now", &mut it)?),
            "--compact" => parsed.compact = true,
            "--format" => {
                parsed.csv = match value("--format", &mut it)? {
                    "csv" => true,
                    "json" => false,
                    other => {
                        return Err(Failure::Usage(format!(
                            "--format takes json or csv, not {other}"
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
    match args.positional.as_slice() {
        ["convert", file] => Ok(writeln!(
            out,
            "{}",
            Quote::from_json(&read(file)?)?.to_json()
        )?),
        ["link", "encode", file] => {
            let quote = Quote::from_json(&read(file)?)?;
            let book = args.price_book.map(|_| book(&args)).transpose()?;
            Ok(writeln!(out, "{}", link::fragment(&quote, book.as_ref()))?)
        }
        ["link", "decode", given] => {
            let opened = link::decode(given).map_err(|e| {
                Failure::Usage(format!(
                    "the link does not open: {}",
                    describe::link_error(&e).plain()
                ))
            })?;
            Ok(writeln!(out, "{}", opened.quote.to_json())?)
        }
        ["best-switch", file] => {
            serde_json::to_writer_pretty(
                &mut *out,
                &best_switch_month(&book(&args)?, &Quote::from_json(&read(file)?)?)?,
            )?;
            Ok(writeln!(out)?)
        }
        ["portfolio", files @ ..] if !files.is_empty() => portfolio_command(&args, files, out),
        ["reconcile", files @ ..] if !files.is_empty() => reconcile_command(&args, files, out),
        ["portfolio" | "reconcile"] => Err(Failure::Usage("name at least one quote file".into())),
        [file] => {
            let quote = Quote::from_json(&read(file)?)?;
            let result = compute(&book(&args)?, &quote)?;
            if args.csv {
                return Ok(out.write_all(export::csv(&result).as_bytes())?);
            }
            write_result(&mut *out, &result, &quote, args.compact)?;
            Ok(writeln!(out)?)
        }
        [] => Err(Failure::Usage("no quote file given".into())),
        [_, second, ..] => Err(Failure::Usage(format!("unexpected argument {second}"))),
    }
}

/// The quotes of a portfolio, each named by its customer (or its file), priced with the
/// book; a quote that cannot be read is a problem of the whole command.
fn portfolio_of(args: &Args, files: &[&str]) -> Result<Portfolio, Failure> {
    let book = book(args)?;
    let mut quotes = Vec::new();
    let mut failed = Vec::new();
    let file_problem = |file: &str, code: &str, message: String| serde_json::json!({ "file": file, "path": "$", "code": code, "message": message });
    for f in files {
        match read(f).and_then(|text| Ok(Quote::from_json(&text)?)) {
            Ok(q) => {
                let stem = std::path::Path::new(f)
                    .file_stem()
                    .map_or_else(|| f.to_string(), |s| s.to_string_lossy().into_owned());
                let name = if q.customer.name.trim().is_empty() {
                    stem
                } else {
                    q.customer.name.clone()
                };
                quotes.push((f, name, q));
            }
            Err(Failure::Problems(ps)) => failed.extend(ps.iter().map(|p| {
                let mut v = serde_json::json!(p);
                v["file"] = serde_json::json!(f);
                v
            })),
            Err(Failure::Usage(m)) => failed.push(file_problem(f, "unreadable", m)),
            Err(_) => failed.push(file_problem(f, "unreadable", format!("cannot read {f}"))),
        }
    }
    let now = match args.now {
        Some(n) => n
            .parse::<CalendarMonth>()
            .map_err(|()| Failure::Usage(format!("--now takes a month as YYYY-MM, not {n}")))?,
        None => this_month(),
    };
    let inputs: Vec<Input> = quotes
        .iter()
        .map(|(_, name, quote)| Input {
            name: name.clone(),
            quote,
            book: &book,
        })
        .collect();
    let p = portfolio::portfolio(&inputs, now)?;
    for r in &p.refused {
        let file = quotes.iter().find(|q| q.1 == r.name()).map_or("", |q| q.0);
        failed.push(file_problem(file, "refused", describe::refused(r).plain()));
    }
    if failed.is_empty() {
        Ok(p)
    } else {
        Err(Failure::Files(failed))
    }
}

fn portfolio_command(args: &Args, files: &[&str], out: &mut impl Write) -> Result<(), Failure> {
    let p = portfolio_of(args, files)?;
    let plain = Plain {
        currency: Some(p.currency),
        start: None,
    };
    if args.csv {
        return Ok(out.write_all(portfolio::csv(&p).as_bytes())?);
    }
    serde_json::to_writer_pretty(&mut *out, &licalc_engine::portfolio_report(&p, &plain)?)?;
    Ok(writeln!(out)?)
}

fn reconcile_command(args: &Args, files: &[&str], out: &mut impl Write) -> Result<(), Failure> {
    let Some(path) = args.statement else {
        return Err(Failure::Usage(
            "reconcile needs --statement STATEMENT.csv".into(),
        ));
    };
    let p = portfolio_of(args, files)?;
    let r = statement::reconcile(&p, &read(path)?)?;
    let plain = Plain {
        currency: Some(p.currency),
        start: None,
    };
    let bad: Vec<serde_json::Value> = r.bad.iter().map(|b| serde_json::json!({ "line": b.line, "reason": b.reason, "message": describe::bad_line(b).render(&plain) })).collect();
    serde_json::to_writer_pretty(
        &mut *out,
        &serde_json::json!({ "clean": r.clean(), "totals": r.totals, "by_month": r.by_month, "equal": r.equal, "differ": r.differ, "missing": r.missing, "unexpected": r.unexpected, "bad": bad }),
    )?;
    writeln!(out)?;
    if r.clean() {
        Ok(())
    } else {
        Err(Failure::Differs)
    }
}

/// The current calendar month (UTC), for the attention list's "now" (V2).
fn this_month() -> CalendarMonth {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil date from days since 1970-01-01 (the proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    CalendarMonth::new(year as u32, month as u32)
        .unwrap_or_else(|| CalendarMonth::new(2026, 1).expect("a valid month"))
}
