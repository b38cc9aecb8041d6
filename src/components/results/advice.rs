//! The engine's advice (C4 suites, P2/I2 volume cliffs), worded by `describe`.

use crate::components::common::text::TextView;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe;

#[component]
pub fn AdvicePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = move || {
        state.read(|r| {
            r.advice
                .iter()
                .map(|a| view! { <li><p><TextView text=describe::advice(a) /></p><p class="saving"><strong><TextView text=describe::advice_saving(a) /></strong></p></li> })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="advice" aria-labelledby="advice-heading">
            <h3 id="advice-heading">"Advice"</h3>
            {move || {
                let items = list();
                if items.is_empty() {
                    view! { <p>"No saving found: no suite is bought as separate components and no quantity sits just below a cheaper volume band."</p> }.into_any()
                } else {
                    view! { <ul class="advice-list">{items}</ul> }.into_any()
                }
            }}
        </section>
    }
}
