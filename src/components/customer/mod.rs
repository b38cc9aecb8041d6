//! Customer mode: the short form and the answer, nothing else (no fees, no price book,
//! no JSON). The answer comes first on a phone.

pub mod answer;
pub mod form;

use leptos::prelude::*;

#[component]
pub fn CustomerMode() -> impl IntoView {
    view! {
        <div class="customer-layout">
            <answer::CustomerAnswer />
            <form::CustomerForm />
        </div>
    }
}
