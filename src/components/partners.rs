//! Partners (F2 eligibility) and Partner of Record assignments (F6): per service or per
//! transaction, each a list of changes "from month m, partner p".

use super::field::{
    described_by, engine_problem, parse_count, parse_optional_count, show_count,
    show_optional_count, Field, FieldMessage,
};
use crate::app::AppState;
use crate::{edit, ids};
use leptos::prelude::*;
use licalc_engine::quote::{Eligibility, MonthRange, PorAssignment, PorChange, PorScope};

#[component]
pub fn PartnersPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let partner_ids = Memo::new(move |_| {
        state
            .quote
            .with(|q| q.partners.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
    });
    view! {
        <section class="panel partners" aria-labelledby="partners-heading">
            <h2 id="partners-heading">"Partners"</h2>
            <p class="hint">
                "A partner earns fees in a month only with an active membership, an accepted partner agreement (MOSPA) and a passed assessment in that month (F2). Leave a month empty for “never”."
            </p>
            <ol class="rows" aria-label="Partners">
                <ForEnumerate
                    each=move || partner_ids.get()
                    key=|id| id.clone()
                    children=move |index, id| view! { <PartnerRow index id /> }
                />
            </ol>
            <button type="button" on:click=move |_| state.edit(edit::add_partner)>"Add partner"</button>
        </section>
        <PorPanel />
    }
}

/// Which part of a partner's eligibility a field edits.
#[derive(Clone, Copy)]
enum Part {
    MembershipFrom,
    MembershipTo,
    AgreementFrom,
    AgreementTo,
    Assessment,
}

impl Part {
    fn get(self, e: &Eligibility) -> Option<u32> {
        match self {
            Part::MembershipFrom => e.membership.map(|r| r.from_month),
            Part::MembershipTo => e.membership.and_then(|r| r.to_month),
            Part::AgreementFrom => e.agreement.map(|r| r.from_month),
            Part::AgreementTo => e.agreement.and_then(|r| r.to_month),
            Part::Assessment => e.assessment_passed_month,
        }
    }

    /// An empty "from" means "never" (no range); an empty "to" means "no end".
    fn set(self, e: &mut Eligibility, v: Option<u32>) {
        fn from(r: &mut Option<MonthRange>, v: Option<u32>) {
            *r = v.map(|f| MonthRange {
                from_month: f,
                to_month: r.and_then(|r| r.to_month),
            });
        }
        fn to(r: &mut Option<MonthRange>, v: Option<u32>) {
            if let Some(r) = r {
                r.to_month = v;
            }
        }
        match self {
            Part::MembershipFrom => from(&mut e.membership, v),
            Part::MembershipTo => to(&mut e.membership, v),
            Part::AgreementFrom => from(&mut e.agreement, v),
            Part::AgreementTo => to(&mut e.agreement, v),
            Part::Assessment => e.assessment_passed_month = v,
        }
    }

    fn dom(self) -> &'static str {
        match self {
            Part::MembershipFrom => "membership-from",
            Part::MembershipTo => "membership-to",
            Part::AgreementFrom => "agreement-from",
            Part::AgreementTo => "agreement-to",
            Part::Assessment => "assessment",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Part::MembershipFrom => "Member from month",
            Part::MembershipTo => "Member until month",
            Part::AgreementFrom => "MOSPA accepted from month",
            Part::AgreementTo => "MOSPA ends after month",
            Part::Assessment => "Assessment passed in month",
        }
    }

    /// The "until" fields mean nothing while their range has no start.
    fn needs(self) -> Option<Part> {
        match self {
            Part::MembershipTo => Some(Part::MembershipFrom),
            Part::AgreementTo => Some(Part::AgreementFrom),
            _ => None,
        }
    }
}

#[component]
fn PartnerRow(index: ReadSignal<usize>, id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let quote = state.quote;
    let partner = {
        let id = id.clone();
        Memo::new(move |_| {
            let i = index.get();
            quote.with(|q| match q.partners.get(i) {
                Some(p) if p.id == id => Some(p.clone()),
                _ => q.partners.iter().find(|p| p.id == id).cloned(),
            })
        })
    };
    let name = Memo::new(move |_| {
        partner.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default())
    });
    let name_id = ids::partner(&id, "name");
    let on_name = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            state.edit(|q| {
                if let Some(p) = q.partners.iter_mut().find(|p| p.id == id) {
                    p.name = v;
                }
            });
        }
    };
    let field = {
        let id = id.clone();
        move |part: Part| {
            let edit_id = id.clone();
            view! {
                <Field
                    id=ids::partner(&id, part.dom())
                    label=part.label()
                    value=Signal::derive(move || partner.with(|p| p.as_ref().and_then(|p| part.get(&p.eligibility))))
                    parse=parse_optional_count
                    show=show_optional_count
                    on_commit=move |v| {
                        state.edit(|q| {
                            if let Some(p) = q.partners.iter_mut().find(|p| p.id == edit_id) {
                                part.set(&mut p.eligibility, v);
                            }
                        })
                    }
                    rule="F2"
                    disabled=Signal::derive(move || {
                        part.needs().is_some_and(|n| partner.with(|p| p.as_ref().is_none_or(|p| n.get(&p.eligibility).is_none())))
                    })
                    class="month"
                />
            }
        }
    };
    let remove = id.clone();
    let legend = move || {
        let n = name.get();
        if n.trim().is_empty() {
            format!(
                "Partner {}",
                partner.with(|p| p.as_ref().map(|p| p.id.clone()).unwrap_or_default())
            )
        } else {
            n
        }
    };
    view! {
        <li class="row">
            <fieldset>
                <legend>{legend}</legend>
                <div class="grid">
                    <div class="field wide">
                        <label for=name_id.clone()>"Partner name"</label>
                        <input id=name_id type="text" prop:value=move || name.get() on:input=on_name />
                    </div>
                    {field(Part::MembershipFrom)}
                    {field(Part::MembershipTo)}
                    {field(Part::AgreementFrom)}
                    {field(Part::AgreementTo)}
                    {field(Part::Assessment)}
                </div>
                <div class="actions">
                    <button type="button" class="danger" on:click=move |_| state.edit(|q| edit::remove_partner(q, &remove))>
                        "Remove"
                        <span class="visually-hidden">{move || format!(" partner {}", legend())}</span>
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

/// The scopes a POR assignment can cover: every service with a transaction, every transaction.
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

#[component]
fn PorPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| state.quote.with(|q| q.por.len()));
    // What "Add" assigns: the first service the quote buys with no assignment yet, then
    // a transaction, then any service of the price book.
    let book = state.book();
    let free_scope = Memo::new(move |_| {
        state.quote.with(|q| {
            let taken = |s: &PorScope| q.por.iter().any(|a| &a.scope == s);
            q.transactions
                .iter()
                .map(|t| PorScope::Service(t.service.clone()))
                .chain(
                    q.transactions
                        .iter()
                        .map(|t| PorScope::Transaction(t.id.clone())),
                )
                .chain(
                    book.services
                        .iter()
                        .map(|s| PorScope::Service(s.id.clone())),
                )
                .find(|s| !taken(s))
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
    // What the "one transaction" options show; changes only when a transaction is added,
    // removed, or changes service or start month, not on every keystroke.
    let transactions = Memo::new(move |_| {
        state.quote.with(|q| {
            q.transactions
                .iter()
                .map(|t| (t.id.clone(), t.service.clone(), t.start_month))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel por" aria-labelledby="por-heading">
            <h2 id="por-heading">"Partner of Record"</h2>
            <p class="hint">
                "Who is Partner of Record (POR), per service or per transaction; a transaction's own assignment takes precedence (F6). "
                "A change takes effect from the start of its month. The transaction fee goes to the POR when a transaction started, for its first year (F3); "
                "the residual fee to each month's POR (F4)."
            </p>
            <ol class="rows" aria-label="POR assignments">
                <For each=move || 0..count.get() key=|i| *i children=move |i| view! { <PorRow i transactions /> } />
            </ol>
            <button type="button" on:click=add disabled=move || free_scope.with(Option::is_none)>
                "Add POR assignment"
            </button>
        </section>
    }
}

#[component]
fn PorRow(i: usize, transactions: Memo<Vec<(String, String, u32)>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let quote = state.quote;
    let book = state.book();
    let assignment = Memo::new(move |_| quote.with(|q| q.por.get(i).cloned()));
    let changes =
        Memo::new(move |_| assignment.with(|a| a.as_ref().map_or(0, |a| a.changes.len())));
    let scope = Memo::new(move |_| {
        assignment.with(|a| {
            a.as_ref()
                .map(|a| scope_value(&a.scope))
                .unwrap_or_default()
        })
    });
    // The options: every service of the price book (a POR may wait for a service not
    // bought yet, F6) and every transaction of the quote.
    let services: Vec<(String, String)> = book
        .services
        .iter()
        .map(|s| (format!("service:{}", s.id), format!("Service: {}", s.name)))
        .collect();
    let options = Memo::new(move |_| {
        transactions.with(|list| {
            let transactions: Vec<(String, String)> = list
                .iter()
                .map(|(id, service, start)| {
                    let name = book
                        .service(service)
                        .map_or(service.clone(), |s| s.name.clone());
                    (
                        format!("transaction:{id}"),
                        format!("Transaction {id}: {name}, from month {start}"),
                    )
                })
                .collect();
            (services.clone(), transactions)
        })
    });
    let scope_id = ids::por_scope(i);
    // Problems about the scope or the list of changes show at the scope picker.
    let scope_error = engine_problem(state, scope_id.clone());
    let scope_error_id = format!("{scope_id}-error");
    let scope_desc = described_by(None, scope_error_id.clone(), scope_error);
    let option_views = move |list: Vec<(String, String)>| {
        list.into_iter()
            .map(|(v, text)| {
                let sel = v.clone();
                view! { <option value=v prop:selected=move || scope.with(|s| *s == sel)>{text}</option> }
            })
            .collect_view()
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
    let label = move || {
        let s = scope.get();
        options.with(|(sv, tv)| {
            sv.iter()
                .chain(tv)
                .find(|(v, _)| *v == s)
                .map(|(_, t)| t.clone())
                .unwrap_or(s)
        })
    };
    view! {
        <li class="row">
            <fieldset>
                <legend>{move || format!("POR for {}", label())}</legend>
                <div class="field wide" class:invalid=move || scope_error.with(Option::is_some)>
                    <label for=scope_id.clone()>"Covers"</label>
                    <select
                        id=scope_id.clone()
                        aria-describedby=move || scope_desc.get()
                        aria-invalid=move || if scope_error.with(Option::is_some) { "true" } else { "false" }
                        on:change=move |ev| {
                            if let Some(s) = parse_scope(&event_target_value(&ev)) {
                                state.edit(|q| {
                                    if let Some(a) = q.por.get_mut(i) {
                                        a.scope = s;
                                    }
                                });
                            }
                        }
                    >
                        {move || {
                            let (services, transactions) = options.get();
                            let known = services.iter().chain(&transactions).any(|(v, _)| scope.with(|s| s == v));
                            view! {
                                <optgroup label="Every transaction of a service">{option_views(services)}</optgroup>
                                <optgroup label="One transaction">{option_views(transactions)}</optgroup>
                                {(!known).then(|| view! { <option value=scope.get() selected>{format!("{} (not in the quote)", scope.get())}</option> })}
                            }
                        }}
                    </select>
                    <FieldMessage id=scope_error_id error=scope_error />
                </div>
                <ol class="changes" aria-label="Changes">
                    <For each=move || 0..changes.get() key=|j| *j children=move |j| view! { <ChangeRow i j /> } />
                </ol>
                <div class="actions">
                    <button type="button" on:click=add_change>
                        "Add change"
                        <span class="visually-hidden">{move || format!(" to the POR for {}", label())}</span>
                    </button>
                    <button type="button" class="danger" on:click=move |_| state.edit(|q| {
                        if i < q.por.len() {
                            q.por.remove(i);
                        }
                    })>
                        "Remove assignment"
                        <span class="visually-hidden">{move || format!(" for {}", label())}</span>
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

#[component]
fn ChangeRow(i: usize, j: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let quote = state.quote;
    let change =
        Memo::new(move |_| quote.with(|q| q.por.get(i).and_then(|a| a.changes.get(j)).cloned()));
    let partners = Memo::new(move |_| {
        quote.with(|q| {
            q.partners
                .iter()
                .map(|p| {
                    (
                        p.id.clone(),
                        if p.name.trim().is_empty() {
                            p.id.clone()
                        } else {
                            p.name.clone()
                        },
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let selected = Memo::new(move |_| change.with(|c| c.as_ref().and_then(|c| c.partner.clone())));
    let partner_id = ids::por_change(i, j, "partner");
    let partner_error = engine_problem(state, partner_id.clone());
    let partner_error_id = format!("{partner_id}-error");
    let partner_desc = described_by(None, partner_error_id.clone(), partner_error);
    view! {
        <li class="change grid">
            <Field
                id=ids::por_change(i, j, "month")
                label=format!("Change {} from month", j + 1)
                value=Signal::derive(move || change.with(|c| c.as_ref().map_or(0, |c| c.from_month)))
                parse=parse_count
                show=show_count
                on_commit=move |v| state.edit(|q| {
                    if let Some(c) = q.por.get_mut(i).and_then(|a| a.changes.get_mut(j)) {
                        c.from_month = v;
                    }
                })
                rule="F6"
            />
            <div class="field" class:invalid=move || partner_error.with(Option::is_some)>
                <label for=partner_id.clone()>{format!("Change {} partner", j + 1)}</label>
                <select
                    id=partner_id.clone()
                    aria-describedby=move || partner_desc.get()
                    aria-invalid=move || if partner_error.with(Option::is_some) { "true" } else { "false" }
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let partner = (!v.is_empty()).then_some(v);
                        state.edit(|q| {
                            if let Some(c) = q.por.get_mut(i).and_then(|a| a.changes.get_mut(j)) {
                                c.partner = partner;
                            }
                        });
                    }
                >
                    <option value="" prop:selected=move || selected.with(Option::is_none)>"No POR"</option>
                    {move || {
                        partners
                            .get()
                            .into_iter()
                            .map(|(id, name)| {
                                let sel = id.clone();
                                view! { <option value=id prop:selected=move || selected.with(|s| s.as_deref() == Some(sel.as_str()))>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <FieldMessage id=partner_error_id error=partner_error />
            </div>
            <div class="actions">
                <button type="button" class="danger" on:click=move |_| state.edit(|q| {
                    if let Some(a) = q.por.get_mut(i) {
                        if j < a.changes.len() {
                            a.changes.remove(j);
                        }
                    }
                })>
                    "Remove"
                    <span class="visually-hidden">{format!(" change {}", j + 1)}</span>
                </button>
            </div>
        </li>
    }
}
