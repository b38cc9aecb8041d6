//! What needs attention (V2), soonest first; each line opens the customer's quote at
//! its Partner-of-Record fees, and the quote offers the way back to this line (V3).

use super::{open_customer, Back, Desk, Shared};
use crate::components::common::text::TextView;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe;

#[component]
pub fn Attention() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let built = expect_context::<Memo<Shared>>();
    let state = expect_context::<AppState>();
    let items = move || {
        let partner = desk.partner.get();
        let shared = built.get();
        let b = &shared.0;
        let fmt = b.fmt(&state);
        let list: Vec<_> = b
            .portfolio
            .attention
            .iter()
            .enumerate()
            .filter(|(_, a)| partner.is_empty() || about(b, a.customer, &partner))
            .map(|(n, a)| {
                let customer = b.portfolio.customers[a.customer].name.clone();
                let text = describe::attention(&a.what).capitalised();
                let id = format!("attention-{n}");
                let i = b.index[a.customer];
                let start = Some(b.portfolio.customers[a.customer].start);
                let back = Back { focus: id.clone(), customer: customer.clone(), text: Some(text.clone()), fmt_start: start };
                let shared = shared.clone();
                let label = format!("Open {customer}'s quote at {}", fmt.calendar(a.month));
                view! {
                    <li>
                        <p><strong>{fmt.calendar(a.month)}", "{customer.clone()}": "</strong><TextView text fmt=fmt.clone() /></p>
                        <button type="button" class="small" id=id on:click=move |ev| {
                            if let Some(t) = ev.target() { open_customer(&shared.0, i, Some(back.clone()), &t, "fees-heading") }
                        }>{label}</button>
                    </li>
                }
            })
            .collect();
        if list.is_empty() {
            view! { <p>"Nothing needs attention from this month on."</p> }.into_any()
        } else {
            view! { <ol class="attention-list" aria-label="Needs attention, soonest first">{list}</ol> }.into_any()
        }
    };
    view! {
        <section class="panel attention" aria-labelledby="attention-heading">
            <h2 id="attention-heading" tabindex="-1">"Needs attention"</h2>
            <p class="hint">"From the month chosen above: fees about to go to nobody, first years ending, eligibility ending, and quantities where buying more costs less. Soonest first."</p>
            {items}
        </section>
    }
}

/// Whether a customer's attention lines concern partner `id`: the partner has figures
/// (earned or forfeited) with that customer.
fn about(b: &super::Built, customer: usize, id: &str) -> bool {
    b.portfolio
        .lines
        .iter()
        .any(|l| l.customer == customer && l.partner.as_deref() == Some(id))
}
