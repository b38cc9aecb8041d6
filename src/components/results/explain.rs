//! "How was this computed": the runs of rows, the price-book figures and the rules
//! behind a figure. Nothing here computes: it lists the engine's runs with their
//! `describe` lines, and each figure's provenance from the effective price book.

use crate::components::common::text::TextView;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Text};
#[cfg(feature = "partner")]
use licalc_engine::FeeResult;
use licalc_engine::{ChargeRun, FigureKey, Quote, Rules};
use std::collections::BTreeSet;

/// Lines an explanation shows at once; the rest wait behind "Show the other N".
const MAX_LINES: usize = 40;

/// Lines of an explanation: the first `MAX_LINES`, the rest built only when opened.
pub fn capped(mut lines: Vec<Text>, what: &'static str) -> impl IntoView {
    let rest = lines.split_off(MAX_LINES.min(lines.len()));
    let first = lines
        .into_iter()
        .map(|l| view! { <li><TextView text=l /></li> })
        .collect_view();
    let more = (!rest.is_empty()).then(|| {
        let summary = format!("Show the other {} {what}", rest.len());
        let rest = std::sync::Arc::new(rest);
        view! {
            <li>
                <crate::components::common::lazy::Lazy summary=summary class="more">
                    {
                        let rest = rest.clone();
                        move || view! { <ul class="explain-lines">{rest.iter().map(|l| view! { <li><TextView text=l.clone() /></li> }).collect_view()}</ul> }
                    }
                </crate::components::common::lazy::Lazy>
            </li>
        }
    });
    view! { <ul class="explain-lines">{first}{more}</ul> }
}

/// The price-book figures behind a figure, each with its value, marks and source (C1).
#[component]
pub fn FigureList(keys: Vec<FigureKey>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let items = move || {
        let book = state.effective.get();
        keys.iter()
            .filter_map(|k| {
                let f = book.figure(k)?;
                let p = f.provenance();
                Some(view! {
                    <li>
                        <span class="figure-label">{describe::figure_label(&book, k)}</span>
                        ": "
                        <span class="figure-value">{f.value()}</span>
                        {(!p.verified).then(|| view! { " " <span class="badge unverified">"unverified"</span> })}
                        {p.overridden.then(|| view! { " " <span class="badge overridden">"overridden"</span> })}
                        <span class="source">{format!(" — source: {}", p.source)}</span>
                    </li>
                })
            })
            .collect_view()
    };
    view! {
        <h4>"Price-book figures"</h4>
        <ul class="figure-sources">{items}</ul>
    }
}

/// Each plan's first year, row by row with its rules and price-book figures: what
/// "How was this computed?" opens. Few open it, so its code is a part of its own
/// (src/parts.rs), fetched when the pointer or focus comes to it.
#[component]
pub fn HowComputed() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.result.get().map(|r| {
            let q = state.quote.get_untracked();
            let h = r.horizon_months.min(12);
            r.paths
                .all()
                .map(|p| {
                    view! {
                        <h4>{format!("{}, first year", describe::path_name(p.kind))}</h4>
                        {charge_explanation(&q, &p.runs, 1, h)}
                    }
                })
                .collect_view()
        })
    }
}

/// The charge runs of one plan in months `from..=to`, as lines with their rules, then
/// every price-book figure they used.
pub fn charge_explanation(q: &Quote, runs: &[ChargeRun], from: u32, to: u32) -> impl IntoView {
    let book = expect_context::<AppState>().effective.get_untracked();
    let name = |id: &str| {
        book.service(id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    let mut keys: BTreeSet<FigureKey> = BTreeSet::new();
    let mut rules = Rules::new();
    let lines: Vec<Text> = runs
        .iter()
        .filter(|r| r.to_month >= from && r.from_month <= to)
        .map(|r| {
            keys.extend(r.figure_keys());
            rules = rules.union(r.rules);
            let (a, b) = (r.from_month.max(from), r.to_month.min(to));
            let each = if a == b { "" } else { ", each month" };
            Text::new()
                .w(format!("{} ({}), ", r.transaction, name(&r.service)))
                .months(a, b)
                .w(format!("{each}: "))
                .then(describe::charge_run(r))
                .w(" ")
                .then(describe::rule_list("Rules: ", r.rules))
        })
        .collect();
    let _ = q;
    let empty = lines.is_empty();
    view! {
        {capped(lines, "lines")}
        {empty.then(|| view! { <p>"No charge rows: nothing is billed in these months."</p> })}
        <p class="rules"><TextView text=describe::rule_list("Rules applied: ", rules) /></p>
        <FigureList keys=keys.into_iter().collect() />
    }
}

#[cfg(feature = "partner")]
/// The fee runs of one partner (F1-F9, M4) with the terms and eligibility that decided them.
pub fn fee_explanation(q: &Quote, fees: &FeeResult, partner: &str) -> impl IntoView {
    let p = fees.partners.iter().find(|p| p.id == partner);
    let eligibility = q
        .partner(partner)
        .map(|p| describe::eligibility(&p.eligibility))
        .unwrap_or_default();
    let terms = Text::new()
        .w("Terms from the price book")
        .rule(licalc_engine::Rule::F9)
        .w(": transaction fee ")
        .percent(fees.transaction_rate)
        .w(format!(
            " of each charge row in a transaction's first {} months",
            fees.first_year_months
        ))
        .rule(licalc_engine::Rule::F3)
        .w(", residual fee ")
        .percent(fees.residual_rate)
        .w(" of every charge row")
        .rule(licalc_engine::Rule::F4)
        .w(", each fee row rounded half away from zero")
        .rule(licalc_engine::Rule::M4)
        .w(".");
    let eligible = Text::new()
        .w("A fee row is earned only in a month the Partner of Record is eligible")
        .rule(licalc_engine::Rule::F2)
        .w(": ")
        .then(eligibility)
        .w(". Fees in other months are listed under “Forfeited fees”.");
    let summary = p.map(|p| {
        let last = p.months.last().map_or(0, |m| m.month);
        vec![
            Text::new().w("Transaction fees ").money(p.transaction_fees).w(" + residual fees ").money(p.residual_fees).w(" = total ").money(p.total).w(": each the sum of the partner's fee rows below").rule(licalc_engine::Rule::M5).w("."),
            Text::new().w("Year 1 ").money(p.year1_total).w(": the fees of ").months(1, last.min(12)).rule(licalc_engine::Rule::F5).w("; each year in the table is the sum of its months."),
            Text::new().w("Evergreen monthly residual ").money(p.evergreen_monthly).w(": the residual fees of ").month(last).w(", the horizon's last, which the partner keeps earning each month once every first year has passed and nothing changes").rules([licalc_engine::Rule::F4, licalc_engine::Rule::F8]).w("."),
        ]
    });
    let lines: Vec<Text> = fees
        .runs
        .iter()
        .filter(|r| *r.partner == *partner)
        .map(|r| {
            Text::new()
                .w(format!("{}, ", r.transaction))
                .months(r.from_month, r.to_month)
                .w(if r.from_month == r.to_month {
                    ": "
                } else {
                    ", each month: "
                })
                .then(describe::fee_run(r))
        })
        .collect();
    let empty = lines.is_empty();
    view! {
        {summary.map(|s| view! { <ul class="explain-lines">{s.into_iter().map(|l| view! { <li><TextView text=l /></li> }).collect_view()}</ul> })}
        <p><TextView text=terms /></p>
        <p><TextView text=eligible /></p>
        {capped(lines, "groups of fee rows")}
        {empty.then(|| view! { <p>"No fee rows: this partner earns no fees in the horizon."</p> })}
        <FigureList keys=vec![FigureKey::TransactionRate, FigureKey::ResidualRate, FigureKey::FirstYearMonths] />
    }
}
