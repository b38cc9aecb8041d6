//! Partners and their eligibility (F2, T4): each condition a list of month ranges, so an
//! agreement can lapse and be renewed.

use crate::components::common::each::{by_id, by_index};
use crate::components::common::field::{Field, COUNT, OPTIONAL_COUNT};
use crate::components::common::lazy::{nothing, shown};
use crate::components::common::pager::{Pager, Pages};
use crate::components::common::text::RuleButton;
use crate::state::AppState;
use crate::{edit, ids};
use leptos::prelude::*;
use licalc_engine::describe;
use licalc_engine::quote::{Condition, MonthRange, Partner};
use licalc_engine::Rule;

fn condition_id(c: Condition) -> &'static str {
    match c {
        Condition::Membership => "membership",
        Condition::Agreement => "agreement",
        Condition::Assessment => "assessment",
    }
}

#[component]
pub fn PartnersPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ids = Memo::new(move |_| {
        state
            .quote
            .with(|q| q.partners.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
    });
    let pages = Pages::new(20);
    view! {
        <section class="panel partners" aria-labelledby="partners-heading">
            <h2 id="partners-heading">"Partners"</h2>
            <p class="hint">
                "A partner earns fees in a month only with an active membership, an accepted partner agreement (MOSPA) and a passed assessment in that month (" <RuleButton rule=Rule::F2 /> "). "
                "Each can lapse and be renewed: add another range of months (" <RuleButton rule=Rule::T4 /> "). Leave “until” empty for no end."
            </p>
            <ol class="rows" aria-label="Partners">
                {by_id(move || { let all = ids.get(); let r = pages.range(all.len()); all[r].to_vec() }, move |id| view! { <PartnerRow id /> }.into_any())}
            </ol>
            <Pager pages len=Signal::derive(move || ids.with(Vec::len)) label="Pages of partners" what="partners" />
            <button type="button" on:click=move |_| state.edit(edit::add_partner)>"Add partner"</button>
        </section>
    }
}

fn edit_partner(state: AppState, id: &str, f: impl FnOnce(&mut Partner)) {
    state.edit(|q| {
        if let Some(p) = q.partners.iter_mut().find(|p| p.id == id) {
            f(p);
        }
    })
}

#[component]
fn PartnerRow(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let partner = {
        let id = id.clone();
        Memo::new(move |_| state.quote.with(|q| q.partner(&id).cloned()))
    };
    let legend = move || {
        partner.with(|p| {
            p.as_ref()
                .map(|p| p.display_name().to_string())
                .unwrap_or_default()
        })
    };
    let name_id = ids::partner(&id, "name");
    let (edit_id, remove) = (id.clone(), id.clone());
    view! {
        <li class="row">
            <fieldset>
                <legend>{legend}</legend>
                <div class="field wide">
                    <label for=name_id.clone()>"Partner name"</label>
                    <input id=name_id type="text" maxlength="200" prop:value=move || partner.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default())
                        on:input=move |ev| { let v = event_target_value(&ev); edit_partner(state, &edit_id, |p| p.name = v); } />
                </div>
                {Condition::ALL.into_iter().map(|c| view! { <Ranges partner=id.clone() condition=c data=partner /> }).collect_view()}
                <div class="actions">
                    <button type="button" class="danger" on:click=move |_| state.edit(|q| edit::remove_partner(q, &remove))>
                        "Remove" <span class="visually-hidden">{move || format!(" partner {}", legend())}</span>
                    </button>
                </div>
            </fieldset>
        </li>
    }
}

/// One condition's month ranges: "from month" and "until month" each.
#[component]
fn Ranges(partner: String, condition: Condition, data: Memo<Option<Partner>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| {
        data.with(|p| {
            p.as_ref()
                .map_or(0, |p| p.eligibility.ranges(condition).len())
        })
    });
    let name = describe::condition(condition);
    let cid = condition_id(condition);
    let row = {
        let partner = partner.clone();
        move |j: usize| {
            let range = move || {
                data.with(|p| {
                    p.as_ref()
                        .and_then(|p| p.eligibility.ranges(condition).get(j).copied())
                })
            };
            let set = {
                let partner = partner.clone();
                move |f: fn(&mut MonthRange, Option<u32>)| {
                    let partner = partner.clone();
                    move |v: Option<u32>| {
                        edit_partner(state, &partner, |p| {
                            if let Some(r) = p.eligibility.ranges_mut(condition).get_mut(j) {
                                f(r, v)
                            }
                        })
                    }
                }
            };
            let remove = partner.clone();
            view! {
                <li class="change grid">
                    <Field id=ids::range(&partner, cid, j, "from") label=format!("{}: from month", describe::capital(name)) value=Signal::derive(move || range().map_or(1, |r| r.from_month)) kind=COUNT
                        on_commit={ let s = set(|r, v| r.from_month = v.unwrap_or(1)); move |v: u32| s(Some(v)) } rule=Rule::F2 class="month" />
                    <Field id=ids::range(&partner, cid, j, "to") label=format!("{}: until month", describe::capital(name)) value=Signal::derive(move || range().and_then(|r| r.to_month)) kind=OPTIONAL_COUNT
                        on_commit=set(|r, v| r.to_month = v) rule=Rule::F2 class="month" />
                    <div class="actions"><button type="button" class="danger small" on:click=move |_| state.edit(|q| edit::remove_range(q, &remove, condition, j))>"Remove" <span class="visually-hidden">{format!(" {name} range {}", j + 1)}</span></button></div>
                </li>
            }
        }
    };
    let add = partner.clone();
    view! {
        <fieldset class="ranges">
            <legend>{describe::capital(name)}</legend>
            {shown(move || count.get() == 0, move || view! { <p class="hint">{format!("No {name}: the partner earns no fees.")}</p> }.into_any(), nothing)}
            <ol class="changes" aria-label=format!("{} of partner {partner}", describe::capital(name))>
                {by_index(move || 0..count.get(), { let row = row.clone(); move |j| row(j).into_any() })}
            </ol>
            <button type="button" class="small" on:click=move |_| state.edit(|q| edit::add_range(q, &add, condition))>{format!("Add a range of months for {name}")}</button>
        </fieldset>
    }
}
