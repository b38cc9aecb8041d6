//! Month by month, per plan: the month totals, and one transaction's rows at a time
//! (a 240-month quote with a thousand transactions has a quarter of a million rows: a
//! page of them is in the DOM, never more).

use super::periods::dom;
use crate::components::common::lazy::Lazy;
use crate::components::common::table::{Paged, Rows};
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt};
use licalc_engine::pricing::Tier;
use licalc_engine::{ChargeRun, PathKind, Rule};
use std::sync::Arc;

/// "Mar 2011 (5)" with a calendar start, "5" without (T2).
pub fn month_cell(fmt: &crate::format::IntlFmt, m: u32) -> String {
    match fmt.calendar_of(m) {
        Some(c) => format!("{c} ({m})"),
        None => m.to_string(),
    }
}

fn totals(state: AppState, kind: PathKind) -> Signal<Rows> {
    Signal::derive(move || {
        let Some(r) = state.later.get() else {
            return Rows::default();
        };
        let fmt = state.fmt();
        let len = r.paths.get(kind).map_or(0, |p| p.months.len());
        Rows::new(len, move |i| {
            let m = &r.paths.get(kind).expect("plan present").months[i];
            vec![
                month_cell(&fmt, m.month),
                fmt.money(m.total),
                fmt.money(m.cumulative),
            ]
        })
    })
}

fn tier(t: &Tier) -> String {
    match t {
        Tier::Band { band, units, .. } => format!("band {band} ({units} units)"),
        Tier::Level { level, .. } => format!("level {level}"),
    }
}

/// One transaction's row in each month on MOSP and on the EA.
fn transaction_rows(state: AppState, id: Signal<String>) -> Signal<Rows> {
    Signal::derive(move || {
        let Some(r) = state.later.get() else {
            return Rows::default();
        };
        let id = id.get();
        let of = |runs: &[ChargeRun]| {
            runs.iter()
                .filter(|x| *x.transaction == *id)
                .cloned()
                .collect::<Vec<_>>()
        };
        let (mosp, ea) = (
            Arc::new(of(&r.paths.mosp.runs)),
            Arc::new(of(&r.paths.ea.runs)),
        );
        let fmt = state.fmt();
        Rows::new(r.horizon_months as usize, move |i| {
            let m = i as u32 + 1;
            let at = |runs: &[ChargeRun]| runs.iter().find(|x| x.contains(m)).cloned();
            let (a, b) = (at(&mosp), at(&ea));
            let units = a
                .as_ref()
                .or(b.as_ref())
                .map_or("–".to_string(), |x| fmt.count(x.quantity.into()));
            let cells = |x: &Option<ChargeRun>| match x {
                Some(x) => [tier(&x.tier), fmt.price(x.unit_price), fmt.money(x.amount)],
                None => [
                    "–".into(),
                    "–".into(),
                    fmt.money(rust_decimal::Decimal::ZERO),
                ],
            };
            let [mt, mu, ma] = cells(&a);
            let [et, eu, ea] = cells(&b);
            vec![month_cell(&fmt, m), units, mt, mu, ma, et, eu, ea]
        })
    })
}

#[component]
pub fn MonthTables() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_switch = Memo::new(move |_| state.quote.with(|q| q.switch_month.is_some()));
    let plans = move || {
        let mut kinds = vec![PathKind::Mosp, PathKind::Ea];
        if has_switch.get() {
            kinds.push(PathKind::Switch);
        }
        kinds
            .into_iter()
            .map(|kind| {
                let name = describe::path_name(kind);
                view! {
                    <Lazy summary=format!("{name} month totals")>
                        <Paged label=format!("{name} month totals") headers=vec!["Month", "Total", "Cumulative"] rows=totals(state, kind) />
                    </Lazy>
                }
            })
            .collect_view()
    };
    let ids = state
        .quote
        .with_untracked(|q| q.transactions.first().map(|t| t.id.clone()))
        .unwrap_or_default();
    let chosen = RwSignal::new(ids);
    let options = move || {
        state.quote.with(|q| q.transactions.iter().map(|t| {
        let on = t.id == chosen.get_untracked();
        view! { <option value=t.id.clone() selected=on>{format!("{} ({})", t.id, t.service)}</option> }
    }).collect_view())
    };
    let _ = dom;
    view! {
        <section class="panel months" aria-labelledby="months-heading">
            <h2 id="months-heading">"Month by month"</h2>
            <p class="hint">"Each charge row is round(unit price × units) for one transaction in one month (" <crate::components::common::text::RuleButton rule=Rule::M3 /> "); totals are sums of rows (" <crate::components::common::text::RuleButton rule=Rule::M5 /> ")."</p>
            {plans}
            <Lazy summary="Rows of one transaction, month by month">
                <div class="field">
                    <label for="month-rows-tx">"Transaction"</label>
                    <select id="month-rows-tx" on:change=move |ev| chosen.set(event_target_value(&ev))>{options}</select>
                </div>
                <Paged
                    label=Signal::derive(move || format!("Rows of transaction {}", chosen.get())).get_untracked()
                    headers=vec!["Month", "Units", "MOSP tier", "MOSP unit price", "MOSP amount", "EA tier", "EA unit price", "EA amount"]
                    rows=transaction_rows(state, chosen.into())
                />
            </Lazy>
        </section>
    }
}
