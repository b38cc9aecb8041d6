//! Advice the engine can prove from the price book: where a suite would be cheaper than
//! its components bought separately (C4), and where buying *more* units lowers the bill
//! because volume pricing applies to every unit (P2, I2).

use crate::book::PriceBook;
use crate::money::{self, Overflow};
use crate::pricing::{band_for, level_for, ChargeRow, PathKind, PathResult, UnitPrices};
use crate::quote::Quote;
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
        /// Saving over all months of this run.
        total_saving: Decimal,
        message: String,
        rules: Vec<&'static str>,
    },
    /// P2/I2: more units would reach a cheaper band and cost less in total.
    VolumeCliff {
        service: String,
        service_name: String,
        from_month: u32,
        to_month: u32,
        quantity: u64,
        suggested_quantity: u64,
        current_monthly: Decimal,
        suggested_monthly: Decimal,
        monthly_saving: Decimal,
        total_saving: Decimal,
        message: String,
        rules: Vec<&'static str>,
    },
}

/// A candidate saving in one month; consecutive equal months merge into one advice.
#[derive(Clone, PartialEq)]
struct Candidate {
    service: usize,
    quantity: u64,
    suggested: u64,
    current: Decimal,
    better: Decimal,
}

pub(crate) fn advise(
    book: &PriceBook,
    quote: &Quote,
    totals: &[Vec<u64>],
    mosp: &PathResult,
    ea: &PathResult,
) -> Result<Vec<Advice>, Overflow> {
    let mut advice = Vec::new();
    for path in [mosp, ea] {
        let rows = rows_by_service_month(book, quote.horizon_months, &path.rows);
        for (si, suite) in book.services.iter().enumerate() {
            if suite.components.is_empty() {
                continue;
            }
            let mut candidates = Vec::new();
            for m in 1..=quote.horizon_months {
                if let Some(c) = suite_candidate(book, quote, totals, &rows, si, m, path.kind)? {
                    candidates.push((m, c));
                }
            }
            for (from, to, c, months) in runs(candidates) {
                let saving = money::sub(c.current, c.better)?;
                let total_saving = money::mul(saving, months.into())?;
                let path_name = match path.kind {
                    PathKind::Mosp => "MOSP",
                    PathKind::Ea => "EA",
                };
                advice.push(Advice::Suite {
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
                    total_saving,
                    message: format!(
                        "On {path_name}, {} users take every component of {} separately (months {from}-{to}): the suite would cost {} instead of {} a month, saving {} {} a month (C4).",
                        c.quantity, suite.name, c.better, c.current, saving, book.currency
                    ),
                    rules: vec!["C4"],
                });
            }
        }
    }

    let rows = rows_by_service_month(book, quote.horizon_months, &mosp.rows);
    for (si, service) in book.services.iter().enumerate() {
        let mut candidates: Vec<(u32, Candidate)> = Vec::new();
        for m in 1..=quote.horizon_months {
            // Most months repeat the one before: reuse its answer rather than re-price.
            if m > 1
                && same_rows(rows.get(&(si, m)), rows.get(&(si, m - 1)))
                && totals[si][m as usize] == totals[si][m as usize - 1]
            {
                if let Some((prev, c)) = candidates.last() {
                    if *prev == m - 1 {
                        let c = c.clone();
                        candidates.push((m, c));
                    }
                }
                continue;
            }
            if let Some(c) = cliff_candidate(book, totals, &rows, si, m)? {
                candidates.push((m, c));
            }
        }
        for (from, to, c, months) in runs(candidates) {
            let saving = money::sub(c.current, c.better)?;
            let unit = if service.unit == crate::book::Unit::Device {
                "devices"
            } else {
                "users"
            };
            let mut rules = vec!["P2"];
            if service.sa_credit.is_some() {
                rules.push("I2");
            }
            advice.push(Advice::VolumeCliff {
                service: service.id.clone(),
                service_name: service.name.clone(),
                from_month: from,
                to_month: to,
                quantity: c.quantity,
                suggested_quantity: c.suggested,
                current_monthly: c.current,
                suggested_monthly: c.better,
                monthly_saving: saving,
                total_saving: money::mul(saving, months.into())?,
                message: format!(
                    "On MOSP, {} {unit} of {} cost {} a month (months {from}-{to}); {} {unit} would cost {}, {} {} less, because the volume discount applies to every unit ({}).",
                    c.quantity, service.name, c.current, c.suggested, c.better, saving, book.currency, rules.join(", ")
                ),
                rules,
            });
        }
    }
    Ok(advice)
}

/// A path's rows by service and month.
struct RowIndex<'a>(Vec<Vec<Vec<&'a ChargeRow>>>);

impl<'a> RowIndex<'a> {
    fn get(&self, (service, month): &(usize, u32)) -> Option<&Vec<&'a ChargeRow>> {
        self.0
            .get(*service)?
            .get(*month as usize)
            .filter(|rows| !rows.is_empty())
    }
}

fn rows_by_service_month<'a>(
    book: &PriceBook,
    horizon: u32,
    rows: &'a [ChargeRow],
) -> RowIndex<'a> {
    let mut index = vec![vec![Vec::new(); horizon as usize + 1]; book.services.len()];
    // Rows come in runs of one transaction, hence of one service: look it up once a run.
    for run in rows.chunk_by(|a, b| std::sync::Arc::ptr_eq(&a.transaction, &b.transaction)) {
        if let Some(s) = book.service_index(&run[0].service) {
            for r in run {
                if let Some(cell) = index[s].get_mut(r.month as usize) {
                    cell.push(r);
                }
            }
        }
    }
    RowIndex(index)
}

/// Whether a service's rows in two months are the same transactions at the same amounts,
/// so that any advice about them is the same too.
fn same_rows(a: Option<&Vec<&ChargeRow>>, b: Option<&Vec<&ChargeRow>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| {
                    std::sync::Arc::ptr_eq(&x.transaction, &y.transaction) && x.amount == y.amount
                })
        }
        (None, None) => true,
        _ => false,
    }
}

fn row_sum(zero: Decimal, rows: Option<&Vec<&ChargeRow>>) -> Result<Decimal, Overflow> {
    money::sum(zero, rows.into_iter().flatten().map(|r| r.amount))
}

/// The given rows re-priced at other unit prices, plus `extra` new full-price units.
fn repriced(
    book: &PriceBook,
    rows: Option<&Vec<&ChargeRow>>,
    prices: &UnitPrices,
    extra: u64,
) -> Result<Decimal, Overflow> {
    let mut total = book.currency.zero();
    for r in rows.into_iter().flatten() {
        total = money::add(
            total,
            book.currency
                .round(prices.exact_amount(r.quantity, r.step_up_units, r.sa_covered)?),
        )?;
    }
    let extra = book.currency.round(money::mul(prices.unit, extra.into())?);
    money::add(total, extra)
}

fn suite_candidate(
    book: &PriceBook,
    quote: &Quote,
    totals: &[Vec<u64>],
    rows: &RowIndex,
    si: usize,
    m: u32,
    kind: PathKind,
) -> Result<Option<Candidate>, Overflow> {
    let suite = &book.services[si];
    let comps: Vec<usize> = suite
        .components
        .iter()
        .filter_map(|c| book.service_index(c))
        .collect();
    let users = totals[comps[0]][m as usize];
    if users == 0 || comps.iter().any(|&c| totals[c][m as usize] != users) {
        return Ok(None);
    }
    // Step-Up units on a component make the comparison unlike-for-like: no advice.
    if comps.iter().any(|&c| {
        rows.get(&(c, m))
            .into_iter()
            .flatten()
            .any(|r| r.step_up_units > 0)
    }) {
        return Ok(None);
    }
    let zero = book.currency.zero();
    let mut current = row_sum(zero, rows.get(&(si, m)))?;
    for &c in &comps {
        current = money::add(current, row_sum(zero, rows.get(&(c, m)))?)?;
    }
    let discount = match kind {
        PathKind::Mosp => {
            let bands = book.bands_for(suite);
            bands[band_for(bands, totals[si][m as usize] + users)]
                .discount
                .value
        }
        PathKind::Ea => {
            let levels = book.levels_for(suite);
            levels[level_for(levels, quote.customer.qualified).unwrap_or(0)]
                .discount
                .value
        }
    };
    let prices = UnitPrices::new(suite, discount, kind)?;
    let better = repriced(book, rows.get(&(si, m)), &prices, users)?;
    Ok((better < current).then_some(Candidate {
        service: si,
        quantity: users,
        suggested: users,
        current,
        better,
    }))
}

fn cliff_candidate(
    book: &PriceBook,
    totals: &[Vec<u64>],
    rows: &RowIndex,
    si: usize,
    m: u32,
) -> Result<Option<Candidate>, Overflow> {
    let service = &book.services[si];
    let quantity = totals[si][m as usize];
    let Some(these) = rows.get(&(si, m)) else {
        return Ok(None);
    };
    if quantity == 0 {
        return Ok(None);
    }
    let bands = book.bands_for(service);
    let current = row_sum(book.currency.zero(), Some(these))?;
    let mut best: Option<Candidate> = None;
    for band in &bands[band_for(bands, quantity) + 1..] {
        let suggested = u64::from(band.from);
        let prices = UnitPrices::new(service, band.discount.value, PathKind::Mosp)?;
        let better = repriced(book, Some(these), &prices, suggested - quantity)?;
        if better < current && best.as_ref().is_none_or(|b| better < b.better) {
            best = Some(Candidate {
                service: si,
                quantity,
                suggested,
                current,
                better,
            });
        }
    }
    Ok(best)
}

/// Merges consecutive months with equal candidates: (from, to, candidate, months).
fn runs(candidates: Vec<(u32, Candidate)>) -> Vec<(u32, u32, Candidate, u32)> {
    let mut out: Vec<(u32, u32, Candidate, u32)> = Vec::new();
    for (m, c) in candidates {
        match out.last_mut() {
            Some((_, to, last, n)) if *to + 1 == m && *last == c => {
                *to = m;
                *n += 1;
            }
            _ => out.push((m, m, c, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Advice;
    use crate::testutil::{quote, tx};
    use crate::{compute, PathKind, PriceBook};

    fn advice(q: &crate::Quote) -> Vec<Advice> {
        compute(&PriceBook::default_book(), q).unwrap().advice
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
                message,
                ..
            } => Some((
                *quantity,
                *suggested_quantity,
                current_monthly.to_string(),
                suggested_monthly.to_string(),
                monthly_saving.to_string(),
                message.clone(),
            )),
            _ => None,
        });
        let (q, s, cur, sug, save, msg) = cliff.expect("a volume cliff");
        assert_eq!(
            (q, s, cur.as_str(), sug.as_str(), save.as_str()),
            (240, 250, "2640.00", "2612.50", "27.50")
        );
        assert!(msg.contains("I2"), "{msg}");
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
}
