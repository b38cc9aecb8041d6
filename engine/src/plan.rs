//! Comparing plans (P6, T6): each period's totals side by side, which plan is cheaper
//! and which the customer can actually buy (P4), the months where cumulative costs
//! cross, and the switch month that makes the horizon cheapest.

use crate::money::{self, Overflow};
use crate::pricing::{month_totals, EaYear, PathKind, PathResult, Pricer};
use crate::problem::Problem;
use crate::{PriceBook, Quote};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cheaper {
    Mosp,
    Ea,
    Same,
}

/// The plan to choose among those the customer can buy (P4): never a what-if.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub path: PathKind,
    /// Another plan the customer can buy costs the same.
    pub tie: bool,
    /// No other plan can be bought (an EA is only a what-if).
    pub only_option: bool,
}

/// P6: one period on each plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compared {
    pub mosp: Decimal,
    pub ea: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub switch: Option<Decimal>,
    /// `ea - mosp`: positive when MOSP is cheaper.
    pub difference: Decimal,
    /// Which of MOSP and EA costs less, what-if or not.
    pub cheaper: Cheaper,
    /// What to choose: the cheapest plan the customer can buy.
    pub cheaper_available: Choice,
}

/// T6: from `month` on, the cumulative cost of `cheaper_from` is below the other's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossing {
    pub first: PathKind,
    pub second: PathKind,
    pub month: u32,
    pub cheaper_from: PathKind,
}

/// P6: the same quote on every plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub first_month: Compared,
    /// The horizon's last month: what the customer pays each month once every
    /// transaction in the quote has started (P6).
    pub last_month: Compared,
    pub first_year: Compared,
    pub horizon: Compared,
    /// Where two plans' cumulative costs cross (T6).
    pub crossings: Vec<Crossing>,
}

impl Compared {
    fn new(values: [(PathKind, Option<Decimal>, bool); 3]) -> Result<Compared, Overflow> {
        let [(_, Some(mosp), _), (_, Some(ea), _), (_, switch, _)] = values else {
            unreachable!("MOSP and EA are always priced");
        };
        let cheaper = match mosp.cmp(&ea) {
            std::cmp::Ordering::Less => Cheaper::Mosp,
            std::cmp::Ordering::Greater => Cheaper::Ea,
            std::cmp::Ordering::Equal => Cheaper::Same,
        };
        let buyable: Vec<(PathKind, Decimal)> = values
            .iter()
            .filter_map(|&(k, v, ok)| Some((k, v?)).filter(|_| ok))
            .collect();
        let best = buyable
            .iter()
            .copied()
            .min_by_key(|&(_, v)| v)
            .unwrap_or((PathKind::Mosp, mosp));
        let cheaper_available = Choice {
            path: best.0,
            tie: buyable.iter().filter(|&&(_, v)| v == best.1).count() > 1,
            only_option: buyable.len() == 1,
        };
        Ok(Compared {
            mosp,
            ea,
            switch,
            difference: money::sub(ea, mosp)?,
            cheaper,
            cheaper_available,
        })
    }
}

pub(crate) fn compare(
    zero: Decimal,
    mosp: &PathResult,
    ea: &PathResult,
    switch: Option<&PathResult>,
) -> Result<Comparison, Overflow> {
    let period = |f: &dyn Fn(&PathResult) -> Decimal| {
        Compared::new([
            (PathKind::Mosp, Some(f(mosp)), true),
            (PathKind::Ea, Some(f(ea)), ea.available()),
            (
                PathKind::Switch,
                switch.map(f),
                switch.is_some_and(PathResult::available),
            ),
        ])
    };
    let mut crossings = crossings(mosp, ea);
    if let Some(s) = switch {
        crossings.extend(self::crossings(mosp, s));
        crossings.extend(self::crossings(ea, s));
    }
    Ok(Comparison {
        first_month: period(&|p| p.first_month_total(zero))?,
        last_month: period(&|p| p.last_month_total(zero))?,
        first_year: period(&|p| p.first_year_total)?,
        horizon: period(&|p| p.horizon_total)?,
        crossings,
    })
}

/// Months where the cheaper of two plans, by cumulative cost, changes.
fn crossings(a: &PathResult, b: &PathResult) -> Vec<Crossing> {
    let mut out = Vec::new();
    let mut leader = std::cmp::Ordering::Equal;
    for (x, y) in a.months.iter().zip(&b.months) {
        let now = x.cumulative.cmp(&y.cumulative);
        if now == std::cmp::Ordering::Equal {
            continue;
        }
        if leader != std::cmp::Ordering::Equal && now != leader {
            let cheaper_from = if now == std::cmp::Ordering::Less {
                a.kind
            } else {
                b.kind
            };
            out.push(Crossing {
                first: a.kind,
                second: b.kind,
                month: x.month,
                cheaper_from,
            });
        }
        leader = now;
    }
    out
}

/// T6: the plan "MOSP until X-1, then an EA from X", and how many of its runs (the
/// first ones) are MOSP runs, which earn POR fees (F1).
pub(crate) fn switch_path(pricer: &Pricer, x: u32) -> Result<(PathResult, usize), Overflow> {
    let mut runs = pricer.mosp_runs(x.saturating_sub(1))?;
    let mosp_runs = runs.len();
    let years = pricer.ea_years(x);
    runs.extend(pricer.ea_runs_in(x, &years)?);
    let availability = pricer.availability(&years, false);
    Ok((
        pricer.path(PathKind::Switch, availability, years, Some(x), runs)?,
        mosp_runs,
    ))
}

/// One switch month tried by [`best_switch_month`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwitchCandidate {
    pub month: u32,
    pub horizon_total: Decimal,
    /// Whether every EA year from this month has a count at a level (P4).
    pub available: bool,
}

/// T6: every switch month's horizon cost, and the cheapest the customer can buy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwitchSearch {
    pub candidates: Vec<SwitchCandidate>,
    pub best: Option<SwitchCandidate>,
    pub mosp_total: Decimal,
    pub ea_total: Decimal,
    pub ea_available: bool,
}

/// T6: tries every switch month 2..=horizon. Exact to the cent: each month's EA row
/// depends only on the level its EA year's count gives, so the EA month totals are
/// priced once per distinct count and each candidate is a sum of month totals, equal
/// to what [`crate::compute`] gives with that switch month.
pub fn best_switch_month(book: &PriceBook, quote: &Quote) -> Result<SwitchSearch, Vec<Problem>> {
    let book = crate::effective_book(book, quote)?;
    search(&book, quote).map_err(|Overflow| vec![crate::too_large()])
}

fn search(book: &PriceBook, quote: &Quote) -> Result<SwitchSearch, Overflow> {
    let pricer = Pricer::new(book, quote);
    let h = quote.horizon_months;
    let zero = book.currency.zero();
    let totals = |runs: &[crate::ChargeRun]| {
        month_totals(
            zero,
            h,
            runs.iter().map(|r| (r.from_month, r.to_month, r.amount)),
        )
    };
    let mosp = totals(&pricer.mosp_runs(h)?)?;
    let mut counts: Vec<u32> = std::iter::once(quote.customer.qualified)
        .chain(quote.customer.true_ups.iter().map(|t| t.qualified))
        .collect();
    counts.sort_unstable();
    counts.dedup();
    let mut ea_at: Vec<(u32, Vec<Decimal>)> = Vec::new();
    for &q in &counts {
        let years: Vec<EaYear> = pricer
            .ea_years(1)
            .into_iter()
            .map(|y| EaYear { qualified: q, ..y })
            .collect();
        ea_at.push((
            q,
            totals(&pricer.ea_runs_in(1, &years)?)?
                .into_iter()
                .map(|m| m.total)
                .collect(),
        ));
    }
    let ea_month = |q: u32, m: u32| {
        ea_at
            .iter()
            .find(|(c, _)| *c == q)
            .map_or(zero, |(_, t)| t[m as usize - 1])
    };
    let first_level = book.ea_levels[0].from;
    let mut candidates = Vec::with_capacity(h as usize);
    for x in 2..=h {
        let mut total = mosp[x as usize - 2].cumulative;
        let mut available = true;
        for m in x..=h {
            let q = quote.customer.qualified_in((m - x) / 12 + 1);
            available &= q >= first_level;
            total = money::add(total, ea_month(q, m))?;
        }
        candidates.push(SwitchCandidate {
            month: x,
            horizon_total: total,
            available,
        });
    }
    let best = candidates
        .iter()
        .filter(|c| c.available)
        .min_by_key(|c| c.horizon_total)
        .cloned();
    let ea_years = pricer.ea_years(1);
    let ea_total = money::sum(
        zero,
        (1..=h).map(|m| ea_month(quote.customer.qualified_in((m - 1) / 12 + 1), m)),
    )?;
    Ok(SwitchSearch {
        candidates,
        best,
        mosp_total: mosp.last().map_or(zero, |m| m.cumulative),
        ea_total,
        ea_available: pricer.availability(&ea_years, true) == crate::Availability::Available,
    })
}
