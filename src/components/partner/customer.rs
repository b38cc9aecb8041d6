//! The customer: name and agreement (P1), qualified users or devices and their true-ups
//! (P4, T5), the calendar start (T2), horizon (T1) and an optional cancellation (F8).

use crate::components::common::each::by_index;
use crate::components::common::field::{Field, COUNT, OPTIONAL_COUNT};
use crate::components::common::lazy::{nothing, shown};
use crate::components::common::text::{RuleButton, TermButton};
use crate::edit;
use crate::ids;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Term};
use licalc_engine::quote::MAX_HORIZON;
use licalc_engine::{Agreement, Rule};

const HORIZONS: [u32; 5] = [12, 24, 36, 60, 120];

#[component]
pub fn CustomerPanel() -> impl IntoView {
    view! {
        <section class="panel customer" aria-labelledby="customer-heading">
            <h2 id="customer-heading">"Customer"</h2>
            <div class="grid">
                <NameAndAgreement />
                <Qualified />
                <Dates />
            </div>
            <TrueUps />
        </section>
    }
}

#[component]
fn NameAndAgreement() -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = Memo::new(move |_| state.quote.with(|q| q.customer.name.clone()));
    let agreement = Memo::new(move |_| state.quote.with(|q| q.customer.agreement));
    view! {
        <div class="field wide">
            <label for="customer-name">"Customer name"</label>
            <input id="customer-name" type="text" maxlength="200" autocomplete="organization" prop:value=move || name.get()
                on:input=move |ev| { let v = event_target_value(&ev); state.edit(|q| q.customer.name = v); } />
        </div>
        <div class="field wide">
            <label for="customer-agreement">"Agreement"</label>
            <select id="customer-agreement" aria-describedby="customer-agreement-hint" on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(a) = Agreement::ALL.into_iter().find(|a| a.id() == v) {
                    state.edit(|q| q.customer.agreement = a);
                }
            }>
                {Agreement::ALL.into_iter().map(|a| view! { <option value=a.id() prop:selected=move || agreement.get() == a>{describe::agreement(a)}</option> }).collect_view()}
            </select>
            <p class="hint" id="customer-agreement-hint">
                "With an agreement, services can be bought through it (" <RuleButton rule=Rule::P1 /> "); without one, the " <TermButton term=Term::Ea /> " column is a " <TermButton term=Term::WhatIf text="what-if" /> "."
            </p>
        </div>
    }
}

#[component]
fn Qualified() -> impl IntoView {
    let state = expect_context::<AppState>();
    let hint = {
        let levels: Vec<String> = state
            .book()
            .ea_levels
            .iter()
            .map(|l| format!("{} from {}", l.name, l.from))
            .collect();
        format!(
            "Sets the EA price level in EA year 1: {}.",
            levels.join(", ")
        )
    };
    view! {
        <Field
            id=ids::CUSTOMER_QUALIFIED
            label="Qualified users or devices"
            value=Signal::derive(move || state.quote.with(|q| q.customer.qualified))
            kind=COUNT
            on_commit=move |v| state.edit(|q| q.customer.qualified = v)
            rule=Rule::P4
            hint=hint
        />
    }
}

#[component]
fn Dates() -> impl IntoView {
    let state = expect_context::<AppState>();
    let horizon = Memo::new(move |_| state.quote.with(|q| q.horizon_months));
    // "Custom" stays chosen once picked, even if the typed value matches a preset.
    let custom = RwSignal::new(!HORIZONS.contains(&horizon.get_untracked()));
    Effect::new(move |_| {
        if !HORIZONS.contains(&horizon.get()) {
            custom.set(true);
        }
    });
    let start = Memo::new(move |_| {
        state
            .quote
            .with(|q| q.start.map(|s| s.to_string()).unwrap_or_default())
    });
    view! {
        <div class="field">
            <label for=ids::START>"Starts in (month, year)"</label>
            <input id=ids::START type="month" aria-describedby="quote-start-hint" prop:value=move || start.get()
                on:change=move |ev| { let v = event_target_value(&ev); state.edit(|q| q.start = v.parse().ok()); } />
            <p class="hint" id="quote-start-hint">"Month 1 of the quote; tables then show real months (" <RuleButton rule=Rule::T2 /> ")."</p>
        </div>
        <div class="field">
            <label for="horizon">"Horizon"</label>
            <select id="horizon" on:change=move |ev| {
                let v = event_target_value(&ev);
                if v == "custom" {
                    custom.set(true);
                } else if let Ok(m) = v.parse::<u32>() {
                    custom.set(false);
                    state.edit(|q| q.horizon_months = m);
                }
            }>
                {HORIZONS.into_iter().map(|m| view! { <option value=m.to_string() prop:selected=move || !custom.get() && horizon.get() == m>{format!("{m} months")}</option> }).collect_view()}
                <option value="custom" prop:selected=move || custom.get()>"Custom…"</option>
            </select>
        </div>
        {shown(move || custom.get(), move || view! {
            <Field
                id=ids::HORIZON_MONTHS
                label="Horizon in months"
                value=Signal::derive(move || horizon.get())
                kind=COUNT
                on_commit=move |v| state.edit(|q| q.horizon_months = v)
                rule=Rule::T1
                hint=format!("Whole billing months, 1 to {MAX_HORIZON}.")
            />
        }.into_any(), nothing)}
        <Field
            id=ids::CUSTOMER_CANCEL
            label="Cancels at month (optional)"
            value=Signal::derive(move || state.quote.with(|q| q.customer.cancel_month))
            kind=OPTIONAL_COUNT
            on_commit=move |v| state.edit(|q| q.customer.cancel_month = v)
            rule=Rule::F8
            hint="Pays nothing from this month on and no fees accrue. Empty: no cancellation."
        />
    }
}

/// T5: the qualified count from later EA years on.
#[component]
fn TrueUps() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| state.quote.with(|q| q.customer.true_ups.len()));
    let row = move |j: usize| {
        let get = move |f: fn(&licalc_engine::quote::TrueUp) -> u32| {
            Signal::derive(move || {
                state
                    .quote
                    .with(|q| q.customer.true_ups.get(j).map_or(0, f))
            })
        };
        let set = move |f: fn(&mut licalc_engine::quote::TrueUp, u32)| {
            move |v| {
                state.edit(|q| {
                    if let Some(t) = q.customer.true_ups.get_mut(j) {
                        f(t, v)
                    }
                })
            }
        };
        view! {
            <li class="change grid">
                <Field id=ids::true_up(j, "ea_year") label=format!("True-up {}: from EA year", j + 1) value=get(|t| t.ea_year) kind=COUNT on_commit=set(|t, v| t.ea_year = v) rule=Rule::T5 />
                <Field id=ids::true_up(j, "qualified") label=format!("True-up {}: qualified", j + 1) value=get(|t| t.qualified) kind=COUNT on_commit=set(|t, v| t.qualified = v) rule=Rule::T5 />
                <div class="actions"><button type="button" class="danger" on:click=move |_| state.edit(|q| edit::remove_true_up(q, j))>"Remove" <span class="visually-hidden">{format!(" true-up {}", j + 1)}</span></button></div>
            </li>
        }
    };
    view! {
        <h3>"EA true-ups"</h3>
        <p class="hint">"The qualified count at an EA anniversary; a year without one keeps the year before's (" <RuleButton rule=Rule::T5 /> ")."</p>
        <ol class="changes" aria-label="EA true-ups">
            {by_index(move || 0..count.get(), move |j| row(j).into_any())}
        </ol>
        <button type="button" class="small" on:click=move |_| state.edit(edit::add_true_up)>"Add a true-up"</button>
    }
}
