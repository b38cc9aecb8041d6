//! The quote's transactions as editable rows (C2, P2-P5, I1-I4, F7, T3).
//!
//! Rows are keyed by transaction id and shown a page at a time; each row reads its own
//! copy of its transaction, refreshed only when that transaction changes, so editing one
//! row re-renders nothing else.

use crate::by_id::ById;
use crate::components::common::each::{by_id, by_index};
use crate::components::common::field::{Choice, Field, COUNT, OPTIONAL_COUNT};
use crate::components::common::pager::{Pager, Pages};
use crate::components::common::text::{live_text, RuleButton};
use crate::keyed::Keyed;
use crate::state::AppState;
use crate::{edit, ids};
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt, Text};
use licalc_engine::pricing::{ChargeRun, Tier};
use licalc_engine::quote::QuantityChange;
use licalc_engine::{QuoteResult, Rule, Transaction, Unit};
use rust_decimal::Decimal;

/// What a transaction costs in its first billed month on MOSP and on the EA, as the
/// engine's runs say (M3): shown in the row, so an edit's effect is seen where it is made.
#[derive(Clone, PartialEq)]
struct RowCost {
    month: u32,
    mosp: Decimal,
    mosp_tier: Tier,
    ea: Decimal,
    ea_tier: Tier,
}

fn first_costs(r: &QuoteResult) -> ById<RowCost> {
    let ea = first_runs(&r.paths.ea.runs);
    let mut out: ById<RowCost> = ById::default();
    for m in first_runs(&r.paths.mosp.runs) {
        let Ok(i) = ea.binary_search_by(|e| e.transaction.cmp(&m.transaction)) else {
            continue;
        };
        let e = ea[i];
        // In id order: each insert lands at the end.
        out.insert(
            m.transaction.to_string(),
            RowCost {
                month: m.from_month,
                mosp: m.amount,
                mosp_tier: m.tier.clone(),
                ea: e.amount,
                ea_tier: e.tier.clone(),
            },
        );
    }
    out
}

/// Each transaction's first run, in id order. A transaction's runs come one after
/// another, so most are skipped with one comparison; the answer is the same in any order
/// (the sort is stable, and keeps each transaction's first run).
fn first_runs(runs: &[ChargeRun]) -> Vec<&ChargeRun> {
    let mut out: Vec<&ChargeRun> = Vec::new();
    for run in runs {
        if out.last().is_none_or(|l| l.transaction != run.transaction) {
            out.push(run);
        }
    }
    out.sort_by(|a, b| a.transaction.cmp(&b.transaction));
    out.dedup_by(|later, first| later.transaction == first.transaction);
    out
}

/// The tier as the row names it, with its rule: " (band 1, P2)".
fn tier_text(t: &Tier) -> Text {
    let (words, rule) = match t {
        Tier::Band { band, .. } => (format!(" (band {band}, "), Rule::P2),
        Tier::Level { level, .. } => (format!(" (level {level}, "), Rule::P4),
    };
    Text::new().w(words).rule(rule).w(")")
}

/// The registries the rows of this panel read from.
#[derive(Clone, Copy)]
struct Rows {
    tx: Keyed<Option<Transaction>>,
    cost: Keyed<Option<RowCost>>,
}

#[component]
pub fn TransactionsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = Rows {
        tx: Keyed::new(),
        cost: Keyed::new(),
    };
    // Most edits keep the ids: the list is compared in place, not copied to compare.
    let ids = Memo::new_owning(move |old: Option<Vec<String>>| {
        state.quote.with(|q| {
            let now = q.transactions.iter().map(|t| t.id.as_str());
            match old {
                Some(old) if old.iter().map(String::as_str).eq(now) => (old, false),
                _ => (q.transactions.iter().map(|t| t.id.clone()).collect(), true),
            }
        })
    });
    Effect::new(move |_| {
        state
            .quote
            .with(|q| rows.tx.refresh(|id| q.transaction(id).cloned()))
    });
    let costs =
        Memo::new(move |_| crate::state::Shared(std::sync::Arc::new(state.read(first_costs))));
    Effect::new(move |_| costs.with(|c| rows.cost.refresh(|id| c.get(id).cloned())));
    let pages = Pages::new(50);
    let add = move |_| {
        state.edit(|q| edit::add_transaction(q, &state.book()));
        pages.show(ids.with_untracked(Vec::len).saturating_sub(1));
    };
    view! {
        <section class="panel transactions" aria-labelledby="transactions-heading">
            <h2 id="transactions-heading">"Transactions"</h2>
            <p class="hint">
                "Each row is one purchase: a service, a quantity and the months it runs; a quantity can change over time (" <RuleButton rule=Rule::T3 /> "). "
                "Seats added later as a new transaction get their own first year and Partner of Record (" <RuleButton rule=Rule::F7 /> ")."
            </p>
            <ol class="rows" aria-label="Transactions">
                {by_id(
                    move || { let all = ids.get(); let r = pages.range(all.len()); all[r].to_vec() },
                    move |id| {
                        let tx = rows.tx.register(id.clone(), state.quote.with_untracked(|q| q.transaction(&id).cloned()));
                        let cost = rows.cost.register(id.clone(), costs.with_untracked(|c| c.get(&id).cloned()));
                        view! { <TransactionRow id tx cost /> }.into_any()
                    },
                )}
            </ol>
            <Pager pages len=Signal::derive(move || ids.with(Vec::len)) label="Pages of transactions" what="transactions" />
            <button type="button" on:click=add>"Add transaction"</button>
        </section>
    }
}

/// What a row needs to know about its service.
#[derive(Clone, PartialEq)]
struct ServiceInfo {
    name: String,
    unit: Unit,
    step_up: bool,
    credit: bool,
}

#[component]
fn TransactionRow(
    id: String,
    tx: RwSignal<Option<Transaction>>,
    cost: RwSignal<Option<RowCost>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let service =
        Memo::new(move |_| tx.with(|t| t.as_ref().map(|t| t.service.clone()).unwrap_or_default()));
    let info = Memo::new(move |_| {
        let book = state.book();
        service.with(|s| {
            book.service(s).map(|s| ServiceInfo {
                name: s.name.clone(),
                unit: s.unit,
                step_up: s.step_up_price.is_some(),
                credit: s.sa_credit.is_some(),
            })
        })
    });
    let title = move || {
        format!(
            "Transaction {}: {}",
            tx.with(|t| t.as_ref().map(|t| t.id.clone()).unwrap_or_default()),
            info.get().map_or("unknown service".into(), |i| i.name)
        )
    };
    view! {
        <li class="row">
            <fieldset>
                <legend>{title}</legend>
                <div class="grid">
                    <ServicePicker id=id.clone() service info />
                    <Counts id=id.clone() tx info />
                </div>
                <Schedule id=id.clone() tx info />
                <RowCostLine id=id.clone() cost />
                <RowActions id />
            </fieldset>
        </li>
    }
}

#[component]
fn ServicePicker(
    id: String,
    service: Memo<String>,
    info: Memo<Option<ServiceInfo>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let options: Vec<(String, String)> = state
        .book()
        .services
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                format!("{} ({})", s.name, describe::per_unit(s.unit)),
            )
        })
        .collect();
    let hint = Signal::derive(move || match info.get() {
        Some(i) => format!("Licensed {} per month.", describe::per_unit(i.unit)),
        None => "Not in the price book.".to_string(),
    });
    let edit_id = id.clone();
    view! {
        <div class="wide">
            <Choice
                id=ids::transaction(&id, "service")
                label="Service"
                options=options
                selected=service
                on_change=move |v| state.edit(|q| edit::set_service(q, &state.book(), &edit_id, &v))
                hint
            />
        </div>
    }
}

fn edit_tx(state: AppState, id: String, f: impl FnOnce(&mut Transaction)) {
    state.edit(|q| {
        if let Some(t) = q.transactions.iter_mut().find(|t| t.id == id) {
            f(t);
        }
    })
}

#[component]
fn Counts(
    id: String,
    tx: RwSignal<Option<Transaction>>,
    info: Memo<Option<ServiceInfo>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let get = move |f: fn(&Transaction) -> u32| {
        Signal::derive(move || tx.with(|t| t.as_ref().map_or(0, f)))
    };
    let set = {
        let id = id.clone();
        move |f: fn(&mut Transaction, u32)| {
            let id = id.clone();
            move |v: u32| edit_tx(state, id.clone(), |t| f(t, v))
        }
    };
    let unit_word = move || describe::unit_noun(info.get().map_or(Unit::User, |i| i.unit), true);
    let end_id = id.clone();
    view! {
        <Field id=ids::transaction(&id, "quantity") label=Signal::derive(move || format!("Quantity ({})", unit_word())) value=get(|t| t.quantity) kind=COUNT on_commit=set(|t, v| t.quantity = v) rule=Rule::P3 />
        <Field id=ids::transaction(&id, "start_month") label="Start month" value=get(|t| t.start_month) kind=COUNT on_commit=set(|t, v| t.start_month = v) rule=Rule::T1 />
        <Field
            id=ids::transaction(&id, "end_month")
            label="End month (optional)"
            value=Signal::derive(move || tx.with(|t| t.as_ref().and_then(|t| t.end_month)))
            kind=OPTIONAL_COUNT
            on_commit=move |v| edit_tx(state, end_id.clone(), |t| t.end_month = v)
            rule=Rule::T1
            hint="Last month billed; empty: to the end."
        />
        <Field
            id=ids::transaction(&id, "step_up_units")
            label="Step-Up units (EA)"
            value=get(|t| t.step_up_units)
            kind=COUNT
            on_commit=set(|t, v| t.step_up_units = v)
            rule=Rule::P5
            disabled=Signal::derive(move || !info.get().is_some_and(|i| i.step_up))
            hint=Signal::derive(move || if info.get().is_some_and(|i| i.step_up) { "Units with on-premises SA pay the Step-Up price on the EA.".to_string() } else { "This service has no Step-Up price.".to_string() })
        />
        <Field
            id=ids::transaction(&id, "sa_covered_devices")
            label="SA-covered devices"
            value=get(|t| t.sa_covered_devices)
            kind=COUNT
            on_commit=set(|t, v| t.sa_covered_devices = v)
            rule=Rule::I3
            disabled=Signal::derive(move || !info.get().is_some_and(|i| i.credit))
            hint=Signal::derive(move || if info.get().is_some_and(|i| i.credit) { "Devices with Windows Client SA get the credit on both paths.".to_string() } else { "Only services with a Client SA credit.".to_string() })
        />
    }
}

/// T3: the transaction's later quantities, collapsed until there is one.
#[component]
fn Schedule(
    id: String,
    tx: RwSignal<Option<Transaction>>,
    info: Memo<Option<ServiceInfo>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| tx.with(|t| t.as_ref().map_or(0, |t| t.changes.len())));
    let row = {
        let id = id.clone();
        move |j: usize| {
            let get = move |f: fn(&QuantityChange) -> Option<u32>| {
                Signal::derive(move || {
                    tx.with(|t| t.as_ref().and_then(|t| t.changes.get(j)).and_then(f))
                })
            };
            let set = {
                let id = id.clone();
                move |f: fn(&mut QuantityChange, Option<u32>)| {
                    let id = id.clone();
                    move |v: Option<u32>| {
                        edit_tx(state, id.clone(), |t| {
                            if let Some(c) = t.changes.get_mut(j) {
                                f(c, v)
                            }
                        })
                    }
                }
            };
            let setc = {
                let id = id.clone();
                move |f: fn(&mut QuantityChange, u32)| {
                    let id = id.clone();
                    move |v: u32| {
                        edit_tx(state, id.clone(), |t| {
                            if let Some(c) = t.changes.get_mut(j) {
                                f(c, v)
                            }
                        })
                    }
                }
            };
            let remove = id.clone();
            let (step_id, covered_id) = (
                ids::change(&id, j, "step_up_units"),
                ids::change(&id, j, "sa_covered_devices"),
            );
            view! {
                <li class="change grid">
                    <Field id=ids::change(&id, j, "from_month") label=format!("Change {}: from month", j + 1) value=Signal::derive(move || get(|c| Some(c.from_month)).get().unwrap_or(0)) kind=COUNT on_commit=setc(|c, v| c.from_month = v) rule=Rule::T3 />
                    <Field id=ids::change(&id, j, "quantity") label=format!("Change {}: quantity", j + 1) value=Signal::derive(move || get(|c| Some(c.quantity)).get().unwrap_or(0)) kind=COUNT on_commit=setc(|c, v| c.quantity = v) rule=Rule::T3 />
                    <Field id=step_id label=format!("Change {}: Step-Up units", j + 1) value=get(|c| c.step_up_units) kind=OPTIONAL_COUNT on_commit=set(|c, v| c.step_up_units = v) rule=Rule::P5
                        disabled=Signal::derive(move || !info.get().is_some_and(|i| i.step_up)) hint="Empty: unchanged." />
                    <Field id=covered_id label=format!("Change {}: SA-covered devices", j + 1) value=get(|c| c.sa_covered_devices) kind=OPTIONAL_COUNT on_commit=set(|c, v| c.sa_covered_devices = v) rule=Rule::I3
                        disabled=Signal::derive(move || !info.get().is_some_and(|i| i.credit)) hint="Empty: unchanged." />
                    <div class="actions"><button type="button" class="danger" on:click=move |_| state.edit(|q| edit::remove_change(q, &remove, j))>"Remove" <span class="visually-hidden">{format!(" change {}", j + 1)}</span></button></div>
                </li>
            }
        }
    };
    let add = id.clone();
    view! {
        <details class="schedule" prop:open=move || count.get() > 0>
            <summary>{move || match count.get() { 0 => "Changes over time".to_string(), n => format!("Changes over time ({n})") }}</summary>
            <ol class="changes" aria-label=format!("Changes of transaction {id}")>
                {by_index(move || 0..count.get(), move |j| row(j).into_any())}
            </ol>
            <button type="button" class="small" on:click=move |_| state.edit(|q| edit::add_change(q, &add))>"Add a change" <span class="visually-hidden">{format!(" to transaction {}", id)}</span></button>
        </details>
    }
}

/// "First billed month 1: MOSP $2,640.00 (band 1, P2) · EA $2,455.20 (level A, P4)".
#[component]
fn RowCostLine(id: String, cost: RwSignal<Option<RowCost>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Piece by piece: an edit that changes a figure rewrites that figure's text only,
    // and the tier's rule button is made again only when the tier's name changes.
    let billed = Memo::new(move |_| cost.with(Option::is_some));
    let text = move |f: fn(&RowCost, &dyn Fmt) -> String| {
        move || cost.with(|c| c.as_ref().map(|c| f(c, &state.fmt())).unwrap_or_default())
    };
    // The month is also written as a calendar month: it follows the quote's start too.
    let first_billed = move || {
        state.calendar.track();
        text(|c, f| format!("First billed {}: MOSP ", f.month(c.month)))()
    };
    let tier = move |pick: fn(&RowCost) -> &Tier| {
        live_text(move || cost.with(|c| c.as_ref().map(|c| tier_text(pick(c)))))
    };
    let month = move || cost.with(|c| c.as_ref().map_or(0, |c| c.month));
    let (mosp_label, ea_label) = (id.clone(), id);
    move || {
        if billed.get() {
            let (mosp_label, ea_label) = (mosp_label.clone(), ea_label.clone());
            view! {
                <p class="row-cost">
                    {first_billed}
                    <output aria-label=move || format!("{mosp_label} MOSP cost in month {}", month())>{text(|c, f| f.money(c.mosp))}</output>
                    {tier(|c| &c.mosp_tier)}
                    " · EA "
                    <output aria-label=move || format!("{ea_label} EA cost in month {}", month())>{text(|c, f| f.money(c.ea))}</output>
                    {tier(|c| &c.ea_tier)}
                </p>
            }
            .into_any()
        } else {
            view! { <p class="row-cost">"Not billed within the horizon, or not yet computed."</p> }
                .into_any()
        }
    }
}

#[component]
fn RowActions(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (dup, later, remove) = (id.clone(), id.clone(), id.clone());
    view! {
        <div class="actions">
            <button type="button" on:click=move |_| state.edit(|q| edit::duplicate_transaction(q, &dup))>"Duplicate" <span class="visually-hidden">{format!(" transaction {id}")}</span></button>
            <button type="button" on:click=move |_| state.edit(|q| edit::add_seats_later(q, &later))>"Add seats later" <span class="visually-hidden">{format!(" to transaction {id}")}</span></button>
            <button type="button" class="danger" on:click=move |_| state.edit(|q| edit::remove_transaction(q, &remove))>"Remove" <span class="visually-hidden">{format!(" transaction {id}")}</span></button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use licalc_engine::{compute_prices, PriceBook, Quote};

    /// Each transaction's first run in the runs' own order, by plain scans.
    fn plain(runs: &[ChargeRun]) -> Vec<&ChargeRun> {
        let mut ids: Vec<&str> = runs.iter().map(|r| &*r.transaction).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.iter()
            .filter_map(|id| runs.iter().find(|r| &*r.transaction == *id))
            .collect()
    }

    #[test]
    fn first_runs_are_each_transactions_first_whatever_the_order() {
        let r = compute_prices(PriceBook::shipped(), &Quote::example()).unwrap();
        let mut runs = r.paths.mosp.runs.clone();
        assert!(
            runs.len() > plain(&runs).len(),
            "some transaction has several runs"
        );
        let same = |runs: &[ChargeRun]| {
            let (a, b) = (first_runs(runs), plain(runs));
            a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| std::ptr::eq(*x, *y))
        };
        assert!(same(&runs), "as the engine orders them");
        runs.reverse();
        assert!(same(&runs), "reversed");
        runs.sort_by_key(|r| r.from_month);
        assert!(same(&runs), "interleaved by month");
    }

    #[test]
    fn a_rows_first_costs_are_its_first_runs_on_each_plan() {
        let r = compute_prices(PriceBook::shipped(), &Quote::example()).unwrap();
        let costs = first_costs(&r);
        for t in &Quote::example().transactions {
            let first = |runs: &[ChargeRun]| runs.iter().find(|x| *x.transaction == *t.id).cloned();
            let (m, e) = (first(&r.paths.mosp.runs), first(&r.paths.ea.runs));
            match (m, e) {
                (Some(m), Some(e)) => {
                    let c = costs.get(&t.id).expect("a cost for each priced row");
                    assert_eq!((c.month, c.mosp, c.ea), (m.from_month, m.amount, e.amount));
                    assert!(c.mosp_tier == m.tier && c.ea_tier == e.tier);
                }
                _ => assert!(costs.get(&t.id).is_none()),
            }
        }
    }
}
