//! Charts drawn as SVG from the engine's figures: what the customer pays each month on
//! each plan (a step where a quantity changes, with the month named), the cumulative
//! cost (where plans cross), and each partner's earnings per month, stacked.
//!
//! Coordinates are whole numbers from exact decimals (no floating point, M1); labels
//! around a plot are placed with CSSOM properties, never a `style` attribute, so a
//! strict Content-Security-Policy holds. Each chart is `role="img"` with a summary and
//! its data as a table on request.

use super::months::month_cell;
use crate::components::common::each::by_index;
use crate::components::common::lazy::Lazy;
use crate::components::common::table::{Paged, Rows};
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt};
use licalc_engine::pricing::MonthTotal;
use licalc_engine::{PathKind, PathResult, QuoteResult};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::fmt::Write;

const W: i64 = 1000;
const H: i64 = 300;

/// `v` of `max` as a whole number of `span` units, rounded half to even: exact for
/// amounts (the integer path), 28 significant digits past i128 (never an amount).
/// Callers pass their scale's top as `max`; a `v` above it fills the span.
fn scale(v: Decimal, max: Decimal, span: i64) -> i64 {
    if max <= Decimal::ZERO || v <= Decimal::ZERO {
        return 0;
    }
    if v >= max {
        return span;
    }
    // Amounts carry a few places: one integer division, exact, instead of a decimal one.
    let places = v.scale().max(max.scale());
    let whole = |d: Decimal| {
        d.mantissa()
            .checked_mul(10i128.checked_pow(places - d.scale())?)
    };
    if let (Some(v), Some(max)) = (whole(v), whole(max)) {
        if let Some(n) = v.checked_mul(i128::from(span)) {
            // A chart's amounts fit 64 bits: wasm divides those in one instruction, and
            // 128-bit ones in a library call, once a month a series on every edit.
            let (q, r) = match (i64::try_from(n), i64::try_from(max)) {
                (Ok(n), Ok(max)) => (i128::from(n / max), i128::from(n % max)),
                _ => (n / max, n % max),
            };
            let up = match (2 * r).cmp(&max) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => q % 2 == 1,
                std::cmp::Ordering::Less => false,
            };
            return (q as i64 + i64::from(up)).clamp(0, span);
        }
    }
    // Past i128 (never a real amount): the share first, which cannot overflow (v < max).
    v.checked_mul(Decimal::from(span))
        .map_or_else(|| v / max * Decimal::from(span), |n| n / max)
        .round()
        .to_i64()
        .unwrap_or(0)
        .clamp(0, span)
}

/// A chart's drawing: its accessible name and its shapes, each a class and SVG path
/// data. The plot keeps its `<path>` elements and sets only their data on an edit: no
/// markup is parsed and no element is made again.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Drawing {
    pub label: String,
    pub shapes: Vec<(String, String)>,
}

/// x of the start of month `m` (1-based) of `h`.
fn x(m: u32, h: u32) -> i64 {
    i64::from(m - 1) * W / i64::from(h.max(1))
}

/// A step line's SVG path data in whole coordinates ("M0,300 4,300 4,120 "). A point on
/// the straight run from the point kept before it to the one after it is left out: the
/// line is flat across every month whose total did not change, and a 240-month line
/// drawn point by point is text that each edit writes, decodes and the browser parses
/// again. The drawing is the same to the pixel; only the text is shorter.
#[derive(Default)]
struct Polyline {
    kept: Vec<(i64, i64)>,
}

impl Polyline {
    fn to(&mut self, p: (i64, i64)) {
        if let [.., a, b] = self.kept[..] {
            let (u, v) = ((b.0 - a.0, b.1 - a.1), (p.0 - b.0, p.1 - b.1));
            // On the line through a and b, and not turning back along it.
            if u.0 * v.1 == u.1 * v.0 && u.0 * v.0 + u.1 * v.1 >= 0 {
                if let Some(last) = self.kept.last_mut() {
                    *last = p;
                }
                return;
            }
        }
        if self.kept.last() != Some(&p) {
            self.kept.push(p);
        }
    }

    fn data(&self) -> String {
        let mut d = String::from("M");
        for (x, y) in &self.kept {
            let _ = write!(d, "{x},{y} ");
        }
        d
    }
}

/// A step line through month values: flat across each month.
fn steps(values: &[Decimal], max: Decimal) -> String {
    let h = values.len() as u32;
    let mut line = Polyline::default();
    for (i, v) in values.iter().enumerate() {
        let y = H - scale(*v, max, H - 4);
        let m = i as u32 + 1;
        line.to((x(m, h), y));
        line.to((x(m + 1, h), y));
    }
    line.data()
}

/// A line through month-end values (cumulative), from zero. Every point is kept: a
/// rising line's points are seldom exactly in line, and leaving out the few that are
/// moves the browser's smoothing of its joins by a shade.
fn line(values: &[Decimal], max: Decimal) -> String {
    let h = values.len() as u32;
    let mut d = format!("M0,{H} ");
    for (i, v) in values.iter().enumerate() {
        let _ = write!(d, "{},{} ", x(i as u32 + 2, h), H - scale(*v, max, H - 4));
    }
    d
}

/// Months where something changes: a start, a quantity change, an end, the switch.
fn changes(r: &QuoteResult, q: &licalc_engine::Quote) -> Vec<u32> {
    let mut m: Vec<u32> = q
        .transactions
        .iter()
        .flat_map(|t| {
            std::iter::once(t.start_month)
                .chain(t.changes.iter().map(|c| c.from_month))
                .chain(t.end_month.map(|e| e + 1))
        })
        .chain(q.switch_month)
        .chain(q.customer.cancel_month)
        .filter(|&m| m > 1 && m <= r.horizon_months)
        .collect();
    m.sort_unstable();
    m.dedup();
    m
}

fn plans(r: &QuoteResult) -> Vec<(PathKind, &PathResult)> {
    r.paths.all().map(|p| (p.kind, p)).collect()
}

/// Month ticks along the bottom: month 1, each year end shown, the horizon; at most
/// about eight labels so they stay readable at 360 px. Positions in tenths of a percent.
fn x_ticks(horizon: u32) -> Vec<(u32, u32)> {
    let h = horizon.max(1);
    let step = h.div_ceil(12).div_ceil(6).max(1) * 12;
    let mut ticks = vec![(1000 / h, 1)];
    let mut m = step;
    while m < h {
        ticks.push((m * 1000 / h, m));
        m += step;
    }
    // The horizon's last month ends the axis; a tick crowding it makes way.
    if ticks.len() > 1 && ticks.last().is_some_and(|t| t.0 > 900) {
        ticks.pop();
    }
    if h > 1 {
        ticks.push((1000, h));
    }
    ticks
}

/// A plot with its axes: `drawing` is what it shows, `top` labels the scale's top, and the month
/// ticks are labelled by `tick` (a quote month, or a calendar month for a portfolio).
/// Each is a memo, so an edit that leaves the horizon (or the scale, or a shape) as it
/// was leaves its part of the page untouched.
pub(crate) fn plot(
    drawing: impl Fn() -> Drawing + Send + Sync + 'static,
    top: impl Fn() -> String + Send + Sync + 'static,
    horizon: impl Fn() -> u32 + Send + Sync + 'static,
    small: bool,
    tick: impl Fn(u32) -> String + Send + Sync + 'static,
) -> AnyView {
    let (drawing, top) = (Memo::new(move |_| drawing()), Memo::new(move |_| top()));
    plot_view(
        drawing,
        top,
        Memo::new(move |_| horizon()),
        small,
        Box::new(tick),
    )
}

/// [`plot`]'s markup, built once rather than once per set of closures.
fn plot_view(
    drawing: Memo<Drawing>,
    top: Memo<String>,
    horizon: Memo<u32>,
    small: bool,
    tick: Box<dyn Fn(u32) -> String + Send + Sync>,
) -> AnyView {
    let label = move || drawing.with(|d| d.label.clone());
    let shape = move |i: usize, part: fn(&(String, String)) -> &String| {
        drawing.with(|d| d.shapes.get(i).map(|s| part(s).clone()).unwrap_or_default())
    };
    let shapes = by_index(
        move || 0..drawing.with(|d| d.shapes.len()),
        move |i| {
            view! { <path class=move || shape(i, |s| &s.0) d=move || shape(i, |s| &s.1) /> }
                .into_any()
        },
    );
    let ticks = move || {
        x_ticks(horizon.get())
            .into_iter()
            .map(|(pos, m)| view! { <span style:left=format!("{}.{}%", pos / 10, pos % 10)>{tick(m)}</span> })
            .collect_view()
    };
    view! {
        <div class="chart-plot">
            <div class="y-axis" aria-hidden="true">
                <span class="y-top">{move || top.get()}</span>
                <span class="y-zero">"0"</span>
            </div>
            <div class=if small { "chart-svg small" } else { "chart-svg" }>
                <svg viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" role="img" aria-label=label focusable="false">
                    // Built by hand: in `view!` a <title> is taken for HTML's, which no tool reads here.
                    {leptos::tachys::svg::title().child(label)}
                    {shapes}
                    <path class="axis" d=format!("M0 {H}H{W}") />
                </svg>
            </div>
            <div class="x-axis" aria-hidden="true">{ticks}</div>
        </div>
    }
    .into_any()
}

/// Ticks labelled with the quote month's number.
pub(crate) fn month_number(m: u32) -> String {
    m.to_string()
}

/// Bars of stacked amounts, one per month, on the scale `max`: each month's pieces
/// bottom up. One `<path>` per series (its class), not a `<rect>` per bar: 240 months of
/// three series are 3 elements to parse and paint, not 720.
pub(crate) fn stacked(
    months: &[Vec<(&'static str, Decimal)>],
    max: Decimal,
    label: String,
) -> Drawing {
    let h = months.len() as u32;
    let bw = ((W / i64::from(h.max(1))).max(1) - 1).max(1);
    let mut series: Vec<(&'static str, String)> = Vec::new();
    for (i, pieces) in months.iter().enumerate() {
        let x0 = x(i as u32 + 1, h);
        let mut y = H;
        for (class, v) in pieces {
            let height = scale(*v, max, H - 4);
            if height > 0 {
                y -= height;
                let at = match series.iter().position(|(c, _)| c == class) {
                    Some(at) => at,
                    None => {
                        series.push((class, String::new()));
                        series.len() - 1
                    }
                };
                let _ = write!(series[at].1, "M{x0} {y}h{bw}v{height}h-{bw}z");
            }
        }
    }
    Drawing {
        label,
        shapes: series
            .into_iter()
            .map(|(c, d)| (c.to_string(), d))
            .collect(),
    }
}

#[component]
pub fn Charts() -> impl IntoView {
    view! {
        <section class="panel charts" aria-labelledby="charts-heading">
            <h2 id="charts-heading">"Charts"</h2>
            <MonthlyChart />
            <CumulativeChart />
        </section>
    }
}

fn horizon(state: AppState) -> u32 {
    state.read_later(|r| r.horizon_months)
}

/// The largest of each plan's `top` (zero without any).
fn plans_max(state: AppState, top: fn(&PathResult) -> Option<Decimal>) -> Decimal {
    state.read_later(|r| {
        plans(r)
            .iter()
            .filter_map(|(_, p)| top(p))
            .max()
            .unwrap_or_default()
    })
}

/// The top of the monthly chart's scale: the largest month's total on any plan.
fn monthly_max(state: AppState) -> Decimal {
    plans_max(state, |p| p.months.iter().map(|m| m.total).max())
}

/// The top of the cumulative chart's scale: the largest horizon total on any plan.
fn cumulative_max(state: AppState) -> Decimal {
    plans_max(state, |p| p.months.last().map(|m| m.cumulative))
}

/// Each plan's `figure` month by month as a line of its series, drawn by `points`.
fn plan_lines(
    r: &QuoteResult,
    figure: fn(&MonthTotal) -> Decimal,
    points: fn(&[Decimal], Decimal) -> String,
    max: Decimal,
) -> impl Iterator<Item = (String, String)> + '_ {
    plans(r).into_iter().map(move |(k, p)| {
        let values: Vec<Decimal> = p.months.iter().map(figure).collect();
        (
            format!("line s-{}", super::periods::dom(k)),
            points(&values, max),
        )
    })
}

/// Each plan's monthly total as steps, with the months where something changes marked.
fn monthly_drawing(state: AppState) -> Drawing {
    state.read_later(|r| {
        let max = monthly_max(state);
        let mut marks = String::new();
        for m in state.quote.with_untracked(|q| changes(r, q)) {
            let _ = write!(marks, "M{} 0V{H}", x(m, r.horizon_months));
        }
        let marks = (!marks.is_empty()).then(|| ("grid mark".to_string(), marks));
        Drawing {
            label: monthly_label(state, r),
            shapes: marks
                .into_iter()
                .chain(plan_lines(r, |m| m.total, steps, max))
                .collect(),
        }
    })
}

/// Each plan's cumulative cost as a line from zero.
fn cumulative_drawing(state: AppState) -> Drawing {
    state.read_later(|r| {
        let max = cumulative_max(state);
        Drawing {
            label: cumulative_label(state, r),
            shapes: plan_lines(r, |m| m.cumulative, line, max).collect(),
        }
    })
}

/// The legend's items: each plan's key, marked when it is a what-if.
fn legend(state: AppState) -> impl IntoView {
    move || {
        state.read_later(|r| {
            plans(r)
                .iter()
                .map(|(k, p)| {
                    let what_if = if p.available() { "" } else { " (what-if)" };
                    view! { <li><span class=format!("key s-{}", super::periods::dom(*k)) aria-hidden="true"></span>{format!("{}{what_if}", describe::path_name(*k))}</li> }
                })
                .collect::<Vec<_>>()
        })
    }
}

/// What the customer pays each month, with the months where something changes named.
#[component]
fn MonthlyChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let change_list = move || {
        state.read_later(|r| {
            let fmt = state.fmt();
            state
                .quote
                .with_untracked(|q| changes(r, q))
                .into_iter()
                .map(|m| fmt.month(m))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    view! {
        <figure class="chart">
            <figcaption>"What the customer pays each month"</figcaption>
            {plot(move || monthly_drawing(state), move || state.fmt().money(monthly_max(state)), move || horizon(state), false, month_number)}
            <ul class="legend">{legend(state)}</ul>
            <p class="axis-note">{move || { let c = change_list(); if c.is_empty() { String::new() } else { format!("Changes (marked): {c}.") } }}</p>
        </figure>
    }
}

/// The cumulative cost, with the monthly and cumulative figures as a table on request.
#[component]
fn CumulativeChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let table = Signal::derive(move || {
        let Some(r) = state.later.get() else {
            return Rows::default();
        };
        let fmt = state.fmt();
        Rows::new(r.horizon_months as usize, move |i| {
            let mut cells = vec![month_cell(&fmt, i as u32 + 1)];
            for (_, p) in plans(&r) {
                cells.push(fmt.money(p.months[i].total));
                cells.push(fmt.money(p.months[i].cumulative));
            }
            cells
        })
    });
    let headers = move || {
        let mut h = vec!["Month"];
        for (k, _) in state.read_later(plans_kinds) {
            h.extend(match k {
                PathKind::Mosp => ["MOSP", "MOSP cumulative"],
                PathKind::Ea => ["EA", "EA cumulative"],
                PathKind::Switch => ["MOSP then EA", "MOSP then EA cumulative"],
            });
        }
        h
    };
    view! {
        <figure class="chart">
            <figcaption>"Cumulative cost, month by month"</figcaption>
            {plot(move || cumulative_drawing(state), move || state.fmt().money(cumulative_max(state)), move || horizon(state), false, month_number)}
            <ul class="legend">{legend(state)}</ul>
            <Lazy summary="Monthly and cumulative cost as a table">
                {move || view! { <Paged label="Cost by month" headers=headers() rows=table /> }}
            </Lazy>
        </figure>
    }
}

fn plans_kinds(r: &QuoteResult) -> Vec<(PathKind, ())> {
    r.paths.all().map(|p| (p.kind, ())).collect()
}

fn monthly_label(state: AppState, r: &QuoteResult) -> String {
    let fmt = state.fmt();
    let parts: Vec<String> = plans(r)
        .iter()
        .map(|(k, p)| {
            format!(
                "{} {} in month 1, {} in month {}",
                describe::path_name(*k),
                fmt.money(p.first_month_total(Decimal::ZERO)),
                fmt.money(p.last_month_total(Decimal::ZERO)),
                r.horizon_months
            )
        })
        .collect();
    format!("What the customer pays each month: {}.", parts.join("; "))
}

fn cumulative_label(state: AppState, r: &QuoteResult) -> String {
    let fmt = state.fmt();
    let parts: Vec<String> = plans(r)
        .iter()
        .map(|(k, p)| {
            format!(
                "{}{} reaches {}",
                describe::path_name(*k),
                if p.available() { "" } else { " (what-if)" },
                fmt.money(p.horizon_total)
            )
        })
        .collect();
    format!(
        "Cumulative customer cost over {} months: {}.",
        r.horizon_months,
        parts.join(", ")
    )
}

/// Each partner's fees and services per month, stacked (S3), on one shared scale.
#[component]
pub fn EarningsChart(#[prop(into)] partner: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let svg_of = {
        let partner = partner.clone();
        move || {
            state.read_later(|r| {
                let max = r.fees.partners.iter().flat_map(|p| p.months.iter().map(|m| m.earnings)).max().unwrap_or_default();
                let Some(p) = r.fees.partners.iter().find(|p| p.id == partner) else { return Drawing::default() };
                let h = r.horizon_months;
                let months: Vec<Vec<(&'static str, Decimal)>> = p.months.iter().map(|m| vec![("s-residual", m.residual), ("s-transaction", m.transaction), ("s-services", m.services)]).collect();
                let fmt = state.fmt();
                let label = format!("{}: earnings per month over {h} months, residual fees, transaction fees and services stacked. Fees {}, services {}, together {}.", p.name, fmt.money(p.total), fmt.money(p.services_total), fmt.money(p.earnings_total));
                stacked(&months, max, label)
            })
        }
    };
    let top = move || {
        state.fmt().money(state.read_later(|r| {
            r.fees
                .partners
                .iter()
                .flat_map(|p| p.months.iter().map(|m| m.earnings))
                .max()
                .unwrap_or_default()
        }))
    };
    let horizon = move || state.read_later(|r| r.horizon_months);
    let table = Signal::derive(move || {
        let Some(r) = state.later.get() else {
            return Rows::default();
        };
        let fmt = state.fmt();
        let Some(p) = r.fees.partners.iter().find(|p| p.id == partner).cloned() else {
            return Rows::default();
        };
        Rows::new(p.months.len(), move |i| {
            let m = &p.months[i];
            vec![
                month_cell(&fmt, m.month),
                fmt.money(m.transaction),
                fmt.money(m.residual),
                fmt.money(m.services),
                fmt.money(m.earnings),
            ]
        })
    });
    view! {
        <figure class="chart">
            {plot(svg_of, top, horizon, true, month_number)}
            <Lazy summary="Earnings by month as a table">
                <Paged label="Earnings by month" headers=vec!["Month", "Transaction fee", "Residual fee", "Services", "Earnings"] rows=table />
            </Lazy>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ticks_mark_year_ends_and_stay_few() {
        let labels = |h: u32| x_ticks(h).into_iter().map(|t| t.1).collect::<Vec<_>>();
        assert_eq!(labels(36), [1, 12, 24, 36]);
        assert_eq!(labels(40), [1, 12, 24, 36, 40]);
        assert_eq!(labels(240), [1, 48, 96, 144, 192, 240]);
        assert_eq!(labels(1), [1]);
        assert!((1..=600).all(|h| x_ticks(h).len() <= 8));
        assert!((2..=600).all(|h| x_ticks(h).last().unwrap().0 == 1000));
    }

    #[test]
    fn coordinates_are_whole_numbers_scaled_exactly() {
        assert_eq!(scale(Decimal::new(5, 0), Decimal::new(10, 0), 300), 150);
        assert_eq!(scale(Decimal::ONE, Decimal::ZERO, 300), 0);
        assert_eq!(x(13, 36), 333);
        // The integer path agrees with exact decimal arithmetic, halves to even included.
        let exact = |v: Decimal, max: Decimal, span: i64| {
            (v * Decimal::from(span) / max)
                .round()
                .to_i64()
                .unwrap()
                .clamp(0, span)
        };
        let values = [
            Decimal::new(1, 0),
            Decimal::new(3, 0),
            Decimal::new(12345, 2),
            Decimal::new(99999, 3),
            Decimal::new(5, 1),
            Decimal::new(7, 4),
            Decimal::new(123456789012, 2),
            Decimal::new(1, 28),
            Decimal::MAX,
            Decimal::new(-5, 0),
        ];
        for &v in &values {
            for &max in &values[..8] {
                for span in [1, 2, 296, 300, 1000] {
                    assert_eq!(
                        scale(v, max, span),
                        exact(v.clamp(Decimal::ZERO, max), max, span),
                        "{v} of {max} in {span}"
                    );
                }
            }
        }
        assert_eq!(
            scale(Decimal::new(1, 0), Decimal::new(2, 0), 1),
            0,
            "a half rounds to even"
        );
        assert_eq!(scale(Decimal::new(3, 0), Decimal::new(2, 0), 1), 1);
        assert_eq!(
            steps(&[Decimal::ONE, Decimal::TWO], Decimal::TWO),
            "M0,152 500,152 500,4 1000,4 "
        );
    }

    #[test]
    fn step_lines_leave_out_only_points_on_a_straight_run() {
        let (one, two) = (Decimal::ONE, Decimal::TWO);
        // Months 1 and 2 at the same total: one flat run to month 3's step.
        assert_eq!(steps(&[one, one, two], two), "M0,152 666,152 666,4 1000,4 ");
        assert_eq!(steps(&[one; 240], two), "M0,152 1000,152 ");
        assert_eq!(steps(&[], two), "M");
        // A cumulative line keeps every point, in line or not.
        let four = Decimal::new(4, 0);
        assert_eq!(
            line(&[one, two, Decimal::new(3, 0), four], four),
            "M0,300 250,226 500,152 750,78 1000,4 "
        );
        // A bend is kept, and so is a point where the line turns back on itself.
        let mut p = Polyline::default();
        for q in [(0, 0), (5, 0), (10, 5), (10, 10), (10, 2), (20, 2), (20, 2)] {
            p.to(q);
        }
        assert_eq!(p.data(), "M0,0 5,0 10,5 10,10 10,2 20,2 ");
        // The kept points draw the same line: every point given lies on it.
        let values: Vec<Decimal> = (0..240)
            .map(|i| {
                Decimal::new(
                    [3, 3, 3, 5, 5, 2, 2, 2, 2, 7][i % 10] * (1 + i as i64 / 60),
                    0,
                )
            })
            .collect();
        let max = Decimal::new(40, 0);
        let pts = |d: &str| -> Vec<(i64, i64)> {
            d[1..]
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        };
        let kept = pts(&steps(&values, max));
        // Every point the step line passes, none left out.
        let h = values.len() as u32;
        let full: Vec<(i64, i64)> = values
            .iter()
            .enumerate()
            .flat_map(|(i, d)| {
                let y = H - scale(*d, max, H - 4);
                [(x(i as u32 + 1, h), y), (x(i as u32 + 2, h), y)]
            })
            .collect();
        assert!(kept.len() * 2 < full.len(), "runs are left out");
        assert_eq!((kept.first(), kept.last()), (full.first(), full.last()));
        // Each point lies on a kept segment, in order along the line.
        let mut seg = 0;
        for &p in &full {
            while seg + 2 < kept.len() && !on(kept[seg], kept[seg + 1], p) {
                seg += 1;
            }
            assert!(
                on(kept[seg], kept[seg + 1], p),
                "{p:?} is off the kept line"
            );
        }
    }

    /// `p` on the segment from `a` to `b`.
    fn on(a: (i64, i64), b: (i64, i64), p: (i64, i64)) -> bool {
        (b.0 - a.0) * (p.1 - a.1) == (b.1 - a.1) * (p.0 - a.0)
            && (a.0.min(b.0)..=a.0.max(b.0)).contains(&p.0)
            && (a.1.min(b.1)..=a.1.max(b.1)).contains(&p.1)
    }

    #[test]
    fn stacked_bars_are_one_path_per_series_bottom_up() {
        let (one, two) = (Decimal::ONE, Decimal::TWO);
        let months = vec![
            vec![("a", one), ("b", one)],
            vec![("a", two), ("b", Decimal::ZERO)],
        ];
        let drawing = stacked(&months, two, "L".into());
        // Month 1: a from 300 up 148, b on top of it; month 2: a alone, full height.
        let shape = |c: &str, d: &str| (c.to_string(), d.to_string());
        assert_eq!(
            drawing.shapes,
            [
                shape("a", "M0 152h499v148h-499zM500 4h499v296h-499z"),
                shape("b", "M0 4h499v148h-499z"),
            ]
        );
    }
}
