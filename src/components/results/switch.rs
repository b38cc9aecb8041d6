//! The third plan (T6): MOSP now and an EA from a month, its crossing with the other
//! plans, and the search for the month that makes the horizon cheapest. The search runs
//! on a button, never on an edit.

use super::cards::PathCard;
use crate::components::common::field::{Field, COUNT};
use crate::components::common::text::TextView;
use crate::ids;
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::{self, Fmt, Text};
use licalc_engine::plan::{best_switch_month, SwitchSearch};
use licalc_engine::Rule;

#[component]
pub fn SwitchPlan() -> impl IntoView {
    let state = expect_context::<AppState>();
    let month = Memo::new(move |_| state.quote.with(|q| q.switch_month));
    let found: RwSignal<Option<Result<SwitchSearch, String>>> = RwSignal::new(None);
    // A search answers the quote it was made for: an edit makes it out of date.
    Effect::new(move |_| {
        state.quote.track();
        found.set(None);
    });
    let search = move |_| {
        let book = state.book();
        let result = state.quote.with_untracked(|q| best_switch_month(&book, q));
        found.set(Some(result.map_err(|p| {
            p.first()
                .map(|p| describe::problem(p).plain())
                .unwrap_or_default()
        })));
    };
    let crossings = move || {
        state.read(|r| {
            r.comparison
                .crossings
                .iter()
                .map(|c| view! { <li><TextView text=describe::crossing(c) /></li> })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="switch-plan" aria-labelledby="switch-heading">
            <h3 id="switch-heading">"Moving from MOSP to an EA"</h3>
            <p class="hint">"Many customers start on MOSP and move to an Enterprise Agreement as they grow: the months before the switch are priced on MOSP (with Partner of Record fees), the months from it on the EA (" <crate::components::common::text::RuleButton rule=Rule::T6 /> ")."</p>
            {move || match month.get() {
                Some(_) => view! {
                    <Field
                        id=ids::SWITCH_MONTH
                        label="Switch to an EA from month"
                        value=Signal::derive(move || month.get().unwrap_or(13))
                        kind=COUNT
                        on_commit=move |v| state.edit(|q| q.switch_month = Some(v))
                        rule=Rule::T6
                    />
                    <PathCard kind=licalc_engine::PathKind::Switch />
                    <button type="button" class="small" on:click=move |_| state.edit(|q| q.switch_month = None)>"Remove the switch plan"</button>
                }
                .into_any(),
                None => view! {
                    <button type="button" on:click=move |_| state.edit(|q| q.switch_month = Some(13.min(q.horizon_months.max(2))))>"Add a plan: MOSP, then an EA"</button>
                }
                .into_any(),
            }}
            <ul class="crossings">{crossings}</ul>
            <button type="button" on:click=search>"Find the best month to switch"</button>
            {move || found.get().map(|r| answer(state, r))}
        </section>
    }
}

/// What the search for the best switch month found, with a button to take it.
fn answer(state: AppState, found: Result<SwitchSearch, String>) -> AnyView {
    match found {
        Err(e) => view! { <p role="status">{format!("The best month cannot be found until the quote is valid: {e}.")}</p> }.into_any(),
        Ok(s) => match s.best.clone() {
            None => view! { <p role="status">"No switch month can be bought: each EA year needs 250 qualified users or devices (" <crate::components::common::text::RuleButton rule=Rule::P4 /> ")."</p> }.into_any(),
            Some(best) => {
                let fmt = state.fmt();
                let text = Text::new()
                    .w("Lowest horizon cost with an EA from ")
                    .month(best.month)
                    .w(": ")
                    .money(best.horizon_total)
                    .w(format!(", {} less than MOSP throughout; an EA from month 1 would cost ", fmt.money(s.mosp_total - best.horizon_total)))
                    .money(s.ea_total)
                    .w(if s.ea_available { "." } else { " (what-if)." });
                let m = best.month;
                view! {
                    <p role="status" id="best-switch"><TextView text /></p>
                    <button type="button" on:click=move |_| state.edit(|q| q.switch_month = Some(m))>{format!("Switch in month {m}")}</button>
                }
                .into_any()
            }
        },
    }
}
