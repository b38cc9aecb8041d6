//! Advice the engine can prove from the price book: where a suite would be cheaper than
//! its components bought separately (C4), and where buying *more* units lowers the bill
//! because volume pricing applies to every unit (P2, I2).
//!
//! Each candidate is worked out once per stretch of months in which the runs it depends
//! on do not change, and consecutive stretches with the same saving are one advice.

use crate::book::{PriceBook, Unit};
use crate::money::{self, Overflow};
use crate::pricing::{
    band_for, level_for, ChargeRun, PathKind, PathResult, ServiceTotals, UnitPrices,
};
use crate::quote::Quote;
use crate::rules::{Rule, Rules};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Advice {
    /// C4: the quote buys every component of a suite for the same number of users.
    Suite {
        path: PathKind,
        suite: String,
        suite_name: String,
        components: Vec<String>,
        users: u64,
        from_month: u32,
        to_month: u32,
        /// What the components (and any existing suite units) cost in one such month.
        current_monthly: Decimal,
        /// What they would cost with the users on the suite instead.
        suite_monthly: Decimal,
        monthly_saving: Decimal,
        /// Saving over all months of this stretch.
        total_saving: Decimal,
        rules: Rules,
    },
    /// P2/I2: more units would reach a cheaper band and cost less in total.
    VolumeCliff {
        service: String,
        service_name: String,
        device: bool,
        from_month: u32,
        to_month: u32,
        quantity: u64,
        suggested_quantity: u64,
        current_monthly: Decimal,
        suggested_monthly: Decimal,
        monthly_saving: Decimal,
        total_saving: Decimal,
        rules: Rules,
    },
}

/// A candidate saving over a stretch of months; equal neighbours merge into one advice.
#[derive(Clone, PartialEq)]
struct Candidate {
    quantity: u64,
    suggested: u64,
    current: Decimal,
    better: Decimal,
}

/// A plan's runs by service.
struct ByService<'a>(Vec<Vec<&'a ChargeRun>>);

impl<'a> ByService<'a> {
    fn new(book: &PriceBook, runs: &'a [ChargeRun]) -> ByService<'a> {
        let mut by = vec![Vec::new(); book.services.len()];
        // Runs come by transaction, so mostly several of one service in a row.
        let mut last: Option<(&str, Option<usize>)> = None;
        for r in runs {
            let s = match last {
                Some((id, s)) if id == &*r.service => s,
                _ => book.service_index(&r.service),
            };
            last = Some((&r.service, s));
            if let Some(s) = s {
                by[s].push(r);
            }
        }
        ByService(by)
    }

    fn at(&self, service: usize, month: u32) -> Vec<&'a ChargeRun> {
        self.0[service]
            .iter()
            .copied()
            .filter(|r| r.contains(month))
            .collect()
    }

    /// Stretches of months `(from, to)` over which no run of these services starts or
    /// ends, covering the whole horizon.
    fn stretches(&self, services: &[usize], horizon: u32) -> Vec<(u32, u32)> {
        let spans = services.iter().flat_map(|&s| &self.0[s]);
        stretches(spans.map(|r| (r.from_month, r.to_month)), horizon)
    }
}

/// Stretches of months `(from, to)` covering `1..=horizon`, cut where a span `(from,
/// to)` starts or ends. Marks by month, not a sort of every span's ends: the same cuts,
/// ascending and once each, in time linear in the spans and the horizon.
fn stretches(spans: impl Iterator<Item = (u32, u32)>, horizon: u32) -> Vec<(u32, u32)> {
    let mut cut = vec![false; horizon.max(1) as usize + 1];
    cut[1] = true;
    for (from, to) in spans {
        for m in [from, to.saturating_add(1)] {
            if m > 1 && m <= horizon {
                cut[m as usize] = true;
            }
        }
    }
    let cuts: Vec<u32> = (1..=horizon.max(1)).filter(|&m| cut[m as usize]).collect();
    let ends = cuts.iter().skip(1).map(|&m| m - 1).chain([horizon]);
    cuts.iter().copied().zip(ends).collect()
}

fn row_sum(zero: Decimal, runs: &[&ChargeRun]) -> Result<Decimal, Overflow> {
    money::sum(zero, runs.iter().map(|r| r.amount))
}

/// The given runs' month rows re-priced at other unit prices, plus the row `added` of
/// new full-price units (from [`added`]).
fn repriced(
    book: &PriceBook,
    runs: &[&ChargeRun],
    prices: &UnitPrices,
    added: Decimal,
) -> Result<Decimal, Overflow> {
    let mut total = book.currency.zero();
    for r in runs {
        let exact = prices.exact_amount(r.quantity, r.step_up_units, r.sa_covered)?;
        total = money::add(total, book.currency.round(exact))?;
    }
    money::add(total, added)
}

/// `extra` new full-price units, as one rounded row.
fn added(book: &PriceBook, prices: &UnitPrices, extra: u64) -> Result<Decimal, Overflow> {
    Ok(book.currency.round(money::mul(prices.unit, extra.into())?))
}

/// Merges consecutive stretches with equal candidates: `(from, to, candidate, months)`.
fn merge(candidates: Vec<((u32, u32), Candidate)>) -> Vec<(u32, u32, Candidate, u32)> {
    let mut out: Vec<(u32, u32, Candidate, u32)> = Vec::new();
    for ((from, to), c) in candidates {
        match out.last_mut() {
            Some((_, last_to, last, n)) if *last_to + 1 == from && *last == c => {
                *last_to = to;
                *n += to - from + 1;
            }
            _ => out.push((from, to, c, to - from + 1)),
        }
    }
    out
}

struct Adviser<'a> {
    book: &'a PriceBook,
    quote: &'a Quote,
    totals: &'a ServiceTotals,
}

impl Adviser<'_> {
    /// C4 on one plan: for each suite, where every component is bought for the same users.
    /// `by`: `path`'s runs by service.
    fn suites(
        &self,
        path: &PathResult,
        by: &ByService,
        out: &mut Vec<Advice>,
    ) -> Result<(), Overflow> {
        for (si, suite) in self
            .book
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.components.is_empty())
        {
            let comps: Vec<usize> = suite
                .components
                .iter()
                .filter_map(|c| self.book.service_index(c))
                .collect();
            let mut involved = comps.clone();
            involved.push(si);
            let mut candidates = Vec::new();
            for (from, to) in by.stretches(&involved, self.quote.horizon_months) {
                if let Some(c) = self.suite_candidate(by, si, &comps, from, path.kind)? {
                    candidates.push(((from, to), c));
                }
            }
            for (from, to, c, months) in merge(candidates) {
                let saving = money::sub(c.current, c.better)?;
                out.push(Advice::Suite {
                    path: path.kind,
                    suite: suite.id.clone(),
                    suite_name: suite.name.clone(),
                    components: suite.components.clone(),
                    users: c.quantity,
                    from_month: from,
                    to_month: to,
                    current_monthly: c.current,
                    suite_monthly: c.better,
                    monthly_saving: saving,
                    total_saving: money::mul(saving, months.into())?,
                    rules: Rules::of(&[Rule::C4]),
                });
            }
        }
        Ok(())
    }

    fn suite_candidate(
        &self,
        by: &ByService,
        si: usize,
        comps: &[usize],
        m: u32,
        kind: PathKind,
    ) -> Result<Option<Candidate>, Overflow> {
        let users = self.totals.get(comps[0], m);
        if users == 0 || comps.iter().any(|&c| self.totals.get(c, m) != users) {
            return Ok(None);
        }
        // Step-Up units on a component make the comparison unlike-for-like: no advice.
        if comps
            .iter()
            .any(|&c| by.at(c, m).iter().any(|r| r.step_up_units > 0))
        {
            return Ok(None);
        }
        let zero = self.book.currency.zero();
        let suite_runs = by.at(si, m);
        let mut current = row_sum(zero, &suite_runs)?;
        for &c in comps {
            current = money::add(current, row_sum(zero, &by.at(c, m))?)?;
        }
        let suite = &self.book.services[si];
        let discount = match kind {
            PathKind::Mosp => {
                let bands = self.book.bands_for(suite);
                bands[band_for(bands, self.totals.get(si, m) + users)]
                    .discount
                    .value
            }
            PathKind::Ea | PathKind::Switch => {
                let levels = self.book.levels_for(suite);
                let qualified = self.quote.customer.qualified_in((m - 1) / 12 + 1);
                levels[level_for(levels, qualified).unwrap_or(0)]
                    .discount
                    .value
            }
        };
        let prices = UnitPrices::new(suite, discount, kind != PathKind::Mosp)?;
        let better = repriced(
            self.book,
            &suite_runs,
            &prices,
            added(self.book, &prices, users)?,
        )?;
        Ok((better < current).then_some(Candidate {
            quantity: users,
            suggested: users,
            current,
            better,
        }))
    }

    /// P2, I2 on MOSP: services just below a band where more units would cost less.
    /// `by`: the MOSP plan's runs by service.
    fn cliffs(&self, by: &ByService, out: &mut Vec<Advice>) -> Result<(), Overflow> {
        for (si, service) in self.book.services.iter().enumerate() {
            let mut candidates = Vec::new();
            for (from, to) in by.stretches(&[si], self.quote.horizon_months) {
                if let Some(c) = self.cliff_candidate(by, si, from)? {
                    candidates.push(((from, to), c));
                }
            }
            for (from, to, c, months) in merge(candidates) {
                let saving = money::sub(c.current, c.better)?;
                let mut rules = Rules::of(&[Rule::P2]);
                if service.sa_credit.is_some() {
                    rules = rules.with(Rule::I2);
                }
                out.push(Advice::VolumeCliff {
                    service: service.id.clone(),
                    service_name: service.name.clone(),
                    device: service.unit == Unit::Device,
                    from_month: from,
                    to_month: to,
                    quantity: c.quantity,
                    suggested_quantity: c.suggested,
                    current_monthly: c.current,
                    suggested_monthly: c.better,
                    monthly_saving: saving,
                    total_saving: money::mul(saving, months.into())?,
                    rules,
                });
            }
        }
        Ok(())
    }

    fn cliff_candidate(
        &self,
        by: &ByService,
        si: usize,
        m: u32,
    ) -> Result<Option<Candidate>, Overflow> {
        let service = &self.book.services[si];
        let quantity = self.totals.get(si, m);
        let these = by.at(si, m);
        if these.is_empty() || quantity == 0 {
            return Ok(None);
        }
        let bands = self.book.bands_for(service);
        let current = row_sum(self.book.currency.zero(), &these)?;
        let mut best: Option<Candidate> = None;
        for band in &bands[band_for(bands, quantity) + 1..] {
            let suggested = u64::from(band.from);
            let prices = UnitPrices::new(service, band.discount.value, false)?;
            // Every row re-priced is at least zero (a validated book has no negative
            // price or a discount above 1, and I3 stops a credit at zero), so when the
            // new units alone cost as much as today, so does the whole: no saving.
            let extra = added(self.book, &prices, suggested - quantity)?;
            if extra >= current {
                continue;
            }
            let better = repriced(self.book, &these, &prices, extra)?;
            if better < current && best.as_ref().is_none_or(|b| better < b.better) {
                best = Some(Candidate {
                    quantity,
                    suggested,
                    current,
                    better,
                });
            }
        }
        Ok(best)
    }
}

pub(crate) fn advise(
    book: &PriceBook,
    quote: &Quote,
    totals: &ServiceTotals,
    mosp: &PathResult,
    ea: &PathResult,
) -> Result<Vec<Advice>, Overflow> {
    let adviser = Adviser {
        book,
        quote,
        totals,
    };
    let mut advice = Vec::new();
    // The MOSP plan's runs by service serve both its suites and its cliffs.
    let mosp_by = ByService::new(book, &mosp.runs);
    adviser.suites(mosp, &mosp_by, &mut advice)?;
    adviser.suites(ea, &ByService::new(book, &ea.runs), &mut advice)?;
    adviser.cliffs(&mosp_by, &mut advice)?;
    Ok(advice)
}

#[cfg(test)]
mod tests {
    use super::Advice;
    use crate::testutil::{quote, run, tx};
    use crate::{PathKind, Rule};

    fn advice(q: &crate::Quote) -> Vec<Advice> {
        run(q).advice
    }

    #[test]
    fn c4_suite_saving_when_all_components_are_bought_for_the_same_users() {
        let q = quote(vec![
            tx("a", "exchange-online", 20),
            tx("b", "sharepoint-online", 20),
            tx("c", "office-communications-online", 20),
            tx("d", "office-live-meeting", 20),
        ]);
        let all = advice(&q);
        let mosp = all.iter().find_map(|a| match a {
            Advice::Suite {
                path: PathKind::Mosp,
                users,
                current_monthly,
                suite_monthly,
                monthly_saving,
                total_saving,
                from_month,
                to_month,
                ..
            } => Some((
                *users,
                current_monthly.to_string(),
                suite_monthly.to_string(),
                monthly_saving.to_string(),
                total_saving.to_string(),
                *from_month,
                *to_month,
            )),
            _ => None,
        });
        // 20 x (5.00 + 5.25 + 2.00 + 4.50) = 335.00 against 20 x 10.00 = 200.00.
        assert_eq!(
            mosp,
            Some((
                20,
                "335.00".into(),
                "200.00".into(),
                "135.00".into(),
                "4860.00".into(),
                1,
                36
            ))
        );
        assert!(all.iter().any(|a| matches!(
            a,
            Advice::Suite {
                path: PathKind::Ea,
                ..
            }
        )));
    }

    #[test]
    fn c4_no_suite_advice_when_a_component_is_missing_or_quantities_differ() {
        let three = quote(vec![
            tx("a", "exchange-online", 20),
            tx("b", "sharepoint-online", 20),
            tx("c", "office-communications-online", 20),
        ]);
        assert!(!advice(&three)
            .iter()
            .any(|a| matches!(a, Advice::Suite { .. })));
        let uneven = quote(vec![
            tx("a", "exchange-online", 20),
            tx("b", "sharepoint-online", 21),
            tx("c", "office-communications-online", 20),
            tx("d", "office-live-meeting", 20),
        ]);
        assert!(!advice(&uneven)
            .iter()
            .any(|a| matches!(a, Advice::Suite { .. })));
    }

    #[test]
    fn p2_i2_volume_cliff_240_intune_devices_cost_more_than_250() {
        let all = advice(&quote(vec![tx("i", "intune", 240)]));
        let cliff = all.iter().find_map(|a| match a {
            Advice::VolumeCliff {
                quantity,
                suggested_quantity,
                current_monthly,
                suggested_monthly,
                monthly_saving,
                rules,
                ..
            } => Some((
                *quantity,
                *suggested_quantity,
                current_monthly.to_string(),
                suggested_monthly.to_string(),
                monthly_saving.to_string(),
                *rules,
            )),
            _ => None,
        });
        let (q, s, cur, sug, save, rules) = cliff.expect("a volume cliff");
        assert_eq!(
            (q, s, cur.as_str(), sug.as_str(), save.as_str()),
            (240, 250, "2640.00", "2612.50", "27.50")
        );
        assert!(rules.contains(Rule::I2));
        // 230 devices: 250 would cost more, so no advice.
        assert!(!advice(&quote(vec![tx("i", "intune", 230)]))
            .iter()
            .any(|a| matches!(a, Advice::VolumeCliff { .. })));
    }

    #[test]
    fn cliff_advice_merges_consecutive_months_and_splits_on_change() {
        let mut early = tx("i1", "intune", 240);
        early.end_month = Some(12);
        let mut late = tx("i2", "intune", 245);
        late.start_month = 13;
        let ranges: Vec<(u32, u32)> = advice(&quote(vec![early, late]))
            .iter()
            .filter_map(|a| match a {
                Advice::VolumeCliff {
                    from_month,
                    to_month,
                    ..
                } => Some((*from_month, *to_month)),
                _ => None,
            })
            .collect();
        assert_eq!(ranges, vec![(1, 12), (13, 36)]);
    }

    proptest::proptest! {
        /// C4, P2: the stretches advice looks at are those of the definition: every
        /// start and every month after an end (within the horizon) cuts, sorted, once.
        #[test]
        fn stretches_are_cut_at_every_start_and_after_every_end(
            spans in proptest::collection::vec((0u32..30, 0u32..30), 0..12),
            horizon in 0u32..28,
        ) {
            let mut cuts: Vec<u32> = spans
                .iter()
                .flat_map(|&(from, to)| [from, to + 1])
                .filter(|&m| m > 1 && m <= horizon)
                .collect();
            cuts.push(1);
            cuts.sort_unstable();
            cuts.dedup();
            let ends = cuts.iter().skip(1).map(|&m| m - 1).chain([horizon]);
            let sorted: Vec<(u32, u32)> = cuts.iter().copied().zip(ends).collect();
            proptest::prop_assert_eq!(super::stretches(spans.into_iter(), horizon), sorted);
        }
    }

    proptest::proptest! {
        /// P2: a volume cliff is advised exactly when buying up to a higher band costs
        /// less a month, at that band's cheapest total: checked against every band
        /// worked out in full, with bands and discounts of any size (a discount jump far
        /// past the book's, where buying many more units still saves), so no band is
        /// skipped that could have saved.
        #[test]
        fn p2_cliff_advice_is_the_cheapest_band_worked_out_in_full(
            quantity in 5u32..400,
            bands in proptest::collection::vec((1u32..500, 0u32..100), 1..4),
        ) {
            let mut book = crate::PriceBook::default_book();
            let mut from = 1;
            let mut discount = 0;
            let mut given = vec![(1, 0)];
            for (step, more) in bands {
                from += step;
                discount = (discount + more).min(99);
                given.push((from, discount));
            }
            let figure = book.mosp_bands[0].discount.clone();
            book.mosp_bands = given
                .iter()
                .map(|&(from, pct)| crate::book::Band {
                    from,
                    discount: crate::book::Figure {
                        value: rust_decimal::Decimal::new(pct.into(), 2),
                        ..figure.clone()
                    },
                })
                .collect();
            let service = "exchange-online";
            let list = book.service(service).unwrap().list_price.value;
            let r = crate::compute(&book, &quote(vec![tx("t", service, quantity)])).unwrap();
            let round = |x: rust_decimal::Decimal| book.currency.round(x);
            let unit = |pct: u32| list * (rust_decimal::Decimal::ONE - rust_decimal::Decimal::new(pct.into(), 2));
            let now = given.iter().rposition(|&(from, _)| from <= quantity).unwrap();
            let current = round(unit(given[now].1) * rust_decimal::Decimal::from(quantity));
            let mut expected: Option<(u64, String)> = None;
            for &(from, pct) in &given[now + 1..] {
                let better = round(unit(pct) * rust_decimal::Decimal::from(quantity))
                    + round(unit(pct) * rust_decimal::Decimal::from(from - quantity));
                if better < current && expected.as_ref().is_none_or(|(_, b)| better < b.parse().unwrap()) {
                    expected = Some((from.into(), better.to_string()));
                }
            }
            let advised = r.advice.iter().find_map(|a| match a {
                Advice::VolumeCliff { suggested_quantity, suggested_monthly, .. } => {
                    Some((*suggested_quantity, suggested_monthly.to_string()))
                }
                _ => None,
            });
            proptest::prop_assert_eq!(advised, expected);
        }
    }
}
