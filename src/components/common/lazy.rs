//! Disclosures whose content is built only while open: a result can have thousands of
//! rows, and nobody reads them all at once.

use leptos::prelude::*;

/// A `<details>` built on first open and kept while open.
#[component]
pub fn Lazy(
    #[prop(into)] summary: Signal<String>,
    children: ChildrenFn,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details
            class=format!("lazy {class}")
            on:toggle=move |ev| {
                use leptos::wasm_bindgen::JsCast;
                let is_open = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open());
                open.set(is_open);
            }
        >
            <summary>{move || summary.get()}</summary>
            <div class="details-body">{move || open.get().then(|| children())}</div>
        </details>
    }
}

#[cfg(feature = "partner")]
/// A table that scrolls sideways inside its own box on narrow screens instead of
/// widening the page; focusable so keyboard users can scroll it too.
pub fn scrolling(label: String, table: impl IntoView) -> impl IntoView {
    view! { <div class="table-scroll" tabindex="0" role="region" aria-label=label>{table}</div> }
}
