//! Partner of Record assignments (F6): per service or per transaction, each a list of
//! changes "from month m, partner p".

use crate::components::common::each::by_index;
use crate::components::common::field::{Choice, Field, COUNT};
use crate::components::common::pager::{Pager, Pages};
use crate::components::common::text::RuleButton;
use crate::ids;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::quote::{PorAssignment, PorChange, PorScope};
use licalc_engine::Rule;

/// A scope as a select's value and back: `service:<id>`, `transaction:<id>`.
fn scope_value(s: &PorScope) -> String {
    match s {
        PorScope::Service(s) => format!("service:{s}"),
        PorScope::Transaction(t) => format!("transaction:{t}"),
    }
}

fn parse_scope(v: &str) -> Option<PorScope> {
    if let Some(s) = v.strip_prefix("service:") {
        Some(PorScope::Service(s.to_string()))
    } else {
        v.strip_prefix("transaction:")
            .map(|t| PorScope::Transaction(t.to_string()))
    }
}

/// What the POR panel reads of a transaction: its id, service and start month.
#[derive(Clone, PartialEq)]
struct RowShape {
    id: String,
    service: String,
    start_month: u32,
}

/// The transactions' [`RowShape`]s, compared with the last ones in place: a keystroke in
/// a quantity (most edits) changes none, and the panel's options, a list of every
/// transaction in words, are not written again for it.
fn row_shapes(state: AppState) -> Memo<Vec<RowShape>> {
    Memo::new_owning(move |old: Option<Vec<RowShape>>| {
        state.quote.with(|q| {
            let same = |r: &RowShape, t: &licalc_engine::quote::Transaction| {
                r.id == t.id && r.service == t.service && r.start_month == t.start_month
            };
            match old {
                Some(old)
                    if old.len() == q.transactions.len()
                        && old.iter().zip(&q.transactions).all(|(r, t)| same(r, t)) =>
                {
                    (old, false)
                }
                _ => {
                    let now = q.transactions.iter().map(|t| RowShape {
                        id: t.id.clone(),
                        service: t.service.clone(),
                        start_month: t.start_month,
                    });
                    (now.collect(), true)
                }
            }
        })
    })
}

#[component]
pub fn PorPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| state.quote.with(|q| q.por.len()));
    let rows = row_shapes(state);
    let scopes = Memo::new(move |_| {
        state
            .quote
            .with(|q| q.por.iter().map(|a| a.scope.clone()).collect::<Vec<_>>())
    });
    // What "Add" assigns: the first service the quote buys with no assignment yet, then
    // a transaction, then any service of the price book.
    let free_scope = Memo::new(move |_| {
        let book = state.book.get();
        scopes.with(|taken| {
            rows.with(|rows| {
                rows.iter()
                    .map(|t| PorScope::Service(t.service.clone()))
                    .chain(rows.iter().map(|t| PorScope::Transaction(t.id.clone())))
                    .chain(
                        book.services
                            .iter()
                            .map(|s| PorScope::Service(s.id.clone())),
                    )
                    .find(|s| !taken.contains(s))
            })
        })
    });
    let add = move |_| {
        if let Some(scope) = free_scope.get_untracked() {
            state.edit(|q| {
                let partner = q.partners.first().map(|p| p.id.clone());
                q.por.push(PorAssignment {
                    scope,
                    changes: vec![PorChange {
                        from_month: 1,
                        partner,
                    }],
                });
            });
        }
    };
    // The scope options change only when a transaction is added, removed or changes
    // service or start month, not on every keystroke.
    let options = Memo::new(move |_| {
        let book = state.book.get();
        let services = book
            .services
            .iter()
            .map(|s| (format!("service:{}", s.id), format!("Service: {}", s.name)));
        let transactions: Vec<(String, String)> = rows.with(|rows| {
            rows.iter()
                .map(|t| {
                    let name = book
                        .service(&t.service)
                        .map_or(t.service.clone(), |s| s.name.clone());
                    (
                        format!("transaction:{}", t.id),
                        format!("Transaction {}: {name}, from month {}", t.id, t.start_month),
                    )
                })
                .collect()
        });
        services.chain(transactions).collect::<Vec<_>>()
    });
    let pages = Pages::new(20);
    view! {
        <section class="panel por" aria-labelledby="por-heading">
            <h2 id="por-heading">"Partner of Record"</h2>
            <p class="hint">
                "Who is Partner of Record (POR), per service or per transaction; a transaction's own assignment takes precedence (" <RuleButton rule=Rule::F6 /> "). "
                "A change takes effect from the start of its month. The transaction fee goes to the POR when a transaction started, for its first year (" <RuleButton rule=Rule::F3 /> "); the residual fee to each month's POR (" <RuleButton rule=Rule::F4 /> ")."
            </p>
            <ol class="rows" aria-label="POR assignments">
                {by_index(move || pages.range(count.get()), move |i| view! { <PorRow i options /> }.into_any())}
            </ol>
            <Pager pages len=count label="Pages of POR assignments" what="assignments" />
            <button type="button" on:click=add disabled=move || free_scope.with(Option::is_none)>"Add POR assignment"</button>
        </section>
    }
}

#[component]
fn PorRow(i: usize, options: Memo<Vec<(String, String)>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let assignment = Memo::new(move |_| state.quote.with(|q| q.por.get(i).cloned()));
    let changes =
        Memo::new(move |_| assignment.with(|a| a.as_ref().map_or(0, |a| a.changes.len())));
    let scope = Memo::new(move |_| {
        assignment.with(|a| {
            a.as_ref()
                .map(|a| scope_value(&a.scope))
                .unwrap_or_default()
        })
    });
    let label = move || {
        let s = scope.get();
        options.with(|o| {
            o.iter()
                .find(|(v, _)| *v == s)
                .map(|(_, t)| t.clone())
                .unwrap_or(s)
        })
    };
    let add_change = move |_| {
        state.edit(|q| {
            let h = q.horizon_months;
            if let Some(a) = q.por.get_mut(i) {
                let from_month = a
                    .changes
                    .last()
                    .map_or(1, |c| c.from_month.saturating_add(1))
                    .min(h.max(1));
                let partner = a.changes.last().and_then(|c| c.partner.clone());
                a.changes.push(PorChange {
                    from_month,
                    partner,
                });
            }
        })
    };
    view! {
        <li class="row">
            <fieldset>
                <legend>{move || format!("POR for {}", label())}</legend>
                <div class="wide">
                    <Choice
                        id=ids::por_scope(i)
                        label="Covers"
                        options=options
                        selected=scope
                        on_change=move |v| {
                            if let Some(s) = parse_scope(&v) {
                                state.edit(|q| { if let Some(a) = q.por.get_mut(i) { a.scope = s } });
                            }
                        }
                    />
                </div>
                <ol class="changes" aria-label="Changes">
                    {by_index(move || 0..changes.get(), move |j| view! { <ChangeRow i j /> }.into_any())}
                </ol>
                <div class="actions">
                    <button type="button" on:click=add_change>"Add change" <span class="visually-hidden">{move || format!(" to the POR for {}", label())}</span></button>
                    <button type="button" class="danger" on:click=move |_| state.edit(|q| { if i < q.por.len() { q.por.remove(i); } })>
                        "Remove assignment" <span class="visually-hidden">{move || format!(" for {}", label())}</span>
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

#[component]
fn ChangeRow(i: usize, j: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let change = Memo::new(move |_| {
        state
            .quote
            .with(|q| q.por.get(i).and_then(|a| a.changes.get(j)).cloned())
    });
    let partners = Memo::new(move |_| {
        let mut list = vec![(String::new(), "No POR".to_string())];
        state.quote.with(|q| {
            list.extend(
                q.partners
                    .iter()
                    .map(|p| (p.id.clone(), p.display_name().to_string())),
            )
        });
        list
    });
    let selected = Memo::new(move |_| {
        change.with(|c| {
            c.as_ref()
                .and_then(|c| c.partner.clone())
                .unwrap_or_default()
        })
    });
    let edit = move |f: Box<dyn FnOnce(&mut PorChange)>| {
        state.edit(|q| {
            if let Some(c) = q.por.get_mut(i).and_then(|a| a.changes.get_mut(j)) {
                f(c)
            }
        })
    };
    view! {
        <li class="change grid">
            <Field
                id=ids::por_change(i, j, "month")
                label=format!("Change {} from month", j + 1)
                value=Signal::derive(move || change.with(|c| c.as_ref().map_or(0, |c| c.from_month)))
                kind=COUNT
                on_commit=move |v| edit(Box::new(move |c| c.from_month = v))
                rule=Rule::F6
            />
            <Choice
                id=ids::por_change(i, j, "partner")
                label=format!("Change {} partner", j + 1)
                options=partners
                selected=selected
                on_change=move |v| edit(Box::new(move |c| c.partner = (!v.is_empty()).then_some(v)))
            />
            <div class="actions">
                <button type="button" class="danger" on:click=move |_| state.edit(|q| { if let Some(a) = q.por.get_mut(i) { if j < a.changes.len() { a.changes.remove(j); } } })>
                    "Remove" <span class="visually-hidden">{format!(" change {}", j + 1)}</span>
                </button>
            </div>
        </li>
    }
}
