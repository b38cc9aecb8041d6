//! Everything computed, as the partner sees it: the plans side by side, the switch plan,
//! advice, charts, partner earnings and the month tables. Customer mode reuses the
//! verdict and the plan cards (`components::customer`).

#[cfg(feature = "partner")]
pub mod advice;
#[cfg(feature = "partner")]
pub mod cards;
#[cfg(feature = "partner")]
pub mod charts;
pub mod explain;
#[cfg(feature = "partner")]
pub mod fees;
#[cfg(feature = "partner")]
pub mod months;
pub mod periods;
pub mod status;
#[cfg(feature = "partner")]
pub mod switch;

#[cfg(feature = "partner")]
use crate::components::common::lazy::shown;
#[cfg(feature = "partner")]
use crate::state::AppState;
#[cfg(feature = "partner")]
use leptos::prelude::*;
#[cfg(feature = "partner")]
use licalc_engine::PathKind;

/// The results section of partner mode.
#[cfg(feature = "partner")]
#[component]
pub fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_result = Memo::new(move |_| state.result.with(Option::is_some));
    view! {
        <section class="panel results" aria-labelledby="results-heading">
            <h2 id="results-heading" tabindex="-1">"Results"</h2>
            <status::StaleNotice />
            {shown(move || has_result.get(), || view! {
                <status::BookInfo />
                <div class="paths">
                    <cards::PathCard kind=PathKind::Mosp />
                    <cards::PathCard kind=PathKind::Ea />
                    <cards::CompareCard />
                </div>
                <switch::SwitchPlan />
                <advice::AdvicePanel />
            }.into_any(), || view! { <p>"No valid quote has been computed yet."</p> }.into_any())}
        </section>
    }
}
