//! Partners' own services (S1-S3): each line's rows, `round(price x units)` per month
//! (S2), the same on every plan, stopped by a cancellation (F8).

use crate::money::{self, Currency, Overflow};
use crate::pricing::{month_totals, year_totals, MonthTotal, YearTotal};
use crate::quote::{Quote, ServiceCategory, Units};
use crate::rules::{Rule, Rules};
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

/// One service line's row in each month of a run of months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRun {
    pub line: Arc<str>,
    pub partner: Arc<str>,
    pub category: ServiceCategory,
    pub from_month: u32,
    pub to_month: u32,
    /// Units billed each month (1 for a fixed amount).
    pub units: u32,
    /// The price per unit, or the fixed amount.
    pub price: Decimal,
    /// Each month's row, S2: `round(price x units)`.
    pub amount: Decimal,
    /// A monthly line (as opposed to a one-off).
    pub recurring: bool,
    pub rules: Rules,
}

impl ServiceRun {
    pub fn months(&self) -> u32 {
        self.to_month - self.from_month + 1
    }

    /// The rows of the run together: `amount x months`.
    pub fn total(&self) -> Result<Decimal, Overflow> {
        money::mul(self.amount, Decimal::from(self.months()))
    }
}

/// The partner services of a quote: rows, month and year totals (M5), one-off and
/// recurring. The customer pays them on every plan (S2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServicesResult {
    pub runs: Vec<ServiceRun>,
    pub months: Vec<MonthTotal>,
    pub years: Vec<YearTotal>,
    pub first_year_total: Decimal,
    pub total: Decimal,
    pub one_off_total: Decimal,
    pub recurring_total: Decimal,
}

impl ServicesResult {
    pub fn partner_runs(&self, partner: &str) -> Vec<&ServiceRun> {
        self.runs
            .iter()
            .filter(|r| *r.partner == *partner)
            .collect()
    }

    pub fn first_month_total(&self, zero: Decimal) -> Decimal {
        self.months.first().map_or(zero, |m| m.total)
    }

    pub fn last_month_total(&self, zero: Decimal) -> Decimal {
        self.months.last().map_or(zero, |m| m.total)
    }
}

/// The units a line bills in `from..=to`, as `(from, to, units)` runs: a fixed count,
/// or a transaction's quantity month by month (0 where it is not billed).
fn unit_runs(quote: &Quote, units: Option<&Units>, from: u32, to: u32) -> Vec<(u32, u32, u32)> {
    match units {
        None => vec![(from, to, 1)],
        Some(Units::Count(n)) => vec![(from, to, *n)],
        Some(Units::Follow { transaction }) => {
            let Some(t) = quote.transaction(transaction) else {
                return Vec::new();
            };
            quote
                .segments(t)
                .into_iter()
                .filter_map(|g| {
                    let (a, b) = (g.from.max(from), g.to.min(to));
                    (a <= b).then_some((a, b, g.quantity))
                })
                .collect()
        }
    }
}

pub(crate) fn compute_services(
    quote: &Quote,
    currency: Currency,
) -> Result<ServicesResult, Overflow> {
    let h = quote.horizon_months;
    let zero = currency.zero();
    // F8: a cancellation stops every line from its month.
    let last = quote
        .customer
        .cancel_month
        .map_or(h, |c| c.saturating_sub(1).min(h));
    let mut runs = Vec::new();
    for line in &quote.services {
        let (from, to, recurring) = line.price.months(h);
        let (price, units) = line.price.price_and_units();
        let (line_id, partner): (Arc<str>, Arc<str>) = (
            Arc::from(line.id.as_str()),
            Arc::from(line.partner.as_str()),
        );
        for (a, b, n) in unit_runs(quote, units, from.max(1), to.min(last)) {
            if n == 0 {
                continue;
            }
            runs.push(ServiceRun {
                line: line_id.clone(),
                partner: partner.clone(),
                category: line.category,
                from_month: a,
                to_month: b,
                units: n,
                price,
                amount: currency.round(money::mul(price, Decimal::from(n))?),
                recurring,
                rules: Rules::of(&[Rule::S1, Rule::S2, Rule::M2]),
            });
        }
    }
    let months = month_totals(
        zero,
        h,
        runs.iter().map(|r| (r.from_month, r.to_month, r.amount)),
    )?;
    let years = year_totals(zero, &months)?;
    let total = money::sum(zero, years.iter().map(|y| y.total))?;
    let one_off_total = money::sum(zero, runs.iter().filter(|r| !r.recurring).map(|r| r.amount))?;
    Ok(ServicesResult {
        first_year_total: years.first().map_or(zero, |y| y.total),
        recurring_total: money::sub(total, one_off_total)?,
        one_off_total,
        total,
        months,
        years,
        runs,
    })
}
