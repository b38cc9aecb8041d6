//! Charts drawn as inline SVG from the engine's figures: the customer's cumulative cost
//! on both paths (`MonthTotal::cumulative`) and each partner's fees per month, stacked
//! transaction over residual (`PartnerFees::months`).
//!
//! Amounts become `f64` here only to place points on screen; every number a reader sees
//! is the engine's decimal, formatted by `format`. Colours come from CSS variables so the
//! charts follow light and dark mode. Each chart is `role="img"` with a summary label, a
//! `<desc>`, and its data as a table on request.

use super::explain::{scrolling, Lazy};
use crate::app::AppState;
use crate::format;
use leptos::prelude::*;
use licalc_engine::QuoteResult;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

const W: f64 = 600.0;
const H: f64 = 220.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn y_of(v: Decimal, max: f64) -> f64 {
    let v = v.to_f64().unwrap_or(0.0);
    if max <= 0.0 {
        H
    } else {
        H - (v / max) * (H - 4.0)
    }
}

fn cumulative_svg(r: &QuoteResult, label: &str) -> String {
    let code = r.currency.code();
    let h = r.horizon_months.max(1) as f64;
    let top = cumulative_max(r);
    let max = top.to_f64().unwrap_or(0.0);
    let line = |p: &licalc_engine::PathResult| {
        let mut pts = format!("0,{H}");
        for m in &p.months {
            pts.push_str(&format!(
                " {:.1},{:.1}",
                m.month as f64 / h * W,
                y_of(m.cumulative, max)
            ));
        }
        pts
    };
    let mut grid = String::new();
    for year in (12..r.horizon_months).step_by(12) {
        let x = year as f64 / h * W;
        grid.push_str(&format!(
            r#"<line class="grid" x1="{x:.1}" y1="0" x2="{x:.1}" y2="{H}"/>"#
        ));
    }
    format!(
        r#"<svg viewBox="0 0 {W} {H}" preserveAspectRatio="none" role="img" aria-label="{label}" focusable="false"><title>Cumulative customer cost</title><desc>{desc}</desc>{grid}<line class="grid" x1="0" y1="4" x2="{W}" y2="4"/><line class="axis" x1="0" y1="{H}" x2="{W}" y2="{H}"/><polyline class="s-mosp" points="{mosp}"/><polyline class="s-ea" points="{ea}"/></svg>"#,
        label = esc(label),
        desc = esc(&format!("Top of the chart: {}.", format::money(top, code))),
        mosp = line(&r.paths.mosp),
        ea = line(&r.paths.ea),
    )
}

fn cumulative_label(r: &QuoteResult) -> String {
    let code = r.currency.code();
    let last = |p: &licalc_engine::PathResult| {
        p.months
            .last()
            .map(|m| format::money(m.cumulative, code))
            .unwrap_or_default()
    };
    format!(
        "Cumulative customer cost over {} months: MOSP reaches {}, EA{} reaches {}.",
        r.horizon_months,
        last(&r.paths.mosp),
        if r.paths.ea.what_if { " (what-if)" } else { "" },
        last(&r.paths.ea)
    )
}

fn fees_svg(r: &QuoteResult, index: usize, max: Decimal, label: &str) -> String {
    let max = max.to_f64().unwrap_or(0.0);
    let Some(p) = r.partners.get(index) else {
        return String::new();
    };
    let n = p.months.len().max(1) as f64;
    let bw = W / n;
    let gap = if bw > 4.0 { 1.0 } else { 0.0 };
    let mut bars = String::new();
    for (i, m) in p.months.iter().enumerate() {
        let x = i as f64 * bw;
        let t = m.transaction.to_f64().unwrap_or(0.0);
        let res = m.residual.to_f64().unwrap_or(0.0);
        if max <= 0.0 {
            continue;
        }
        let th = t / max * (H - 4.0);
        let rh = res / max * (H - 4.0);
        // Residual at the bottom (it runs on), the first-year transaction fee on top.
        if rh > 0.0 {
            bars.push_str(&format!(
                r#"<rect class="s-residual" x="{x:.2}" y="{:.2}" width="{:.2}" height="{rh:.2}"/>"#,
                H - rh,
                bw - gap
            ));
        }
        if th > 0.0 {
            bars.push_str(&format!(r#"<rect class="s-transaction" x="{x:.2}" y="{:.2}" width="{:.2}" height="{th:.2}"/>"#, H - rh - th, bw - gap));
        }
    }
    format!(
        r#"<svg viewBox="0 0 {W} {H}" preserveAspectRatio="none" role="img" aria-label="{label}" focusable="false"><title>Fees per month</title><desc>{label}</desc><line class="grid" x1="0" y1="4" x2="{W}" y2="4"/>{bars}<line class="axis" x1="0" y1="{H}" x2="{W}" y2="{H}"/></svg>"#,
        label = esc(label)
    )
}

fn fees_label(r: &QuoteResult, index: usize) -> String {
    let Some(p) = r.partners.get(index) else {
        return String::new();
    };
    let code = r.currency.code();
    let name = if p.name.trim().is_empty() {
        &p.id
    } else {
        &p.name
    };
    format!(
        "{name}: fees per month over {} months, transaction fees stacked on residual fees. Year 1 {}, total {}, then {} a month (evergreen residual).",
        r.horizon_months,
        format::money(p.year1_total, code),
        format::money(p.total, code),
        format::money(p.evergreen_monthly, code)
    )
}

/// The tallest month of any partner (the engine's month totals), so all partners' bars
/// share one scale.
fn fees_max(r: &QuoteResult) -> Decimal {
    r.partners
        .iter()
        .flat_map(|p| p.months.iter())
        .map(|m| m.total)
        .max()
        .unwrap_or_default()
}

/// The cumulative chart's top: the larger of the two paths' final cumulative cost.
fn cumulative_max(r: &QuoteResult) -> Decimal {
    let last =
        |p: &licalc_engine::PathResult| p.months.last().map(|m| m.cumulative).unwrap_or_default();
    last(&r.paths.mosp).max(last(&r.paths.ea))
}

/// Month ticks along the bottom at the end of month 1, of each year shown and of the
/// horizon; at most about eight labels so they stay readable at 360 px. Positions are
/// percentages of the horizon, as in the SVG.
fn x_ticks(horizon: u32) -> Vec<(f64, String)> {
    let h = horizon.max(1);
    let years = h.div_ceil(12);
    let step = years.div_ceil(6).max(1) * 12;
    // Month m ends at m/h, as in the SVG (the origin is the start of month 1).
    let mut ticks = vec![(100.0 / h as f64, "1".to_string())];
    let mut m = step;
    while m < h {
        ticks.push((m as f64 / h as f64 * 100.0, m.to_string()));
        m += step;
    }
    // The horizon's last month ends the axis; a tick crowding it makes way.
    if ticks.len() > 1 && ticks.last().is_some_and(|t| t.0 > 90.0) {
        ticks.pop();
    }
    if h > 1 {
        ticks.push((100.0, h.to_string()));
    }
    ticks
}

/// The plot with its scale: the top value and zero on the left, months along the bottom.
/// Decorative for assistive technology: the chart's label and table say the same.
fn plot(
    svg: impl Fn() -> String + Send + Sync + 'static,
    top: impl Fn() -> String + Send + Sync + 'static,
    horizon: impl Fn() -> u32 + Send + Sync + 'static,
    small: bool,
) -> impl IntoView {
    let ticks = move || {
        x_ticks(horizon())
            .into_iter()
            .map(|(left, label)| view! { <span style=format!("left: {left:.2}%")>{label}</span> })
            .collect_view()
    };
    view! {
        <div class="chart-plot">
            <div class="y-axis" aria-hidden="true">
                <span class="y-top">{top}</span>
                <span class="y-zero">"0"</span>
            </div>
            <div class=if small { "chart-svg small" } else { "chart-svg" } inner_html=svg></div>
            <div class="x-axis" aria-hidden="true">{ticks}</div>
        </div>
    }
}

#[component]
pub fn Charts() -> impl IntoView {
    let state = expect_context::<AppState>();
    let cumulative = move || {
        state.result.with(|r| {
            r.as_ref()
                .map(|r| cumulative_svg(r, &cumulative_label(r)))
                .unwrap_or_default()
        })
    };
    let legend = move || {
        state.result.with(|r| {
            r.as_ref().map(|r| {
                let code = r.currency.code();
                let last = |p: &licalc_engine::PathResult| p.months.last().map(|m| format::money(m.cumulative, code)).unwrap_or_default();
                view! {
                    <li><span class="key s-mosp" aria-hidden="true"></span>{format!("MOSP: {}", last(&r.paths.mosp))}</li>
                    <li><span class="key s-ea" aria-hidden="true"></span>{format!("EA{}: {}", if r.paths.ea.what_if { " (what-if)" } else { "" }, last(&r.paths.ea))}</li>
                }
            })
        })
    };
    let horizon = move || {
        state
            .result
            .with(|r| r.as_ref().map_or(0, |r| r.horizon_months))
    };
    let cumulative_top = move || {
        state.result.with(|r| {
            r.as_ref()
                .map(|r| format::money(cumulative_max(r), r.currency.code()))
                .unwrap_or_default()
        })
    };
    let partner_count = Memo::new(move |_| {
        state
            .result
            .with(|r| r.as_ref().map_or(0, |r| r.partners.len()))
    });
    view! {
        <section class="panel charts" aria-labelledby="charts-heading">
            <h2 id="charts-heading">"Charts"</h2>
            <figure class="chart">
                <figcaption>"Cumulative customer cost, month by month"</figcaption>
                {plot(cumulative, cumulative_top, horizon, false)}
                <p class="axis-note">{move || format!("Month 1 to month {}; vertical lines mark each year; the top line is the highest cumulative cost.", horizon())}</p>
                <ul class="legend">{legend}</ul>
                <Lazy summary="Cumulative cost as a table">
                    {move || state.result.with(|r| r.as_ref().map(|r| cumulative_table(r)))}
                </Lazy>
            </figure>
            <h3>"Fees per partner per month"</h3>
            <ul class="legend">
                <li><span class="key s-transaction" aria-hidden="true"></span>"Transaction fee (F3)"</li>
                <li><span class="key s-residual" aria-hidden="true"></span>"Residual fee (F4)"</li>
            </ul>
            <For each=move || 0..partner_count.get() key=|i| *i children=move |i| view! { <FeeChart index=i /> } />
        </section>
    }
}

#[component]
fn FeeChart(index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = move || {
        state.result.with(|r| {
            r.as_ref()
                .and_then(|r| r.partners.get(index))
                .map(|p| {
                    if p.name.trim().is_empty() {
                        p.id.clone()
                    } else {
                        p.name.clone()
                    }
                })
                .unwrap_or_default()
        })
    };
    let svg = move || {
        state.result.with(|r| {
            r.as_ref()
                .map(|r| fees_svg(r, index, fees_max(r), &fees_label(r, index)))
                .unwrap_or_default()
        })
    };
    // All partners share one scale: the top is the busiest month of any partner.
    let top = move || {
        state.result.with(|r| {
            r.as_ref()
                .map(|r| format::money(fees_max(r), r.currency.code()))
                .unwrap_or_default()
        })
    };
    let horizon = move || {
        state
            .result
            .with(|r| r.as_ref().map_or(0, |r| r.horizon_months))
    };
    view! {
        <figure class="chart">
            <figcaption>{name}</figcaption>
            {plot(svg, top, horizon, true)}
            <Lazy summary=move || format!("{}'s fees as a table", name())>
                {move || state.result.with(|r| r.as_ref().map(|r| fees_table(r, index)))}
            </Lazy>
        </figure>
    }
}

fn cumulative_table(r: &QuoteResult) -> impl IntoView {
    let code = r.currency.code();
    let rows = r
        .paths
        .mosp
        .months
        .iter()
        .zip(&r.paths.ea.months)
        .map(|(m, e)| {
            view! {
                <tr>
                    <th scope="row">{m.month}</th>
                    <td>{format::money(m.cumulative, code)}</td>
                    <td>{format::money(e.cumulative, code)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {scrolling("Cumulative cost by month".to_string(), view! {
        <table class="compact">
            <caption class="visually-hidden">"Cumulative cost by month"</caption>
            <thead><tr><th scope="col">"Month"</th><th scope="col">"MOSP"</th><th scope="col">"EA"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        })}
    }
}

fn fees_table(r: &QuoteResult, index: usize) -> impl IntoView {
    let code = r.currency.code();
    let label = r
        .partners
        .get(index)
        .map(|p| {
            if p.name.trim().is_empty() {
                p.id.clone()
            } else {
                p.name.clone()
            }
        })
        .unwrap_or_default();
    let rows = r.partners.get(index).map(|p| {
        p.months
            .iter()
            .map(|m| {
                view! {
                    <tr>
                        <th scope="row">{m.month}</th>
                        <td>{format::money(m.transaction, code)}</td>
                        <td>{format::money(m.residual, code)}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    view! {
        {scrolling(format!("{label} fees by month"), view! {
        <table class="compact">
            <caption class="visually-hidden">{format!("{label} fees by month")}</caption>
            <thead><tr><th scope="col">"Month"</th><th scope="col">"Transaction fee"</th><th scope="col">"Residual fee"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::x_ticks;

    fn labels(h: u32) -> Vec<String> {
        x_ticks(h).into_iter().map(|t| t.1).collect()
    }

    #[test]
    fn month_ticks_mark_year_ends_and_stay_few() {
        assert_eq!(labels(36), ["1", "12", "24", "36"]);
        assert_eq!(labels(40), ["1", "12", "24", "36", "40"]);
        assert_eq!(labels(240), ["1", "48", "96", "144", "192", "240"]);
        assert_eq!(labels(1), ["1"]);
        assert!((1..=600).all(|h| x_ticks(h).len() <= 8));
        assert!((2..=600).all(|h| x_ticks(h).last().unwrap().0 == 100.0));
    }
}
