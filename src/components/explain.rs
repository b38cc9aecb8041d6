//! "How was this computed": the rows, price-book figures and rules behind a figure.
//!
//! Nothing here computes: it groups the engine's rows (consecutive months of a
//! transaction with the same amount and tier read as one line) and prints each group's
//! `explain()`, rule ids and figure keys, with every figure's provenance.

use crate::app::AppState;
use crate::format;
use leptos::prelude::*;
use licalc_engine::fees::FeeRow;
use licalc_engine::pricing::Tier;
use licalc_engine::{ChargeRow, FeeResult, FigureInfo, PriceBook};
use std::collections::{BTreeSet, HashMap};

/// Lines an explanation shows at once; the rest wait behind "Show the other N".
const MAX_LINES: usize = 40;

/// "1 group of rows", "2 groups of rows".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// List items, the first `MAX_LINES` shown and the rest behind a disclosure: every row
/// stays reachable without a wall of text at first glance. For lists that are already
/// inside a [`Lazy`], so building them all costs nothing until someone looks.
pub fn capped(mut items: Vec<AnyView>, one: &str, many: &str) -> impl IntoView {
    let rest = items.split_off(MAX_LINES.min(items.len()));
    let more = (!rest.is_empty()).then(|| {
        let summary = format!("Show the other {}", counted(rest.len(), one, many));
        view! {
            <li>
                <details class="more">
                    <summary>{summary}</summary>
                    <ul class="explain-lines">{rest}</ul>
                </details>
            </li>
        }
    });
    view! { {items} {more} }
}

/// Lines of text as list items, the first `MAX_LINES` shown; the rest are built only when
/// their disclosure opens, for lists shown at once (rebuilt on every result).
pub fn capped_lazy(mut lines: Vec<String>, one: &str, many: &str) -> impl IntoView {
    let rest = std::sync::Arc::new(lines.split_off(MAX_LINES.min(lines.len())));
    let first = lines
        .into_iter()
        .map(|l| view! { <li>{l}</li> })
        .collect_view();
    let more = (!rest.is_empty()).then(|| {
        let summary = format!("Show the other {}", counted(rest.len(), one, many));
        view! {
            <li>
                <Lazy summary=summary class="more">
                    {
                        let rest = rest.clone();
                        move || view! { <ul>{rest.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul> }
                    }
                </Lazy>
            </li>
        }
    });
    view! { {first} {more} }
}

/// A table that scrolls sideways inside its own box on narrow screens instead of
/// widening the page; focusable so keyboard users can scroll it too.
pub fn scrolling(label: String, table: impl IntoView) -> impl IntoView {
    view! { <div class="table-scroll" tabindex="0" role="region" aria-label=label>{table}</div> }
}

/// A `<details>` whose content is built only while it is open: a result has tens of
/// thousands of rows, and nobody reads them all at once.
#[component]
pub fn Lazy(
    #[prop(into)] summary: TextProp,
    children: ChildrenFn,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details
            class=format!("lazy {class}")
            on:toggle=move |ev| {
                use leptos::wasm_bindgen::JsCast;
                let is_open = ev
                    .target()
                    .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlDetailsElement>().ok())
                    .is_some_and(|d| d.open());
                open.set(is_open);
            }
        >
            <summary>{move || summary.get().to_string()}</summary>
            <div class="details-body">{move || open.get().then(|| children())}</div>
        </details>
    }
}

/// Consecutive months of one transaction priced alike.
pub struct Run<'a, R> {
    pub from: u32,
    pub to: u32,
    pub row: &'a R,
}

/// Groups rows into runs: rows with the same `key` in consecutive months that are
/// `alike` the run's first row. Rows of different keys may interleave (fee rows
/// alternate transaction and residual fees month by month).
pub fn runs<'a, R, K: Eq + std::hash::Hash>(
    rows: impl Iterator<Item = &'a R>,
    key: impl Fn(&R) -> K,
    month: impl Fn(&R) -> u32,
    alike: impl Fn(&R, &R) -> bool,
) -> Vec<Run<'a, R>> {
    let mut out: Vec<Run<'a, R>> = Vec::new();
    let mut open: HashMap<K, usize> = HashMap::new();
    for r in rows {
        let k = key(r);
        let m = month(r);
        if let Some(&i) = open.get(&k) {
            let run = &mut out[i];
            if run.to + 1 == m && alike(run.row, r) {
                run.to = m;
                continue;
            }
        }
        open.insert(k, out.len());
        out.push(Run {
            from: m,
            to: m,
            row: r,
        });
    }
    out
}

/// Two tiers read alike when they are the same band with the same unit count, or the
/// same level.
fn tier_eq(a: &Tier, b: &Tier) -> bool {
    match (a, b) {
        (
            Tier::Band {
                band: x, units: ux, ..
            },
            Tier::Band {
                band: y, units: uy, ..
            },
        ) => x == y && ux == uy,
        (Tier::Level { level: x, .. }, Tier::Level { level: y, .. }) => x == y,
        _ => false,
    }
}

pub fn charge_runs<'a>(rows: impl Iterator<Item = &'a ChargeRow>) -> Vec<Run<'a, ChargeRow>> {
    runs(
        rows,
        |r| r.transaction.clone(),
        |r| r.month,
        |a, b| a.amount == b.amount && tier_eq(&a.tier, &b.tier),
    )
}

pub fn fee_runs<'a>(rows: impl Iterator<Item = &'a FeeRow>) -> Vec<Run<'a, FeeRow>> {
    runs(
        rows,
        |r| (r.transaction.clone(), r.kind),
        |r| r.month,
        |a, b| a.amount == b.amount && a.por == b.por,
    )
}

/// The price-book figures behind a figure, each with its source and marks (C1).
#[component]
pub fn FigureList(keys: Vec<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let items = move || {
        state.figures.with(|figs| {
            keys.iter()
                .filter_map(|k| figs.iter().find(|f| &f.key == k).cloned())
                .map(|f: FigureInfo| {
                    view! {
                        <li>
                            <span class="figure-label">{f.label}</span>
                            ": "
                            <span class="figure-value">{f.value}</span>
                            {(!f.verified).then(|| view! { " " <span class="badge unverified">"unverified"</span> })}
                            {f.overridden.then(|| view! { " " <span class="badge overridden">"overridden"</span> })}
                            <span class="source">{format!(" — source: {}", f.source)}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <h4>"Price-book figures"</h4>
        <ul class="figure-sources">{items}</ul>
    }
}

/// The charge rows of one path in months `from..=to`, as explanation lines with their
/// rules, then every price-book figure they used.
pub fn charge_explanation(
    rows: &[ChargeRow],
    from: u32,
    to: u32,
    book: &PriceBook,
) -> impl IntoView {
    let name = |id: &str| {
        book.service(id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    let runs = charge_runs(rows.iter().filter(|r| r.month >= from && r.month <= to));
    let mut keys: BTreeSet<String> = BTreeSet::new();
    let mut rules: BTreeSet<&'static str> = BTreeSet::new();
    for run in &runs {
        keys.extend(run.row.figure_keys());
        rules.extend(run.row.rules.iter().copied());
    }
    let lines = runs
        .iter()
        .map(|run| {
            let row = run.row;
            let each = if run.from == run.to { String::new() } else { ", each month".to_string() };
            view! {
                <li>
                    <strong>{format!("{} ({}), {}{each}: ", row.transaction, name(&row.service), format::months(run.from, run.to))}</strong>
                    {row.explain()}
                    <span class="rules">{format!(" Rules: {}.", row.rules.join(", "))}</span>
                </li>
            }
            .into_any()
        })
        .collect::<Vec<_>>();
    let empty = runs.is_empty();
    view! {
        <ul class="explain-lines">
            {capped(lines, "group of rows", "groups of rows")}
            {empty.then(|| view! { <li>"No charge rows: nothing is billed in these months."</li> })}
        </ul>
        <p class="rules">{format!("Rules applied: {}.", rules.into_iter().collect::<Vec<_>>().join(", "))}</p>
        <FigureList keys=keys.into_iter().collect() />
    }
}

/// The fee rows of one partner, as explanation lines (F1-F9, M4), with the terms and
/// the eligibility that decided them.
pub fn fee_explanation(fees: &FeeResult, partner: &str, code: &str) -> impl IntoView {
    let runs = fee_runs(fees.rows.iter().filter(|r| &*r.partner == partner));
    let empty = runs.is_empty();
    let eligibility = fees
        .partners
        .iter()
        .find(|p| p.id == partner)
        .map(|p| p.eligibility.clone())
        .unwrap_or_default();
    let terms = format!(
        "Terms from the price book (F9): transaction fee {} of each charge row in a transaction's first {} months (F3), residual fee {} of every charge row (F4), each fee row rounded half away from zero (M4).",
        format::percent(fees.transaction_rate),
        fees.first_year_months,
        format::percent(fees.residual_rate)
    );
    let eligible = format!("A fee row is earned only in a month the Partner of Record is eligible (F2): {eligibility}. Fees in other months are listed under “Forfeited fees”.");
    let summary = fees.partners.iter().find(|p| p.id == partner).map(|p| {
        let last = p.months.last().map_or(0, |m| m.month);
        [
            format!("Transaction fees {} + residual fees {} = total {} (M5): each the sum of the partner's fee rows below.", format::money(p.transaction_fees, code), format::money(p.residual_fees, code), format::money(p.total, code)),
            format!("Year 1 {}: the fees of months 1–{} (F5); each year in the table is the sum of its months.", format::money(p.year1_total, code), last.min(12)),
            format!("Evergreen monthly residual {}: the residual fees of month {last}, the horizon's last, which the partner keeps earning each month once every first year has passed and nothing changes (F4, F8).", format::money(p.evergreen_monthly, code)),
        ]
    });
    let summary = summary.map(|lines| view! { <ul class="explain-lines">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> });
    let lines = runs
        .iter()
        .map(|run| {
            let row = run.row;
            let each = if run.from == run.to { String::new() } else { ", each month".to_string() };
            view! {
                <li>
                    <strong>{format!("{}, {}{each}: ", row.transaction, format::months(run.from, run.to))}</strong>
                    {row.explain()}
                    <span class="rules">{format!(" Rules: {}.", row.rules.join(", "))}</span>
                </li>
            }
            .into_any()
        })
        .collect::<Vec<_>>();
    view! {
        {summary}
        <p>{terms}</p>
        <p>{eligible}</p>
        <ul class="explain-lines">
            {capped(lines, "group of fee rows", "groups of fee rows")}
            {empty.then(|| view! { <li>"No fee rows: this partner earns nothing in the horizon."</li> })}
        </ul>
        <FigureList keys=vec!["por.transaction_rate".to_string(), "por.residual_rate".to_string(), "por.first_year_months".to_string()] />
    }
}
