//! The customer: name, agreement, qualified users or devices (P4), horizon (T1) and an
//! optional cancellation month (F8).

use super::field::{parse_count, parse_optional_count, show_count, show_optional_count, Field};
use crate::app::AppState;
use crate::ids;
use leptos::prelude::*;
use licalc_engine::quote::MAX_HORIZON;
use licalc_engine::Agreement;

const HORIZONS: [u32; 4] = [12, 24, 36, 60];

#[component]
pub fn CustomerPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let quote = state.quote;
    // The levels of the price book in use (a loaded book may set others).
    let levels_hint = {
        let levels = state
            .book()
            .ea_levels
            .iter()
            .map(|l| format!("{} from {}", l.name, crate::format::count(l.from)))
            .collect::<Vec<_>>();
        format!("Sets the EA price level: {} (P4).", levels.join(", "))
    };
    let name = Memo::new(move |_| quote.with(|q| q.customer.name.clone()));
    let agreement = Memo::new(move |_| quote.with(|q| q.customer.agreement));
    let horizon = Memo::new(move |_| quote.with(|q| q.horizon_months));
    // "Custom" stays chosen once picked, even if the typed value matches a preset.
    let custom = RwSignal::new(!HORIZONS.contains(&horizon.get_untracked()));
    Effect::new(move |_| {
        if !HORIZONS.contains(&horizon.get()) {
            custom.set(true);
        }
    });

    view! {
        <fieldset class="panel customer">
            <legend><h2>"Customer"</h2></legend>
            <div class="grid">
                <div class="field wide">
                    <label for="customer-name">"Customer name"</label>
                    <input
                        id="customer-name"
                        type="text"
                        autocomplete="organization"
                        prop:value=move || name.get()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            state.edit(|q| q.customer.name = v);
                        }
                    />
                </div>
                <div class="field wide">
                    <label for="customer-agreement">"Agreement"</label>
                    <select
                        id="customer-agreement"
                        aria-describedby="customer-agreement-hint"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(a) = Agreement::ALL.into_iter().find(|a| a.id() == v) {
                                state.edit(|q| q.customer.agreement = a);
                            }
                        }
                    >
                        {Agreement::ALL
                            .into_iter()
                            .map(|a| {
                                view! {
                                    <option value=a.id() prop:selected=move || agreement.get() == a>
                                        {a.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint" id="customer-agreement-hint">
                        "Without an agreement the EA column is a what-if (P4)."
                    </p>
                </div>
                <Field
                    id=ids::CUSTOMER_QUALIFIED
                    label="Qualified users or devices"
                    value=Signal::derive(move || quote.with(|q| q.customer.qualified))
                    parse=parse_count
                    show=show_count
                    on_commit=move |v| state.edit(|q| q.customer.qualified = v)
                    rule="P4"
                    hint=levels_hint.clone()
                />
                <div class="field">
                    <label for="horizon">"Horizon"</label>
                    <select
                        id="horizon"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if v == "custom" {
                                custom.set(true);
                            } else if let Ok(m) = v.parse::<u32>() {
                                custom.set(false);
                                state.edit(|q| q.horizon_months = m);
                            }
                        }
                    >
                        {HORIZONS
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option value=m.to_string() prop:selected=move || !custom.get() && horizon.get() == m>
                                        {format!("{m} months")}
                                    </option>
                                }
                            })
                            .collect_view()}
                        <option value="custom" prop:selected=move || custom.get()>
                            "Custom…"
                        </option>
                    </select>
                </div>
                <Show when=move || custom.get()>
                    <Field
                        id=ids::HORIZON_MONTHS
                        label="Horizon in months"
                        value=Signal::derive(move || quote.with(|q| q.horizon_months))
                        parse=parse_count
                        show=show_count
                        on_commit=move |v| state.edit(|q| q.horizon_months = v)
                        rule="T1"
                        hint=format!("Whole billing months, 1 to {MAX_HORIZON} (T1).")
                    />
                </Show>
                <Field
                    id=ids::CUSTOMER_CANCEL
                    label="Cancels at month (optional)"
                    value=Signal::derive(move || quote.with(|q| q.customer.cancel_month))
                    parse=parse_optional_count
                    show=show_optional_count
                    on_commit=move |v| state.edit(|q| q.customer.cancel_month = v)
                    rule="F8"
                    hint="Pays nothing from this month on and no fees accrue (F8). Empty: no cancellation."
                />
            </div>
        </fieldset>
    }
}
