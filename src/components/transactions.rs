//! The quote's transactions as editable rows (C2, P2-P5, I1-I4, F7).
//!
//! Rows are keyed by transaction id, so editing one row re-renders nothing else; each
//! row reads its transaction through a memo and each field through its own.

use super::field::{
    described_by, engine_problem, parse_count, parse_optional_count, show_count,
    show_optional_count, Field, FieldMessage,
};
use crate::app::{AppState, Shared};
use crate::format;
use crate::{edit, ids};
use leptos::prelude::*;
use licalc_engine::pricing::Tier;
use licalc_engine::{ChargeRow, PriceBook, QuoteResult, Transaction, Unit};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// Each row's own copy of its transaction. One effect compares the quote's transactions
/// with these copies and updates only the rows that changed: with 200 rows, an edit
/// then wakes one row instead of every row's memos (the quote stays the one source).
type RowCache = StoredValue<HashMap<String, RwSignal<Option<Transaction>>>>;

/// What a transaction costs in its first billed month on each path, as the engine's
/// charge rows say (M3): shown in the row, so the effect of an edit is seen where it is made.
#[derive(Clone, PartialEq)]
struct RowCost {
    month: u32,
    mosp: Decimal,
    mosp_tier: Tier,
    ea: Decimal,
    ea_tier: Tier,
    currency: &'static str,
}

type CostCache = StoredValue<HashMap<String, RwSignal<Option<RowCost>>>>;

fn tier_text(t: &Tier) -> String {
    match t {
        Tier::Band { band, .. } => format!("band {band}, P2"),
        Tier::Level { level, .. } => format!("level {level}, P4"),
    }
}

fn firsts(rows: &[ChargeRow]) -> Vec<&ChargeRow> {
    rows.chunk_by(|a, b| a.transaction == b.transaction)
        .map(|run| &run[0])
        .collect()
}

/// One pass over both paths' rows: each transaction's first row (rows come grouped by
/// transaction, in month order, on both paths alike).
fn first_month_costs(r: &QuoteResult) -> HashMap<Arc<str>, RowCost> {
    let ea: HashMap<&str, &ChargeRow> = firsts(&r.paths.ea.rows)
        .into_iter()
        .map(|row| (&*row.transaction, row))
        .collect();
    firsts(&r.paths.mosp.rows)
        .into_iter()
        .filter_map(|m| {
            let e = ea.get(&*m.transaction)?;
            let cost = RowCost {
                month: m.month,
                mosp: m.amount,
                mosp_tier: m.tier.clone(),
                ea: e.amount,
                ea_tier: e.tier.clone(),
                currency: r.currency.code(),
            };
            Some((m.transaction.clone(), cost))
        })
        .collect()
}

#[component]
pub fn TransactionsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tx_ids = state.tx_ids;
    let cache: RowCache = StoredValue::new(HashMap::new());
    Effect::new(move |_| {
        state.quote.with(|q| {
            cache.with_value(|rows| {
                for t in &q.transactions {
                    if let Some(row) = rows.get(&t.id) {
                        if row.with_untracked(|x| x.as_ref() != Some(t)) {
                            row.set(Some(t.clone()));
                        }
                    }
                }
            })
        })
    });
    let costs: CostCache = StoredValue::new(HashMap::new());
    let first_costs = Memo::new(move |_| {
        Shared(Arc::new(state.result.with(|r| {
            r.as_ref().map(|r| first_month_costs(r)).unwrap_or_default()
        })))
    });
    Effect::new(move |_| {
        first_costs.with(|fresh| {
            costs.with_value(|rows| {
                for (id, slot) in rows {
                    let new = fresh.get(id.as_str()).cloned();
                    if slot.with_untracked(|c| *c != new) {
                        slot.set(new);
                    }
                }
            })
        })
    });
    view! {
        <section class="panel transactions" aria-labelledby="transactions-heading">
            <h2 id="transactions-heading">"Transactions"</h2>
            <p class="hint">
                "Each row is one purchase: a service, a quantity and the months it runs. "
                "Seats added later are a new transaction with their own first year and Partner of Record (F7)."
            </p>
            <ol class="rows" aria-label="Transactions">
                <For
                    each=move || tx_ids.get()
                    key=|id| id.clone()
                    children=move |id| {
                        let tx = RwSignal::new(state.quote.with_untracked(|q| q.transactions.iter().find(|t| t.id == id).cloned()));
                        cache.update_value(|rows| {
                            rows.insert(id.clone(), tx);
                        });
                        let first = first_costs.with_untracked(|c| c.get(id.as_str()).cloned());
                        let cost = RwSignal::new(first);
                        costs.update_value(|rows| {
                            rows.insert(id.clone(), cost);
                        });
                        let gone = id.clone();
                        on_cleanup(move || {
                            cache.update_value(|rows| {
                                rows.remove(&gone);
                            });
                            costs.update_value(|rows| {
                                rows.remove(&gone);
                            });
                        });
                        view! { <TransactionRow id tx cost /> }
                    }
                />
            </ol>
            <button type="button" on:click=move |_| state.edit(|q| edit::add_transaction(q, &state.book()))>
                "Add transaction"
            </button>
        </section>
    }
}

/// One `<option>` per service, grouped by family (BPOS, Deskless, Windows Intune, MDOP).
fn service_options(book: &PriceBook, selected: Memo<String>) -> impl IntoView {
    let mut families: Vec<&str> = Vec::new();
    for s in &book.services {
        if !families.contains(&s.family.as_str()) {
            families.push(&s.family);
        }
    }
    families
        .into_iter()
        .map(|family| {
            let options = book
                .services
                .iter()
                .filter(|s| s.family == family)
                .map(|s| {
                    let id = s.id.clone();
                    let text = format!("{} ({})", s.name, s.unit.label());
                    view! {
                        <option value=s.id.clone() prop:selected=move || selected.with(|v| *v == id)>
                            {text}
                        </option>
                    }
                })
                .collect_view();
            view! { <optgroup label=family.to_string()>{options}</optgroup> }
        })
        .collect_view()
}

#[component]
fn TransactionRow(
    id: String,
    tx: RwSignal<Option<Transaction>>,
    cost: RwSignal<Option<RowCost>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = state.book();
    let get = move |f: fn(&Transaction) -> u32| {
        Signal::derive(move || tx.with(|t| t.as_ref().map_or(0, f)))
    };
    let service =
        Memo::new(move |_| tx.with(|t| t.as_ref().map(|t| t.service.clone()).unwrap_or_default()));
    let info = {
        let book = book.clone();
        Memo::new(move |_| {
            service.with(|s| {
                book.service(s).map(|s| {
                    (
                        s.name.clone(),
                        s.unit,
                        s.step_up_price.is_some(),
                        s.sa_credit.is_some(),
                    )
                })
            })
        })
    };
    let unit_word = move || match info.get().map(|i| i.1) {
        Some(Unit::Device) => "devices",
        _ => "users",
    };
    let dom = {
        let id = id.clone();
        move |field: &str| ids::transaction(&id, field)
    };

    let edit_tx = {
        let id = id.clone();
        move |f: Box<dyn FnOnce(&mut Transaction)>| {
            let id = id.clone();
            state.edit(move |q| {
                if let Some(t) = q.transactions.iter_mut().find(|t| t.id == id) {
                    f(t);
                }
            })
        }
    };
    let set = {
        let edit_tx = edit_tx.clone();
        move |f: fn(&mut Transaction, u32)| {
            let edit_tx = edit_tx.clone();
            move |v: u32| edit_tx(Box::new(move |t| f(t, v)))
        }
    };

    let service_id = dom("service");
    let service_error = engine_problem(state, service_id.clone());
    let service_error_id = format!("{service_id}-error");
    let service_desc = described_by(
        Some(format!("{service_id}-unit")),
        service_error_id.clone(),
        service_error,
    );
    let known = {
        let book = book.clone();
        move || service.with(|s| book.service(s).is_some())
    };
    let on_service = {
        let id = id.clone();
        let book = book.clone();
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            state.edit(|q| edit::set_service(q, &book, &id, &v));
        }
    };
    let (dup, later, remove) = (id.clone(), id.clone(), id.clone());
    let title = {
        let id = id.clone();
        move || {
            format!(
                "Transaction {id}: {}",
                info.get()
                    .map(|i| i.0)
                    .unwrap_or_else(|| "unknown service".into())
            )
        }
    };
    let end_label = "End month (optional)";

    view! {
        <li class="row">
            <fieldset>
                <legend>{title}</legend>
                <div class="grid">
                    <div class="field wide" class:invalid=move || service_error.with(Option::is_some)>
                        <label for=service_id.clone()>"Service"</label>
                        <select
                            id=service_id.clone()
                            aria-describedby=move || service_desc.get()
                            aria-invalid=move || if service_error.with(Option::is_some) { "true" } else { "false" }
                            on:change=on_service
                        >
                            {service_options(&book, service)}
                            {move || {
                                (!known()).then(|| {
                                    view! {
                                        <option value=service.get() selected>
                                            {format!("Unknown service \"{}\"", service.get())}
                                        </option>
                                    }
                                })
                            }}
                        </select>
                        <p class="hint" id=format!("{service_id}-unit")>
                            {move || match info.get() {
                                Some((_, unit, _, _)) => format!("Licensed {} per month (C2).", unit.label()),
                                None => "Not in the price book (C3).".to_string(),
                            }}
                        </p>
                        <FieldMessage id=service_error_id error=service_error />
                    </div>
                    <Field
                        id=dom("quantity")
                        label=move || format!("Quantity ({})", unit_word())
                        value=get(|t| t.quantity)
                        parse=parse_count
                        show=show_count
                        on_commit=set(|t, v| t.quantity = v)
                        rule="P3"
                    />
                    <Field
                        id=dom("start_month")
                        label="Start month"
                        value=get(|t| t.start_month)
                        parse=parse_count
                        show=show_count
                        on_commit=set(|t, v| t.start_month = v)
                        rule="T1"
                    />
                    <Field
                        id=dom("end_month")
                        label=end_label
                        value=Signal::derive(move || tx.with(|t| t.as_ref().and_then(|t| t.end_month)))
                        parse=parse_optional_count
                        show=show_optional_count
                        on_commit={
                            let edit_tx = edit_tx.clone();
                            move |v: Option<u32>| edit_tx(Box::new(move |t| t.end_month = v))
                        }
                        rule="T1"
                        hint="Last month billed; empty: to the end."
                    />
                    <Field
                        id=dom("step_up_units")
                        label="Step-Up units (EA)"
                        value=get(|t| t.step_up_units)
                        parse=parse_count
                        show=show_count
                        on_commit=set(|t, v| t.step_up_units = v)
                        rule="P5"
                        disabled=Signal::derive(move || !info.get().is_some_and(|i| i.2))
                        hint=move || {
                            if info.get().is_some_and(|i| i.2) {
                                "Units with on-premises SA pay the Step-Up price on the EA (P5)."
                            } else {
                                "This service has no Step-Up price (P5)."
                            }
                        }
                    />
                    <Field
                        id=dom("sa_covered_devices")
                        label="SA-covered devices"
                        value=get(|t| t.sa_covered_devices)
                        parse=parse_count
                        show=show_count
                        on_commit=set(|t, v| t.sa_covered_devices = v)
                        rule="I3"
                        disabled=Signal::derive(move || !info.get().is_some_and(|i| i.3))
                        hint=move || {
                            if info.get().is_some_and(|i| i.3) {
                                "Devices with Windows Client SA get the credit on both paths (I3)."
                            } else {
                                "Only services with a Client SA credit (I3)."
                            }
                        }
                    />
                </div>
                <RowCostLine id=id.clone() cost />
                <div class="actions">
                    <button type="button" on:click=move |_| state.edit(|q| edit::duplicate_transaction(q, &dup))>
                        "Duplicate"
                        <span class="visually-hidden">{format!(" transaction {id}")}</span>
                    </button>
                    <button type="button" on:click=move |_| state.edit(|q| edit::add_seats_later(q, &later))>
                        "Add seats later"
                        <span class="visually-hidden">{format!(" to {}", later_label(&id))}</span>
                    </button>
                    <button type="button" class="danger" on:click=move |_| state.edit(|q| edit::remove_transaction(q, &remove))>
                        "Remove"
                        <span class="visually-hidden">{format!(" transaction {id}")}</span>
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

/// "Month 1: MOSP $2,640.00 (band 1) · EA $2,455.20 (level A)", from the engine's rows.
#[component]
fn RowCostLine(id: String, cost: RwSignal<Option<RowCost>>) -> impl IntoView {
    move || match cost.get() {
        Some(c) => {
            let mosp_label = format!("{id} MOSP cost in month {}", c.month);
            let ea_label = format!("{id} EA cost in month {}", c.month);
            view! {
                <p class="row-cost">
                    {format!("First billed month ({}): MOSP ", c.month)}
                    <output aria-label=mosp_label>{format::money(c.mosp, c.currency)}</output>
                    {format!(" ({}) · EA ", tier_text(&c.mosp_tier))}
                    <output aria-label=ea_label>{format::money(c.ea, c.currency)}</output>
                    {format!(" ({})", tier_text(&c.ea_tier))}
                </p>
            }
            .into_any()
        }
        None => {
            view! { <p class="row-cost">"Not billed within the horizon, or not yet computed."</p> }
                .into_any()
        }
    }
}

fn later_label(id: &str) -> String {
    format!("transaction {id} (F7)")
}
