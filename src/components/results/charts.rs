//! Charts drawn as SVG from the engine's figures: what the customer pays each month on
//! each plan (a step where a quantity changes, with the month named), the cumulative
//! cost (where plans cross), and each partner's earnings per month, stacked.
//!
//! Coordinates are whole numbers from exact decimals (no floating point, M1); labels
//! around a plot are placed with CSSOM properties, never a `style` attribute, so a
//! strict Content-Security-Policy holds. Each chart is `role="img"` with a summary and
//! its data as a table on request.

use super::months::month_cell;
use crate::components::common::lazy::Lazy;
use crate::components::common::table::{Paged, Rows};
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt};
use licalc_engine::pricing::MonthTotal;
use licalc_engine::{PathKind, PathResult, QuoteResult};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

const W: i64 = 1000;
const H: i64 = 300;

/// `v` of `max` as a whole number of `span` units, rounded.
fn scale(v: Decimal, max: Decimal, span: i64) -> i64 {
    if max <= Decimal::ZERO {
        return 0;
    }
    (v * Decimal::from(span) / max)
        .round()
        .to_i64()
        .unwrap_or(0)
        .clamp(0, span)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn svg(label: &str, body: &str) -> String {
    format!(
        r#"<svg viewBox="0 0 {W} {H}" preserveAspectRatio="none" role="img" aria-label="{l}" focusable="false"><title>{l}</title>{body}<line class="axis" x1="0" y1="{H}" x2="{W}" y2="{H}"/></svg>"#,
        l = esc(label)
    )
}

/// x of the start of month `m` (1-based) of `h`.
fn x(m: u32, h: u32) -> i64 {
    i64::from(m - 1) * W / i64::from(h.max(1))
}

/// A step line through month values: flat across each month.
fn steps(values: &[Decimal], max: Decimal) -> String {
    let h = values.len() as u32;
    let mut pts = String::new();
    for (i, v) in values.iter().enumerate() {
        let y = H - scale(*v, max, H - 4);
        let m = i as u32 + 1;
        pts.push_str(&format!("{},{y} {},{y} ", x(m, h), x(m + 1, h)));
    }
    pts
}

/// A line through month-end values (cumulative), from zero.
fn line(values: &[Decimal], max: Decimal) -> String {
    let h = values.len() as u32;
    let mut pts = format!("0,{H} ");
    for (i, v) in values.iter().enumerate() {
        pts.push_str(&format!(
            "{},{} ",
            x(i as u32 + 2, h),
            H - scale(*v, max, H - 4)
        ));
    }
    pts
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

/// A plot with its axes: `svg` draws it, `top` labels the scale's top, and the month
/// ticks are labelled by `tick` (a quote month, or a calendar month for a portfolio).
pub(crate) fn plot(
    svg: impl Fn() -> String + Send + Sync + 'static,
    top: impl Fn() -> String + Send + Sync + 'static,
    horizon: impl Fn() -> u32 + Send + Sync + 'static,
    small: bool,
    tick: impl Fn(u32) -> String + Send + Sync + 'static,
) -> AnyView {
    let (svg, top) = (Signal::derive(svg), Signal::derive(top));
    plot_view(svg, top, Signal::derive(horizon), small, Box::new(tick))
}

/// [`plot`]'s markup, built once rather than once per set of closures.
fn plot_view(
    svg: Signal<String>,
    top: Signal<String>,
    horizon: Signal<u32>,
    small: bool,
    tick: Box<dyn Fn(u32) -> String + Send + Sync>,
) -> AnyView {
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
            <div class=if small { "chart-svg small" } else { "chart-svg" } inner_html=move || svg.get()></div>
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
    label: &str,
) -> String {
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
                series[at]
                    .1
                    .push_str(&format!("M{x0} {y}h{bw}v{height}h-{bw}z"));
            }
        }
    }
    let bars: String = series
        .iter()
        .map(|(class, d)| format!(r#"<path class="{class}" d="{d}"/>"#))
        .collect();
    svg(label, &bars)
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
    state.read(|r| r.horizon_months)
}

/// The largest of each plan's `top` (zero without any).
fn plans_max(state: AppState, top: fn(&PathResult) -> Option<Decimal>) -> Decimal {
    state.read(|r| {
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

/// Each plan's `figure` month by month as a polyline of its series, drawn by `points`.
fn plan_lines(
    r: &QuoteResult,
    figure: fn(&MonthTotal) -> Decimal,
    points: fn(&[Decimal], Decimal) -> String,
    max: Decimal,
) -> String {
    plans(r)
        .iter()
        .map(|(k, p)| {
            format!(
                r#"<polyline class="s-{}" points="{}"/>"#,
                super::periods::dom(*k),
                points(&p.months.iter().map(figure).collect::<Vec<_>>(), max)
            )
        })
        .collect()
}

/// Each plan's monthly total as steps, with the months where something changes marked.
fn monthly_svg(state: AppState) -> String {
    state.read(|r| {
        let max = monthly_max(state);
        let marks: String = state
            .quote
            .with_untracked(|q| changes(r, q))
            .iter()
            .map(|&m| {
                format!(
                    r#"<line class="grid mark" x1="{0}" y1="0" x2="{0}" y2="{H}"/>"#,
                    x(m, r.horizon_months)
                )
            })
            .collect();
        let lines = plan_lines(r, |m| m.total, steps, max);
        svg(&monthly_label(state, r), &(marks + &lines))
    })
}

/// Each plan's cumulative cost as a line from zero.
fn cumulative_svg(state: AppState) -> String {
    state.read(|r| {
        let max = cumulative_max(state);
        let lines = plan_lines(r, |m| m.cumulative, line, max);
        svg(&cumulative_label(state, r), &lines)
    })
}

/// The legend's items: each plan's key, marked when it is a what-if.
fn legend(state: AppState) -> impl IntoView {
    move || {
        state.read(|r| {
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
        state.read(|r| {
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
            {plot(move || monthly_svg(state), move || state.fmt().money(monthly_max(state)), move || horizon(state), false, month_number)}
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
        let Some(r) = state.result.get() else {
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
        for (k, _) in state.read(plans_kinds) {
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
            {plot(move || cumulative_svg(state), move || state.fmt().money(cumulative_max(state)), move || horizon(state), false, month_number)}
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
            state.read(|r| {
                let max = r.fees.partners.iter().flat_map(|p| p.months.iter().map(|m| m.earnings)).max().unwrap_or_default();
                let Some(p) = r.fees.partners.iter().find(|p| p.id == partner) else { return String::new() };
                let h = r.horizon_months;
                let months: Vec<Vec<(&'static str, Decimal)>> = p.months.iter().map(|m| vec![("s-residual", m.residual), ("s-transaction", m.transaction), ("s-services", m.services)]).collect();
                let fmt = state.fmt();
                let label = format!("{}: earnings per month over {h} months, residual fees, transaction fees and services stacked. Fees {}, services {}, together {}.", p.name, fmt.money(p.total), fmt.money(p.services_total), fmt.money(p.earnings_total));
                stacked(&months, max, &label)
            })
        }
    };
    let top = move || {
        state.fmt().money(state.read(|r| {
            r.fees
                .partners
                .iter()
                .flat_map(|p| p.months.iter().map(|m| m.earnings))
                .max()
                .unwrap_or_default()
        }))
    };
    let horizon = move || state.read(|r| r.horizon_months);
    let table = Signal::derive(move || {
        let Some(r) = state.result.get() else {
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
        assert_eq!(
            steps(&[Decimal::ONE, Decimal::TWO], Decimal::TWO),
            "0,152 500,152 500,4 1000,4 "
        );
    }

    #[test]
    fn stacked_bars_are_one_path_per_series_bottom_up() {
        let (one, two) = (Decimal::ONE, Decimal::TWO);
        let months = vec![
            vec![("a", one), ("b", one)],
            vec![("a", two), ("b", Decimal::ZERO)],
        ];
        let svg = stacked(&months, two, "L");
        // Month 1: a from 300 up 148, b on top of it; month 2: a alone, full height.
        assert!(
            svg.contains(r#"<path class="a" d="M0 152h499v148h-499zM500 4h499v296h-499z"/>"#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<path class="b" d="M0 4h499v148h-499z"/>"#),
            "{svg}"
        );
        assert_eq!(svg.matches("<path").count(), 2);
    }
}
