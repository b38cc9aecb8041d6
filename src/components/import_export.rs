//! Import and export of the whole quote as JSON (the engine's quote format 1, see
//! docs/formats.md): the one value the app edits, so this is all a saved or shared quote
//! needs. Export fills the box only when asked: serialising a large quote on every
//! keystroke would be wasted work.

use super::field::{described_by, FieldMessage};
use crate::app::AppState;
use crate::ids;
use leptos::prelude::*;
use licalc_engine::{PriceBook, Quote};

/// Problems that would leave the app unable to tell rows apart: ids are not editable in
/// the app, so a quote with a missing or repeated id is refused at import.
fn id_problems(q: &Quote, book: &PriceBook) -> Vec<String> {
    q.validate(book)
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
    let describedby = described_by(
        Some(format!("{}-hint", ids::IMPORT)),
        error_id.clone(),
        error_sig,
    );

    let import = move |_| {
        let json = text.get_untracked();
        match Quote::from_json(&json) {
            Ok(q) => {
                let problems = id_problems(&q, &state.book());
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
                error.set(Some(format!(
                    "Not imported, the JSON is not a quote: {}.",
                    problem_list(&problems)
                )));
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
            <LoadPriceBook />
        </section>
    }
}

/// Loading a whole price book (C1): the user's own prices instead of the shipped ones.
/// The book is validated completely first; every problem is listed with its JSON path.
#[component]
fn LoadPriceBook() -> impl IntoView {
    const ID: &str = "licalc-book-json";
    let state = expect_context::<AppState>();
    let text = state.book_text;
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let done = state.book_notice;
    let load = move |_| match PriceBook::from_json(&text.get_untracked()) {
        Ok(book) => {
            let what = format!(
                "Now pricing with {} (version {}, {}).",
                book.name, book.version, book.currency
            );
            done.set(Some(what));
            state.load_book(book);
        }
        Err(problems) => {
            done.set(None);
            error.set(Some(format!(
                "Not loaded: {} (rule C1).",
                problem_list(&problems)
            )));
        }
    };
    let show = move |_| {
        text.set(
            state
                .book
                .with_untracked(|b| serde_json::to_string_pretty(&**b).unwrap_or_default()),
        );
        error.set(None);
        done.set(Some(
            "The box holds the price book in use as JSON: edit it and load it back.".into(),
        ));
    };
    let reset = move |_| {
        done.set(Some("Back to the shipped price book.".into()));
        state.load_book(PriceBook::default_book());
    };
    view! {
        <div class="field wide" class:invalid=move || error.with(Option::is_some)>
            <label for=ID>"Price book JSON"</label>
            <textarea
                id=ID
                rows="6"
                spellcheck="false"
                prop:value=move || text.get()
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=format!("{ID}-hint {ID}-error")
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <p class="hint" id=format!("{ID}-hint")>
                "Paste a whole price book (format 1, see docs/formats.md) to price with your own figures."
            </p>
            {move || error.get().map(|e| view! { <p class="field-error" id=format!("{ID}-error")>{e}</p> })}
        </div>
        <div class="actions">
            <button type="button" on:click=load>"Load price book"</button>
            <button type="button" on:click=show>"Show price book"</button>
            <button type="button" on:click=reset>"Use the shipped price book"</button>
        </div>
        <p role="status" class="hint">{move || done.get()}</p>
    }
}

/// Every problem of a refused JSON text with its path: "$.services[0].list_price.value:
/// must not be negative; …".
fn problem_list(problems: &[licalc_engine::Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}
