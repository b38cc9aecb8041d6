//! The app's own page (index.html): where it starts (a share link, this tab's draft, or
//! a new quote) and mounting into its root, replacing the static first paint.

use crate::latest::Counter;
use crate::parts::{self, Unloaded};
use crate::session::Session;
use crate::state::{AppState, Arrived, Config, Mode, Notice};
use crate::{app, edit, storage};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use licalc_engine::describe::{self, Text};
use licalc_engine::link::LinkError;
use licalc_engine::store::StoreError;
use licalc_engine::{PriceBook, Quote};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A draft as the JSON reader opened it (or could not, when its file did not come).
type Opened = Result<Result<parts::Linked, StoreError>, Unloaded>;

/// A share link as the reader opened it (or could not).
type LinkRead = Result<Result<parts::Linked, LinkError>, Unloaded>;

/// What the page opens at start, as the reader part (src/parts.rs) read it.
enum Opening {
    /// This tab's draft (a reload): its id and what it opened.
    Draft(String, Opened),
    /// A share link in the address: its text and what it opened.
    Link(String, LinkRead),
}

/// How long the page waits for the reader to open this tab's draft or a link before it
/// starts without it (saying so; a draft stays among the saved quotes, a link in the
/// address). The reader is fetched beside the main wasm (guard.js), so it has usually
/// arrived before the app runs.
const READ_WAIT: std::time::Duration = std::time::Duration::from_secs(8);

/// The element index.html provides for the app.
const ROOT_ID: &str = "licalc-app";

/// Shows what share link `text` opened. The link is then dropped from the address (if
/// it is still there), so a reload continues the draft with any edits. A damaged link
/// gives a new, empty quote and says why; nothing saved is touched. If the link decoder
/// could not be loaded, the quote shown stays and the link stays in the address, for a
/// reload to try again.
fn opened_link(state: AppState, session: Session, text: &str, read: LinkRead) {
    let say = |text: Text| {
        state.notice.set(Some(Notice {
            text,
            problem: true,
        }))
    };
    let Ok(decoded) = read else {
        return say(Text::new().w(format!(
            "The link did not open: {}. It stays in the address: reload the page to try again.",
            Unloaded::REASON
        )));
    };
    let location = window().location();
    if let (Ok(h), true) = (window().history(), location.hash().as_deref() == Ok(text)) {
        let path = location.pathname().unwrap_or_default();
        let _ = h.replace_state_with_url(&leptos::wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    match decoded {
        Ok((arrived, book)) => {
            if let Some(book) = book {
                state.load_book(book);
            }
            session.start(state, arrived, None);
        }
        Err(e) => {
            // A new document: the draft being edited stays as it was.
            session.start(state, Arrived::new(edit::new_quote()), None);
            say(Text::new()
                .w("The link did not open: ")
                .then(describe::link_error(&e))
                .w(". Here is an empty quote; nothing saved was changed."));
        }
    }
}

/// Opens a link that came into the address of the open page. It is dropped if another
/// link came, or another document was opened, while it was read; one read for longer
/// than READ_WAIT is not shown over what the user did meanwhile (it stays in the
/// address, and says so).
fn open_link(state: AppState, session: Session, hash: String, links: &Counter) {
    let latest = links.next();
    let (epoch, asked) = (state.epoch.get_untracked(), js_sys::Date::now());
    leptos::task::spawn_local(async move {
        let read = parts::share_link(hash.clone()).await;
        if !latest() || state.epoch.get_untracked() != epoch {
            return;
        }
        let late = js_sys::Date::now() - asked > READ_WAIT.as_millis() as f64;
        let read = if late { Err(Unloaded) } else { read };
        opened_link(state, session, &hash, read);
    });
}

/// A share link in the address (`#q=…`), which takes the place of this tab's draft.
fn has_link(hash: &str) -> bool {
    hash.contains("q=")
}

/// This tab's draft, if it has one and no link in the address takes its place (a reload
/// loses nothing): its id and its stored text (read by the reader part).
fn tab_draft(hash: &str) -> Option<(String, String)> {
    let id = storage::tab_draft().filter(|_| !has_link(hash))?;
    let text = storage::text(true, &id)?;
    Some((id, text))
}

/// The mode this browser last used (src/storage.rs, the prefs key).
fn last_mode() -> Mode {
    if storage::prefs().as_deref() == Some("partner") {
        Mode::Partner
    } else {
        Mode::Customer
    }
}

/// Where the page starts, in `mode`: a link in the address, else what this tab was
/// editing, else a new quote (`opening`: what the reader opened of the first two).
fn start(opening: Option<Opening>, mode: Mode) -> (AppState, Session) {
    let new = |book, quote| AppState::new(book, quote, mode, Config::default());
    let (mut unread, mut link) = (false, None);
    match opening {
        Some(Opening::Draft(id, Ok(Ok((arrived, book))))) => {
            let state = new(book.unwrap_or_else(PriceBook::default_book), Quote::empty());
            state.replace(arrived);
            return (state, Session::new(state, true, id));
        }
        // Stored by a newer version, or damaged: it stays listed among the saved quotes.
        Some(Opening::Draft(_, Ok(Err(_)))) | None => {}
        Some(Opening::Draft(_, Err(Unloaded))) => unread = true,
        Some(Opening::Link(text, read)) => link = Some((text, read)),
    }
    let state = new(PriceBook::default_book(), edit::new_quote());
    let session = Session::new(state, true, storage::start_draft());
    if let Some((text, read)) = link {
        opened_link(state, session, &text, read);
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
fn follow_links(state: AppState, session: Session, links: Counter) {
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if has_link(&hash) {
            open_link(state, session, hash, &links);
        }
    });
    std::mem::forget(handle);
}

/// The reader at work on what the page opens.
type Reading = Pin<Box<dyn Future<Output = Opening>>>;

/// What the page opens at start is read by the reader part: a link in the address, else
/// this tab's draft. With it, what to open if the reader does not answer in time.
fn to_open(hash: String) -> Option<(Reading, Opening)> {
    if has_link(&hash) {
        let late = Opening::Link(hash.clone(), Err(Unloaded));
        let read = async move {
            let read = parts::share_link(hash.clone()).await;
            Opening::Link(hash, read)
        };
        return Some((Box::pin(read), late));
    }
    let (id, text) = tab_draft(&hash)?;
    let late = Opening::Draft(id.clone(), Err(Unloaded));
    Some((
        Box::pin(async move { Opening::Draft(id, parts::open_entry(text).await) }),
        late,
    ))
}

/// Mounts the app into the page's root, if this page is the app's (a page hosting
/// widgets loads the same module and mounts each widget itself: `widget::Widget`).
pub fn mount() {
    let root = document()
        .get_element_by_id(ROOT_ID)
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    let Some(root) = root else { return };
    let hash = || window().location().hash().unwrap_or_default();
    let mode = last_mode();
    let show = move |opening: Option<Opening>| {
        // The static first paint (index.html) makes way for the app.
        root.set_inner_html("");
        let make = move || {
            // A link that came into the address while the reader read takes the place
            // of what was read: the page starts on a new quote and opens it, like a
            // link followed later.
            let now = hash();
            let came =
                has_link(&now) && !matches!(&opening, Some(Opening::Link(text, _)) if *text == now);
            let (state, session) = start(if came { None } else { opening }, mode);
            let links = Counter::default();
            if came {
                open_link(state, session, now, &links);
            }
            follow_links(state, session, links);
            view! { <app::App state session /> }
        };
        leptos::mount::mount_to(root, make).forget();
    };
    // Partner mode's part is made ready while the link or draft is read, not after.
    if mode == Mode::Partner {
        parts::prefetch(&parts::PARTNER_MODE);
    }
    let Some((read, late)) = to_open(hash()) else {
        return show(None);
    };
    // The static first paint stays until the reader has read it, or until READ_WAIT has
    // passed (a fetch that stalls without failing).
    let once = Rc::new(RefCell::new(Some(show)));
    let late = (once.clone(), late);
    let timer = set_timeout_with_handle(
        move || {
            if let Some(show) = late.0.borrow_mut().take() {
                show(Some(late.1));
            }
        },
        READ_WAIT,
    );
    wasm_bindgen_futures::spawn_local(async move {
        let opened = read.await;
        if let Some(show) = once.borrow_mut().take() {
            if let Ok(t) = timer {
                t.clear();
            }
            show(Some(opened));
        }
    });
}
