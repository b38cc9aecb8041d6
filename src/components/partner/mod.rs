//! Partner mode: the full calculator. Every input of the quote (transactions and their
//! schedules, partners, Partners of Record, services, the price book) beside every result.

pub mod customer;
pub mod partners;
pub mod por;
pub mod price_book;
pub mod quote_json;
pub mod services;
pub mod transactions;

use crate::components::common::lazy::{AfterFirstFrame, FirstFrame};
use crate::components::results::{charts::Charts, fees::FeesPanel, months::MonthTables, Results};
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn PartnerMode() -> impl IntoView {
    let state = expect_context::<AppState>();
    state.with_fees();
    expect_context::<FirstFrame>().start();
    view! {
        <div class="layout">
            <section class="inputs" aria-labelledby="quote-heading">
                <h2 id="quote-heading" class="visually-hidden">"Quote"</h2>
                <customer::CustomerPanel />
                <AfterFirstFrame>
                    <transactions::TransactionsPanel />
                    <partners::PartnersPanel />
                    <por::PorPanel />
                    <services::ServicesPanel />
                    <price_book::PriceBookPanel />
                    <quote_json::QuoteJson />
                </AfterFirstFrame>
            </section>
            <div class="outputs" class:is-stale=move || state.stale()>
                <Results />
                <AfterFirstFrame>
                    <Charts />
                    <FeesPanel />
                    <MonthTables />
                </AfterFirstFrame>
            </div>
        </div>
    }
}
