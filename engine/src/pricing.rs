//! What the customer pays on each purchase path (P1-P6, I1-I5): one charge row per
//! transaction per month (M3), and totals that are sums of those rows (M5).

use crate::book::{Band, Level, PriceBook, Service};
use crate::money::{self, Overflow};
use crate::quote::{Agreement, Quote, Transaction};
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathKind {
    /// Microsoft Online Subscription Program: volume bands per service (P2).
    Mosp,
    /// Enterprise (or Campus/School) Agreement: a price level from qualified count (P4).
    Ea,
}

/// Which discount tier priced a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// MOSP band (1-based) and the figure key of its discount.
    Band {
        band: usize,
        from: u32,
        units: u64,
        figure: Arc<str>,
    },
    /// EA level by name and the figure key of its discount.
    Level {
        level: Arc<str>,
        from: u32,
        figure: Arc<str>,
    },
}

/// What one transaction costs in one month on one path, with the unit price broken down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChargeRow {
    pub transaction: Arc<str>,
    pub service: Arc<str>,
    pub month: u32,
    pub quantity: u32,
    pub list_price: Decimal,
    pub tier: Tier,
    /// Band or level discount as a fraction.
    pub discount: Decimal,
    /// `list_price x (1 - discount)`, unrounded (M3 rounds only the row).
    pub unit_price: Decimal,
    /// P5 (EA only): units paying the Step-Up price.
    pub step_up_units: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_up_unit_price: Option<Decimal>,
    /// I3: devices receiving the Client SA credit.
    pub sa_covered: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sa_credit: Option<Decimal>,
    /// I3: `max(0, unit_price - sa_credit)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credited_unit_price: Option<Decimal>,
    /// M3: `round(unit x full units + step-up unit x step-up units + credited x covered)`.
    pub amount: Decimal,
    /// The rules that produced this row, by id (shared by all rows of a transaction).
    pub rules: Arc<[&'static str]>,
}

impl ChargeRow {
    /// The price book figures this row was priced from, by key.
    pub fn figure_keys(&self) -> Vec<String> {
        let mut keys = vec![format!("services.{}.list_price", self.service)];
        keys.push(match &self.tier {
            Tier::Band { figure, .. } | Tier::Level { figure, .. } => figure.to_string(),
        });
        if self.step_up_units > 0 {
            keys.push(format!("services.{}.step_up_price", self.service));
        }
        if self.sa_covered > 0 {
            keys.push(format!("services.{}.sa_credit", self.service));
        }
        keys
    }

    /// "How was this computed", as one line a person can check with a calculator.
    pub fn explain(&self) -> String {
        let pct = |d: Decimal| format!("{}%", (d * Decimal::ONE_HUNDRED).normalize());
        let tier = match &self.tier {
            Tier::Band { band, units, .. } => format!(
                "MOSP band {band} for {units} units of this service in month {} (P2)",
                self.month
            ),
            Tier::Level { level, .. } => format!("EA level {level} (P4)"),
        };
        let full = self.quantity - self.step_up_units - self.sa_covered;
        let mut parts = vec![format!("{full} x {}", self.unit_price.normalize())];
        if let Some(s) = self.step_up_unit_price {
            if self.step_up_units > 0 {
                parts.push(format!(
                    "{} Step-Up x {} (P5)",
                    self.step_up_units,
                    s.normalize()
                ));
            }
        }
        if let Some(c) = self.credited_unit_price {
            if self.sa_covered > 0 {
                parts.push(format!(
                    "{} SA-covered x {} (I3)",
                    self.sa_covered,
                    c.normalize()
                ));
            }
        }
        format!(
            "list {} less {} {tier} = {} per unit; round({}) = {} (M2, M3)",
            self.list_price.normalize(),
            pct(self.discount),
            self.unit_price.normalize(),
            parts.join(" + "),
            self.amount
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthTotal {
    pub month: u32,
    pub total: Decimal,
    /// Sum of the month totals from month 1 to this month (for the cumulative chart).
    pub cumulative: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTotal {
    pub year: u32,
    pub from_month: u32,
    pub to_month: u32,
    pub total: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathResult {
    pub kind: PathKind,
    /// P4: whether the customer can buy on this path at all.
    pub available: bool,
    /// Why not, or what the column assumes.
    pub reason: Option<String>,
    /// The figures are a what-if (P4): priced as if the customer had the agreement.
    pub what_if: bool,
    /// EA price level used (P4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub months: Vec<MonthTotal>,
    pub years: Vec<YearTotal>,
    /// Months 1-12 (or the whole horizon if shorter).
    pub first_year_total: Decimal,
    pub horizon_total: Decimal,
    pub rows: Vec<ChargeRow>,
}

/// Unit prices of one service on one path after its discount (unrounded).
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnitPrices {
    pub list: Decimal,
    pub discount: Decimal,
    pub unit: Decimal,
    pub step_up: Option<Decimal>,
    pub credit: Option<Decimal>,
    pub credited: Option<Decimal>,
}

impl UnitPrices {
    pub fn new(
        service: &Service,
        discount: Decimal,
        kind: PathKind,
    ) -> Result<UnitPrices, Overflow> {
        let keep = money::sub(Decimal::ONE, discount)?;
        let unit = money::mul(service.list_price.value, keep)?;
        let step_up = match (kind, &service.step_up_price) {
            (PathKind::Ea, Some(s)) => Some(money::mul(s.value, keep)?),
            _ => None,
        };
        let credit = service.sa_credit.as_ref().map(|c| c.value);
        // I3: the credit comes off after the discount and never takes a price below zero.
        let credited = match credit {
            Some(c) => Some(money::sub(unit, c)?.max(Decimal::ZERO)),
            None => None,
        };
        Ok(UnitPrices {
            list: service.list_price.value,
            discount,
            unit,
            step_up,
            credit,
            credited,
        })
    }

    /// M3/P5/I5: the exact (unrounded) amount for a quantity split into full-price,
    /// Step-Up and SA-covered units.
    pub fn exact_amount(
        &self,
        quantity: u32,
        step_up_units: u32,
        covered: u32,
    ) -> Result<Decimal, Overflow> {
        let step_up_units = if self.step_up.is_some() {
            step_up_units
        } else {
            0
        };
        let covered = if self.credited.is_some() { covered } else { 0 };
        let full = quantity
            .saturating_sub(step_up_units)
            .saturating_sub(covered);
        let mut exact = money::mul(self.unit, full.into())?;
        if let Some(s) = self.step_up {
            exact = money::add(exact, money::mul(s, step_up_units.into())?)?;
        }
        if let Some(c) = self.credited {
            exact = money::add(exact, money::mul(c, covered.into())?)?;
        }
        Ok(exact)
    }
}

/// P2: the band for this many units of one service (bands are validated increasing
/// from 1, so a positive quantity always has one).
pub(crate) fn band_for(bands: &[Band], units: u64) -> usize {
    bands
        .iter()
        .rposition(|b| u64::from(b.from) <= units)
        .unwrap_or(0)
}

/// P4: the level for a qualified count, or `None` below the first level.
pub(crate) fn level_for(levels: &[Level], qualified: u32) -> Option<usize> {
    levels.iter().rposition(|l| l.from <= qualified)
}

pub(crate) fn band_figure_key(service: &Service, band: usize) -> String {
    match service.mosp_bands {
        Some(_) => format!("services.{}.mosp_bands.{}.discount", service.id, band + 1),
        None => format!("mosp_bands.{}.discount", band + 1),
    }
}

fn level_figure_key(service: &Service, level: &Level) -> String {
    match service.ea_levels {
        Some(_) => format!("services.{}.ea_levels.{}.discount", service.id, level.name),
        None => format!("ea_levels.{}.discount", level.name),
    }
}

/// Prices one path for the whole horizon.
pub(crate) fn price_path(
    book: &PriceBook,
    quote: &Quote,
    totals: &[Vec<u64>],
    kind: PathKind,
) -> Result<PathResult, Overflow> {
    let h = quote.horizon_months;
    let currency = book.currency;
    let (available, reason, what_if, level_index) = ea_availability(book, quote, kind);
    let mut rows: Vec<ChargeRow> = Vec::new();
    let mut month_totals = vec![currency.zero(); h as usize + 1];

    for t in &quote.transactions {
        let Some(s) = book.service_index(&t.service) else {
            continue;
        };
        let service = &book.services[s];
        let tx_id: Arc<str> = Arc::from(t.id.as_str());
        let service_id: Arc<str> = Arc::from(service.id.as_str());
        // EA prices do not depend on the month: work them out once per transaction.
        let ea = match kind {
            PathKind::Ea => {
                let levels = book.levels_for(service);
                // A service may carry its own levels; below the first one the what-if uses it (P4).
                let l = &levels[level_for(levels, quote.customer.qualified).unwrap_or(0)];
                let tier = Tier::Level {
                    level: Arc::from(l.name.as_str()),
                    from: l.from,
                    figure: Arc::from(level_figure_key(service, l).as_str()),
                };
                Some((UnitPrices::new(service, l.discount.value, kind)?, tier))
            }
            PathKind::Mosp => None,
        };
        let rules = row_rules(service, t, kind);
        let mut band_cache: Option<(usize, UnitPrices, Arc<str>)> = None;
        // A row's amount changes only with its prices: months in the same band (every
        // month on EA) reuse the previous row's arithmetic.
        let mut previous: Option<usize> = None;
        for m in t.start_month..=t.last_month(h).min(h) {
            if !quote.customer.active(m) {
                break;
            }
            let (band, prices, tier) = match &ea {
                Some((p, tier)) => (usize::MAX, *p, tier.clone()),
                None => {
                    let units = totals[s][m as usize];
                    let bands = book.bands_for(service);
                    let b = band_for(bands, units);
                    if band_cache.as_ref().is_none_or(|(cb, _, _)| *cb != b) {
                        let key: Arc<str> = Arc::from(band_figure_key(service, b).as_str());
                        band_cache = Some((
                            b,
                            UnitPrices::new(service, bands[b].discount.value, kind)?,
                            key,
                        ));
                    }
                    let (_, p, key) = band_cache.as_ref().expect("set just above");
                    (
                        b,
                        *p,
                        Tier::Band {
                            band: b + 1,
                            from: bands[b].from,
                            units,
                            figure: key.clone(),
                        },
                    )
                }
            };
            let row = match (previous, rows.last()) {
                (Some(b), Some(last)) if b == band => ChargeRow {
                    month: m,
                    tier,
                    ..last.clone()
                },
                _ => charge_row(
                    book,
                    t,
                    m,
                    &prices,
                    tier,
                    rules.clone(),
                    tx_id.clone(),
                    service_id.clone(),
                )?,
            };
            previous = Some(band);
            month_totals[m as usize] = money::add(month_totals[m as usize], row.amount)?;
            rows.push(row);
        }
    }

    let mut months = Vec::with_capacity(h as usize);
    let mut cumulative = currency.zero();
    for m in 1..=h {
        let total = month_totals[m as usize];
        cumulative = money::add(cumulative, total)?;
        months.push(MonthTotal {
            month: m,
            total,
            cumulative,
        });
    }
    let years = year_totals(currency.zero(), &months)?;
    let first_year_total = years.first().map_or(currency.zero(), |y| y.total);
    let horizon_total = money::sum(currency.zero(), years.iter().map(|y| y.total))?;
    let level = match kind {
        PathKind::Ea => level_index.or(Some(0)).map(|i| {
            book.ea_levels
                .get(i)
                .map_or(String::new(), |l| l.name.clone())
        }),
        PathKind::Mosp => None,
    };
    Ok(PathResult {
        kind,
        available,
        reason,
        what_if,
        level,
        months,
        years,
        first_year_total,
        horizon_total,
        rows,
    })
}

/// The rules behind every row of one transaction on one path.
fn row_rules(service: &Service, t: &Transaction, kind: PathKind) -> Arc<[&'static str]> {
    let mut rules = vec!["C1", "M3"];
    match kind {
        PathKind::Mosp => rules.push("P2"),
        PathKind::Ea => rules.push("P4"),
    }
    if service.sa_credit.is_some() {
        rules.push("I1");
        if kind == PathKind::Mosp {
            rules.push("I2");
        }
    }
    if kind == PathKind::Ea && service.step_up_price.is_some() && t.step_up_units > 0 {
        rules.push("P5");
    }
    if service.sa_credit.is_some() && t.sa_covered_devices > 0 {
        rules.extend(["I3", "I5"]);
    }
    if service.requires.is_some() {
        rules.push("I4");
    }
    rules.into()
}

#[allow(clippy::too_many_arguments)]
fn charge_row(
    book: &PriceBook,
    t: &Transaction,
    month: u32,
    p: &UnitPrices,
    tier: Tier,
    rules: Arc<[&'static str]>,
    transaction: Arc<str>,
    service_id: Arc<str>,
) -> Result<ChargeRow, Overflow> {
    let step_up_units = if p.step_up.is_some() {
        t.step_up_units
    } else {
        0
    };
    let sa_covered = if p.credited.is_some() {
        t.sa_covered_devices
    } else {
        0
    };
    let amount = book
        .currency
        .round(p.exact_amount(t.quantity, step_up_units, sa_covered)?);
    Ok(ChargeRow {
        transaction,
        service: service_id,
        month,
        quantity: t.quantity,
        list_price: p.list,
        tier,
        discount: p.discount,
        unit_price: p.unit,
        step_up_units,
        step_up_unit_price: p.step_up,
        sa_covered,
        sa_credit: if sa_covered > 0 { p.credit } else { None },
        credited_unit_price: if sa_covered > 0 { p.credited } else { None },
        amount,
        rules,
    })
}

/// Year k covers months 12(k-1)+1 ..= 12k of the horizon; each is a sum of month totals (M5).
pub(crate) fn year_totals(
    zero: Decimal,
    months: &[MonthTotal],
) -> Result<Vec<YearTotal>, Overflow> {
    months
        .chunks(12)
        .enumerate()
        .map(|(i, chunk)| {
            Ok(YearTotal {
                year: i as u32 + 1,
                from_month: chunk[0].month,
                to_month: chunk[chunk.len() - 1].month,
                total: money::sum(zero, chunk.iter().map(|m| m.total))?,
            })
        })
        .collect()
}

/// P4: whether the EA column is real or a what-if, and at which level it is priced.
fn ea_availability(
    book: &PriceBook,
    quote: &Quote,
    kind: PathKind,
) -> (bool, Option<String>, bool, Option<usize>) {
    if kind == PathKind::Mosp {
        return (true, None, false, None);
    }
    let c = &quote.customer;
    let level = level_for(&book.ea_levels, c.qualified);
    let first = &book.ea_levels[0];
    let mut reasons = Vec::new();
    if c.agreement == Agreement::None {
        reasons.push("The customer has no Enterprise or Campus/School Agreement".to_string());
    }
    if level.is_none() {
        reasons.push(format!(
            "an EA needs at least {} qualified users or devices and the customer has {}",
            first.from, c.qualified
        ));
    }
    if reasons.is_empty() {
        return (true, None, false, level);
    }
    let mut reason = reasons.join("; ");
    reason.push_str(&format!(
        ". What-if: priced as if the customer bought through an EA at level {} (P4).",
        level.map_or(first.name.as_str(), |l| book.ea_levels[l].name.as_str())
    ));
    (false, Some(reason), true, level)
}

#[cfg(test)]
mod tests {
    use crate::testutil::{d, quote, tx};
    use crate::{compute, Agreement, PathKind, PriceBook, QuoteResult};

    fn run(q: &crate::Quote) -> QuoteResult {
        compute(&PriceBook::default_book(), q).unwrap_or_else(|p| panic!("{p:?}"))
    }

    fn month1(r: &QuoteResult, kind: PathKind, tx: &str) -> crate::ChargeRow {
        let path = match kind {
            PathKind::Mosp => &r.paths.mosp,
            PathKind::Ea => &r.paths.ea,
        };
        path.rows
            .iter()
            .find(|x| x.month == 1 && &*x.transaction == tx)
            .unwrap()
            .clone()
    }

    #[test]
    fn m3_charge_row_is_the_rounded_product_and_only_the_row_is_rounded() {
        // SharePoint 5.25 x 0.93 (EA level A) = 4.8825 per user, kept unrounded.
        let r = run(&quote(vec![tx("t", "sharepoint-online", 7)]));
        let row = month1(&r, PathKind::Ea, "t");
        assert_eq!(row.unit_price, d("4.8825"));
        assert_eq!(row.amount.to_string(), "34.18"); // round(34.1775)
    }

    #[test]
    fn p2_band_price_applies_to_every_unit_of_the_service() {
        let r = run(&quote(vec![tx("t", "bpos-standard", 249)]));
        assert_eq!(
            month1(&r, PathKind::Mosp, "t").amount.to_string(),
            "2490.00"
        );
        let r = run(&quote(vec![tx("t", "bpos-standard", 250)]));
        let row = month1(&r, PathKind::Mosp, "t");
        assert_eq!(row.discount, d("0.05"));
        assert_eq!(row.amount.to_string(), "2375.00"); // 250 x 9.50, not 249 x 10 + 1 x 9.50
    }

    #[test]
    fn p2_band_counts_all_transactions_of_the_service_in_the_month_but_not_other_services() {
        let mut t2 = tx("t2", "bpos-standard", 100);
        t2.start_month = 13;
        let r = run(&quote(vec![
            tx("t1", "bpos-standard", 200),
            t2,
            tx("t3", "exchange-online", 200),
        ]));
        let at = |m: u32, id: &str| {
            r.paths
                .mosp
                .rows
                .iter()
                .find(|x| x.month == m && &*x.transaction == id)
                .unwrap()
                .discount
        };
        assert_eq!(at(12, "t1"), d("0.00"));
        assert_eq!(
            at(13, "t1"),
            d("0.05"),
            "300 BPOS users in month 13 reach band 2"
        );
        assert_eq!(at(13, "t2"), d("0.05"));
        assert_eq!(at(13, "t3"), d("0.00"), "bands are per service");
    }

    #[test]
    fn p4_ea_level_from_qualified_count_and_unavailable_below_250() {
        let mut q = quote(vec![tx("t", "bpos-standard", 100)]);
        q.customer.qualified = 2400;
        let r = run(&q);
        assert!(r.paths.ea.available);
        assert_eq!(r.paths.ea.level.as_deref(), Some("B"));
        assert_eq!(month1(&r, PathKind::Ea, "t").amount.to_string(), "880.00");

        q.customer.qualified = 249;
        let r = run(&q);
        assert!(!r.paths.ea.available && r.paths.ea.what_if);
        assert!(
            r.paths.ea.reason.as_deref().unwrap().contains("250"),
            "{:?}",
            r.paths.ea.reason
        );
    }

    #[test]
    fn p4_no_agreement_gives_a_marked_what_if() {
        let mut q = quote(vec![tx("t", "bpos-standard", 100)]);
        q.customer.agreement = Agreement::None;
        let r = run(&q);
        assert!(!r.paths.ea.available && r.paths.ea.what_if);
        assert!(r.paths.ea.reason.as_deref().unwrap().contains("What-if"));
        assert_eq!(month1(&r, PathKind::Ea, "t").amount.to_string(), "930.00");
        assert!(r.paths.mosp.available);
    }

    #[test]
    fn p5_step_up_units_pay_the_step_up_price_with_the_level_discount_on_ea_only() {
        let mut t = tx("t", "bpos-standard", 100);
        t.step_up_units = 40;
        let r = run(&quote(vec![t]));
        // round(60 x 9.30 + 40 x 4.65) = 744.00
        let ea = month1(&r, PathKind::Ea, "t");
        assert_eq!(ea.amount.to_string(), "744.00");
        assert!(ea.rules.contains(&"P5"));
        assert_eq!(
            month1(&r, PathKind::Mosp, "t").amount.to_string(),
            "1000.00"
        );
    }

    #[test]
    fn p6_comparison_names_the_cheaper_path_and_the_difference() {
        let r = run(&quote(vec![tx("t", "bpos-standard", 100)]));
        assert_eq!(r.comparison.horizon.mosp.to_string(), "36000.00");
        assert_eq!(r.comparison.horizon.ea.to_string(), "33480.00");
        assert_eq!(r.comparison.horizon.difference.to_string(), "-2520.00");
        assert_eq!(r.comparison.horizon.cheaper, crate::Cheaper::Ea);
        assert_eq!(r.comparison.first_year.mosp.to_string(), "12000.00");
    }

    #[test]
    fn i1_i2_intune_has_no_minimum_and_its_discount_starts_at_250_devices() {
        let r = run(&quote(vec![tx("t", "intune", 1)]));
        assert_eq!(month1(&r, PathKind::Mosp, "t").amount.to_string(), "11.00");
        let r = run(&quote(vec![tx("t", "intune", 250)]));
        let row = month1(&r, PathKind::Mosp, "t");
        assert_eq!(row.amount.to_string(), "2612.50");
        assert!(row.rules.contains(&"I2"));
    }

    #[test]
    fn i3_i5_sa_credit_comes_off_after_the_discount_per_covered_device() {
        let mut t = tx("t", "intune", 250);
        t.sa_covered_devices = 100;
        let r = run(&quote(vec![t]));
        // MOSP: 150 x 10.45 + 100 x (10.45 - 2.00) = 2412.50
        assert_eq!(
            month1(&r, PathKind::Mosp, "t").amount.to_string(),
            "2412.50"
        );
        // EA level A: 150 x 10.23 + 100 x 8.23 = 2357.50
        let ea = month1(&r, PathKind::Ea, "t");
        assert_eq!(ea.amount.to_string(), "2357.50");
        assert_eq!(ea.credited_unit_price, Some(d("8.23")));
        assert!(ea.rules.contains(&"I3") && ea.rules.contains(&"I5"));
    }

    #[test]
    fn i3_credit_never_takes_a_price_below_zero() {
        let mut q = quote(vec![{
            let mut t = tx("t", "intune", 10);
            t.sa_covered_devices = 10;
            t
        }]);
        q.overrides.push(crate::quote::Override {
            figure: "services.intune.sa_credit".into(),
            value: "50".into(),
        });
        let r = run(&q);
        assert_eq!(month1(&r, PathKind::Mosp, "t").amount.to_string(), "0.00");
        assert_eq!(
            month1(&r, PathKind::Mosp, "t").credited_unit_price,
            Some(d("0"))
        );
    }

    #[test]
    fn m5_totals_are_sums_of_rows_and_years_of_months() {
        let mut t2 = tx("t2", "intune", 30);
        t2.start_month = 5;
        t2.end_month = Some(20);
        let r = run(&quote(vec![tx("t1", "bpos-standard", 10), t2]));
        for path in [&r.paths.mosp, &r.paths.ea] {
            for m in &path.months {
                let rows: rust_decimal::Decimal = path
                    .rows
                    .iter()
                    .filter(|x| x.month == m.month)
                    .map(|x| x.amount)
                    .sum();
                assert_eq!(m.total, rows, "month {}", m.month);
            }
            let all: rust_decimal::Decimal = path.rows.iter().map(|x| x.amount).sum();
            assert_eq!(path.horizon_total, all);
            assert_eq!(path.months.last().unwrap().cumulative, all);
            assert_eq!(path.years.len(), 3);
            assert_eq!(path.first_year_total, path.years[0].total);
        }
    }

    #[test]
    fn t1_end_month_is_inclusive_and_no_rows_after_it() {
        let mut t = tx("t", "bpos-standard", 10);
        t.start_month = 3;
        t.end_month = Some(5);
        let r = run(&quote(vec![t]));
        let months: Vec<u32> = r.paths.mosp.rows.iter().map(|x| x.month).collect();
        assert_eq!(months, vec![3, 4, 5]);
    }

    #[test]
    fn explain_names_figures_rules_and_the_arithmetic() {
        let mut t = tx("t", "intune", 250);
        t.sa_covered_devices = 100;
        let r = run(&quote(vec![t]));
        let row = month1(&r, PathKind::Mosp, "t");
        assert_eq!(
            row.figure_keys(),
            vec![
                "services.intune.list_price",
                "mosp_bands.2.discount",
                "services.intune.sa_credit"
            ]
        );
        let text = row.explain();
        assert!(
            text.contains("MOSP band 2") && text.contains("(I3)") && text.contains("2412.50"),
            "{text}"
        );
    }
}
