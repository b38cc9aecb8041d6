//! Partner of Record fees (F1-F9), taken from a plan's MOSP charge runs: each fee run
//! stands for one fee row per partner, transaction, month and fee type (M4); a
//! partner's figures are sums of its rows (M5), with its service revenue beside them (S3).

use crate::money::{self, Overflow};
use crate::pricing::{difference, ChargeRun};
use crate::quote::{Conditions, PorScope, Quote, Transaction};
use crate::rules::{Rule, Rules};
use crate::services::ServicesResult;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// F3: 12% of the transaction's first year, to the POR at its start.
    Transaction,
    /// F4: 6% of every month, to that month's POR, evergreen.
    Residual,
}

/// Which assignment's scope decided who gets a fee (F6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Service,
    Transaction,
}

/// Which POR assignment decided who gets a fee (F6).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PorBasis {
    pub scope: ScopeKind,
    pub id: Arc<str>,
    /// The change (its month) that made this partner POR.
    pub from_month: u32,
}

/// What one partner earns from one transaction for one fee type in each month of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeRun {
    pub partner: Arc<str>,
    pub transaction: Arc<str>,
    pub service: Arc<str>,
    pub from_month: u32,
    pub to_month: u32,
    pub kind: FeeKind,
    pub rate: Decimal,
    /// The MOSP charge row each month's fee is taken from.
    pub charge: Decimal,
    /// Each month's fee row, M4: `round(rate x charge)`.
    pub amount: Decimal,
    pub por: PorBasis,
    pub rules: Rules,
}

/// Why a fee goes to nobody.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForfeitCause {
    /// No Partner of Record for the transaction (at its start, for F3; in the month, for F4).
    NoPor,
    /// The POR lacks an eligibility condition in the month (F2).
    NotEligible,
}

/// Fees nobody earns in a run of months, and why (F2: "that fee goes to nobody").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForfeitedRun {
    pub transaction: Arc<str>,
    pub from_month: u32,
    pub to_month: u32,
    pub kind: FeeKind,
    /// The partner who would have earned it, if there was a POR.
    pub partner: Option<Arc<str>>,
    /// What each month's fee would have been.
    pub amount: Decimal,
    pub cause: ForfeitCause,
    /// For `NotEligible`: the conditions the partner lacks in these months (F2).
    pub missing: Conditions,
    pub rules: Rules,
}

impl ForfeitedRun {
    pub fn months(&self) -> u32 {
        self.to_month - self.from_month + 1
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeMonth {
    pub month: u32,
    pub transaction: Decimal,
    pub residual: Decimal,
    /// `transaction + residual`: the partner's fees in the month.
    pub total: Decimal,
    /// S3: the partner's own service rows in the month.
    pub services: Decimal,
    /// S3: fees plus services.
    pub earnings: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeYear {
    pub year: u32,
    pub transaction: Decimal,
    pub residual: Decimal,
    pub total: Decimal,
    pub services: Decimal,
    pub earnings: Decimal,
}

/// What one partner earns: every figure is a sum of that partner's rows (M5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerFees {
    pub id: String,
    pub name: String,
    pub transaction_fees: Decimal,
    pub residual_fees: Decimal,
    /// POR fees: transaction plus residual.
    pub total: Decimal,
    /// F5: the fees of the first year of the horizon (months 1-12).
    pub year1_total: Decimal,
    /// The annuity: residual fees in the horizon's last month, which is what the partner
    /// keeps earning each month once every first year has passed and nothing changes.
    pub evergreen_monthly: Decimal,
    /// S3: the partner's own service rows, one-off and recurring.
    pub services_total: Decimal,
    pub services_one_off: Decimal,
    pub services_recurring: Decimal,
    /// S3: fees plus services.
    pub earnings_total: Decimal,
    pub years: Vec<FeeYear>,
    /// Month by month, for the chart of who earns what.
    pub months: Vec<FeeMonth>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeResult {
    pub partners: Vec<PartnerFees>,
    /// All partners' transaction fees (F3).
    pub transaction_total: Decimal,
    /// All partners' residual fees (F4).
    pub residual_total: Decimal,
    pub total: Decimal,
    pub forfeited_total: Decimal,
    /// The terms the fees were taken at (F9), from the effective price book.
    pub transaction_rate: Decimal,
    pub residual_rate: Decimal,
    pub first_year_months: u32,
    pub runs: Vec<FeeRun>,
    pub forfeited: Vec<ForfeitedRun>,
}

/// Who is POR of a transaction over a run of months, and which assignment said so.
type Por<'q> = Option<(Option<&'q str>, PorBasis)>;

/// A run of months with one POR, and that partner's place in `quote.partners` (looked
/// up once per run here rather than once per fee).
type Span<'q> = (u32, u32, Por<'q>, Option<usize>);

/// The context fees are worked out in: the quote, the terms and what is looked up often.
struct Fees<'q> {
    quote: &'q Quote,
    first_year: u32,
    partner_ids: Vec<Arc<str>>,
    /// Per POR assignment: its scope, with the id shared by every fee run it decides,
    /// and each change's partner's place in `quote.partners` (found once here, not once
    /// per POR span of each transaction). Validation has refused repeated partner ids.
    assignments: Vec<(ScopeKind, Arc<str>, Vec<Option<usize>>)>,
    /// Per partner: the months from which what it lacks (F2) changes, with what it lacks.
    eligibility: Vec<Vec<(u32, Conditions)>>,
    runs: Vec<FeeRun>,
    /// Per partner: its runs' places in `runs`, in order.
    by_partner: Vec<Vec<usize>>,
    forfeited: Vec<ForfeitedRun>,
}

/// One kind of fee on one charge run, before it is given to a partner.
#[derive(Clone, Copy)]
struct Due<'r> {
    charge: &'r ChargeRun,
    kind: FeeKind,
    rate: Decimal,
    amount: Decimal,
}

impl<'q> Fees<'q> {
    fn new(quote: &'q Quote, first_year: u32) -> Fees<'q> {
        let h = quote.horizon_months;
        let eligibility = quote
            .partners
            .iter()
            .map(|p| {
                let mut months = vec![1];
                months.extend(
                    p.eligibility
                        .change_months()
                        .into_iter()
                        .filter(|&m| m > 1 && m <= h),
                );
                months
                    .into_iter()
                    .map(|m| (m, p.eligibility.missing(m)))
                    .collect()
            })
            .collect();
        Fees {
            quote,
            first_year,
            partner_ids: quote
                .partners
                .iter()
                .map(|p| Arc::from(p.id.as_str()))
                .collect(),
            assignments: quote
                .por
                .iter()
                .map(|a| {
                    let partners = a.changes.iter().map(|c| {
                        let p = c.partner.as_deref()?;
                        quote.partners.iter().position(|x| x.id == p)
                    });
                    let (kind, id) = match &a.scope {
                        PorScope::Service(s) => (ScopeKind::Service, s),
                        PorScope::Transaction(t) => (ScopeKind::Transaction, t),
                    };
                    (kind, Arc::from(id.as_str()), partners.collect())
                })
                .collect(),
            eligibility,
            runs: Vec::new(),
            by_partner: vec![Vec::new(); quote.partners.len()],
            forfeited: Vec::new(),
        }
    }

    /// F6: a transaction's POR over the horizon, as `(from, to, POR)` runs.
    fn timeline(&self, t: &'q Transaction) -> Vec<Span<'q>> {
        let find = |own: bool| {
            self.quote.por.iter().position(|a| match &a.scope {
                PorScope::Transaction(id) => own && *id == t.id,
                PorScope::Service(s) => !own && *s == t.service,
            })
        };
        let (own, service) = (find(true), find(false));
        let h = self.quote.horizon_months;
        let mut starts: Vec<u32> = [own, service]
            .into_iter()
            .flatten()
            .flat_map(|i| self.quote.por[i].changes.iter().map(|c| c.from_month))
            .filter(|&m| m > 1 && m <= h)
            .collect();
        starts.push(1);
        starts.sort_unstable();
        starts.dedup();
        let ends = starts.iter().skip(1).map(|&m| m - 1).chain([h]);
        starts
            .iter()
            .zip(ends)
            .map(|(&from, to)| {
                let (por, index) = self.por_at(own, service, from);
                (from, to, por, index)
            })
            .collect()
    }

    /// F6: the POR of one transaction in a month (and its place in `quote.partners`):
    /// its own assignment (`own`, a place in `quote.por`) from its first change on, its
    /// service's before that (or without one).
    fn por_at(
        &self,
        own: Option<usize>,
        service: Option<usize>,
        month: u32,
    ) -> (Por<'q>, Option<usize>) {
        let found = [own, service].into_iter().flatten().find_map(|i| {
            let a = &self.quote.por[i];
            let j = a.changes.iter().rposition(|c| c.from_month <= month)?;
            let (scope, id, partners) = &self.assignments[i];
            let basis = PorBasis {
                scope: *scope,
                id: id.clone(),
                from_month: a.changes[j].from_month,
            };
            Some(((a.changes[j].partner.as_deref(), basis), partners[j]))
        });
        found.map_or((None, None), |(por, index)| (Some(por), index))
    }

    /// F3, F4: both fees on each charge run of one transaction.
    fn charge_fees(
        &mut self,
        book: &crate::PriceBook,
        t: &'q Transaction,
        group: &[ChargeRun],
    ) -> Result<(), Overflow> {
        let tx_rate = book.por.transaction_rate.value;
        let res_rate = book.por.residual_rate.value;
        let timeline = self.timeline(t);
        let start_por = timeline
            .iter()
            .find(|(f, to, ..)| (*f..=*to).contains(&t.start_month))
            .map(|x| (x.2.clone(), x.3))
            .unwrap_or((None, None));
        for charge in group {
            let round = |rate| book.currency.round_product(rate, charge.amount);
            let (tx_fee, res_fee) = (round(tx_rate)?, round(res_rate)?);
            self.transaction_fee(
                t,
                &start_por,
                Due {
                    charge,
                    kind: FeeKind::Transaction,
                    rate: tx_rate,
                    amount: tx_fee,
                },
            );
            self.residual_fee(
                &timeline,
                Due {
                    charge,
                    kind: FeeKind::Residual,
                    rate: res_rate,
                    amount: res_fee,
                },
            );
        }
        Ok(())
    }

    /// F3: the transaction fee on one charge run, to the POR when the transaction started.
    fn transaction_fee(
        &mut self,
        t: &Transaction,
        (start_por, index): &(Por<'q>, Option<usize>),
        due: Due,
    ) {
        let last = t
            .start_month
            .saturating_add(self.first_year)
            .saturating_sub(1);
        let (from, to) = (due.charge.from_month, due.charge.to_month.min(last));
        if from <= to {
            self.give(due, (from, to), start_por.clone(), *index);
        }
    }

    /// F4: the residual fee on one charge run, to each month's POR.
    fn residual_fee(&mut self, timeline: &[Span<'q>], due: Due) {
        for (from, to, por, index) in timeline {
            let (a, b) = (
                (*from).max(due.charge.from_month),
                (*to).min(due.charge.to_month),
            );
            if a <= b {
                self.give(due, (a, b), por.clone(), *index);
            }
        }
    }

    /// Gives a fee over some months to the POR, split by its eligibility (F2); what
    /// nobody may earn is forfeited.
    fn give(&mut self, due: Due, (from, to): (u32, u32), por: Por<'q>, index: Option<usize>) {
        const NO_POR: Rules = Rules::of(&[Rule::F6]);
        const PAID: Rules = Rules::of(&[Rule::F1, Rule::F2, Rule::F6, Rule::M4]);
        const NOT_ELIGIBLE: Rules = Rules::of(&[Rule::F2]);
        let rules = |base: Rules| base.with(fee_rule(due.kind));
        let Some((Some(partner), basis)) = por else {
            forfeit(
                &mut self.forfeited,
                &due,
                (from, to),
                None,
                ForfeitCause::NoPor,
                Conditions::default(),
                rules(NO_POR),
            );
            return;
        };
        let id = index.map_or_else(|| Arc::from(partner), |i| self.partner_ids[i].clone());
        // A partner the quote does not list lacks nothing (validation names it).
        let always = [(1, Conditions::default())];
        let steps = index.map_or(&always[..], |i| &self.eligibility[i]);
        for (a, b, missing) in eligible_runs(steps, from, to) {
            if missing.is_empty() {
                if let Some(i) = index {
                    self.by_partner[i].push(self.runs.len());
                }
                self.runs.push(FeeRun {
                    partner: id.clone(),
                    transaction: due.charge.transaction.clone(),
                    service: due.charge.service.clone(),
                    from_month: a,
                    to_month: b,
                    kind: due.kind,
                    rate: due.rate,
                    charge: due.charge.amount,
                    amount: due.amount,
                    por: basis.clone(),
                    rules: rules(PAID),
                });
            } else {
                forfeit(
                    &mut self.forfeited,
                    &due,
                    (a, b),
                    Some(id.clone()),
                    ForfeitCause::NotEligible,
                    missing,
                    rules(NOT_ELIGIBLE),
                );
            }
        }
    }
}

/// F2, T4: `from..=to` cut where what the partner lacks changes (`steps`: from which
/// month it lacks what). Lazily: it runs for every fee of every charge run.
fn eligible_runs(
    steps: &[(u32, Conditions)],
    from: u32,
    to: u32,
) -> impl Iterator<Item = (u32, u32, Conditions)> + '_ {
    steps
        .iter()
        .enumerate()
        .filter_map(move |(k, &(start, missing))| {
            let end = steps.get(k + 1).map_or(u32::MAX, |n| n.0 - 1);
            let (a, b) = (start.max(from), end.min(to));
            (a <= b).then_some((a, b, missing))
        })
}

fn forfeit(
    out: &mut Vec<ForfeitedRun>,
    due: &Due,
    (from, to): (u32, u32),
    partner: Option<Arc<str>>,
    cause: ForfeitCause,
    missing: Conditions,
    rules: Rules,
) {
    out.push(ForfeitedRun {
        transaction: due.charge.transaction.clone(),
        from_month: from,
        to_month: to,
        kind: due.kind,
        partner,
        amount: due.amount,
        cause,
        missing,
        rules,
    });
}

fn fee_rule(kind: FeeKind) -> Rule {
    match kind {
        FeeKind::Transaction => Rule::F3,
        FeeKind::Residual => Rule::F4,
    }
}

impl FeeResult {
    /// No fees at all, at the book's terms: what [`crate::compute_prices`] gives.
    pub(crate) fn none(book: &crate::PriceBook) -> FeeResult {
        let zero = book.currency.zero();
        FeeResult {
            partners: Vec::new(),
            transaction_total: zero,
            residual_total: zero,
            total: zero,
            forfeited_total: zero,
            transaction_rate: book.por.transaction_rate.value,
            residual_rate: book.por.residual_rate.value,
            first_year_months: book.por.first_year_months.value,
            runs: Vec::new(),
            forfeited: Vec::new(),
        }
    }
}

/// The fees of a plan from its MOSP charge runs (F1: EA months earn none).
pub(crate) fn compute_fees(
    book: &crate::PriceBook,
    quote: &Quote,
    mosp_runs: &[ChargeRun],
    services: &ServicesResult,
) -> Result<FeeResult, Overflow> {
    let mut fees = Fees::new(quote, book.por.first_year_months.value);
    // Each charge run gives two fees, most of them to one partner in one piece: room for
    // those at once instead of growing (and copying) the list a dozen times; whatever
    // is left over is given back below.
    if !quote.por.is_empty() {
        fees.runs.reserve(2 * mosp_runs.len());
    }
    let transactions: HashMap<&str, &Transaction> = quote
        .transactions
        .iter()
        .map(|t| (t.id.as_str(), t))
        .collect();
    // Charge runs come grouped by transaction: its timeline is worked out once.
    for group in mosp_runs.chunk_by(|a, b| Arc::ptr_eq(&a.transaction, &b.transaction)) {
        if let Some(t) = transactions.get(&*group[0].transaction) {
            fees.charge_fees(book, t, group)?;
        }
    }
    let zero = book.currency.zero();
    let h = quote.horizon_months;
    let partners = quote
        .partners
        .iter()
        .zip(&fees.by_partner)
        .map(|(p, runs)| {
            let runs = runs.iter().map(|&i| &fees.runs[i]);
            summarise(zero, h, p, runs, services)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sum = |f: fn(&PartnerFees) -> Decimal| money::sum(zero, partners.iter().map(f));
    let (transaction_total, residual_total) =
        (sum(|p| p.transaction_fees)?, sum(|p| p.residual_fees)?);
    let forfeited_total = money::sum(
        zero,
        fees.forfeited
            .iter()
            .map(|f| money::mul(f.amount, Decimal::from(f.months())))
            .collect::<Result<Vec<_>, _>>()?,
    )?;
    Ok(FeeResult {
        partners,
        transaction_total,
        residual_total,
        total: money::add(transaction_total, residual_total)?,
        forfeited_total,
        transaction_rate: book.por.transaction_rate.value,
        residual_rate: book.por.residual_rate.value,
        first_year_months: fees.first_year,
        runs: {
            fees.runs.shrink_to_fit();
            fees.runs
        },
        forfeited: fees.forfeited,
    })
}

/// One partner's months, years and totals from its fee runs and service rows.
fn summarise<'a>(
    zero: Decimal,
    h: u32,
    p: &crate::quote::Partner,
    runs: impl Iterator<Item = &'a FeeRun>,
    services: &ServicesResult,
) -> Result<PartnerFees, Overflow> {
    let (mut tx, mut res) = (Vec::new(), Vec::new());
    for r in runs {
        let span = (r.from_month, r.to_month, r.amount);
        match r.kind {
            FeeKind::Transaction => tx.push(span),
            FeeKind::Residual => res.push(span),
        }
    }
    let own = services.partner_runs(&p.id);
    let svc: Vec<Monthly> = own
        .iter()
        .map(|r| (r.from_month, r.to_month, r.amount))
        .collect();
    let (months, years) = match months_and_years_in_units(zero, h, [&tx, &res, &svc]) {
        Some(both) => both,
        None => {
            let diff = |v: &[Monthly]| difference(zero, h, v.iter().copied());
            let months = fee_months(zero, h, [&diff(&tx)?, &diff(&res)?, &diff(&svc)?])?;
            let years = fee_years(zero, &months)?;
            (months, years)
        }
    };
    let add = |f: fn(&FeeYear) -> Decimal| money::sum(zero, years.iter().map(f));
    let (transaction_fees, residual_fees, services_total) = (
        add(|y| y.transaction)?,
        add(|y| y.residual)?,
        add(|y| y.services)?,
    );
    let total = money::add(transaction_fees, residual_fees)?;
    let one_off = money::sum(
        zero,
        own.iter()
            .filter(|r| !r.recurring)
            .map(|r| r.total())
            .collect::<Result<Vec<_>, _>>()?,
    )?;
    Ok(PartnerFees {
        id: p.id.clone(),
        name: p.name.clone(),
        transaction_fees,
        residual_fees,
        total,
        year1_total: years.first().map_or(zero, |y| y.total),
        evergreen_monthly: months.last().map_or(zero, |m| m.residual),
        services_total,
        services_one_off: one_off,
        services_recurring: money::sub(services_total, one_off)?,
        earnings_total: money::add(total, services_total)?,
        years,
        months,
    })
}

/// A period's POR fees (transaction plus residual) and earnings (fees plus services, S3).
fn fees_and_earnings(
    transaction: Decimal,
    residual: Decimal,
    services: Decimal,
) -> Result<(Decimal, Decimal), Overflow> {
    let total = money::add(transaction, residual)?;
    Ok((total, money::add(total, services)?))
}

/// Each month's figures from the month-to-month differences (see [`difference`]) of
/// transaction fees, residual fees and services.
fn fee_months(
    zero: Decimal,
    h: u32,
    [tx, res, svc]: [&[Decimal]; 3],
) -> Result<Vec<FeeMonth>, Overflow> {
    let (mut t, mut r, mut s) = (zero, zero, zero);
    let mut months = Vec::with_capacity(h as usize);
    for m in 1..=h as usize {
        t = money::add(t, tx[m])?;
        r = money::add(r, res[m])?;
        s = money::add(s, svc[m])?;
        let (total, earnings) = fees_and_earnings(t, r, s)?;
        months.push(FeeMonth {
            month: m as u32,
            transaction: t,
            residual: r,
            total,
            services: s,
            earnings,
        });
    }
    Ok(months)
}

/// `(from, to, amount)`: an amount in each month of a run (a fee or service row).
type Monthly = (u32, u32, Decimal);

/// [`fee_months`] and [`fee_years`] of the runs' [`difference`]s, in integers of the
/// last place of `zero`'s scale, when every amount has exactly that scale, as rounded
/// rows do (M2): the same figures, digit for digit, without Decimal's general add and
/// subtract (these sums were a tenth of a large quote's time). `None` for anything else
/// (a negative zero, whose sign Decimal decides; what does not fit 64 bits), which the
/// Decimal path then works out or refuses.
fn months_and_years_in_units(
    zero: Decimal,
    h: u32,
    spans: [&[Monthly]; 3],
) -> Option<(Vec<FeeMonth>, Vec<FeeYear>)> {
    let scale = zero.scale();
    let units = |d: Decimal| {
        let plain = d.scale() == scale && !(d.is_zero() && d.is_sign_negative());
        plain.then(|| i64::try_from(d.mantissa()).ok()).flatten()
    };
    let dec = |v: i64| Decimal::new(v, scale);
    // As `difference`: each run adds its amount from its first month and takes it off
    // after its last.
    let mut diffs = [(); 3].map(|_| vec![0i64; h as usize + 2]);
    for (diff, runs) in diffs.iter_mut().zip(spans) {
        for &(from, to, amount) in runs {
            let (from, to) = (from as usize, (to as usize).min(h as usize));
            if from > to || from == 0 {
                continue;
            }
            let a = units(amount)?;
            diff[from] = diff[from].checked_add(a)?;
            diff[to + 1] = diff[to + 1].checked_sub(a)?;
        }
    }
    // Per month: transaction, residual, total, services, earnings.
    let mut rows: Vec<[i64; 5]> = Vec::with_capacity(h as usize);
    let mut sums = [0i64; 3];
    for m in 1..=h as usize {
        for (sum, diff) in sums.iter_mut().zip(&diffs) {
            *sum = sum.checked_add(diff[m])?;
        }
        let [t, r, s] = sums;
        let total = t.checked_add(r)?;
        rows.push([t, r, total, s, total.checked_add(s)?]);
    }
    let mut years = Vec::with_capacity(rows.len().div_ceil(12));
    for (i, chunk) in rows.chunks(12).enumerate() {
        let (mut t, mut r, mut s) = (0i64, 0i64, 0i64);
        for row in chunk {
            (t, r, s) = (
                t.checked_add(row[0])?,
                r.checked_add(row[1])?,
                s.checked_add(row[3])?,
            );
        }
        let total = t.checked_add(r)?;
        years.push(FeeYear {
            year: i as u32 + 1,
            transaction: dec(t),
            residual: dec(r),
            total: dec(total),
            services: dec(s),
            earnings: dec(total.checked_add(s)?),
        });
    }
    let months = (1..)
        .zip(&rows)
        .map(|(month, &[t, r, total, s, earnings])| FeeMonth {
            month,
            transaction: dec(t),
            residual: dec(r),
            total: dec(total),
            services: dec(s),
            earnings: dec(earnings),
        })
        .collect();
    Some((months, years))
}

/// Horizon years as sums of their months (M5); a last, short year sums what it has.
fn fee_years(zero: Decimal, months: &[FeeMonth]) -> Result<Vec<FeeYear>, Overflow> {
    let mut years = Vec::new();
    for (i, chunk) in months.chunks(12).enumerate() {
        let add = |f: fn(&FeeMonth) -> Decimal| money::sum(zero, chunk.iter().map(f));
        let (transaction, residual, services) = (
            add(|m| m.transaction)?,
            add(|m| m.residual)?,
            add(|m| m.services)?,
        );
        let (total, earnings) = fees_and_earnings(transaction, residual, services)?;
        years.push(FeeYear {
            year: i as u32 + 1,
            transaction,
            residual,
            total,
            services,
            earnings,
        });
    }
    Ok(years)
}

#[cfg(test)]
mod tests {
    use super::{FeeKind, ForfeitCause, ScopeKind};
    use crate::quote::{Condition, MonthRange, Override, PorAssignment, PorChange, PorScope};
    use crate::testutil::{d, partner, por, quote, run, tx};
    use crate::{Quote, QuoteResult, Rule};
    use rust_decimal::Decimal;

    /// Every figure as written, with its sign (`-0.00` is not `0.00` on the page).
    fn exact(d: Decimal) -> (String, bool) {
        (d.to_string(), d.is_sign_negative())
    }

    proptest::proptest! {
        /// M5: the months and years summed in integers are the Decimal path's, digit for
        /// digit and sign for sign, or the integer path declines (negative zeros, other
        /// scales, sums past 64 bits) and the Decimal path decides.
        #[test]
        fn m5_months_and_years_in_units_equal_the_decimal_path(
            runs in proptest::collection::vec(
                (0u32..30, 0u32..30, -3i64..4, proptest::num::i64::ANY, 0u8..60, 0usize..3),
                0..40,
            ),
            h in 1u32..25,
        ) {
            let zero = Decimal::new(0, 2);
            // Mostly small amounts (zero too) at the currency's places; now and then
            // another scale, a negative zero or a mantissa near i64's limits.
            let mut spans: [Vec<super::Monthly>; 3] = Default::default();
            for &(from, to, small, big, kind, which) in &runs {
                let amount = match kind {
                    0 => { let mut z = Decimal::new(0, 2); z.set_sign_negative(true); z }
                    1 => Decimal::new(small, 3),
                    2 => Decimal::new(big, 2),
                    _ => Decimal::new(small * 1234, 2),
                };
                spans[which].push((from, to, amount));
            }
            let arrays = [&spans[0][..], &spans[1][..], &spans[2][..]];
            let diff = |v: &[super::Monthly]| super::difference(zero, h, v.iter().copied());
            let slow = (|| {
                let months = super::fee_months(zero, h, [&diff(arrays[0])?, &diff(arrays[1])?, &diff(arrays[2])?])?;
                Ok::<_, crate::money::Overflow>((super::fee_years(zero, &months)?, months))
            })();
            if let Some((months, years)) = super::months_and_years_in_units(zero, h, arrays) {
                let (slow_years, slow_months) = slow.expect("the Decimal path computes what the integer path does");
                let month = |m: &super::FeeMonth| (m.month, [m.transaction, m.residual, m.total, m.services, m.earnings].map(exact));
                let year = |y: &super::FeeYear| (y.year, [y.transaction, y.residual, y.total, y.services, y.earnings].map(exact));
                proptest::prop_assert_eq!(months.iter().map(month).collect::<Vec<_>>(), slow_months.iter().map(month).collect::<Vec<_>>());
                proptest::prop_assert_eq!(years.iter().map(year).collect::<Vec<_>>(), slow_years.iter().map(year).collect::<Vec<_>>());
            }
        }
    }

    /// The integer path takes the common case: a quote's rounded rows.
    #[test]
    fn m5_rounded_rows_are_summed_in_units() {
        let zero = Decimal::new(0, 2);
        let rows = [(1, 2, d("1.25")), (3, 9, d("0.00"))];
        let (months, years) =
            super::months_and_years_in_units(zero, 3, [&rows, &rows, &rows]).unwrap();
        let totals: Vec<String> = months.iter().map(|m| m.earnings.to_string()).collect();
        assert_eq!(totals, ["3.75", "3.75", "0.00"]);
        assert_eq!(years[0].total.to_string(), "5.00");
        let mut minus = zero;
        minus.set_sign_negative(true);
        assert!(
            super::months_and_years_in_units(zero, 3, [&rows, &rows, &[(1, 1, minus)]]).is_none()
        );
    }

    fn fees(r: &QuoteResult, id: &str) -> (String, String, String) {
        let p = r.fees.partners.iter().find(|p| p.id == id).unwrap();
        (
            p.transaction_fees.to_string(),
            p.residual_fees.to_string(),
            p.total.to_string(),
        )
    }

    fn e1() -> Quote {
        quote(vec![tx("t1", "bpos-standard", 100)])
    }

    /// Each month a partner earns from a transaction, for one fee type.
    fn months_of(r: &QuoteResult, t: &str, kind: FeeKind) -> Vec<(u32, String)> {
        let mut v: Vec<(u32, String)> = r
            .fees
            .runs
            .iter()
            .filter(|f| &*f.transaction == t && f.kind == kind)
            .flat_map(|f| (f.from_month..=f.to_month).map(|m| (m, f.partner.to_string())))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn f3_f4_f5_e1_stay_por_earns_18_percent_then_6() {
        let r = run(&e1());
        assert_eq!(
            fees(&r, "A"),
            ("1440.00".into(), "2160.00".into(), "3600.00".into())
        );
        let a = &r.fees.partners[0];
        assert_eq!(a.year1_total.to_string(), "2160.00"); // 18% of 12,000.00
        assert_eq!(a.years[1].total.to_string(), "720.00"); // 6% of 12,000.00
        assert_eq!(a.evergreen_monthly.to_string(), "60.00");
        assert_eq!(a.months[0].transaction.to_string(), "120.00");
        assert_eq!(a.months[12].transaction.to_string(), "0.00");
    }

    #[test]
    fn f6_e2_por_change_moves_residual_but_not_the_transaction_fee() {
        let mut q = e1();
        q.partners.push(partner("B"));
        q.por = vec![por("bpos-standard", &[(1, "A"), (7, "B")])];
        let r = run(&q);
        assert_eq!(
            fees(&r, "A"),
            ("1440.00".into(), "360.00".into(), "1800.00".into())
        );
        assert_eq!(
            fees(&r, "B"),
            ("0.00".into(), "1800.00".into(), "1800.00".into())
        );
        assert_eq!(r.fees.total.to_string(), "3600.00");
        assert_eq!(
            (
                r.fees.transaction_total.to_string(),
                r.fees.residual_total.to_string()
            ),
            ("1440.00".into(), "2160.00".into())
        );
    }

    #[test]
    fn f8_e3_cancellation_stops_payments_and_fees() {
        let mut q = e1();
        q.customer.cancel_month = Some(25);
        let r = run(&q);
        assert_eq!(fees(&r, "A").2, "2880.00");
        assert!(r.paths.mosp.runs.iter().all(|x| x.to_month < 25));
        assert_eq!(r.fees.partners[0].evergreen_monthly.to_string(), "0.00");
    }

    #[test]
    fn m4_e4_fee_rows_round_half_away_from_zero() {
        let mut q = quote(vec![tx("t1", "sharepoint-online", 5)]);
        q.horizon_months = 12;
        q.overrides.push(Override {
            figure: "services.sharepoint-online.list_price".into(),
            value: "5.35".into(),
        });
        let r = run(&q);
        let row = r
            .fees
            .runs
            .iter()
            .find(|f| f.kind == FeeKind::Residual)
            .unwrap();
        assert_eq!(
            (row.charge.to_string(), row.amount.to_string()),
            ("26.75".into(), "1.61".into())
        );
        assert_eq!(
            fees(&r, "A"),
            ("38.52".into(), "19.32".into(), "57.84".into())
        );
        assert_eq!(r.paths.mosp.first_year_total.to_string(), "321.00");
    }

    #[test]
    fn f1_fees_come_from_mosp_rows_only() {
        let r = run(&e1());
        assert!(
            r.fees.runs.iter().all(|f| f.charge == d("1000.00")),
            "EA rows are 930.00"
        );
    }

    #[test]
    fn f2_no_fee_in_a_month_without_eligibility_and_it_goes_to_nobody() {
        let mut q = e1();
        // Agreement (MOSPA) from month 4, ending at month 30; assessment passed month 2.
        q.partners[0].eligibility.agreement = vec![MonthRange {
            from_month: 4,
            to_month: Some(30),
        }];
        q.partners[0].eligibility.assessment = vec![MonthRange::from(2)];
        let r = run(&q);
        let earned: Vec<u32> = months_of(&r, "t1", FeeKind::Residual)
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(earned, (4..=30).collect::<Vec<_>>());
        // Months 1-3 and 31-36 forfeit residual; months 1-3 forfeit transaction fees.
        let forfeited_months: u32 = r.fees.forfeited.iter().map(|f| f.months()).sum();
        assert_eq!(forfeited_months, 3 + 6 + 3);
        assert_eq!(
            r.fees.forfeited_total.to_string(),
            (60 * 9 + 120 * 3).to_string() + ".00"
        );
        let first = &r.fees.forfeited[0];
        assert!(r
            .fees
            .forfeited
            .iter()
            .all(|f| f.rules.contains(Rule::F2) && f.cause == ForfeitCause::NotEligible));
        assert!(first.missing.contains(Condition::Agreement));
        let reason = crate::describe::forfeit(first, &q).plain();
        assert!(
            reason.contains("MOSPA")
                && reason.contains("assessment")
                && reason.contains("Partner A"),
            "{reason}"
        );
        // Nobody else received them.
        assert_eq!(r.fees.total, r.fees.partners[0].total);
    }

    #[test]
    fn t4_e6_an_agreement_that_lapses_and_is_renewed_forfeits_only_the_gap() {
        let mut q = e1();
        q.horizon_months = 12;
        q.partners[0].eligibility.agreement = vec![
            MonthRange {
                from_month: 1,
                to_month: Some(3),
            },
            MonthRange::from(7),
        ];
        let r = run(&q);
        assert_eq!(
            fees(&r, "A"),
            ("1080.00".into(), "540.00".into(), "1620.00".into())
        );
        assert_eq!(r.fees.forfeited_total.to_string(), "540.00");
    }

    #[test]
    fn f6_different_pors_per_service_and_per_transaction() {
        let mut q = quote(vec![
            tx("t1", "bpos-standard", 100),
            tx("t2", "bpos-standard", 50),
            tx("t3", "intune", 10),
        ]);
        q.partners.push(partner("B"));
        q.partners.push(partner("C"));
        q.por = vec![
            por("bpos-standard", &[(1, "A")]),
            PorAssignment {
                scope: PorScope::Transaction("t2".into()),
                changes: vec![PorChange {
                    from_month: 1,
                    partner: Some("B".into()),
                }],
            },
            por("intune", &[(1, "C")]),
        ];
        let r = run(&q);
        let who = |t: &str| {
            let mut v: Vec<String> = r
                .fees
                .runs
                .iter()
                .filter(|f| &*f.transaction == t)
                .map(|f| f.partner.to_string())
                .collect();
            v.dedup();
            v
        };
        assert_eq!(
            (who("t1"), who("t2"), who("t3")),
            (
                vec!["A".to_string()],
                vec!["B".to_string()],
                vec!["C".to_string()]
            )
        );
        let t2 = r
            .fees
            .runs
            .iter()
            .find(|f| &*f.transaction == "t2")
            .unwrap();
        assert_eq!((t2.por.scope, &*t2.por.id), (ScopeKind::Transaction, "t2"));
    }

    #[test]
    fn f7_added_seats_are_a_new_transaction_with_their_own_first_year_and_por() {
        let mut seats = tx("t2", "bpos-standard", 20);
        seats.start_month = 10;
        let mut q = quote(vec![tx("t1", "bpos-standard", 100), seats]);
        q.partners.push(partner("B"));
        q.por = vec![por("bpos-standard", &[(1, "A"), (8, "B")])];
        let r = run(&q);
        let t2 = months_of(&r, "t2", FeeKind::Transaction);
        // B was POR when t2 started (month 10): B has t2's transaction fee for months 10-21.
        assert_eq!(t2.len(), 12);
        assert!(t2.iter().all(|(m, p)| (10..=21).contains(m) && p == "B"));
        // A keeps t1's transaction fee for months 1-12 although B is POR from month 8.
        assert!(months_of(&r, "t1", FeeKind::Transaction)
            .iter()
            .all(|(_, p)| p == "A"));
    }

    #[test]
    fn t3_e5_fewer_seats_from_month_7_is_the_same_transaction_and_first_year() {
        let mut t = tx("t1", "bpos-standard", 100);
        t.changes = vec![crate::quote::QuantityChange::new(7, 60)];
        let mut q = quote(vec![t]);
        q.horizon_months = 12;
        let r = run(&q);
        assert_eq!(r.paths.mosp.horizon_total.to_string(), "9600.00");
        assert_eq!(
            fees(&r, "A"),
            ("1152.00".into(), "576.00".into(), "1728.00".into())
        );
    }

    #[test]
    fn f9_rates_and_first_year_length_are_price_book_figures() {
        let mut q = e1();
        q.overrides = vec![
            Override {
                figure: "por.transaction_rate".into(),
                value: "0.10".into(),
            },
            Override {
                figure: "por.first_year_months".into(),
                value: "6".into(),
            },
        ];
        let r = run(&q);
        assert_eq!(fees(&r, "A").0, "600.00"); // 10% x 1,000.00 x 6 months
    }

    #[test]
    fn transaction_without_por_earns_nothing_and_says_why() {
        let mut q = e1();
        q.por.clear();
        let r = run(&q);
        assert!(r.fees.runs.is_empty());
        assert_eq!(r.fees.forfeited_total.to_string(), "3600.00");
        assert!(r
            .fees
            .forfeited
            .iter()
            .all(|f| f.cause == ForfeitCause::NoPor));
        assert!(crate::describe::forfeit(&r.fees.forfeited[0], &q)
            .plain()
            .contains("no Partner of Record"));
    }

    #[test]
    fn fee_rows_explain_themselves() {
        let r = run(&e1());
        let text = crate::describe::fee_run(&r.fees.runs[0]).plain();
        assert!(
            text.contains("F3") && text.contains("round(0.12 x 1000.00) = 120.00"),
            "{text}"
        );
    }

    #[test]
    fn s3_partner_earnings_are_fees_plus_its_own_services() {
        use crate::quote::{ServiceCategory, ServiceLine, ServicePrice, Units};
        let mut q = e1();
        q.horizon_months = 12;
        q.services = vec![
            ServiceLine {
                id: "m".into(),
                partner: "A".into(),
                category: ServiceCategory::MigrationIntegration,
                description: "Mailbox migration".into(),
                price: ServicePrice::PerUnit {
                    month: 1,
                    unit_price: d("15.00"),
                    units: Units::Follow {
                        transaction: "t1".into(),
                    },
                },
            },
            ServiceLine {
                id: "s".into(),
                partner: "A".into(),
                category: ServiceCategory::ManagedServices,
                description: "Help desk".into(),
                price: ServicePrice::Monthly {
                    from_month: 2,
                    to_month: None,
                    amount: d("250.00"),
                },
            },
        ];
        let r = run(&q);
        let a = &r.fees.partners[0];
        assert_eq!(a.total.to_string(), "2160.00");
        assert_eq!(
            (
                a.services_one_off.to_string(),
                a.services_recurring.to_string()
            ),
            ("1500.00".into(), "2750.00".into())
        );
        assert_eq!(a.earnings_total.to_string(), "6410.00");
        assert_eq!(a.months[0].earnings.to_string(), "1680.00"); // 180.00 fees + 1,500.00 migration
        assert_eq!(r.services.total.to_string(), "4250.00");
        assert_eq!(a.earnings_total, a.total + a.services_total);
        let sum: Decimal = a.months.iter().map(|m| m.earnings).sum();
        assert_eq!(sum, a.earnings_total);
    }
}
