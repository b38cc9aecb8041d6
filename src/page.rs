//! The app's own page (index.html): where it starts (a share link, this tab's draft, or
//! a new quote) and mounting into its root, replacing the static first paint.

use crate::parts::{self, Unloaded};
use crate::session::Session;
use crate::state::{AppState, Config, Mode, Notice};
use crate::{app, edit, storage};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use licalc_engine::describe::{self, Text};
use licalc_engine::store::{Saved, StoreError};
use licalc_engine::{link, PriceBook, Quote};
use std::cell::RefCell;
use std::rc::Rc;

/// A draft as the JSON reader opened it (or could not, when its file did not come).
type Opened = Result<Result<(Quote, Option<PriceBook>), StoreError>, Unloaded>;

/// How long a reload waits for the reader to open this tab's draft before it starts
/// without it (saying so; the draft stays among the saved quotes). The reader is fetched
/// beside the main wasm, so it has usually arrived before the app runs.
const DRAFT_WAIT: std::time::Duration = std::time::Duration::from_secs(8);

/// The element index.html provides for the app.
const ROOT_ID: &str = "licalc-app";

/// Opens the quote in a link (read once, then dropped from the address, so a reload
/// continues the draft with any edits). A damaged link gives an empty quote and says
/// why; nothing saved is touched.
fn open_link(state: AppState, session: Session, hash: &str) {
    let location = window().location();
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(
            &leptos::wasm_bindgen::JsValue::NULL,
            "",
            Some(&location.pathname().unwrap_or_default()),
        );
    }
    match link::decode(hash) {
        Ok(opened) => {
            if let Some(book) = opened.book {
                state.load_book(book);
            }
            session.start(state, opened.quote, None);
        }
        Err(e) => {
            state.replace(edit::new_quote());
            state.notice.set(Some(Notice {
                text: Text::new()
                    .w("The link did not open: ")
                    .then(describe::link_error(&e))
                    .w(". Here is an empty quote; nothing saved was changed."),
                problem: true,
            }));
        }
    }
}

/// A share link in the address (`#q=…`), which takes the place of this tab's draft.
fn has_link(hash: &str) -> bool {
    hash.contains("q=")
}

/// This tab's draft, if it has one and no link in the address takes its place (a reload
/// loses nothing): its id and its stored entry.
fn tab_draft(hash: &str) -> Option<(String, Saved)> {
    let id = storage::tab_draft().filter(|_| !has_link(hash))?;
    let saved = storage::get(true, &id)?.ok()?;
    Some((id, saved))
}

/// Where the page starts: a link in the address, else what this tab was editing
/// (`draft`, as the JSON reader opened it), else a new quote.
fn start(hash: &str, draft: Option<(String, Opened)>) -> (AppState, Session) {
    let mode = if storage::prefs().as_deref() == Some("partner") {
        Mode::Partner
    } else {
        Mode::Customer
    };
    let new = |book, quote| AppState::new(book, quote, mode, Config::default());
    let mut unread = false;
    if let Some((id, opened)) = draft {
        match opened {
            Ok(Ok((quote, book))) => {
                let state = new(book.unwrap_or_else(PriceBook::default_book), Quote::empty());
                state.replace(quote);
                return (state, Session::new(state, true, id));
            }
            // Stored by a newer version, or damaged: it stays listed among the saved quotes.
            Ok(Err(_)) => {}
            Err(Unloaded) => unread = true,
        }
    }
    let state = new(PriceBook::default_book(), edit::new_quote());
    let session = Session::new(state, true, storage::start_draft());
    if has_link(hash) {
        open_link(state, session, hash);
    } else if unread {
        state.notice.set(Some(Notice {
            text: Text::new().w(
                "Your last draft could not be reopened: the connection may be off. It is kept among the saved quotes; here is an empty quote.",
            ),
            problem: true,
        }));
    }
    (state, session)
}

/// A link pasted into the address bar of an open page is opened like one at start.
fn follow_links(state: AppState, session: Session) {
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if has_link(&hash) {
            open_link(state, session, &hash);
        }
    });
    std::mem::forget(handle);
}

/// Mounts the app into the page's root, if this page is the app's (a page hosting
/// widgets loads the same module and mounts each widget itself: `widget::Widget`).
pub fn mount() {
    let root = document()
        .get_element_by_id(ROOT_ID)
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    let Some(root) = root else { return };
    let hash = || window().location().hash().unwrap_or_default();
    let draft = tab_draft(&hash());
    let show = move |draft: Option<(String, Opened)>| {
        // The static first paint (index.html) makes way for the app.
        root.set_inner_html("");
        // Read again: a link may have come into the address while the draft was read.
        let hash = hash();
        let draft = draft.filter(|_| !has_link(&hash));
        let make = move || {
            let (state, session) = start(&hash, draft);
            follow_links(state, session);
            view! { <app::App state session /> }
        };
        leptos::mount::mount_to(root, make).forget();
    };
    match draft {
        // Its JSON is read by a part of the app of its own (src/parts.rs), fetched beside
        // the main wasm when guard.js sees the draft: the static first paint stays until
        // then, or until DRAFT_WAIT has passed (a fetch that stalls without failing).
        Some((id, saved)) => {
            let once = Rc::new(RefCell::new(Some(show)));
            let late = (once.clone(), id.clone());
            let timer = set_timeout_with_handle(
                move || {
                    if let Some(show) = late.0.borrow_mut().take() {
                        show(Some((late.1, Err(Unloaded))));
                    }
                },
                DRAFT_WAIT,
            );
            wasm_bindgen_futures::spawn_local(async move {
                let opened = parts::open_saved(saved).await;
                if let Some(show) = once.borrow_mut().take() {
                    if let Ok(t) = timer {
                        t.clear();
                    }
                    show(Some((id, opened)));
                }
            });
        }
        None => show(None),
    }
}
