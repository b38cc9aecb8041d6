//! The floor app: a static heading and a counter that adds 1.10 to a `Decimal`, mounted
//! by Leptos in the browser. `./dev.sh perf` loads it beside the calculator; its value is
//! the "first result" (`#floor-value`, rendered only by the wasm).

use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
fn Counter() -> impl IntoView {
    let total = RwSignal::new(Decimal::new(0, 2));
    let step = Decimal::new(110, 2);
    view! {
        <h1>"Floor: Leptos and rust_decimal"</h1>
        <p>
            <button type="button" on:click=move |_| total.update(|t| *t += step)>"Add 1.10"</button>
            " "
            <output id="floor-value" aria-label="Floor total">{move || total.get().to_string()}</output>
        </p>
    }
}

fn main() {
    leptos::mount::mount_to_body(Counter);
}
