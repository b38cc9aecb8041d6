//! Import and export of the whole quote as JSON (the engine's quote format 1, see
//! docs/formats.md): the one value the app edits, so this is all a saved or shared quote
//! needs. Export fills the box only when asked: serialising a large quote on every
//! keystroke would be wasted work.

use super::field::{described_by, FieldMessage};
use crate::app::AppState;
use crate::ids;
use leptos::prelude::*;
use licalc_engine::Quote;

/// Problems that would leave the app unable to tell rows apart: ids are not editable in
/// the app, so a quote with a missing or repeated id is refused at import.
fn id_problems(q: &Quote) -> Vec<String> {
    let book = licalc_engine::PriceBook::default_book();
    q.validate(&book)
        .into_iter()
        .filter(|p| p.path.ends_with(".id"))
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect()
}

#[component]
pub fn ImportExport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let done: RwSignal<Option<String>> = RwSignal::new(None);
    let error_sig = Signal::derive(move || error.get());
    let error_id = format!("{}-error", ids::IMPORT);
    let describedby = described_by(Some(format!("{}-hint", ids::IMPORT)), error_id.clone(), error_sig);

    let import = move |_| {
        let json = text.get_untracked();
        match Quote::from_json(&json) {
            Ok(q) => {
                let problems = id_problems(&q);
                if problems.is_empty() {
                    let n = q.transactions.len();
                    state.replace(q);
                    error.set(None);
                    done.set(Some(format!("Imported a quote with {n} transactions.")));
                } else {
                    done.set(None);
                    error.set(Some(format!("Not imported: {}.", problems.join("; "))));
                }
            }
            Err(problems) => {
                done.set(None);
                let list: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect();
                error.set(Some(format!("Not imported, the JSON is not a quote: {}.", list.join("; "))));
            }
        }
    };
    let export = move |_| {
        text.set(state.quote.with_untracked(Quote::to_json));
        error.set(None);
        done.set(Some("The box holds the current quote as JSON.".into()));
    };

    view! {
        <section class="panel import-export" aria-labelledby="import-heading">
            <h2 id="import-heading">"Import or export the quote"</h2>
            <div class="field wide" class:invalid=move || error.with(Option::is_some)>
                <label for=ids::IMPORT>"Quote JSON"</label>
                <textarea
                    id=ids::IMPORT
                    rows="6"
                    spellcheck="false"
                    prop:value=move || text.get()
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=move || describedby.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
                <p class="hint" id=format!("{}-hint", ids::IMPORT)>
                    "Paste a quote (format 1, as exported) and import it: it replaces the whole quote."
                </p>
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
