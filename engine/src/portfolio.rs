//! A partner's book of customers (V1-V3, the seed's Multi-Account Console): every
//! quote lined up by calendar month (T2), each partner's transaction fees, residual fees,
//! services revenue and forfeited fees per month, per customer and in total, each a sum
//! of the quotes' own rows (M5); and what needs attention soonest.

use crate::advice::Advice;
use crate::fees::{FeeKind, ForfeitCause};
use crate::limits::MAX_PORTFOLIO_QUOTES;
use crate::money::{self, Currency, Overflow};
use crate::quote::{CalendarMonth, Condition, Quote};
use crate::{compute, PriceBook, Problem, QuoteResult};
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

/// One customer of the portfolio: a quote, a name to show, and the book it is priced with.
pub struct Input<'a> {
    pub name: String,
    pub quote: &'a Quote,
    pub book: &'a PriceBook,
}

/// The four amounts the portfolio adds up, and what they earn. The portfolio makes them
/// with [`Amounts::new`] only, so what they earn is summed with checked arithmetic once,
/// and a sum too large for a decimal stops the portfolio with `Overflow` (M1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Amounts {
    pub transaction: Decimal,
    pub residual: Decimal,
    pub services: Decimal,
    pub forfeited: Decimal,
    /// `transaction + residual + services`, as summed by `new`.
    #[serde(skip)]
    earned: Decimal,
}

impl Amounts {
    /// The amounts and what they earn, or `Overflow` when that sum is too large.
    pub fn new(
        transaction: Decimal,
        residual: Decimal,
        services: Decimal,
        forfeited: Decimal,
    ) -> Result<Amounts, Overflow> {
        Ok(Amounts {
            earned: money::sum(Decimal::ZERO, [transaction, residual, services])?,
            transaction,
            residual,
            services,
            forfeited,
        })
    }

    pub(crate) fn add(&mut self, o: &Amounts) -> Result<(), Overflow> {
        *self = Amounts::new(
            money::add(self.transaction, o.transaction)?,
            money::add(self.residual, o.residual)?,
            money::add(self.services, o.services)?,
            money::add(self.forfeited, o.forfeited)?,
        )?;
        Ok(())
    }

    /// Fees and services: what the partner earns.
    pub fn earned(&self) -> Decimal {
        self.earned
    }
}

/// One partner's figures for one customer: per month of the portfolio and in total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub customer: usize,
    /// The partner's id; `None` for fees forfeited with no Partner of Record.
    pub partner: Option<String>,
    pub months: Vec<Amounts>,
    pub total: Amounts,
}

/// A customer that could not be added, and why.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// Priced in another currency than the portfolio's.
    Currency { name: String, currency: Currency },
    /// Has no calendar start, so it cannot be lined up (T2).
    NoStart { name: String },
    /// Does not compute.
    Invalid {
        name: String,
        problems: Vec<Problem>,
    },
    /// Beyond the most quotes one portfolio holds.
    TooMany { name: String, limit: usize },
}

impl Refused {
    /// The name of the customer left out.
    pub fn name(&self) -> &str {
        match self {
            Refused::Currency { name, .. }
            | Refused::NoStart { name }
            | Refused::Invalid { name, .. }
            | Refused::TooMany { name, .. } => name,
        }
    }
}

/// What needs attention (V2).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Attention {
    /// Fees of a transaction go to nobody from this month (F2, F6). Partners and services
    /// are named as the customer's quote names them.
    Forfeited {
        transaction: String,
        kind: FeeKind,
        cause: ForfeitCause,
        partner: Option<String>,
        months: u32,
        monthly: Decimal,
    },
    /// A transaction's first year ends: its fee falls from 18% to 6% (F3, F5).
    FirstYearEnds {
        transaction: String,
        partner: Option<String>,
    },
    /// A partner's eligibility condition ends (F2, T4).
    ConditionEnds {
        partner: String,
        condition: Condition,
    },
    /// Buying more would cost less (P2, I2).
    VolumeCliff {
        service: String,
        quantity: u64,
        suggested: u64,
        monthly_saving: Decimal,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttentionItem {
    /// The customer (index into `customers`).
    pub customer: usize,
    pub month: CalendarMonth,
    /// The quote month it is about, for the link into the quote (V3).
    pub quote_month: u32,
    pub what: Attention,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerRow {
    pub name: String,
    pub start: CalendarMonth,
    pub horizon_months: u32,
}

#[derive(Debug, Clone)]
pub struct Portfolio {
    pub currency: Currency,
    /// The calendar month of index 0 of every `months` list.
    pub first: CalendarMonth,
    pub span: u32,
    pub customers: Vec<CustomerRow>,
    /// The results, for opening a customer and for the statements (R1).
    pub results: Vec<Arc<QuoteResult>>,
    pub lines: Vec<Line>,
    pub refused: Vec<Refused>,
    pub attention: Vec<AttentionItem>,
}

impl Portfolio {
    /// Every partner id with a line, in first-seen order.
    pub fn partners(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in &self.lines {
            if let Some(p) = &l.partner {
                if !out.contains(p) {
                    out.push(p.clone());
                }
            }
        }
        out
    }

    /// The sum of the lines that pass `keep`, per month and in total (M5).
    pub fn total(&self, keep: impl Fn(&Line) -> bool) -> Result<(Vec<Amounts>, Amounts), Overflow> {
        let mut months = vec![Amounts::default(); self.span as usize];
        let mut total = Amounts::default();
        for l in self.lines.iter().filter(|l| keep(l)) {
            for (m, a) in months.iter_mut().zip(&l.months) {
                m.add(a)?;
            }
            total.add(&l.total)?;
        }
        Ok((months, total))
    }
}

/// Adds `amount` to each month `from..=to` of a quote starting `offset` months into the
/// portfolio, through a difference array (`diff` has `span + 1` entries).
fn spread(
    diff: &mut [Decimal],
    offset: usize,
    from: u32,
    to: u32,
    amount: Decimal,
) -> Result<(), Overflow> {
    let (a, b) = (offset + from as usize - 1, offset + to as usize);
    diff[a] = money::add(diff[a], amount)?;
    diff[b] = money::sub(diff[b], amount)?;
    Ok(())
}

/// Per partner (and "nobody"): four difference arrays over the portfolio's months.
struct Sums {
    partner: Option<String>,
    diff: [Vec<Decimal>; 4],
}

/// The index of `p`'s sums, added when first seen.
fn slot(sums: &mut Vec<Sums>, p: Option<&str>, span: u32, zero: Decimal) -> usize {
    match sums.iter().position(|s| s.partner.as_deref() == p) {
        Some(i) => i,
        None => {
            sums.push(Sums {
                partner: p.map(str::to_string),
                diff: std::array::from_fn(|_| vec![zero; span as usize + 1]),
            });
            sums.len() - 1
        }
    }
}

fn lines_of(
    customer: usize,
    r: &QuoteResult,
    offset: usize,
    span: u32,
    zero: Decimal,
) -> Result<Vec<Line>, Overflow> {
    let mut sums: Vec<Sums> = Vec::new();
    for f in &r.fees.runs {
        let i = slot(&mut sums, Some(&f.partner), span, zero);
        let k = if f.kind == FeeKind::Transaction { 0 } else { 1 };
        spread(
            &mut sums[i].diff[k],
            offset,
            f.from_month,
            f.to_month,
            f.amount,
        )?;
    }
    for s in &r.services.runs {
        let i = slot(&mut sums, Some(&s.partner), span, zero);
        spread(
            &mut sums[i].diff[2],
            offset,
            s.from_month,
            s.to_month,
            s.amount,
        )?;
    }
    for f in &r.fees.forfeited {
        let i = slot(&mut sums, f.partner.as_deref(), span, zero);
        spread(
            &mut sums[i].diff[3],
            offset,
            f.from_month,
            f.to_month,
            f.amount,
        )?;
    }
    sums.into_iter()
        .map(|s| {
            let mut running = [zero; 4];
            let mut months = Vec::with_capacity(span as usize);
            let mut total = Amounts::default();
            for m in 0..span as usize {
                for (r, d) in running.iter_mut().zip(&s.diff) {
                    *r = money::add(*r, d[m])?;
                }
                let a = Amounts::new(running[0], running[1], running[2], running[3])?;
                total.add(&a)?;
                months.push(a);
            }
            Ok(Line {
                customer,
                partner: s.partner,
                months,
                total,
            })
        })
        .collect()
}

/// Builds the portfolio of `inputs`; `now` is the month the attention list counts from.
pub fn portfolio(inputs: &[Input], now: CalendarMonth) -> Result<Portfolio, Overflow> {
    let mut refused = Vec::new();
    let mut priced: Vec<(&Input, CalendarMonth, QuoteResult)> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        if i >= MAX_PORTFOLIO_QUOTES {
            refused.push(Refused::TooMany {
                name: input.name.clone(),
                limit: MAX_PORTFOLIO_QUOTES,
            });
            continue;
        }
        let Some(start) = input.quote.start else {
            refused.push(Refused::NoStart {
                name: input.name.clone(),
            });
            continue;
        };
        match compute(input.book, input.quote) {
            Ok(r) => priced.push((input, start, r)),
            Err(problems) => refused.push(Refused::Invalid {
                name: input.name.clone(),
                problems,
            }),
        }
    }
    // The portfolio's currency is its first customer's; others are refused by name (V1).
    let currency = priced
        .first()
        .map_or(PriceBook::default_book().currency, |p| p.2.currency);
    priced.retain(|(input, _, r)| {
        let same = r.currency == currency;
        if !same {
            refused.push(Refused::Currency {
                name: input.name.clone(),
                currency: r.currency,
            });
        }
        same
    });
    let first = priced.iter().map(|p| p.1).min().unwrap_or(now);
    let end = priced
        .iter()
        .map(|p| p.1.plus(p.2.horizon_months))
        .max()
        .unwrap_or(now);
    let span = first.months_until(end).max(0) as u32;
    let zero = currency.zero();
    let mut lines = Vec::new();
    let mut attention = Vec::new();
    let mut customers = Vec::new();
    let mut results = Vec::new();
    for (c, (input, start, r)) in priced.into_iter().enumerate() {
        let offset = first.months_until(start) as usize;
        lines.extend(lines_of(c, &r, offset, span, zero)?);
        attention.extend(attention_of(c, input.quote, &r, start, now));
        customers.push(CustomerRow {
            name: input.name.clone(),
            start,
            horizon_months: r.horizon_months,
        });
        results.push(Arc::new(r));
    }
    attention.sort_by(|a, b| a.month.cmp(&b.month).then(a.customer.cmp(&b.customer)));
    Ok(Portfolio {
        currency,
        first,
        span,
        customers,
        results,
        lines,
        refused,
        attention,
    })
}

/// Within three months from now (V2).
const SOON: i64 = 3;

/// V2 for one customer: what happens from `now` on, or soon.
fn attention_of(
    customer: usize,
    q: &Quote,
    r: &QuoteResult,
    start: CalendarMonth,
    now: CalendarMonth,
) -> Vec<AttentionItem> {
    let watch = Watch {
        customer,
        q,
        r,
        start,
        now_m: start.months_until(now) + 1,
    };
    let mut out = Vec::new();
    watch.forfeits(&mut out);
    watch.first_years_ending(&mut out);
    watch.conditions_ending(&mut out);
    watch.volume_cliffs(&mut out);
    out
}

/// One customer's quote and result as seen from `now`, for its attention items.
struct Watch<'a> {
    customer: usize,
    q: &'a Quote,
    r: &'a QuoteResult,
    start: CalendarMonth,
    /// Quote month of `now` (may lie before month 1 or after the horizon).
    now_m: i64,
}

impl Watch<'_> {
    fn item(&self, m: u32, what: Attention) -> AttentionItem {
        AttentionItem {
            customer: self.customer,
            month: self.start.plus(m - 1),
            quote_month: m,
            what,
        }
    }

    /// A partner as the quote names it.
    fn name(&self, id: &str) -> String {
        self.q
            .partner(id)
            .map_or_else(|| id.to_string(), |p| p.display_name().to_string())
    }

    /// Fees going to nobody from now on, counted from now.
    fn forfeits(&self, out: &mut Vec<AttentionItem>) {
        let now_m = self.now_m;
        for f in self
            .r
            .fees
            .forfeited
            .iter()
            .filter(|f| i64::from(f.to_month) >= now_m)
        {
            let from = (now_m.max(i64::from(f.from_month))) as u32;
            let what = Attention::Forfeited {
                transaction: f.transaction.to_string(),
                kind: f.kind,
                cause: f.cause,
                partner: f.partner.as_ref().map(|p| self.name(p)),
                months: f.to_month - from + 1,
                monthly: f.amount,
            };
            out.push(self.item(from, what));
        }
    }

    /// First years ending soon whose transaction fee is earned to their end: only then
    /// does a partner's fee fall (F5).
    fn first_years_ending(&self, out: &mut Vec<AttentionItem>) {
        let fees = &self.r.fees;
        for t in &self.q.transactions {
            let last = t.start_month + fees.first_year_months - 1;
            let ends_in = i64::from(last) - self.now_m;
            let billed = fees.runs.iter().any(|f| {
                *f.transaction == *t.id && f.kind == FeeKind::Transaction && f.to_month == last
            });
            if (0..=SOON).contains(&ends_in) && billed {
                let partner = fees
                    .runs
                    .iter()
                    .find(|f| *f.transaction == *t.id && f.kind == FeeKind::Transaction)
                    .map(|f| self.name(&f.partner));
                out.push(self.item(
                    last,
                    Attention::FirstYearEnds {
                        transaction: t.id.clone(),
                        partner,
                    },
                ));
            }
        }
    }

    /// Partners' eligibility conditions ending soon, within the horizon.
    fn conditions_ending(&self, out: &mut Vec<AttentionItem>) {
        for p in &self.q.partners {
            for c in Condition::ALL {
                for range in p.eligibility.ranges(c) {
                    if let Some(to) = range.to_month.filter(|&to| {
                        (0..=SOON).contains(&(i64::from(to) - self.now_m))
                            && to <= self.r.horizon_months
                    }) {
                        out.push(self.item(
                            to,
                            Attention::ConditionEnds {
                                partner: p.display_name().to_string(),
                                condition: c,
                            },
                        ));
                    }
                }
            }
        }
    }

    /// Volume cliffs that still lie ahead, from now or their first month.
    fn volume_cliffs(&self, out: &mut Vec<AttentionItem>) {
        for a in &self.r.advice {
            if let Advice::VolumeCliff {
                service_name,
                from_month,
                to_month,
                quantity,
                suggested_quantity,
                monthly_saving,
                ..
            } = a
            {
                if i64::from(*to_month) >= self.now_m {
                    let m = self.now_m.max(i64::from(*from_month)) as u32;
                    out.push(self.item(
                        m,
                        Attention::VolumeCliff {
                            service: service_name.clone(),
                            quantity: *quantity,
                            suggested: *suggested_quantity,
                            monthly_saving: *monthly_saving,
                        },
                    ));
                }
            }
        }
    }
}

/// The portfolio as CSV: one line per calendar month, customer and partner with any
/// amount (`docs/formats.md`).
pub fn csv(p: &Portfolio) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "month",
        "customer",
        "partner",
        "transaction_fees",
        "residual_fees",
        "services",
        "forfeited",
    ]);
    for m in 0..p.span as usize {
        for l in &p.lines {
            let a = l.months[m];
            if a != Amounts::default() {
                let partner = l.partner.clone().unwrap_or_default();
                let _ = w.write_record([
                    p.first.plus(m as u32).to_string(),
                    p.customers[l.customer].name.clone(),
                    partner,
                    a.transaction.to_string(),
                    a.residual.to_string(),
                    a.services.to_string(),
                    a.forfeited.to_string(),
                ]);
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(name: &str, start: &str, users: u32) -> Quote {
        let mut q = Quote::example();
        q.customer.name = name.into();
        q.start = Some(start.parse().unwrap());
        q.transactions[0].quantity = users;
        q
    }

    fn input<'a>(name: &str, quote: &'a Quote, book: &'a PriceBook) -> Input<'a> {
        Input {
            name: name.into(),
            quote,
            book,
        }
    }

    #[test]
    fn v1_totals_are_sums_of_the_quotes_own_rows_lined_up_by_calendar_month() {
        let book = PriceBook::default_book();
        let (a, b) = (quote("A", "2011-04", 120), quote("B", "2011-10", 200));
        let inputs = [input("A", &a, &book), input("B", &b, &book)];
        let p = portfolio(&inputs, "2011-04".parse().unwrap()).unwrap();
        assert_eq!(p.first.to_string(), "2011-04");
        assert_eq!(p.span, 42, "April 2011 to September 2014");
        let (months, total) = p
            .total(|l| l.partner.as_deref() == Some("northwind"))
            .unwrap();
        let own: Decimal = p
            .results
            .iter()
            .flat_map(|r| r.fees.partners.iter().filter(|x| x.id == "northwind"))
            .map(|x| x.total)
            .sum();
        assert_eq!(total.transaction + total.residual, own);
        let sum: Decimal = months.iter().map(|m| m.transaction + m.residual).sum();
        assert_eq!(sum, own);
        // Month 1 of B is October 2011, the portfolio's 7th month.
        let b_line = p
            .lines
            .iter()
            .find(|l| l.customer == 1 && l.partner.as_deref() == Some("northwind"))
            .unwrap();
        assert!(b_line.months[5].transaction.is_zero() && !b_line.months[6].transaction.is_zero());
    }

    #[test]
    fn v1_other_currencies_and_quotes_without_a_start_are_refused_by_name() {
        let book = PriceBook::default_book();
        let eur =
            PriceBook::from_json(&crate::book::DEFAULT_BOOK_JSON.replacen("\"USD\"", "\"EUR\"", 1))
                .unwrap();
        let (a, b) = (quote("A", "2011-04", 120), quote("B", "2011-04", 120));
        let mut c = quote("C", "2011-04", 120);
        c.start = None;
        let inputs = [
            input("A", &a, &book),
            input("B", &b, &eur),
            input("C", &c, &book),
        ];
        let p = portfolio(&inputs, "2011-04".parse().unwrap()).unwrap();
        assert_eq!(p.customers.len(), 1);
        assert!(p.refused.contains(&Refused::Currency {
            name: "B".into(),
            currency: eur.currency
        }));
        assert!(p.refused.contains(&Refused::NoStart { name: "C".into() }));
    }

    #[test]
    fn m1_earnings_too_large_for_a_decimal_are_an_overflow_not_a_panic() {
        let max = Decimal::MAX;
        assert_eq!(
            Amounts::new(max, max, Decimal::ZERO, Decimal::ZERO),
            Err(Overflow)
        );
        let a = Amounts::new(max, Decimal::ZERO, Decimal::ZERO, max).unwrap();
        assert_eq!(a.earned(), max, "forfeited fees are not earned");
        // One month with a transaction fee and a residual fee each as large as a
        // decimal holds: each column fits, what they earn together does not.
        let mut r = compute(&PriceBook::default_book(), &quote("A", "2011-04", 120)).unwrap();
        let fee = r.fees.runs[0].clone();
        let month = |kind| crate::fees::FeeRun {
            kind,
            from_month: 1,
            to_month: 1,
            amount: max,
            ..fee.clone()
        };
        r.fees.runs = vec![month(FeeKind::Transaction), month(FeeKind::Residual)];
        r.fees.forfeited.clear();
        r.services.runs.clear();
        assert_eq!(lines_of(0, &r, 0, 12, Decimal::ZERO), Err(Overflow));
    }

    #[test]
    fn m1_a_report_whose_partner_sums_overflow_is_an_error_not_partial_figures() {
        let line = |customer| Line {
            customer,
            partner: Some("northwind".into()),
            months: vec![
                Amounts::new(Decimal::MAX, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO).unwrap(),
            ],
            total: Amounts::new(Decimal::MAX, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO).unwrap(),
        };
        let first: CalendarMonth = "2011-04".parse().unwrap();
        let row = |name: &str| CustomerRow {
            name: name.into(),
            start: first,
            horizon_months: 1,
        };
        let p = Portfolio {
            currency: PriceBook::default_book().currency,
            first,
            span: 1,
            customers: vec![row("A"), row("B")],
            results: Vec::new(),
            lines: vec![line(0), line(1)],
            refused: Vec::new(),
            attention: Vec::new(),
        };
        assert_eq!(p.total(|_| true).map(|t| t.1), Err(Overflow));
        assert_eq!(
            crate::output::portfolio_report(&p, &crate::describe::Plain::default()),
            Err(Overflow)
        );
    }

    #[test]
    fn v2_attention_soonest_first() {
        let book = PriceBook::default_book();
        let mut a = quote("A", "2011-04", 120);
        a.partners[1].eligibility.agreement[0].to_month = Some(10);
        let inputs = [input("A", &a, &book)];
        let p = portfolio(&inputs, "2011-12".parse().unwrap()).unwrap();
        let kinds: Vec<(String, &str)> = p
            .attention
            .iter()
            .map(|i| {
                let k = match &i.what {
                    Attention::Forfeited { .. } => "forfeited",
                    Attention::FirstYearEnds { .. } => "first year ends",
                    Attention::ConditionEnds { .. } => "condition ends",
                    Attention::VolumeCliff { .. } => "volume cliff",
                };
                (i.month.to_string(), k)
            })
            .collect();
        // Month 9 is December 2011: the volume cliff runs on; the first years end in March
        // 2012; Fabrikam's agreement ended at month 10 (January 2012): its fees forfeit from then.
        assert!(
            kinds.contains(&("2011-12".into(), "volume cliff")),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("2012-03".into(), "first year ends")),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("2012-01".into(), "condition ends")),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("2012-02".into(), "forfeited")),
            "{kinds:?}"
        );
        let months: Vec<&String> = kinds.iter().map(|k| &k.0).collect();
        assert!(
            months.windows(2).all(|w| w[0] <= w[1]),
            "soonest first: {months:?}"
        );
    }
}
