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
            {customer_form()}
        </div>
    }
}

/// On the page, the form is built once the answer is painted, as partner mode's panels
/// are (`AfterFirstFrame`): a page opened from a link shows its answer without waiting
/// for the form's fields; the answer stays where it is when the form comes (beside it
/// or below it). A widget's form is its first content (`licalc-ready` says it is
/// mounted), so a widget builds it at once.
#[cfg(feature = "partner")]
fn customer_form() -> AnyView {
    use crate::components::common::lazy::{AfterFirstFrame, FirstFrame};
    let state = expect_context::<crate::state::AppState>();
    if state.config.with_untracked(|c| c.embedded) {
        return view! { <form::CustomerForm /> }.into_any();
    }
    expect_context::<FirstFrame>().start();
    view! { <AfterFirstFrame><form::CustomerForm /></AfterFirstFrame> }.into_any()
}

#[cfg(not(feature = "partner"))]
fn customer_form() -> AnyView {
    view! { <form::CustomerForm /> }.into_any()
}
