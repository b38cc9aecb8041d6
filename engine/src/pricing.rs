//! What the customer pays on each plan (P1-P6, I1-I5, T3, T5, T6).
//!
//! A plan's charges are *runs*: consecutive months of one transaction in which every
//! figure is the same, each month's charge row being `round(unit price x units)` (M3).
//! A run stands for its months' rows exactly (`amount` is each month's row); tables
//! and the CLI expand runs into rows where they show months. Month totals are sums of
//! the rows in the month (M5), taken through a difference array so a long quote costs
//! per run, not per month.

use crate::book::{Band, FigureKey, Level, PriceBook, Service};
use crate::money::{self, Currency, Overflow};
use crate::quote::{Agreement, Quote, Segment};
use crate::rules::{Rule, Rules};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// The three plans of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathKind {
    /// Microsoft Online Subscription Program: volume bands per service (P2).
    Mosp,
    /// Enterprise (or Campus/School) Agreement: a price level from the qualified count (P4).
    Ea,
    /// MOSP, then an EA from the quote's switch month (T6).
    Switch,
}

impl Serialize for FigureKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Which discount tier priced a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// MOSP band (1-based), where it starts, the service's units in these months (P2)
    /// and the figure key of its discount.
    Band {
        band: usize,
        from: u32,
        units: u64,
        figure: FigureKey,
    },
    /// EA level by name (P4), from which count it applies, the EA year and its
    /// qualified count (T5), and the figure key of its discount.
    Level {
        level: Arc<str>,
        from: u32,
        ea_year: u32,
        qualified: u32,
        figure: FigureKey,
    },
}

/// What one transaction costs in each month of a run of months on one plan, with the
/// unit price broken down.
#[derive(Debug, Clone, PartialEq)]
pub struct ChargeRun {
    pub transaction: Arc<str>,
    pub service: Arc<str>,
    pub from_month: u32,
    pub to_month: u32,
    pub quantity: u32,
    pub list_price: Decimal,
    pub tier: Tier,
    /// Band or level discount as a fraction.
    pub discount: Decimal,
    /// `list_price x (1 - discount)`, unrounded (M3 rounds only the row).
    pub unit_price: Decimal,
    /// P5 (EA only): units paying the Step-Up price.
    pub step_up_units: u32,
    pub step_up_unit_price: Option<Decimal>,
    /// I3: devices receiving the Client SA credit.
    pub sa_covered: u32,
    pub sa_credit: Option<Decimal>,
    /// I3: `max(0, unit_price - sa_credit)`.
    pub credited_unit_price: Option<Decimal>,
    /// Each month's charge row, M3: `round(unit x full + step-up unit x step-up + credited x covered)`.
    pub amount: Decimal,
    /// The rules that produced this run.
    pub rules: Rules,
}

impl ChargeRun {
    pub fn months(&self) -> u32 {
        self.to_month - self.from_month + 1
    }

    pub fn contains(&self, month: u32) -> bool {
        (self.from_month..=self.to_month).contains(&month)
    }

    /// The price-book figures this run was priced from.
    pub fn figure_keys(&self) -> Vec<FigureKey> {
        let service = self.service.to_string();
        let mut keys = vec![FigureKey::ListPrice(service.clone())];
        keys.push(match &self.tier {
            Tier::Band { figure, .. } | Tier::Level { figure, .. } => figure.clone(),
        });
        if self.step_up_units > 0 {
            keys.push(FigureKey::StepUpPrice(service.clone()));
        }
        if self.sa_covered > 0 {
            keys.push(FigureKey::SaCredit(service));
        }
        keys
    }
}

/// The price-book figures a set of runs was priced from, gathered in one pass: the
/// book's summary asks it of each unverified figure, and a 200-transaction quote has
/// thousands of runs but few services and tiers. Answers as asking every run's
/// [`ChargeRun::figure_keys`], without building them.
#[derive(Default)]
pub struct FiguresUsed<'r> {
    /// Each service priced, and whether any of its runs had Step-Up units or SA-covered
    /// devices.
    services: Vec<(&'r Arc<str>, bool, bool)>,
    tiers: Vec<&'r FigureKey>,
}

impl<'r> FiguresUsed<'r> {
    pub fn new(runs: impl IntoIterator<Item = &'r ChargeRun>) -> FiguresUsed<'r> {
        let mut used = FiguresUsed::default();
        // Runs come by transaction, mostly with the service and tier of the run before:
        // those are known without a search (a large quote has thousands of runs).
        let mut last: Option<(&Arc<str>, &FigureKey)> = None;
        for run in runs {
            let (step_up, sa) = (run.step_up_units > 0, run.sa_covered > 0);
            let (Tier::Band { figure, .. } | Tier::Level { figure, .. }) = &run.tier;
            let (same_service, same_tier) = last.map_or((false, false), |(service, tier)| {
                (Arc::ptr_eq(service, &run.service), tier == figure)
            });
            last = Some((&run.service, figure));
            if !same_service || step_up || sa {
                match used.services.iter_mut().find(|(s, ..)| **s == run.service) {
                    Some((_, st, sc)) => (*st, *sc) = (*st || step_up, *sc || sa),
                    None => used.services.push((&run.service, step_up, sa)),
                }
            }
            if !same_tier && !used.tiers.contains(&figure) {
                used.tiers.push(figure);
            }
        }
        used
    }

    pub fn uses(&self, key: &FigureKey) -> bool {
        let service = |s: &String, need: fn(bool, bool) -> bool| {
            self.services
                .iter()
                .any(|(id, st, sa)| ***id == **s && need(*st, *sa))
        };
        match key {
            FigureKey::ListPrice(s) => service(s, |_, _| true),
            FigureKey::StepUpPrice(s) => service(s, |st, _| st),
            FigureKey::SaCredit(s) => service(s, |_, sa| sa),
            _ => self.tiers.contains(&key),
        }
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

/// P4: why a plan with an EA is only a what-if.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum WhyNot {
    /// The customer has no Enterprise or Campus/School Agreement.
    NoAgreement,
    /// An EA year's qualified count is below the first level.
    BelowFirstLevel {
        ea_year: u32,
        qualified: u32,
        needed: u32,
    },
}

/// P4: whether the customer can buy on a plan, or sees it as a what-if.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Availability {
    Available,
    WhatIf { reasons: Vec<WhyNot> },
}

/// T5: one EA year of a plan: its months, qualified count and the level it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EaYear {
    pub ea_year: u32,
    pub from_month: u32,
    pub to_month: u32,
    pub qualified: u32,
    /// The book's level for the count; the first level (as a what-if) below it.
    pub level: String,
    pub below_first_level: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathResult {
    pub kind: PathKind,
    pub availability: Availability,
    /// T6: the month the EA starts, for the switch plan.
    pub switch_month: Option<u32>,
    /// The EA years of the plan's EA months (empty on MOSP).
    pub ea_years: Vec<EaYear>,
    pub months: Vec<MonthTotal>,
    pub years: Vec<YearTotal>,
    /// Months 1-12 (or the whole horizon if shorter).
    pub first_year_total: Decimal,
    pub horizon_total: Decimal,
    pub runs: Vec<ChargeRun>,
}

impl PathResult {
    pub fn available(&self) -> bool {
        self.availability == Availability::Available
    }

    pub fn first_month_total(&self, zero: Decimal) -> Decimal {
        self.months.first().map_or(zero, |m| m.total)
    }

    pub fn last_month_total(&self, zero: Decimal) -> Decimal {
        self.months.last().map_or(zero, |m| m.total)
    }
}

/// Unit prices of one service on one plan after its discount (unrounded).
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
    /// `ea`: whether the Step-Up price applies (P5 is EA only).
    pub fn new(service: &Service, discount: Decimal, ea: bool) -> Result<UnitPrices, Overflow> {
        let keep = money::sub(Decimal::ONE, discount)?;
        let unit = money::mul(service.list_price.value, keep)?;
        let step_up = match (ea, &service.step_up_price) {
            (true, Some(s)) => Some(money::mul(s.value, keep)?),
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

    /// The Step-Up units and covered devices these prices apply to (none without a
    /// Step-Up price or a credit).
    fn split(&self, step_up: u32, covered: u32) -> (u32, u32) {
        (
            if self.step_up.is_some() { step_up } else { 0 },
            if self.credited.is_some() { covered } else { 0 },
        )
    }

    /// M3/P5/I5: the exact (unrounded) amount for a quantity split into full-price,
    /// Step-Up and SA-covered units.
    pub fn exact_amount(
        &self,
        quantity: u32,
        step_up: u32,
        covered: u32,
    ) -> Result<Decimal, Overflow> {
        let (step_up, covered) = self.split(step_up, covered);
        let full = quantity.saturating_sub(step_up).saturating_sub(covered);
        let mut exact = money::mul(self.unit, full.into())?;
        if let Some(s) = self.step_up {
            exact = money::add(exact, money::mul(s, step_up.into())?)?;
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

/// Units of each service billed in each month (P2, P3, I4), from the transactions'
/// runs of figures.
pub struct ServiceTotals {
    horizon: u32,
    /// `totals[service][month]`, months 1..=horizon (index 0 unused).
    totals: Vec<Vec<u64>>,
    /// `changes[service]`: the months, ascending, whose total differs from the month
    /// before's. [`ServiceTotals::runs`] steps through these instead of every month: a
    /// 200-transaction quote over 240 months asked for about 46,000 months per plan.
    changes: Vec<Vec<u32>>,
}

impl ServiceTotals {
    pub fn new(book: &PriceBook, quote: &Quote) -> ServiceTotals {
        let h = quote.horizon_months;
        let width = h as usize + 2;
        let mut diff = vec![vec![0i64; width]; book.services.len()];
        for t in &quote.transactions {
            let Some(s) = book.service_index(&t.service) else {
                continue;
            };
            for g in quote.segments(t) {
                diff[s][g.from as usize] += i64::from(g.quantity);
                diff[s][g.to as usize + 1] -= i64::from(g.quantity);
            }
        }
        let totals: Vec<Vec<u64>> = diff
            .into_iter()
            .map(|d| {
                let mut running = 0i64;
                d.into_iter()
                    .map(|x| {
                        running += x;
                        running as u64
                    })
                    .collect()
            })
            .collect();
        ServiceTotals::from_totals(h, totals)
    }

    /// From `totals[service][month]` for months 0..=horizon.
    fn from_totals(horizon: u32, totals: Vec<Vec<u64>>) -> ServiceTotals {
        let changes = totals
            .iter()
            .map(|t| {
                (1..=horizon)
                    .filter(|&m| t[m as usize] != t[m as usize - 1])
                    .collect()
            })
            .collect();
        ServiceTotals {
            horizon,
            totals,
            changes,
        }
    }

    pub fn get(&self, service: usize, month: u32) -> u64 {
        self.totals
            .get(service)
            .and_then(|t| t.get(month as usize))
            .copied()
            .unwrap_or(0)
    }

    /// Runs of months in `from..=to` with the same total of a service: `(from, to, total)`.
    pub fn runs(&self, service: usize, from: u32, to: u32) -> Vec<(u32, u32, u64)> {
        let to = to.min(self.horizon);
        let changes = self.changes.get(service).map_or(&[][..], Vec::as_slice);
        let mut next = changes.partition_point(|&c| c <= from);
        let mut out = Vec::new();
        let mut m = from;
        while m <= to {
            let end = changes.get(next).map_or(to, |&c| to.min(c - 1));
            out.push((m, end, self.get(service, m)));
            m = end + 1;
            next += 1;
        }
        out
    }
}

/// Everything pricing needs about one quote, worked out once for all plans.
pub(crate) struct Pricer<'a> {
    pub book: &'a PriceBook,
    pub quote: &'a Quote,
    pub totals: ServiceTotals,
    /// Per transaction: its service's index (None if unknown) and its runs of figures.
    segments: Vec<(Option<usize>, Vec<Segment>)>,
    ids: Vec<Arc<str>>,
    service_ids: Vec<Arc<str>>,
}

/// One transaction's figures in a run of months, before the plan prices them.
struct Slice<'s> {
    index: usize,
    /// The service's index in the book.
    s: usize,
    service: &'s Service,
    from: u32,
    to: u32,
    segment: Segment,
}

impl<'a> Pricer<'a> {
    pub fn new(book: &'a PriceBook, quote: &'a Quote) -> Pricer<'a> {
        Pricer {
            book,
            quote,
            totals: ServiceTotals::new(book, quote),
            segments: quote
                .transactions
                .iter()
                .map(|t| (book.service_index(&t.service), quote.segments(t)))
                .collect(),
            ids: quote
                .transactions
                .iter()
                .map(|t| Arc::from(t.id.as_str()))
                .collect(),
            service_ids: book
                .services
                .iter()
                .map(|s| Arc::from(s.id.as_str()))
                .collect(),
        }
    }

    pub fn currency(&self) -> Currency {
        self.book.currency
    }

    /// Every transaction's billed runs of figures within `from..=to`, in quote order.
    fn slices(&self, from: u32, to: u32) -> impl Iterator<Item = Slice<'_>> {
        self.segments
            .iter()
            .enumerate()
            .flat_map(move |(index, (s, segments))| {
                segments.iter().filter_map(move |g| {
                    let s = (*s)?;
                    let (a, b) = (g.from.max(from), g.to.min(to));
                    (g.quantity > 0 && a <= b).then(|| Slice {
                        index,
                        s,
                        service: &self.book.services[s],
                        from: a,
                        to: b,
                        segment: *g,
                    })
                })
            })
    }

    /// The rules behind every run of one transaction on one plan.
    fn rules(&self, index: usize, service: &Service, g: &Segment, ea: bool) -> Rules {
        let t = &self.quote.transactions[index];
        let mut r = Rules::of(&[Rule::C1, Rule::M3, if ea { Rule::P4 } else { Rule::P2 }]);
        if service.sa_credit.is_some() {
            r = r.with(Rule::I1);
            if !ea {
                r = r.with(Rule::I2);
            }
        }
        if ea && service.step_up_price.is_some() && g.step_up > 0 {
            r = r.with(Rule::P5);
        }
        if service.sa_credit.is_some() && g.covered > 0 {
            r = r.with(Rule::I3).with(Rule::I5);
        }
        if service.requires.is_some() {
            r = r.with(Rule::I4);
        }
        if !t.changes.is_empty() {
            r = r.with(Rule::T3);
        }
        r
    }

    fn run(
        &self,
        slice: &Slice,
        (from, to): (u32, u32),
        prices: &UnitPrices,
        tier: Tier,
        rules: Rules,
    ) -> Result<ChargeRun, Overflow> {
        let g = &slice.segment;
        let (step_up_units, sa_covered) = prices.split(g.step_up, g.covered);
        let amount = self
            .currency()
            .round(prices.exact_amount(g.quantity, g.step_up, g.covered)?);
        Ok(ChargeRun {
            transaction: self.ids[slice.index].clone(),
            service: self.service_ids[slice.s].clone(),
            from_month: from,
            to_month: to,
            quantity: g.quantity,
            list_price: prices.list,
            tier,
            discount: prices.discount,
            unit_price: prices.unit,
            step_up_units,
            step_up_unit_price: prices.step_up,
            sa_covered,
            sa_credit: if sa_covered > 0 { prices.credit } else { None },
            credited_unit_price: if sa_covered > 0 {
                prices.credited
            } else {
                None
            },
            amount,
            rules,
        })
    }

    /// MOSP runs for months `1..=until` (P2: each month's band from the service's total).
    pub fn mosp_runs(&self, until: u32) -> Result<Vec<ChargeRun>, Overflow> {
        let mut runs = Vec::new();
        // Unit prices per (service, band), worked out once.
        let mut cache: Vec<Vec<Option<UnitPrices>>> = self
            .book
            .services
            .iter()
            .map(|s| vec![None; self.book.bands_for(s).len()])
            .collect();
        for slice in self.slices(1, until) {
            let s = slice.s;
            let bands = self.book.bands_for(slice.service);
            let rules = self.rules(slice.index, slice.service, &slice.segment, false);
            for (from, to, units) in self.totals.runs(s, slice.from, slice.to) {
                let b = band_for(bands, units);
                let prices = match cache[s][b] {
                    Some(p) => p,
                    None => *cache[s][b].insert(UnitPrices::new(
                        slice.service,
                        bands[b].discount.value,
                        false,
                    )?),
                };
                let tier = Tier::Band {
                    band: b + 1,
                    from: bands[b].from,
                    units,
                    figure: self.book.band_key(slice.service, b),
                };
                runs.push(self.run(&slice, (from, to), &prices, tier, rules)?);
            }
        }
        Ok(runs)
    }

    /// T5: the EA years of an EA that starts at `start` and runs to the horizon, each
    /// with its qualified count and the book's level for it.
    pub fn ea_years(&self, start: u32) -> Vec<EaYear> {
        let h = self.quote.horizon_months;
        let first = &self.book.ea_levels[0];
        (start..=h)
            .step_by(12)
            .enumerate()
            .map(|(k, from)| {
                let ea_year = k as u32 + 1;
                let qualified = self.quote.customer.qualified_in(ea_year);
                let level = level_for(&self.book.ea_levels, qualified);
                EaYear {
                    ea_year,
                    from_month: from,
                    to_month: (from + 11).min(h),
                    qualified,
                    level: level
                        .map_or(&first.name, |l| &self.book.ea_levels[l].name)
                        .clone(),
                    below_first_level: level.is_none(),
                }
            })
            .collect()
    }

    /// EA runs for months `start..=horizon`, EA years counted from `start` (T5, T6)
    /// with the counts of `years` (from [`Pricer::ea_years`]).
    pub fn ea_runs_in(&self, start: u32, years: &[EaYear]) -> Result<Vec<ChargeRun>, Overflow> {
        let mut runs = Vec::new();
        for slice in self.slices(start, self.quote.horizon_months) {
            let levels = self.book.levels_for(slice.service);
            let mut rules = self.rules(slice.index, slice.service, &slice.segment, true);
            if !self.quote.customer.true_ups.is_empty() {
                rules = rules.with(Rule::T5);
            }
            if start > 1 {
                rules = rules.with(Rule::T6);
            }
            // EA years cut the slice only where the qualified count changes.
            let mut from = slice.from;
            while from <= slice.to {
                let first = ((from - start) / 12) as usize;
                let year = &years[first];
                let same = years[first..]
                    .iter()
                    .take_while(|y| y.qualified == year.qualified)
                    .last()
                    .unwrap_or(year);
                let to = same.to_month.min(slice.to);
                // A service may carry its own levels; below the first one the what-if uses it (P4).
                let l = &levels[level_for(levels, year.qualified).unwrap_or(0)];
                let prices = UnitPrices::new(slice.service, l.discount.value, true)?;
                let tier = Tier::Level {
                    level: Arc::from(l.name.as_str()),
                    from: l.from,
                    ea_year: year.ea_year,
                    qualified: year.qualified,
                    figure: self.book.level_key(slice.service, l),
                };
                runs.push(self.run(&slice, (from, to), &prices, tier, rules)?);
                from = to + 1;
            }
        }
        Ok(runs)
    }

    /// P4: whether the customer can buy on an EA starting at `start`. An EA-only plan
    /// needs an agreement; a switch plan assumes one is signed for month X (T6). Either
    /// needs each EA year's count at a level.
    pub fn availability(&self, years: &[EaYear], needs_agreement: bool) -> Availability {
        let mut reasons = Vec::new();
        if needs_agreement && self.quote.customer.agreement == Agreement::None {
            reasons.push(WhyNot::NoAgreement);
        }
        let needed = self.book.ea_levels[0].from;
        // One reason per count: years without a true-up repeat the year before.
        let mut previous = None;
        for y in years {
            if y.below_first_level && previous != Some(y.qualified) {
                reasons.push(WhyNot::BelowFirstLevel {
                    ea_year: y.ea_year,
                    qualified: y.qualified,
                    needed,
                });
            }
            previous = Some(y.qualified);
        }
        if reasons.is_empty() {
            Availability::Available
        } else {
            Availability::WhatIf { reasons }
        }
    }

    /// A plan's totals from its runs: month totals as sums of the rows in each month
    /// (a difference array over the runs, M5), years as sums of months, the horizon as
    /// the sum of years.
    pub fn path(
        &self,
        kind: PathKind,
        availability: Availability,
        ea_years: Vec<EaYear>,
        switch_month: Option<u32>,
        runs: Vec<ChargeRun>,
    ) -> Result<PathResult, Overflow> {
        let h = self.quote.horizon_months;
        let zero = self.currency().zero();
        let months = month_totals(
            zero,
            h,
            runs.iter().map(|r| (r.from_month, r.to_month, r.amount)),
        )?;
        let years = year_totals(zero, &months)?;
        Ok(PathResult {
            kind,
            availability,
            switch_month,
            ea_years,
            first_year_total: years.first().map_or(zero, |y| y.total),
            horizon_total: money::sum(zero, years.iter().map(|y| y.total))?,
            months,
            years,
            runs,
        })
    }
}

/// Month totals 1..=horizon from `(from, to, amount each month)` runs, with the running
/// cumulative total.
pub(crate) fn month_totals(
    zero: Decimal,
    horizon: u32,
    runs: impl Iterator<Item = (u32, u32, Decimal)>,
) -> Result<Vec<MonthTotal>, Overflow> {
    let diff = difference(zero, horizon, runs)?;
    let mut total = zero;
    let mut cumulative = zero;
    let mut months = Vec::with_capacity(horizon as usize);
    for m in 1..=horizon {
        total = money::add(total, diff[m as usize])?;
        cumulative = money::add(cumulative, total)?;
        months.push(MonthTotal {
            month: m,
            total,
            cumulative,
        });
    }
    Ok(months)
}

/// A difference array: each run adds its amount at its first month and takes it off
/// after its last, so a prefix sum gives each month's total exactly.
pub(crate) fn difference(
    zero: Decimal,
    horizon: u32,
    runs: impl Iterator<Item = (u32, u32, Decimal)>,
) -> Result<Vec<Decimal>, Overflow> {
    let mut diff = vec![zero; horizon as usize + 2];
    for (from, to, amount) in runs {
        let (from, to) = (from as usize, (to as usize).min(horizon as usize));
        if from > to || from == 0 {
            continue;
        }
        diff[from] = money::add(diff[from], amount)?;
        diff[to + 1] = money::sub(diff[to + 1], amount)?;
    }
    Ok(diff)
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

#[cfg(test)]
mod tests {
    use crate::quote::{Override, QuantityChange, TrueUp};
    use crate::testutil::{d, quote, row, run, tx};
    use crate::{Agreement, Availability, Cheaper, PathKind, Rule};

    #[test]
    fn m3_charge_row_is_the_rounded_product_and_only_the_row_is_rounded() {
        // SharePoint 5.25 x 0.93 (EA level A) = 4.8825 per user, kept unrounded.
        let r = run(&quote(vec![tx("t", "sharepoint-online", 7)]));
        let row = row(&r.paths.ea.runs, "t", 1);
        assert_eq!(row.unit_price, d("4.8825"));
        assert_eq!(row.amount.to_string(), "34.18"); // round(34.1775)
    }

    #[test]
    fn figures_used_answers_exactly_what_figure_keys_lists() {
        let mut t = tx("t", "intune", 300);
        t.sa_covered_devices = 100;
        let mut s = tx("s", "sharepoint-online", 7);
        s.step_up_units = 3;
        let r = run(&quote(vec![t, s, tx("b", "bpos-standard", 260)]));
        let book = crate::PriceBook::default_book();
        let mut asked = 0;
        for run in r.paths.all().flat_map(|p| &p.runs) {
            let listed = run.figure_keys();
            let used = super::FiguresUsed::new([run]);
            for key in book.figure_keys().iter().chain(&listed) {
                assert_eq!(used.uses(key), listed.contains(key), "{key}");
                asked += usize::from(used.uses(key));
            }
        }
        assert!(asked > 0);
        for path in r.paths.all() {
            let used = super::FiguresUsed::new(&path.runs);
            for key in book.figure_keys() {
                let any = path.runs.iter().any(|run| run.figure_keys().contains(&key));
                assert_eq!(used.uses(&key), any, "{key}");
            }
        }
    }

    #[test]
    fn p2_band_price_applies_to_every_unit_of_the_service() {
        let r = run(&quote(vec![tx("t", "bpos-standard", 249)]));
        assert_eq!(
            row(&r.paths.mosp.runs, "t", 1).amount.to_string(),
            "2490.00"
        );
        let r = run(&quote(vec![tx("t", "bpos-standard", 250)]));
        let row = row(&r.paths.mosp.runs, "t", 1);
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
        let at = |m: u32, id: &str| row(&r.paths.mosp.runs, id, m).discount;
        assert_eq!(at(12, "t1"), d("0.00"));
        assert_eq!(
            at(13, "t1"),
            d("0.05"),
            "300 BPOS users in month 13 reach band 2"
        );
        assert_eq!(at(13, "t2"), d("0.05"));
        assert_eq!(at(13, "t3"), d("0.00"), "bands are per service");
        // One run per stretch of identical months: t1 changes band at month 13.
        let t1: Vec<(u32, u32)> = r
            .paths
            .mosp
            .runs
            .iter()
            .filter(|x| &*x.transaction == "t1")
            .map(|x| (x.from_month, x.to_month))
            .collect();
        assert_eq!(t1, [(1, 12), (13, 36)]);
    }

    #[test]
    fn p4_ea_level_from_qualified_count_and_unavailable_below_250() {
        let mut q = quote(vec![tx("t", "bpos-standard", 100)]);
        q.customer.qualified = 2400;
        let r = run(&q);
        assert!(r.paths.ea.available());
        assert_eq!(r.paths.ea.ea_years[0].level, "B");
        assert_eq!(row(&r.paths.ea.runs, "t", 1).amount.to_string(), "880.00");

        q.customer.qualified = 249;
        let r = run(&q);
        assert!(
            matches!(&r.paths.ea.availability, Availability::WhatIf { reasons } if reasons.len() == 1)
        );
        let text = crate::describe::availability(&r.paths.ea.availability, "A").plain();
        assert!(text.contains("250") && text.contains("What-if"), "{text}");
    }

    #[test]
    fn p4_no_agreement_gives_a_marked_what_if_that_is_never_the_choice() {
        let mut q = quote(vec![tx("t", "bpos-standard", 100)]);
        q.customer.agreement = Agreement::None;
        let r = run(&q);
        assert!(!r.paths.ea.available());
        assert_eq!(row(&r.paths.ea.runs, "t", 1).amount.to_string(), "930.00");
        assert!(r.paths.mosp.available());
        let c = &r.comparison.horizon;
        assert_eq!(c.cheaper, Cheaper::Ea, "the what-if is cheaper…");
        assert_eq!(
            c.cheaper_available.path,
            PathKind::Mosp,
            "…but MOSP is what the customer can buy"
        );
        assert!(c.cheaper_available.only_option);
    }

    #[test]
    fn p5_step_up_units_pay_the_step_up_price_with_the_level_discount_on_ea_only() {
        let mut t = tx("t", "bpos-standard", 100);
        t.step_up_units = 40;
        let r = run(&quote(vec![t]));
        // round(60 x 9.30 + 40 x 4.65) = 744.00
        let ea = row(&r.paths.ea.runs, "t", 1);
        assert_eq!(ea.amount.to_string(), "744.00");
        assert!(ea.rules.contains(Rule::P5));
        assert_eq!(
            row(&r.paths.mosp.runs, "t", 1).amount.to_string(),
            "1000.00"
        );
    }

    #[test]
    fn p6_comparison_names_the_cheaper_path_and_the_difference() {
        let r = run(&quote(vec![tx("t", "bpos-standard", 100)]));
        assert_eq!(r.comparison.horizon.mosp.to_string(), "36000.00");
        assert_eq!(r.comparison.horizon.ea.to_string(), "33480.00");
        assert_eq!(r.comparison.horizon.difference.to_string(), "-2520.00");
        assert_eq!(r.comparison.horizon.cheaper, Cheaper::Ea);
        assert_eq!(r.comparison.horizon.cheaper_available.path, PathKind::Ea);
        assert_eq!(r.comparison.first_year.mosp.to_string(), "12000.00");
    }

    #[test]
    fn i1_i2_intune_has_no_minimum_and_its_discount_starts_at_250_devices() {
        let r = run(&quote(vec![tx("t", "intune", 1)]));
        assert_eq!(row(&r.paths.mosp.runs, "t", 1).amount.to_string(), "11.00");
        let r = run(&quote(vec![tx("t", "intune", 250)]));
        let row = row(&r.paths.mosp.runs, "t", 1);
        assert_eq!(row.amount.to_string(), "2612.50");
        assert!(row.rules.contains(Rule::I2));
    }

    #[test]
    fn i3_i5_sa_credit_comes_off_after_the_discount_per_covered_device() {
        let mut t = tx("t", "intune", 250);
        t.sa_covered_devices = 100;
        let r = run(&quote(vec![t]));
        // MOSP: 150 x 10.45 + 100 x (10.45 - 2.00) = 2412.50
        assert_eq!(
            row(&r.paths.mosp.runs, "t", 1).amount.to_string(),
            "2412.50"
        );
        // EA level A: 150 x 10.23 + 100 x 8.23 = 2357.50
        let ea = row(&r.paths.ea.runs, "t", 1);
        assert_eq!(ea.amount.to_string(), "2357.50");
        assert_eq!(ea.credited_unit_price, Some(d("8.23")));
        assert!(ea.rules.contains(Rule::I3) && ea.rules.contains(Rule::I5));
    }

    #[test]
    fn i3_credit_never_takes_a_price_below_zero() {
        let mut t = tx("t", "intune", 10);
        t.sa_covered_devices = 10;
        let mut q = quote(vec![t]);
        q.overrides.push(Override {
            figure: "services.intune.sa_credit".into(),
            value: "50".into(),
        });
        let r = run(&q);
        let row = row(&r.paths.mosp.runs, "t", 1);
        assert_eq!(row.amount.to_string(), "0.00");
        assert_eq!(row.credited_unit_price, Some(d("0")));
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
                    .runs
                    .iter()
                    .filter(|x| x.contains(m.month))
                    .map(|x| x.amount)
                    .sum();
                assert_eq!(m.total, rows, "month {}", m.month);
            }
            let all: rust_decimal::Decimal = path
                .runs
                .iter()
                .map(|x| x.amount * rust_decimal::Decimal::from(x.months()))
                .sum();
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
        let runs: Vec<(u32, u32)> = r
            .paths
            .mosp
            .runs
            .iter()
            .map(|x| (x.from_month, x.to_month))
            .collect();
        assert_eq!(runs, [(3, 5)]);
    }

    #[test]
    fn t3_a_schedule_is_one_transaction_with_a_row_a_month_at_that_months_quantity() {
        let mut t = tx("t", "bpos-standard", 300);
        t.step_up_units = 40;
        t.changes = vec![
            QuantityChange::new(7, 200),
            QuantityChange {
                step_up_units: Some(0),
                ..QuantityChange::new(10, 0)
            },
            QuantityChange::new(11, 100),
        ];
        let r = run(&quote(vec![t]));
        let mosp: Vec<(u32, u32, u32, String)> = r
            .paths
            .mosp
            .runs
            .iter()
            .map(|x| (x.from_month, x.to_month, x.quantity, x.amount.to_string()))
            .collect();
        // 300 users reach band 2 (9.50); 200 do not; month 10 bills nothing (T3).
        assert_eq!(
            mosp,
            [
                (1, 6, 300, "2850.00".into()),
                (7, 9, 200, "2000.00".into()),
                (11, 36, 100, "1000.00".into())
            ]
        );
        assert_eq!(r.paths.mosp.months[9].total.to_string(), "0.00");
        assert!(r.paths.mosp.runs.iter().all(|x| x.rules.contains(Rule::T3)));
        // Step-Up units change with the schedule on the EA (P5): 40 until month 9, then 0.
        assert_eq!(row(&r.paths.ea.runs, "t", 7).step_up_units, 40);
        assert_eq!(row(&r.paths.ea.runs, "t", 11).step_up_units, 0);
    }

    #[test]
    fn t5_true_up_sets_each_ea_years_level_and_a_year_without_one_keeps_the_last() {
        let mut q = quote(vec![tx("t", "bpos-standard", 2000)]);
        q.customer.qualified = 2000;
        q.customer.true_ups = vec![TrueUp {
            ea_year: 2,
            qualified: 2500,
        }];
        q.horizon_months = 36;
        let r = run(&q);
        let levels: Vec<(u32, String)> = r
            .paths
            .ea
            .ea_years
            .iter()
            .map(|y| (y.qualified, y.level.clone()))
            .collect();
        assert_eq!(
            levels,
            [(2000, "A".into()), (2500, "B".into()), (2500, "B".into())]
        );
        let runs: Vec<(u32, u32, String)> = r
            .paths
            .ea
            .runs
            .iter()
            .map(|x| (x.from_month, x.to_month, x.amount.to_string()))
            .collect();
        assert_eq!(
            runs,
            [(1, 12, "18600.00".into()), (13, 36, "17600.00".into())]
        );
    }

    proptest::proptest! {
        /// `runs` steps through the months where a total changes; the definition is
        /// month by month: every month of `from..=to` (cut at the horizon) in one run
        /// with its neighbours of the same total, each run as long as it can be.
        #[test]
        fn p2_runs_of_equal_totals_are_the_month_by_month_runs(
            totals in proptest::collection::vec(proptest::collection::vec(0u64..3, 0..40), 1..4),
            service in 0usize..5,
            from in 0u32..45,
            to in 0u32..45,
        ) {
            let horizon = totals.iter().map(Vec::len).max().unwrap_or(0).saturating_sub(1) as u32;
            let totals: Vec<Vec<u64>> = totals
                .into_iter()
                .map(|mut t| {
                    t.resize(horizon as usize + 1, 0);
                    t[0] = 0;
                    t
                })
                .collect();
            let by = super::ServiceTotals::from_totals(horizon, totals);
            let mut slow: Vec<(u32, u32, u64)> = Vec::new();
            for m in from..=to.min(horizon) {
                let n = by.get(service, m);
                match slow.last_mut() {
                    Some(last) if last.2 == n => last.1 = m,
                    _ => slow.push((m, m, n)),
                }
            }
            proptest::prop_assert_eq!(by.runs(service, from, to), slow);
        }
    }
}
