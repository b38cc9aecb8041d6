//! Month by month, per path: the month totals, and each transaction's charge rows in
//! its own collapsed `<details>` (a 200-transaction, 20-year quote has 48,000 rows per
//! path: they are built only when opened).

use super::explain::{scrolling, Lazy};
use crate::app::AppState;
use crate::format;
use leptos::prelude::*;
use licalc_engine::pricing::Tier;
use licalc_engine::{PathKind, PathResult, QuoteResult};

fn path_of(r: &QuoteResult, kind: PathKind) -> &PathResult {
    match kind {
        PathKind::Mosp => &r.paths.mosp,
        PathKind::Ea => &r.paths.ea,
    }
}

#[component]
pub fn MonthTables() -> impl IntoView {
    view! {
        <section class="panel months" aria-labelledby="months-heading">
            <h2 id="months-heading">"Month by month"</h2>
            <p class="hint">"Each charge row is round(unit price × units) for one transaction in one month (M3); totals are sums of rows (M5)."</p>
            <div class="paths two">
                <PathMonths kind=PathKind::Mosp />
                <PathMonths kind=PathKind::Ea />
            </div>
        </section>
    }
}

#[component]
fn PathMonths(kind: PathKind) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = match kind {
        PathKind::Mosp => "MOSP",
        PathKind::Ea => "EA",
    };
    let tx_ids = state.tx_ids;
    let totals = move || {
        state.result.with(|r| {
            r.as_ref().map(|r| {
                let code = r.currency.code();
                let rows = path_of(r, kind)
                    .months
                    .iter()
                    .map(|m| view! { <tr><th scope="row">{m.month}</th><td>{format::money(m.total, code)}</td><td>{format::money(m.cumulative, code)}</td></tr> })
                    .collect_view();
                view! {
                    {scrolling(format!("{name} month totals"), view! {
                    <table class="compact">
                        <caption class="visually-hidden">{format!("{name} month totals")}</caption>
                        <thead><tr><th scope="col">"Month"</th><th scope="col">"Total"</th><th scope="col">"Cumulative"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    })}
                }
            })
        })
    };
    view! {
        <div class="path-months">
            <h3>{name}</h3>
            <Lazy summary=format!("{name} month totals")>{totals}</Lazy>
            <Lazy summary=move || format!("{name} rows by transaction ({})", tx_ids.with(Vec::len))>
                <ul class="tx-details" aria-label=format!("{name} rows by transaction")>
                    <For
                        each=move || tx_ids.get()
                        key=|id| id.clone()
                        children=move |id| view! { <li><TransactionMonths kind id /></li> }
                    />
                </ul>
            </Lazy>
        </div>
    }
}

#[component]
fn TransactionMonths(kind: PathKind, id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = match kind {
        PathKind::Mosp => "MOSP",
        PathKind::Ea => "EA",
    };
    // A memo, so the summary is re-rendered only when this transaction changes.
    let summary = {
        let id = id.clone();
        Memo::new(move |_| {
            let book = state.book();
            state.quote.with(|q| {
                q.transactions.iter().find(|t| t.id == id).map(|t| {
                    let service = book
                        .service(&t.service)
                        .map_or(t.service.clone(), |s| s.name.clone());
                    (service, t.quantity, t.start_month)
                })
            })
        })
    };
    let summary = {
        let id = id.clone();
        move || {
            summary.with(|s| match s {
                Some((service, quantity, start)) => format!(
                    "{name}: {id}, {service}, {} from month {start}",
                    format::count(*quantity)
                ),
                None => String::new(),
            })
        }
    };
    let table = move || {
        let id = id.clone();
        state.result.with(|r| {
            r.as_ref().map(|r| {
                let code = r.currency.code();
                let rows = path_of(r, kind)
                    .rows
                    .iter()
                    .filter(|row| *row.transaction == *id)
                    .map(|row| {
                        let tier = match &row.tier {
                            Tier::Band { band, units, .. } => {
                                format!("band {band} ({} units)", format::count(*units))
                            }
                            Tier::Level { level, .. } => format!("level {level}"),
                        };
                        view! {
                            <tr>
                                <th scope="row">{row.month}</th>
                                <td>{format::count(row.quantity)}</td>
                                <td>{tier}</td>
                                <td>{format::unit_price(row.unit_price, code)}</td>
                                <td>{format::count(row.step_up_units)}</td>
                                <td>{format::count(row.sa_covered)}</td>
                                <td>{format::money(row.amount, code)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    {scrolling(format!("{name} rows of transaction {id}"), view! {
                        <table class="compact">
                            <thead>
                                <tr>
                                    <th scope="col">"Month"</th>
                                    <th scope="col">"Units"</th>
                                    <th scope="col">"Tier"</th>
                                    <th scope="col">"Unit price"</th>
                                    <th scope="col">"Step-Up"</th>
                                    <th scope="col">"SA-covered"</th>
                                    <th scope="col">"Amount"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    })}
                }
            })
        })
    };
    view! { <Lazy summary=summary>{table.clone()}</Lazy> }
}
