//! Fee statements (R1, R2): what Microsoft says it paid a partner, as CSV
//! (`docs/formats.md`), reconciled against the portfolio's expected fee rows. Each line
//! is equal, paid with a difference, expected but not paid, or paid but not expected,
//! compared exactly; bad lines are listed with their line number and reason, and the
//! good lines are still reconciled. Nothing in the portfolio changes.

use crate::fees::FeeKind;
use crate::limits::{MAX_DOCUMENT_BYTES, MAX_STATEMENT_AMOUNT};
use crate::money::{self, Currency, Overflow};
use crate::path::JsonPath;
use crate::portfolio::Portfolio;
use crate::problem::{Problem, ProblemKind, StatementRefusal};
use crate::quote::CalendarMonth;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The columns a statement has, in any order, and no others.
pub const COLUMNS: [&str; 7] = [
    "month", "customer", "partner", "item", "fee_type", "amount", "currency",
];

/// Why a statement line cannot be reconciled (R2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum BadReason {
    /// The line has another number of fields than the header.
    Columns {
        found: usize,
        expected: usize,
    },
    Empty {
        column: &'static str,
    },
    Month {
        text: String,
    },
    FeeType {
        text: String,
    },
    Amount {
        text: String,
    },
    Currency {
        found: String,
        expected: String,
    },
    UnknownCustomer {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadLine {
    /// 1-based, counting the header as line 1.
    pub line: usize,
    #[serde(flatten)]
    pub reason: BadReason,
}

/// What a fee row or a paid line is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Key {
    pub month: CalendarMonth,
    pub customer: String,
    pub partner: String,
    /// A transaction id, or a service id for lines paid per service.
    pub item: String,
    pub fee_type: FeeKind,
}

/// One key reconciled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    #[serde(flatten)]
    pub key: Key,
    pub expected: Decimal,
    pub paid: Decimal,
    /// `paid - expected`.
    pub difference: Decimal,
    /// The statement lines paying it.
    pub lines: Vec<usize>,
}

/// The amounts of one group: what was expected and what was paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Sum {
    pub count: usize,
    pub expected: Decimal,
    pub paid: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    pub equal: Sum,
    pub differ: Sum,
    pub missing: Sum,
    pub unexpected: Sum,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    pub equal: Vec<Match>,
    pub differ: Vec<Match>,
    pub missing: Vec<Match>,
    pub unexpected: Vec<Match>,
    pub bad: Vec<BadLine>,
    pub by_month: BTreeMap<CalendarMonth, Totals>,
    pub totals: Totals,
}

impl Reconciliation {
    /// Everything matches and no line was bad.
    pub fn clean(&self) -> bool {
        self.differ.is_empty()
            && self.missing.is_empty()
            && self.unexpected.is_empty()
            && self.bad.is_empty()
    }
}

fn fee_type(s: &str) -> Option<FeeKind> {
    match s {
        "transaction" => Some(FeeKind::Transaction),
        "residual" => Some(FeeKind::Residual),
        _ => None,
    }
}

/// A statement amount: digits with an optional sign and decimal point, nothing else (no
/// thousands separators, no spaces), at most the currency's places and the limit.
fn amount(text: &str, currency: Currency) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, places) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !plain(whole)
        || !plain(places)
        || (digits.contains('.') && places.is_empty())
    {
        return None;
    }
    text.parse::<Decimal>().ok().filter(|a| {
        a.scale() <= currency.minor_places() && a.abs() <= Decimal::from(MAX_STATEMENT_AMOUNT)
    })
}

/// Reads one record into a key and amount, or says why it cannot be read.
fn read_line(
    rec: &csv::StringRecord,
    at: &[usize; 7],
    currency: Currency,
    customers: &[String],
) -> Result<(Key, Decimal), BadReason> {
    let get = |i: usize| -> Result<&str, BadReason> {
        let v = rec.get(at[i]).unwrap_or("").trim();
        if v.is_empty() {
            Err(BadReason::Empty { column: COLUMNS[i] })
        } else {
            Ok(v)
        }
    };
    let month = get(0)?
        .parse::<CalendarMonth>()
        .map_err(|()| BadReason::Month {
            text: get(0).unwrap_or("").into(),
        })?;
    let customer = get(1)?.to_string();
    let kind = fee_type(get(4)?).ok_or_else(|| BadReason::FeeType {
        text: get(4).unwrap_or("").into(),
    })?;
    let text = get(5)?;
    let amount = amount(text, currency).ok_or_else(|| BadReason::Amount { text: text.into() })?;
    let code = get(6)?;
    if code != currency.code() {
        return Err(BadReason::Currency {
            found: code.into(),
            expected: currency.code().into(),
        });
    }
    if !customers.contains(&customer) {
        return Err(BadReason::UnknownCustomer { name: customer });
    }
    Ok((
        Key {
            month,
            customer,
            partner: get(2)?.to_string(),
            item: get(3)?.to_string(),
            fee_type: kind,
        },
        amount,
    ))
}

/// What a statement pays per key: the amount and the lines paying it.
pub type Paid = BTreeMap<Key, (Decimal, Vec<usize>)>;

/// A statement's lines, summed per key, and its bad lines. A statement whose header is
/// not the documented one is refused whole.
pub fn parse(
    text: &str,
    currency: Currency,
    customers: &[String],
) -> Result<(Paid, Vec<BadLine>), Vec<Problem>> {
    let refuse = |kind| Err(vec![Problem::plain(JsonPath::root(), kind)]);
    if text.len() > MAX_DOCUMENT_BYTES {
        return refuse(ProblemKind::DocumentTooLarge {
            bytes: text.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    // Spreadsheets often write a byte-order mark before the header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    match header(&mut rd) {
        Ok((width, at)) => records(text, rd, width, &at, currency, customers)
            .map_err(|Overflow| vec![crate::too_large()]),
        Err(kind) => refuse(kind),
    }
}

/// The header line: how many columns it has and where each of `COLUMNS` is, or why the
/// statement is refused (unreadable, a column missing, an unknown column).
fn header(rd: &mut csv::Reader<&[u8]>) -> Result<(usize, [usize; 7]), ProblemKind> {
    let header: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        Err(e) => {
            return Err(ProblemKind::Statement {
                refusal: StatementRefusal::NotCsv {
                    detail: e.to_string(),
                },
            })
        }
    };
    let mut at = [0usize; 7];
    for (i, c) in COLUMNS.iter().enumerate() {
        match header.iter().position(|h| h == c) {
            Some(p) => at[i] = p,
            None => {
                return Err(ProblemKind::Statement {
                    refusal: StatementRefusal::MissingColumn {
                        column: (*c).to_string(),
                    },
                })
            }
        }
    }
    if let Some(extra) = header.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(ProblemKind::Statement {
            refusal: StatementRefusal::UnknownColumn {
                column: extra.clone(),
            },
        });
    }
    Ok((header.len(), at))
}

/// The records after the header, `width` fields each, read and summed per key; a line
/// that cannot be read is a bad line, numbered as it stands in `text`.
fn records(
    text: &str,
    mut rd: csv::Reader<&[u8]>,
    width: usize,
    at: &[usize; 7],
    currency: Currency,
    customers: &[String],
) -> Result<(Paid, Vec<BadLine>), Overflow> {
    let mut paid: Paid = BTreeMap::new();
    let mut bad = Vec::new();
    let mut last = 1;
    for rec in rd.records() {
        // The line the record starts on, counted in the text: the reader's position
        // is where the previous record ended, before any blank lines it skipped.
        let at_line = |p: Option<&csv::Position>| {
            p.and_then(|p| {
                text.get(p.byte() as usize..)
                    .map(|rest| text.len() - rest.trim_start_matches(['\r', '\n']).len())
            })
            .map_or(last + 1, |start| text[..start].matches('\n').count() + 1)
        };
        let (line, read) = match rec {
            Ok(rec) if rec.len() != width => (
                at_line(rec.position()),
                Err(BadReason::Columns {
                    found: rec.len(),
                    expected: width,
                }),
            ),
            Ok(rec) => (
                at_line(rec.position()),
                read_line(&rec, at, currency, customers),
            ),
            Err(e) => (
                at_line(e.position()),
                Err(BadReason::Columns {
                    found: 0,
                    expected: width,
                }),
            ),
        };
        last = line;
        match read {
            Ok((key, amount)) => {
                let e = paid.entry(key).or_default();
                e.0 = money::add(e.0, amount)?;
                e.1.push(line);
            }
            Err(reason) => bad.push(BadLine { line, reason }),
        }
    }
    Ok((paid, bad))
}

/// The portfolio's fee rows as keys: what each partner should have been paid.
pub fn expected(p: &Portfolio) -> Result<BTreeMap<Key, (Decimal, String)>, Overflow> {
    rows(
        p,
        |_| true,
        CalendarMonth::MIN,
        CalendarMonth::MIN.plus(u32::MAX),
    )
}

/// The fee rows of the partners `keep` accepts in the calendar months `from..=to`, each
/// with its service; only those months are expanded from the runs.
fn rows(
    p: &Portfolio,
    keep: impl Fn(&str) -> bool,
    from: CalendarMonth,
    to: CalendarMonth,
) -> Result<BTreeMap<Key, (Decimal, String)>, Overflow> {
    let mut out: BTreeMap<Key, (Decimal, String)> = BTreeMap::new();
    for (c, r) in p.results.iter().enumerate() {
        let (customer, start) = (&p.customers[c].name, p.customers[c].start);
        // The quote months of `from` and `to` (may lie outside the quote).
        let (first, last) = (start.months_until(from) + 1, start.months_until(to) + 1);
        for f in r.fees.runs.iter().filter(|f| keep(&f.partner)) {
            let lo = i64::from(f.from_month).max(first);
            let hi = i64::from(f.to_month).min(last);
            for m in lo..=hi {
                let key = Key {
                    month: start.plus(m as u32 - 1),
                    customer: customer.clone(),
                    partner: f.partner.to_string(),
                    item: f.transaction.to_string(),
                    fee_type: f.kind,
                };
                let e = out
                    .entry(key)
                    .or_insert((Decimal::ZERO, f.service.to_string()));
                e.0 = money::add(e.0, f.amount)?;
            }
        }
    }
    Ok(out)
}

/// R1: reconciles a statement (CSV text) against the portfolio's expected fee rows, for
/// the partners and the months the statement covers. Sums beyond what a decimal holds
/// are a `too_large_to_compute` problem (M1).
pub fn reconcile(p: &Portfolio, text: &str) -> Result<Reconciliation, Vec<Problem>> {
    let customers: Vec<String> = p.customers.iter().map(|c| c.name.clone()).collect();
    let (paid, bad) = parse(text, p.currency, &customers)?;
    match_up(p, paid, bad).map_err(|Overflow| vec![crate::too_large()])
}

/// The paid keys against the expected rows, in their four groups, with the bad lines.
fn match_up(p: &Portfolio, paid: Paid, bad: Vec<BadLine>) -> Result<Reconciliation, Overflow> {
    let mut expected = expected_within(p, &paid)?;
    let mut r = Reconciliation {
        equal: Vec::new(),
        differ: Vec::new(),
        missing: Vec::new(),
        unexpected: Vec::new(),
        bad,
        by_month: BTreeMap::new(),
        totals: Totals::default(),
    };
    for (key, (amount, lines)) in paid {
        let (m, covered) = settle(&mut expected, key, amount, lines)?;
        let group = if !covered {
            &mut r.unexpected
        } else if m.difference.is_zero() {
            &mut r.equal
        } else {
            &mut r.differ
        };
        group.push(m);
    }
    r.missing = expected
        .into_iter()
        .map(|(key, (owed, _))| Match {
            difference: -owed,
            expected: owed,
            paid: Decimal::ZERO,
            lines: Vec::new(),
            key,
        })
        .collect();
    tally(&mut r)?;
    Ok(r)
}

/// The expected fee rows a statement can be held to: its partners', in its months.
fn expected_within(
    p: &Portfolio,
    paid: &Paid,
) -> Result<BTreeMap<Key, (Decimal, String)>, Overflow> {
    let partners: std::collections::BTreeSet<&str> =
        paid.keys().map(|k| k.partner.as_str()).collect();
    match (
        paid.keys().map(|k| k.month).min(),
        paid.keys().map(|k| k.month).max(),
    ) {
        (Some(from), Some(to)) => rows(p, |partner| partners.contains(partner), from, to),
        _ => Ok(BTreeMap::new()),
    }
}

/// One paid key against the expected rows it covers, which are taken out of
/// `expected`; also whether it covers any.
fn settle(
    expected: &mut BTreeMap<Key, (Decimal, String)>,
    key: Key,
    amount: Decimal,
    lines: Vec<usize>,
) -> Result<(Match, bool), Overflow> {
    // A line paid per service covers every transaction of that service (and key): the
    // rows of the same month, customer and partner are next to each other in the map.
    let covered: Vec<Key> = if expected.contains_key(&key) {
        vec![key.clone()]
    } else {
        let first = Key {
            item: String::new(),
            fee_type: FeeKind::Transaction,
            ..key.clone()
        };
        expected
            .range(first..)
            .take_while(|(k, _)| {
                k.month == key.month && k.customer == key.customer && k.partner == key.partner
            })
            .filter(|(k, (_, service))| *service == key.item && k.fee_type == key.fee_type)
            .map(|(k, _)| k.clone())
            .collect()
    };
    let owed = money::sum(
        Decimal::ZERO,
        covered
            .iter()
            .filter_map(|k| expected.remove(k))
            .map(|e| e.0),
    )?;
    let m = Match {
        difference: money::sub(amount, owed)?,
        expected: owed,
        paid: amount,
        lines,
        key,
    };
    Ok((m, !covered.is_empty()))
}

/// Each group's count and amounts, per month and in total.
fn tally(r: &mut Reconciliation) -> Result<(), Overflow> {
    for (list, pick) in [
        (&r.equal, 0),
        (&r.differ, 1),
        (&r.missing, 2),
        (&r.unexpected, 3),
    ] {
        for m in list {
            for t in [&mut r.totals, r.by_month.entry(m.key.month).or_default()] {
                let s = match pick {
                    0 => &mut t.equal,
                    1 => &mut t.differ,
                    2 => &mut t.missing,
                    _ => &mut t.unexpected,
                };
                s.count += 1;
                s.expected = money::add(s.expected, m.expected)?;
                s.paid = money::add(s.paid, m.paid)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::{portfolio, Input};
    use crate::{PriceBook, Quote};

    /// The portfolio of the example quote alone, as Contoso Ltd from April 2011.
    fn contoso() -> Portfolio {
        let (book, q) = (PriceBook::default_book(), Quote::example());
        let inputs = [Input {
            name: "Contoso Ltd".into(),
            quote: &q,
            book: &book,
        }];
        portfolio(&inputs, "2011-04".parse().unwrap()).unwrap()
    }

    /// A statement paying exactly the expected rows of a partner in the first months.
    fn exact(p: &Portfolio, partner: &str, months: u32) -> String {
        let mut out = String::from("month,customer,partner,item,fee_type,amount,currency\n");
        for (k, (a, _)) in expected(p).unwrap() {
            if k.partner == partner && k.month < p.first.plus(months) {
                let kind = if k.fee_type == FeeKind::Transaction {
                    "transaction"
                } else {
                    "residual"
                };
                out.push_str(&format!(
                    "{},{},{},{},{kind},{a},USD\n",
                    k.month, k.customer, k.partner, k.item
                ));
            }
        }
        out
    }

    #[test]
    fn r1_an_exact_statement_reconciles_without_a_difference() {
        let p = contoso();
        let r = reconcile(&p, &exact(&p, "northwind", 3)).unwrap();
        assert!(r.clean(), "{r:?}");
        assert_eq!(
            r.equal.len(),
            3 * 6,
            "t1, t2 and t3, transaction and residual fees, months 1-3"
        );
        assert_eq!(r.totals.equal.paid, r.totals.equal.expected);
    }

    #[test]
    fn r1_r2_each_group_and_every_bad_line() {
        let p = contoso();
        let text = exact(&p, "northwind", 2)
            .replace("2011-04,Contoso Ltd,northwind,t1,transaction,144.00,USD", "2011-04,Contoso Ltd,northwind,t1,transaction,130.00,USD")
            .replace("2011-05,Contoso Ltd,northwind,t3,residual,6.00,USD\n", "")
            + "2011-05,Contoso Ltd,northwind,t4,transaction,10.00,USD\n2011-05,Contso Ltd,northwind,t1,residual,68.40,USD\n2011-05,Contoso Ltd,northwind,t1,residual,68,40,USD\n2011-05,Contoso Ltd,northwind,t2,residual,1.00,EUR\n";
        let r = reconcile(&p, &text).unwrap();
        assert_eq!(
            (r.differ.len(), r.missing.len(), r.unexpected.len()),
            (1, 1, 1),
            "{r:#?}"
        );
        assert_eq!(r.differ[0].difference.to_string(), "-14.00");
        assert_eq!(r.missing[0].key.item, "t3");
        assert_eq!(r.unexpected[0].key.item, "t4");
        let reasons: Vec<&BadReason> = r.bad.iter().map(|b| &b.reason).collect();
        assert!(matches!(reasons[0], BadReason::UnknownCustomer { name } if name == "Contso Ltd"));
        assert!(matches!(
            reasons[1],
            BadReason::Columns {
                found: 8,
                expected: 7
            }
        ));
        assert!(matches!(reasons[2], BadReason::Currency { .. }));
        assert!(!r.clean());
    }

    #[test]
    fn a_statement_with_another_header_is_refused_whole() {
        let p = contoso();
        assert!(reconcile(&p, "month,client,partner,item,fee_type,amount,currency\n").is_err());
        assert!(reconcile(
            &p,
            "month,customer,partner,item,fee_type,amount,currency,note\n"
        )
        .is_err());
    }

    #[test]
    fn m1_a_difference_too_large_for_a_decimal_is_a_problem_not_a_panic() {
        let mut p = contoso();
        // The expected fee is as large as a decimal holds; a negative payment of it
        // differs by more than that.
        let start = p.customers[0].start;
        let r = std::sync::Arc::make_mut(&mut p.results[0]);
        let run = r.fees.runs[0].clone();
        r.fees.runs = vec![crate::fees::FeeRun {
            amount: Decimal::MAX,
            ..run.clone()
        }];
        let kind = match run.kind {
            FeeKind::Transaction => "transaction",
            FeeKind::Residual => "residual",
        };
        let text = format!(
            "month,customer,partner,item,fee_type,amount,currency\n{},Contoso Ltd,{},{},{kind},-1.00,USD\n",
            start.plus(run.from_month - 1),
            run.partner,
            run.transaction
        );
        let problems = reconcile(&p, &text).unwrap_err();
        assert_eq!(
            problems.iter().map(|p| &p.kind).collect::<Vec<_>>(),
            [&ProblemKind::TooLargeToCompute]
        );
    }

    #[test]
    fn r2_a_refused_statement_is_typed_and_worded_by_describe() {
        let usd = Currency::from_code("USD").unwrap();
        let words = |text: &str| {
            let p = parse(text, usd, &[]).unwrap_err().remove(0);
            (serde_json::to_value(&p).unwrap(), p.to_string())
        };
        let (json, message) = words("month,partner,item,fee_type,amount,currency\n");
        assert_eq!(
            (&json["code"], &json["reason"], &json["column"]),
            (
                &"statement".into(),
                &"missing_column".into(),
                &"customer".into()
            )
        );
        assert_eq!(message, "$: the fee statement cannot be used: it has no \"customer\" column: its header line must name month, customer, partner, item, fee_type, amount, currency (R2)");
        let (json, message) = words("month,customer,partner,item,fee_type,amount,currency,note\n");
        assert_eq!(
            (&json["reason"], &json["column"]),
            (&"unknown_column".into(), &"note".into())
        );
        assert!(
            message.ends_with("it has an unknown column \"note\": its header line must name month, customer, partner, item, fee_type, amount, currency (R2)"),
            "{message}"
        );
    }

    #[test]
    fn r2_amounts_are_plain_decimals_with_the_currency_places() {
        let usd = Currency::from_code("USD").unwrap();
        for ok in ["0", "136.8", "136.80", "-14.00", "1000000"] {
            assert!(amount(ok, usd).is_some(), "{ok}");
        }
        for bad in [
            "1 000.00",
            "1'000.00",
            "1,000.00",
            "136.801",
            ".5",
            "5.",
            "1.2.3",
            "+5",
            "1e3",
            "",
            "2000000000000",
        ] {
            assert_eq!(amount(bad, usd), None, "{bad}");
        }
    }

    #[test]
    fn r2_line_numbers_count_blank_lines_and_a_byte_order_mark_is_no_column() {
        let customers = vec!["Contoso Ltd".to_string()];
        let text = "\u{feff}month,customer,partner,item,fee_type,amount,currency\n2011-04,Contoso Ltd,northwind,t1,transaction,144.00,USD\n\n\n2011-04,Contoso Ltd,northwind,t1,residual,1 000,USD\n";
        let (paid, bad) = parse(text, Currency::from_code("USD").unwrap(), &customers).unwrap();
        assert_eq!(paid.len(), 1);
        assert_eq!(
            bad,
            vec![BadLine {
                line: 5,
                reason: BadReason::Amount {
                    text: "1 000".into()
                }
            }]
        );
        let refused = parse(
            "month;customer\n",
            Currency::from_code("USD").unwrap(),
            &customers,
        )
        .unwrap_err();
        assert_eq!(
            refused[0].kind,
            ProblemKind::Statement {
                refusal: StatementRefusal::MissingColumn {
                    column: "month".into()
                }
            },
            "the header is one column, \"month;customer\""
        );
    }
}
