//! Keeping and sharing the quote: new, example, open a file, save, the saved list, a
//! share link, JSON and CSV downloads, print. What happened is said in one status line.

use super::print::{print, FeesChoice, Printing};
use crate::components::common::lazy::{nothing, shown};
use crate::components::partner::quote_json::id_problems;
use crate::parts::{self, ahead, Unloaded};
use crate::session::Session;
use crate::state::{AppState, Arrived, Notice};
use leptos::prelude::*;
use leptos::task::spawn_local;
use licalc_engine::describe::Text;
use licalc_engine::Quote;

fn say(state: AppState, text: impl Into<String>, problem: bool) {
    state.notice.set(Some(Notice {
        text: Text::new().w(text.into()),
        problem,
    }));
}

fn file_name(state: AppState, ext: &str) -> String {
    let name = state.quote.with_untracked(|q| file_stem(&q.customer.name));
    format!("{name}.{ext}")
}

/// A file name from a customer's or a quote's name: letters and digits kept, the rest
/// dashes; "quote" when nothing is left.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() { "quote" } else { stem }.to_string()
}

/// Says at the top of the page that the browser did not start a download.
pub fn download_refused(state: AppState) {
    say(state, "The download could not be started.", true);
}

#[component]
pub fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let session = expect_context::<Session>();
    let show_saved = RwSignal::new(false);
    let naming = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let printing = expect_context::<Printing>().0;
    let link_text: RwSignal<Option<String>> = RwSignal::new(None);
    let enabled = session.enabled;
    let menu = RwSignal::new(false);
    view! {
        <button type="button" class="menu-toggle small" aria-expanded=move || menu.get().to_string() aria-controls="quote-actions" on:click=move |_| menu.update(|m| *m = !*m)>"Quote actions"</button>
        <nav class="toolbar" class:open=move || menu.get() id="quote-actions" aria-label="Quote">
            <button type="button" on:click=move |_| { session.start(state, Arrived::new(crate::edit::new_quote()), None); say(state, "A new, empty quote: the previous one stays among the saved quotes as a draft.", false) }>"New quote"</button>
            // Both read a quote's JSON: the reader part (src/parts.rs).
            <button type="button" on:pointerenter=ahead(&parts::READER) on:focus=ahead(&parts::READER) on:click=move |_| load_example(state, session)>"Load example"</button>
            <label class="button" on:pointerenter=ahead(&parts::READER)>"Open a file…" <input type="file" class="visually-hidden" accept=".json,application/json" on:focus=ahead(&parts::READER) on:change=move |ev| open_file(state, session, ev) /></label>
            {enabled.then(|| view! {
                <button type="button" on:click=move |_| start_naming(state, session, naming, name)>"Save"</button>
                <button type="button" aria-expanded=move || show_saved.get().to_string() aria-controls="saved-quotes"
                    on:pointerenter=ahead(&super::saved::PART)
                    on:focus=ahead(&super::saved::PART)
                    on:click=move |_| show_saved.update(|s| *s = !*s)>"Saved quotes"</button>
            })}
            <button type="button" on:pointerenter=ahead(&parts::SHARE) on:focus=ahead(&parts::SHARE) on:click=move |_| copy_link(state, link_text)>"Copy link"</button>
            <button type="button" on:click=move |_| download_json(state)>"Download JSON"</button>
            <button type="button" on:pointerenter=ahead(&parts::CSV) on:focus=ahead(&parts::CSV) on:click=move |_| download_csv(state)>"Download CSV"</button>
            <button type="button" on:pointerenter=ahead(&super::print::PART) on:focus=ahead(&super::print::PART) on:click=move |_| print(state, printing)>"Print / save as PDF"</button>
            <FeesChoice />
        </nav>
        <p class="keep-status">{move || status(session)}</p>
        <SaveForm naming name />
        <ShareLink link_text />
        {shown(move || show_saved.get(), super::saved::view, nothing)}
    }
}

/// Why a file or a link was not made: the part that makes it did not come.
const UNMADE: &str = "the part of the calculator that makes it could not be loaded";

/// When the JSON reader's file did not come.
fn unread() -> String {
    Unloaded::notice("Not opened", Unloaded::REASON)
}

/// Loads the Contoso example as a new document, unless another document was started
/// while the reader was fetched (the later action wins).
fn load_example(state: AppState, session: Session) {
    let document = session.draft.get_untracked();
    spawn_local(async move {
        let read = crate::parts::example().await;
        if session.draft.get_untracked() != document {
            return;
        }
        match read {
            Ok(q) => {
                session.start(state, q, None);
                say(state, "The Contoso example is loaded.", false)
            }
            Err(_) => say(state, unread(), true),
        }
    });
}

/// Reads the chosen file and opens it as the quote when it is one this price book can price.
fn open_file(state: AppState, session: Session, ev: leptos::ev::Event) {
    let Some(input) = ev.target().and_then(|t| {
        leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlInputElement>(t).ok()
    }) else {
        return;
    };
    spawn_local(async move {
        let Some(text) = crate::dom::file_text(&input).await else {
            return say(state, "The file could not be read.", true);
        };
        input.set_value("");
        let Ok(read) = crate::parts::quote_json(text).await else {
            return say(state, unread(), true);
        };
        match read {
            Ok(q) if id_problems(&q.quote, &state.book()).is_empty() => {
                session.start(state, q, None);
                say(state, "Opened the quote from the file.", false);
            }
            Ok(q) => say(
                state,
                format!(
                    "Not opened: {}.",
                    crate::components::partner::price_book::problem_list(&id_problems(
                        &q.quote,
                        &state.book()
                    ))
                ),
                true,
            ),
            Err(p) => say(
                state,
                format!(
                    "Not opened, the file is not a quote: {}.",
                    crate::components::partner::price_book::problem_list(&p)
                ),
                true,
            ),
        }
    });
}

/// Shows the share link and copies it, saying whether the browser allowed the copy. The
/// link is of the quote as it was at the click, even if its part arrives later.
fn copy_link(state: AppState, link_text: RwSignal<Option<String>>) {
    let (quote, book) = (state.quote.get_untracked(), state.own_book());
    spawn_local(async move {
        let Ok(url) = crate::parts::share_url(quote, book).await else {
            return say(state, Unloaded::notice("No link", UNMADE), true);
        };
        link_text.set(Some(url.clone()));
        if crate::dom::copy(url).await {
            say(
                state,
                "Link copied: anyone who opens it sees this quote. It never reaches a server.",
                false,
            );
        } else {
            say(
                state,
                "The browser did not allow copying: select the link below and copy it.",
                false,
            );
        }
    });
}

/// Downloads the results as CSV, fees included: its part prices them with the fees
/// first when nothing shown so far needed them (src/parts.rs).
fn download_csv(state: AppState) {
    spawn_local(async move {
        match crate::parts::results_csv(state).await {
            Ok(Some(csv)) => {
                if !crate::dom::download(&file_name(state, "csv"), "text/csv", &csv) {
                    download_refused(state);
                }
            }
            Ok(None) => say(
                state,
                "No CSV: the quote has problems to fix first (they are highlighted).",
                true,
            ),
            Err(Unloaded) => say(state, Unloaded::notice("No CSV", UNMADE), true),
        }
    });
}

/// Downloads the quote as JSON.
fn download_json(state: AppState) {
    let json = state.quote.with_untracked(Quote::to_json);
    if !crate::dom::download(&file_name(state, "json"), "application/json", &json) {
        download_refused(state);
    }
}

/// Opens the save form with the current name, or the customer's, or "My quote".
fn start_naming(state: AppState, session: Session, naming: RwSignal<bool>, name: RwSignal<String>) {
    let current = session
        .named
        .with_untracked(|n| n.as_ref().map(|n| n.name.clone()));
    let customer = state.quote.with_untracked(|q| q.customer.name.clone());
    name.set(current.unwrap_or(if customer.trim().is_empty() {
        "My quote".into()
    } else {
        customer
    }));
    naming.set(true);
}

/// The status line: whether the quote is saved by name, and whether changes are pending.
fn status(session: Session) -> String {
    let named = session.named.get();
    let dirty = session.dirty.get();
    let draft_deleted = session.holds(true, &session.draft.get());
    match named {
        Some(n) if session.holds(false, &n.id) => {
            format!(
                "“{}”: deleted from the saved quotes (Undo is under Saved quotes); a draft keeps your changes.",
                n.name
            )
        }
        Some(n) if dirty && draft_deleted => format!(
            "“{}”: changes not saved by name yet (their draft was deleted: your next change writes it again).",
            n.name
        ),
        Some(n) if dirty => format!(
            "“{}”: changes not saved by name yet (a draft keeps them).",
            n.name
        ),
        Some(n) => format!("“{}”: saved.", n.name),
        None if session.enabled && draft_deleted => {
            "Not saved by name yet; this quote's draft was deleted: your next change writes it again.".to_string()
        }
        None if session.enabled => {
            "Not saved by name yet; a draft keeps your changes in this browser.".to_string()
        }
        None => String::new(),
    }
}

/// The form naming the quote to save, shown while `naming`.
#[component]
fn SaveForm(naming: RwSignal<bool>, name: RwSignal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let session = expect_context::<Session>();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        naming.set(false);
        session.save(state, name.get_untracked());
    };
    move || {
        naming.get().then(|| view! {
            <form class="save-form" on:submit=save>
                <label for="save-name">"Save this quote as"</label>
                <input id="save-name" type="text" maxlength="200" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit">"Save quote"</button>
                <button type="button" class="small" on:click=move |_| naming.set(false)>"Cancel"</button>
            </form>
        })
    }
}

/// The last copied share link, selected whole on focus so it can be copied by hand.
#[component]
fn ShareLink(link_text: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        link_text.get().map(|l| view! {
        <div class="field share-link">
            <label for="share-link">"Share link"</label>
            <input id="share-link" type="text" readonly prop:value=l on:focus=move |ev| { if let Some(i) = ev.target().and_then(|t| leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlInputElement>(t).ok()) { i.select() } } />
        </div>
    })
    }
}
