//! The headline results: each plan's totals side by side (P6), availability and the
//! what-if marking (P4), the difference, and the verdict that only ever names a plan the
//! customer can buy.
//!
//! The structure is static and only text nodes follow the result, so an open "how was
//! this computed" stays open while the user edits.

use super::explain::charge_explanation;
use super::periods::{dom, Period};
use crate::components::common::lazy::Lazy;
use crate::components::common::text::{live_text, plain, TextView};
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt, Text};
use licalc_engine::{PathKind, QuoteResult, Rule};

/// The verdict for a period: "EA is cheaper", "MOSP is your option; …".
pub fn verdict(r: &QuoteResult, period: Period) -> Text {
    describe::verdict(period.compared(r), &r.paths.ea.availability)
}

/// A plan's status line: how it is bought, or why it is only a what-if.
fn status(r: &QuoteResult, kind: PathKind) -> Text {
    let Some(p) = r.paths.get(kind) else {
        return Text::new();
    };
    if !p.available() {
        let level = p.ea_years.first().map_or("A", |y| y.level.as_str());
        return Text::new()
            .w("Not available: ")
            .then(describe::availability(&p.availability, level));
    }
    match kind {
        PathKind::Mosp => Text::new()
            .w("Bought on the customer portal; volume bands per service")
            .rules([Rule::P1, Rule::P2])
            .w("."),
        PathKind::Ea => {
            let levels: Vec<&str> = p.ea_years.iter().map(|y| y.level.as_str()).collect();
            let mut levels = levels;
            levels.dedup();
            Text::new()
                .w(format!(
                    "Bought through the agreement at price level {}",
                    levels.join(", then ")
                ))
                .rules([Rule::P1, Rule::P4])
                .w(".")
        }
        PathKind::Switch => Text::new()
            .w("On MOSP until ")
            .month(p.switch_month.unwrap_or(1) - 1)
            .w(", then an EA from ")
            .month(p.switch_month.unwrap_or(1))
            .rule(Rule::T6)
            .w("."),
    }
}

fn figure(state: AppState, kind: PathKind, period: Period, what_if: Memo<bool>) -> impl IntoView {
    let name = describe::path_name(kind);
    let aria = move || {
        let base = format!("{name} {}", period.total_name());
        if what_if.get() {
            format!("{base} (what-if)")
        } else {
            base
        }
    };
    let value = move || period.money(state, kind);
    let label = move || state.read(|r| period.label(r.horizon_months));
    view! {
        <div class="figure">
            <dt id=format!("{}-{}-label", dom(kind), period.dom())>{label}</dt>
            <dd><output aria-label=aria>{value}</output></dd>
        </div>
    }
}

fn explain(state: AppState, kind: PathKind, period: Period) -> impl IntoView {
    let name = describe::path_name(kind);
    let summary = match period {
        Period::FirstMonth => format!("How was the {name} first month computed?"),
        Period::LastMonth => format!("How was the {name} last month computed?"),
        Period::FirstYear => format!("How was the {name} first year computed?"),
        Period::Horizon => format!("How was the {name} horizon total computed?"),
    };
    view! {
        <Lazy summary>
            {move || {
                state.result.get().map(|r| {
                    let Some(p) = r.paths.get(kind) else { return ().into_any() };
                    let (from, to) = period.months(r.horizon_months);
                    let total = period.of(&r, kind).unwrap_or_default();
                    let intro = match period {
                        Period::FirstMonth | Period::LastMonth => Text::new().w("The sum of the charge rows of ").month(from).w(", one per transaction billed then").rules([Rule::M3, Rule::M5]).w(": ").money(total).w("."),
                        _ => Text::new().w("The sum of the month totals of ").months(from, to).w(", each the sum of its charge rows").rule(Rule::M5).w(": ").money(total).w("."),
                    };
                    let q = state.quote.get_untracked();
                    view! { <p><TextView text=intro /></p> {charge_explanation(&q, &p.runs, from, to)} }.into_any()
                })
            }}
        </Lazy>
    }
}

#[component]
pub fn PathCard(kind: PathKind) -> impl IntoView {
    let state = expect_context::<AppState>();
    let what_if =
        Memo::new(move |_| state.read(|r| r.paths.get(kind).is_some_and(|p| !p.available())));
    let status = live_text(move || state.read(|r| Some(status(r, kind))));
    let d = dom(kind);
    view! {
        <article class=format!("path-card {d}") class:what-if=move || what_if.get() aria-labelledby=format!("{d}-card-heading")>
            <h3 id=format!("{d}-card-heading")>
                {describe::path_title(kind)}
                {move || what_if.get().then(|| view! { " " <span class="badge what-if">"What-if"</span> })}
            </h3>
            <p class="status">{status}</p>
            <dl class="totals" aria-live="polite">
                {Period::ALL.into_iter().map(|p| figure(state, kind, p, what_if)).collect_view()}
            </dl>
            <div class="explain">{Period::ALL.into_iter().map(|p| explain(state, kind, p)).collect_view()}</div>
        </article>
    }
}

#[component]
pub fn CompareCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let row = move |period: Period| {
        let value = move || state.read(|r| state.fmt().money(period.compared(r).difference));
        let verdict = live_text(move || state.read(|r| Some(verdict(r, period))));
        let label = move || state.read(|r| period.label(r.horizon_months));
        let aria = format!(
            "Difference, {}: EA minus MOSP",
            period.total_name().trim_end_matches(" total")
        );
        view! {
            <div class="figure">
                <dt>{label}</dt>
                <dd><output aria-label=aria>{value}</output><span class="cheaper">{verdict}</span></dd>
            </div>
        }
    };
    let lines = move || {
        state.read(|r| {
            let fmt = state.fmt();
            Period::ALL
                .into_iter()
                .map(|p| {
                    let c = p.compared(r);
                    let name = p.total_name();
                    let cap = describe::capital(name);
                    view! { <li>{format!("{cap}: EA {name} {} − MOSP {name} {} = {}", fmt.money(c.ea), fmt.money(c.mosp), fmt.money(c.difference))} " (" <crate::components::common::text::RuleButton rule=Rule::P6 /> ")."</li> }
                })
                .collect_view()
        })
    };
    view! {
        <article class="path-card compare" aria-labelledby="compare-heading">
            <h3 id="compare-heading">"Difference (EA − MOSP)"</h3>
            <p class="status">"Positive: MOSP is cheaper; negative: EA is cheaper. The verdict names only a plan the customer can buy (" <crate::components::common::text::RuleButton rule=Rule::P4 /> ")."</p>
            <dl class="totals" aria-live="polite">{Period::ALL.into_iter().map(row).collect_view()}</dl>
            <Lazy summary="How was the difference computed?">
                <p>"Each difference is the EA figure minus the MOSP figure for the same quote and period, as the engine compared them. The EA column is a what-if when the customer cannot buy through an EA."</p>
                <ul class="explain-lines">{lines}</ul>
            </Lazy>
        </article>
    }
}

/// The answer in one line: the first year on each plan the customer can buy and which
/// to choose (a what-if is named as such, never chosen). Above the inputs on phones.
pub fn answer_line(state: AppState, r: &QuoteResult) -> String {
    let fmt = state.fmt();
    let c = &r.comparison.first_year;
    let period = if r.horizon_months == 1 {
        "First month".to_string()
    } else if r.horizon_months < 12 {
        format!("First {} months", r.horizon_months)
    } else {
        "First year".to_string()
    };
    let ea = if r.paths.ea.available() {
        format!("EA {}", fmt.money(c.ea))
    } else {
        format!("EA (what-if) {}", fmt.money(c.ea))
    };
    let switch = c
        .switch
        .map(|s| format!(", MOSP then EA {}", fmt.money(s)))
        .unwrap_or_default();
    let verdict = plain(&state, &verdict(r, Period::FirstYear));
    format!(
        "{period}: MOSP {}, {ea}{switch}: {verdict}.",
        fmt.money(c.mosp)
    )
}
