//! The calculator inside someone else's page: `licalc-widget.js` defines the
//! `<licalc-calculator>` element, attaches a shadow root and mounts a `Widget` into it.
//! Each widget has its own state; none reads or writes the host's URL or storage. The
//! host hears about results through events (`licalc-change`, `licalc-ready`,
//! `licalc-error`) the element dispatches for the calls made to `emit`.

use crate::app::App;
use crate::latest::Counter;
use crate::session::Session;
use crate::state::{AppState, Config, Mode};
use leptos::prelude::*;
use leptos::wasm_bindgen::{self, prelude::wasm_bindgen, JsValue};
use licalc_engine::describe::{self, Plain};
use licalc_engine::{link, PathKind, PriceBook, QuoteResult};
use serde::Serialize;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

/// One mounted widget, owned by its element: the element's calls, forwarded through a
/// trait object so that the full build can keep the widget's code in a part of its own
/// (src/parts.rs), which only a page with a partner-mode widget fetches (`widget_ready`).
/// The widget's build has that code in its main part.
#[wasm_bindgen]
pub struct Widget(Box<dyn Embedded>);

/// What a mounted widget does for its element (the methods of [`Widget`]).
pub trait Embedded {
    fn set(&self, name: &str, value: Option<String>);
    fn set_book(&self, json: &str);
    fn error(&self, attribute: &str, message: &str);
}

#[wasm_bindgen]
impl Widget {
    /// Mounts a customer-mode calculator into `root` (an element in a shadow root). In
    /// the full build, `widget_ready` must have resolved first. `preset` is the element's
    /// settings as names and values in turn (`[name, value, ...]`, read by `configure`):
    /// they are in the state before its view is built (setting them afterwards
    /// built it again: the label alone rebuilt most of it before the first paint).
    #[wasm_bindgen(constructor)]
    pub fn new(
        root: leptos::web_sys::HtmlElement,
        emit: js_sys::Function,
        preset: Vec<String>,
    ) -> Result<Widget, JsValue> {
        mount(root, emit, preset).map(Widget).ok_or_else(|| {
            JsValue::from_str("the widget's code is not loaded: await widget_ready() first")
        })
    }

    /// An attribute of the element, set (a value) or removed (`None`).
    pub fn set(&self, name: &str, value: Option<String>) {
        self.0.set(name, value)
    }

    /// The text of the book the `price-book` attribute names (fetched by the element).
    pub fn set_book(&self, json: &str) {
        self.0.set_book(json)
    }

    /// Reports a problem with an attribute to the host and shows it in the widget.
    pub fn error(&self, attribute: &str, message: &str) {
        self.0.error(attribute, message)
    }
}

/// Resolves once the widget's code is in: in the full build it is in partner mode's
/// part (which a widget with `mode="partner"` shows), fetched the first time;
/// licalc-widget.js awaits this before it makes a `Widget`.
#[cfg(feature = "partner")]
#[wasm_bindgen]
pub async fn widget_ready() -> Result<(), JsValue> {
    #[cfg(licalc_split)]
    return split::prefetch()
        .await
        .map_err(|_| JsValue::from_str("the widget's code could not be loaded"));
    #[cfg(not(licalc_split))]
    Ok(())
}

/// The widget's build has the widget's code in its main part.
#[cfg(not(all(licalc_split, feature = "partner")))]
fn mount(
    root: leptos::web_sys::HtmlElement,
    emit: js_sys::Function,
    preset: Vec<String>,
) -> Option<Box<dyn Embedded>> {
    Some(Box::new(Mounted::new(root, emit, preset)))
}

/// The full build's is a part: `None` if `widget_ready` has not fetched it.
#[cfg(all(licalc_split, feature = "partner"))]
fn mount(
    root: leptos::web_sys::HtmlElement,
    emit: js_sys::Function,
    preset: Vec<String>,
) -> Option<Box<dyn Embedded>> {
    crate::parts::now(split::mount(root, emit, preset)).and_then(Result::ok)
}

/// The split point (src/parts.rs says how parts work), named as partner mode's, whose
/// file it shares.
#[cfg(all(licalc_split, feature = "partner"))]
mod split {
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    #[wasm_split(partner_mode, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch))]
    pub(super) fn mount(
        root: leptos::web_sys::HtmlElement,
        emit: js_sys::Function,
        preset: Vec<String>,
    ) -> Result<Box<dyn super::Embedded>, SplitLoaderError> {
        Ok(Box::new(super::Mounted::new(root, emit, preset)))
    }
}

/// One mounted widget's state, and the mount that owns its views.
pub struct Mounted {
    state: AppState,
    /// A `quote` attribute's value is being read (by the reader part, fetched the first
    /// time): `licalc-change` waits for it.
    reading: RwSignal<bool>,
    emit: js_sys::Function,
    /// The `quote` values given: one read later (by the reader part) is dropped if another
    /// came meanwhile, so the latest value always wins.
    quotes: Counter,
    /// The books the `price-book` attribute gave that were used: a link read later keeps
    /// its own book only if none came meanwhile, as when links were read at once.
    books: Counter,
    /// The books given to read (in the reader part): one read later is dropped if another
    /// came meanwhile.
    book_reads: Counter,
    /// Dropping it unmounts the view and disposes of its reactive owner.
    _mounted: Box<dyn Any>,
}

/// What a widget's mount makes: its state, and whether a `quote` is being read.
type Made = (AppState, RwSignal<bool>);

/// Calls the element's `emit(name, detail)`; the detail is JSON text.
fn send(emit: &js_sys::Function, name: &str, detail: &impl Serialize) {
    send_text(emit, name, &json(detail));
}

fn send_text(emit: &js_sys::Function, name: &str, detail: &str) {
    let _ = emit.call2(
        &JsValue::NULL,
        &JsValue::from_str(name),
        &JsValue::from_str(detail),
    );
}

fn json(detail: &impl Serialize) -> String {
    serde_json::to_string(detail).unwrap_or_default()
}

/// The `licalc-change` detail. Typed rather than built as a `serde_json::Value`, which
/// would bring that type's code into the widget; keys in the order they have always had.
#[derive(Serialize)]
struct Change {
    choose: PathKind,
    currency: &'static str,
    horizon_months: u32,
    link: String,
    paths: BTreeMap<&'static str, PathFigures>,
}

/// One plan's totals, as decimal strings.
#[derive(Serialize)]
struct PathFigures {
    available: bool,
    first_month: String,
    first_year: String,
    horizon: String,
}

/// The figures a host page can use: each plan's totals as decimal strings and the plan
/// to choose; the share-link fragment that reopens this quote is added once compressed.
fn change_detail(r: &QuoteResult) -> Change {
    let zero = r.currency.zero();
    let paths = r
        .paths
        .all()
        .map(|p| {
            let figures = PathFigures {
                available: p.available(),
                first_month: p.first_month_total(zero).to_string(),
                first_year: p.first_year_total.to_string(),
                horizon: p.horizon_total.to_string(),
            };
            (crate::components::results::periods::dom(p.kind), figures)
        })
        .collect();
    Change {
        choose: r.comparison.horizon.cheaper_available.path,
        currency: r.currency.code(),
        horizon_months: r.horizon_months,
        link: String::new(),
        paths,
    }
}

/// Sends `licalc-change` for each new result, once its link is compressed (by the
/// browser, `dom::deflate_raw`: a moment later), and only when the detail differs
/// from the last one sent: a quote refused after its read leaves the figures as they
/// were. A result that a newer one overtook while compressing is not sent.
fn report_changes(state: AppState, reading: RwSignal<bool>, emit: js_sys::Function) {
    let sent: Rc<RefCell<Option<String>>> = Default::default();
    let results = Counter::default();
    Effect::new(move |_| {
        // The host hears of the quote its `quote` attribute gave, not of the empty one
        // shown while it is read.
        if reading.get() {
            return;
        }
        let Some(r) = state.result.get() else {
            return;
        };
        let mut change = change_detail(&r);
        let bytes = link::wire_bytes(&state.quote.get_untracked(), state.own_book().as_deref());
        let latest = results.next();
        let (sent, emit) = (sent.clone(), emit.clone());
        leptos::task::spawn_local(async move {
            let packed = crate::dom::deflate_raw(&bytes).await;
            // Overtaken, a `quote` attribute being read meanwhile (the effect runs again
            // when it is in), or unmounted (the signal is gone).
            if !latest() || reading.try_get_untracked() != Some(false) {
                return;
            }
            change.link = link::fragment_of(&link::payload_of_deflated(&packed));
            let detail = json(&change);
            if sent.borrow().as_ref() != Some(&detail) {
                send_text(&emit, "licalc-change", &detail);
                *sent.borrow_mut() = Some(detail);
            }
        });
    });
}

/// `{}`: the widget is mounted.
#[derive(Serialize)]
struct Ready {}

/// `{"attribute": …, "message": …}`: why an attribute was not used.
#[derive(Serialize)]
struct Refused<'a> {
    attribute: &'a str,
    message: &'a str,
}

impl Mounted {
    /// Mounts a customer-mode calculator into `root`, with the settings `preset` gives.
    pub fn new(
        root: leptos::web_sys::HtmlElement,
        emit: js_sys::Function,
        preset: Vec<String>,
    ) -> Mounted {
        // Everything reactive is made inside the mount, owned by it: unmounting (dropping
        // the widget) disposes of it all.
        let made: Rc<Cell<Option<Made>>> = Default::default();
        let (out, on_change) = (made.clone(), emit.clone());
        let mounted = leptos::mount::mount_to(root, move || {
            let config = Config {
                embedded: true,
                ..Config::default()
            };
            let state = AppState::new(
                PriceBook::default_book(),
                crate::edit::new_quote(),
                Mode::Customer,
                config,
            );
            for pair in preset.chunks_exact(2) {
                configure(state, &pair[0], Some(pair[1].clone()));
            }
            let session = Session::new(state, false, String::new());
            let reading = RwSignal::new(false);
            report_changes(state, reading, on_change);
            out.set(Some((state, reading)));
            view! { <App state session /> }
        });
        let (state, reading) = made.take().expect("mount_to runs its closure at once");
        send(&emit, "licalc-ready", &Ready {});
        Mounted {
            state,
            reading,
            emit,
            quotes: Default::default(),
            books: Default::default(),
            book_reads: Default::default(),
            _mounted: Box::new(mounted),
        }
    }

    /// A quote from the `quote` attribute: a share link (or its fragment) or quote JSON,
    /// read by the reader part (src/parts.rs), fetched the first time.
    fn open_quote(&self, text: &str) {
        if text.is_empty() {
            return;
        }
        let latest = self.quotes.next();
        let link = !text.starts_with('{');
        let (state, emit, text) = (self.state, self.emit.clone(), text.to_string());
        let no_book_since = self.books.unchanged();
        let reading = self.reading;
        reading.set(true);
        leptos::task::spawn_local(async move {
            let read = if link {
                read_link(text).await
            } else {
                read_json(text).await
            };
            // A newer value came while this one was read, or the widget is gone.
            if !latest() || state.quote.is_disposed() {
                return;
            }
            // A book the `price-book` attribute gave meanwhile is newer than the link's.
            let opened = read.map(|(quote, book)| (quote, book.filter(|_| no_book_since())));
            opened_quote(state, &emit, opened);
            reading.set(false);
        });
    }
}

impl Embedded for Mounted {
    /// An attribute of the element, set (a value) or removed (`None`).
    fn set(&self, name: &str, value: Option<String>) {
        match name {
            "quote" => self.open_quote(value.unwrap_or_default().trim()),
            _ => configure(self.state, name, value),
        }
    }

    /// The text of the book the `price-book` attribute names (fetched by the element):
    /// read by the reader part and validated as in the app; a bad one is refused and
    /// reported.
    fn set_book(&self, json: &str) {
        let (state, emit, books, json) = (
            self.state,
            self.emit.clone(),
            self.books.clone(),
            json.to_string(),
        );
        let latest = self.book_reads.next();
        leptos::task::spawn_local(async move {
            let read = match crate::parts::price_book(json).await {
                Ok(read) => read.map_err(|p| problem_lines(&p)),
                Err(crate::parts::Unloaded) => Err(unloaded(
                    "the part of the calculator that reads price books could not be loaded",
                )),
            };
            // A newer book came while this one was read, or the widget is gone.
            if latest() && !state.quote.is_disposed() {
                use_book(state, &emit, &books, read);
            }
        });
    }

    /// Reports a problem to the host and shows it in the widget.
    fn error(&self, attribute: &str, message: &str) {
        refuse(self.state, &self.emit, attribute, message);
    }
}

/// An element's setting (an attribute other than `quote`, `price-book` and `theme`), set
/// to a value or removed (`None`); other names are ignored.
fn configure(state: AppState, name: &str, value: Option<String>) {
    let on = value.is_some();
    match name {
        "mode" => state.mode.set(
            if value.as_deref() == Some("partner") && cfg!(feature = "partner") {
                Mode::Partner
            } else {
                Mode::Customer
            },
        ),
        "services" => state.config.update(|c| {
            c.services = value
                .unwrap_or_default()
                .split([',', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        }),
        "partner-name" => state
            .config
            .update(|c| c.partner_name = value.filter(|v| !v.trim().is_empty())),
        "partner-link" => state
            .config
            .update(|c| c.partner_link = value.filter(|v| !v.trim().is_empty())),
        "compact" => state.config.update(|c| c.compact = on),
        "label" => state.config.update(|c| {
            c.label = value
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| "Licensing calculator".into())
        }),
        "locale" | "currency-display" => {
            let mut locale = state.fmt().locale;
            let v = value.filter(|v| !v.is_empty()).map(Into::into);
            if name == "locale" {
                locale.tag = v;
            } else {
                locale.currency_display = v;
            }
            state.set_locale(locale);
        }
        _ => {}
    }
}

/// What a quote read by the reader part opens: the quote and the link's book, or why not.
type Opened = Result<crate::parts::Linked, String>;

/// Reads quote JSON in the reader part.
async fn read_json(text: String) -> Opened {
    match crate::parts::quote_json(text).await {
        Ok(read) => read.map(|q| (q, None)).map_err(|p| problem_lines(&p)),
        Err(crate::parts::Unloaded) => Err(unloaded(crate::parts::Unloaded::REASON)),
    }
}

/// Opens a share link in the reader part.
async fn read_link(text: String) -> Opened {
    match crate::parts::share_link(text).await {
        Ok(read) => read.map_err(link_error),
        Err(crate::parts::Unloaded) => Err(unloaded(crate::parts::Unloaded::REASON)),
    }
}

/// Why a value was not read: the reader part did not load.
fn unloaded(reason: &str) -> String {
    format!("it could not be read: {reason}")
}

/// Loads a book the `price-book` attribute gave, or says why not.
fn use_book(
    state: AppState,
    emit: &js_sys::Function,
    books: &Counter,
    read: Result<PriceBook, String>,
) {
    match read {
        Ok(book) => {
            books.count();
            state.load_book(book)
        }
        Err(message) => refuse(state, emit, "price-book", &message),
    }
}

fn link_error(e: link::LinkError) -> String {
    describe::link_error(&e).render(&Plain::default())
}

/// Problems as one line for the host's `licalc-error` and the widget's notice.
fn problem_lines(problems: &[licalc_engine::Problem]) -> String {
    problems
        .iter()
        .map(describe::problem_line)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Shows the quote the `quote` attribute gave, or why it was not used.
fn opened_quote(state: AppState, emit: &js_sys::Function, opened: Opened) {
    match opened {
        Ok((quote, book)) => {
            if let Some(book) = book {
                state.load_book(book);
            }
            state.replace(quote);
        }
        Err(message) => refuse(state, emit, "quote", &message),
    }
}

/// Reports an attribute that was not used to the host and shows it in the widget.
fn refuse(state: AppState, emit: &js_sys::Function, attribute: &str, message: &str) {
    send(emit, "licalc-error", &Refused { attribute, message });
    let text = licalc_engine::describe::Text::new()
        .w(format!("The {attribute} attribute was not used: {message}"));
    state.notice.set(Some(crate::state::Notice {
        text,
        problem: true,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use licalc_engine::quote::EXAMPLE_QUOTE_JSON;
    use licalc_engine::Quote;

    /// The detail hosts read is the JSON it has always been: the same keys, in the same
    /// order, with the same values (what `serde_json::json!` wrote before).
    #[test]
    fn change_detail_is_the_json_hosts_have_always_read() {
        let book = PriceBook::default_book();
        let quote = Quote::from_json(EXAMPLE_QUOTE_JSON).unwrap();
        let r = licalc_engine::compute(&book, &quote).unwrap();
        let mut paths = serde_json::Map::new();
        for p in r.paths.all() {
            paths.insert(
                serde_json::to_value(p.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
                serde_json::json!({
                    "available": p.available(),
                    "first_month": p.first_month_total(r.currency.zero()).to_string(),
                    "first_year": p.first_year_total.to_string(),
                    "horizon": p.horizon_total.to_string(),
                }),
            );
        }
        let before = serde_json::json!({
            "currency": r.currency.code(),
            "horizon_months": r.horizon_months,
            "paths": paths,
            "choose": r.comparison.horizon.cheaper_available.path,
            "link": link::fragment(&quote, None),
        });
        // The link is filled in once compressed (by the browser, `report_changes`): any
        // deflate of the same bytes, as the engine's is here.
        let mut change = change_detail(&r);
        change.link = link::fragment(&quote, None);
        let now = serde_json::to_string(&change).unwrap();
        assert_eq!(now, before.to_string());
        assert_eq!(serde_json::to_string(&Ready {}).unwrap(), "{}");
        let refused = Refused {
            attribute: "locale",
            message: "\"x\" is not a locale",
        };
        assert_eq!(
            serde_json::to_string(&refused).unwrap(),
            serde_json::json!({ "attribute": "locale", "message": "\"x\" is not a locale" })
                .to_string()
        );
    }
}
