//! The customer's short form: which services, how many users and PCs, an agreement and
//! its qualified count, Software Assurance. Each answer is spread over the quote by
//! `edit::form`, so switching to partner mode shows the same quote in full.

use crate::components::common::field::{Field, COUNT};
use crate::components::common::lazy::{nothing, shown};
use crate::components::common::text::TermButton;
use crate::edit::form;
use crate::ids;
use crate::state::{AppState, Mode};
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt, Term};
use licalc_engine::{Agreement, Rule, Unit};

#[component]
pub fn CustomerForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let read = Memo::new(move |_| state.quote.with(|q| form::read(q, &state.book())));
    // The counts the form remembers while no service of their unit is chosen.
    let users = RwSignal::new(read.with_untracked(|f| f.users.unwrap_or(0)));
    let pcs = RwSignal::new(read.with_untracked(|f| f.pcs.unwrap_or(0)));
    Effect::new(move |_| {
        state.epoch.track();
        read.with_untracked(|f| {
            users.set(f.users.unwrap_or(users.get_untracked()));
            pcs.set(f.pcs.unwrap_or(pcs.get_untracked()));
        });
    });
    let count = move |u: Unit| match u {
        Unit::User => users,
        Unit::Device => pcs,
    };
    let set_count = move |u: Unit| {
        move |n: u32| {
            count(u).set(n);
            state.edit(|q| form::set_count(q, &state.book(), u, n));
        }
    };
    view! {
        <section class="panel customer-form" role=super::answer::landmark(state) aria-labelledby="cf-heading">
            <h2 id="cf-heading">"Your organisation"</h2>
            <Services users pcs />
            <div class="grid">
                <Field id=ids::form::USERS label="How many users?" value=Signal::derive(move || users.get()) kind=COUNT on_commit=set_count(Unit::User) rule=Rule::P3 hint="People who use the online services." />
                <Field id=ids::form::PCS label="How many PCs?" value=Signal::derive(move || pcs.get()) kind=COUNT on_commit=set_count(Unit::Device) rule=Rule::I1 hint="Devices managed with Windows Intune." />
            </div>
            <Agreements />
            <div class="grid">
                <Field id=ids::form::SA_PCS label="PCs with Windows Software Assurance" value=Signal::derive(move || read.with(|f| f.sa_pcs)) kind=COUNT on_commit=move |n| state.edit(|q| form::set_sa_pcs(q, &state.book(), n)) rule=Rule::I3 hint="Each gets a monthly credit off Windows Intune." />
                <Field id=ids::form::STEP_UP label="Users already licensed with Software Assurance" value=Signal::derive(move || read.with(|f| f.step_up)) kind=COUNT on_commit=move |n| state.edit(|q| form::set_step_up(q, &state.book(), n)) rule=Rule::P5 hint="On an EA they pay the lower Step-Up price." />
            </div>
            <p class="hint">"Terms: " <TermButton term=Term::StepUp /> ", " <TermButton term=Term::SaCredit /> ", " <TermButton term=Term::Mosp /> ", " <TermButton term=Term::Ea /> "."</p>
            {shown(move || !read.with(|f| f.simple) && state.quote.with(|q| !q.transactions.is_empty()), move || view! {
                <p class="note" role="note">
                    "This quote has more detail than this form shows (several purchases of a service, or changes over time). The answer covers all of it; "
                    <button type="button" class="link" on:click=move |_| state.mode.set(Mode::Partner)>"see it in partner mode"</button>
                    "."
                </p>
            }.into_any(), nothing)}
        </section>
    }
}

/// The services on offer (all of the price book's, or those the host chose), with price.
#[component]
fn Services(users: RwSignal<u32>, pcs: RwSignal<u32>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = Memo::new(move |_| {
        state.quote.with(|q| {
            q.transactions
                .iter()
                .map(|t| t.service.clone())
                .collect::<Vec<_>>()
        })
    });
    let offered = move || {
        let book = state.book();
        let only = state.config.with(|c| c.services.clone());
        let fmt = state.fmt();
        book.services
            .iter()
            .filter(|s| only.is_empty() || only.contains(&s.id))
            .map(|s| {
                let id = s.id.clone();
                let on = id.clone();
                let dom = format!("cf-service-{}", ids::key(&s.id));
                let price = format!("{} {} a month", fmt.money(s.list_price.value), describe::per_unit(s.unit));
                view! {
                    <li>
                        <input type="checkbox" id=dom.clone() prop:checked=move || chosen.with(|c| c.contains(&on))
                            on:change=move |ev| {
                                let checked = event_target_checked(&ev);
                                state.edit(|q| form::set_service(q, &state.book(), &id, checked, users.get_untracked(), pcs.get_untracked()));
                            } />
                        <label for=dom>{s.name.clone()} <span class="price">{price}</span></label>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="services-choice">
            <legend>"Which services?"</legend>
            <ul>{offered}</ul>
        </fieldset>
    }
}

#[component]
fn Agreements() -> impl IntoView {
    let state = expect_context::<AppState>();
    let agreement = Memo::new(move |_| state.quote.with(|q| q.customer.agreement));
    view! {
        <div class="grid">
            <div class="field">
                <label for="cf-agreement">"Do you have a volume licensing agreement?"</label>
                <select id="cf-agreement" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(a) = Agreement::ALL.into_iter().find(|a| a.id() == v) {
                        state.edit(|q| q.customer.agreement = a);
                    }
                }>
                    {Agreement::ALL.into_iter().map(|a| view! { <option value=a.id() prop:selected=move || agreement.get() == a>{describe::agreement(a)}</option> }).collect_view()}
                </select>
            </div>
            <Field id=ids::form::QUALIFIED label="Qualified users or devices in it" value=Signal::derive(move || state.quote.with(|q| q.customer.qualified)) kind=COUNT
                on_commit=move |n| state.edit(|q| q.customer.qualified = n) rule=Rule::P4 hint="An EA needs 250 or more; more gives a lower price level." />
        </div>
    }
}
