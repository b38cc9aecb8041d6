//! The whole quote as JSON in a box: export it, paste one and import it (either
//! format; it is migrated on the way in). Export fills the box only when asked:
//! serialising a large quote on every keystroke would be wasted work.

use super::price_book::problem_list;
use crate::components::common::field::{described_by, FieldMessage};
use crate::state::AppState;
use leptos::prelude::*;
use licalc_engine::describe::Text;
use licalc_engine::problem::{Missing, ProblemKind, Thing};
use licalc_engine::{PriceBook, Quote};

const ID: &str = "import-json";

/// Problems that would leave the app unable to tell rows apart: ids are not editable in
/// the app, so a quote with a missing or repeated id is refused at import.
pub fn id_problems(q: &Quote, book: &PriceBook) -> Vec<licalc_engine::Problem> {
    licalc_engine::validate::validate(q, book)
        .into_iter()
        .filter(|p| {
            matches!(
                p.kind,
                ProblemKind::Missing {
                    what: Missing::TransactionId | Missing::PartnerId | Missing::ServiceLineId
                } | ProblemKind::Duplicate {
                    what: Thing::Transaction | Thing::Partner | Thing::ServiceLine,
                    ..
                } | ProblemKind::TooLong { .. }
                    | ProblemKind::TooMany { .. }
            )
        })
        .collect()
}

#[component]
pub fn QuoteJson() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let error: RwSignal<Option<Text>> = RwSignal::new(None);
    let done: RwSignal<Option<String>> = RwSignal::new(None);
    let error_sig = Signal::derive(move || error.get());
    let error_id = format!("{ID}-error");
    let describedby = described_by(Some(format!("{ID}-hint")), error_id.clone(), error_sig);
    let import = move |_| {
        let refuse = |m: String| {
            done.set(None);
            error.set(Some(Text::new().w(m)));
        };
        match Quote::from_json(&text.get_untracked()) {
            Ok(q) => match id_problems(&q, &state.book()) {
                p if p.is_empty() => {
                    let n = q.transactions.len();
                    state.replace(crate::state::Arrived::read(q));
                    error.set(None);
                    done.set(Some(format!("Imported a quote with {n} transactions.")));
                }
                p => refuse(format!("Not imported: {}.", problem_list(&p))),
            },
            Err(p) => refuse(format!(
                "Not imported, the JSON is not a quote: {}.",
                problem_list(&p)
            )),
        }
    };
    let export = move |_| {
        text.set(state.quote.with_untracked(Quote::to_json));
        error.set(None);
        done.set(Some("The box holds the current quote as JSON.".into()));
    };
    view! {
        <section class="panel import-export" aria-labelledby="import-heading">
            <h2 id="import-heading">"Quote as JSON"</h2>
            <div class="field wide" class:invalid=move || error.with(Option::is_some)>
                <label for=ID>"Quote JSON"</label>
                <textarea id=ID rows="6" spellcheck="false" prop:value=move || text.get()
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=move || describedby.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p class="hint" id=format!("{ID}-hint")>"Paste a quote (format 1 or 2, as exported) and import it: it replaces the whole quote."</p>
                <FieldMessage id=error_id error=error_sig />
            </div>
            <div class="actions">
                <button type="button" on:click=import>"Import quote"</button>
                <button type="button" on:click=export>"Export quote"</button>
            </div>
            <p role="status" class="hint">{move || done.get()}</p>
        </section>
    }
}
