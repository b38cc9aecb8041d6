//! The code that most visitors never run. In the full app: partner mode, the partner's
//! desk, the list of saved quotes, the link decoder (a share link in the address), the
//! JSON reader (a quote's JSON: a file, an example, this tab's draft after a reload; a
//! book a link carries and a widget's `price-book` attribute), "How was this computed?"
//! under the customer's answer, the printable quote, the CSV export (with the Partner of
//! Record fees, whose code goes with partner mode and it), and the widget's code (the
//! full build serves widgets with `mode="partner"`). In the widget's build: the link
//! decoder, the JSON reader (its `quote` attribute, a share link or JSON, and its
//! `price-book` attribute), which most host pages never set, and "How was this
//! computed?". In both, the engine's inflater, for a browser that cannot inflate a link
//! itself. Built with
//! `--cfg licalc_split` (./dev.sh sets it), each is split out of the wasm into its own
//! file (scripts/split-wasm.mjs), fetched the first time it is needed, or a moment
//! before: when the pointer or focus comes to the control that needs it
//! ([`prefetch`]). Customer mode, which most visitors see, loads about a third fewer
//! bytes. Without the flag (a plain `trunk build`) they are ordinary code of one wasm.

#[cfg(all(feature = "partner", not(licalc_split)))]
use crate::components::partner::PartnerMode;
#[cfg(not(licalc_split))]
use crate::components::results::explain::HowComputed;
use crate::state::Arrived;
use leptos::prelude::*;
use licalc_engine::link::{self, LinkError};
#[cfg(feature = "partner")]
use licalc_engine::store::{Saved, StoreError};
use licalc_engine::{PriceBook, Problem, Quote};

/// Partner mode's view.
#[cfg(feature = "partner")]
pub fn partner_mode() -> AnyView {
    #[cfg(licalc_split)]
    return fetched(&PARTNER_MODE, "partner mode", || {
        Box::pin(split::partner_mode())
    });
    #[cfg(not(licalc_split))]
    view! { <PartnerMode /> }.into_any()
}

/// "How was this computed?" under the customer's answer, built when it is opened.
pub fn how_computed() -> AnyView {
    #[cfg(licalc_split)]
    return fetched(&EXPLAIN, "the explanation", || {
        Box::pin(split::how_computed())
    });
    #[cfg(not(licalc_split))]
    view! { <HowComputed /> }.into_any()
}

/// The results as CSV (the toolbar's Download CSV), with the Partner of Record fees: the
/// fees' code is in this part and in partner mode's, not in the main one. `None` when the
/// fees were not computed yet and the quote now does not compute: the last valid result
/// has no fees, and a CSV without them would be wrong.
#[cfg(feature = "partner")]
pub async fn results_csv(state: crate::state::AppState) -> Result<Option<String>, Unloaded> {
    #[cfg(licalc_split)]
    return split::results_csv(state).await.map_err(|_| Unloaded);
    #[cfg(not(licalc_split))]
    Ok(results_csv_now(state))
}

#[cfg(feature = "partner")]
fn results_csv_now(state: crate::state::AppState) -> Option<String> {
    if !state.has_fees() {
        state.with_fees();
        if state.outcome.with_untracked(Result::is_err) {
            return None;
        }
    }
    state
        .result
        .with_untracked(|r| r.as_ref().map(|r| licalc_engine::export::csv(r)))
}

/// The share link of the quote (the toolbar's Copy link): the encoder (the wire form,
/// deflate, base64) is in the `keep` part with the printable quote, which prints the
/// link's reference, so neither the page nor a link being opened loads it.
#[cfg(feature = "partner")]
pub async fn share_url(
    quote: Quote,
    book: Option<std::sync::Arc<PriceBook>>,
) -> Result<String, Unloaded> {
    #[cfg(licalc_split)]
    return split::share_url(quote, book).await.map_err(|_| Unloaded);
    #[cfg(not(licalc_split))]
    Ok(share_url_now(&quote, book.as_deref()))
}

/// The page's address with this quote in its fragment, and its own book if it has one
/// ([`crate::state::AppState::own_book`]).
#[cfg(feature = "partner")]
fn share_url_now(quote: &Quote, book: Option<&PriceBook>) -> String {
    let fragment = link::fragment(quote, book);
    let base = leptos::web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    format!("{}{fragment}", base.split('#').next().unwrap_or(""))
}

/// Fetches a part's files, for an action that needs them in before it goes on.
#[cfg(feature = "partner")]
pub async fn ready(part: &'static Part) -> Result<(), Unloaded> {
    #[cfg(licalc_split)]
    return load(part).await.map_err(|_| Unloaded);
    #[cfg(not(licalc_split))]
    {
        let _ = part;
        Ok(())
    }
}

/// The reader's file could not be fetched (offline before the app was installed, or a
/// newer version was published and this page's files are gone from the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unloaded;

impl Unloaded {
    /// Why a quote was not read, for the messages that say so.
    pub const REASON: &'static str =
        "the part of the calculator that reads quotes could not be loaded";

    /// What an action that needed a part says when it could not be fetched: what was not
    /// done, then why and what to do, in the same words wherever it happens.
    #[cfg(feature = "partner")]
    pub fn notice(not_done: &str, reason: &str) -> String {
        format!("{not_done}: {reason} (the connection may be off, or a newer version was published: reload the page to get it). Your quote is kept.")
    }
}

/// What the reader is asked to read. One split point for all, so reading costs one
/// fetch however it is first needed.
enum Reading {
    Quote(String),
    #[cfg(feature = "partner")]
    Example,
    /// The book of a link the link part decoded.
    Link(Box<link::Unpacked>),
    Book(String),
    /// A stored entry's text (this tab's draft, at a reload).
    #[cfg(feature = "partner")]
    Entry(String),
    /// The revision a named quote has in storage now (before saving over it).
    #[cfg(feature = "partner")]
    Rev(String),
    /// The oldest drafts beyond the most recent, kept the one given (src/storage.rs).
    Prune(String),
}

/// What it read, in the same order (boxed: it passes through the split point's call).
/// Each quote comes with what its price book's edition means for it ([`Arrived`]).
enum Read {
    Quote(Box<Result<Arrived, Vec<Problem>>>),
    #[cfg(feature = "partner")]
    Saved(Box<Result<Linked, StoreError>>),
    Link(Box<Result<Linked, LinkError>>),
    Book(Box<Result<PriceBook, Vec<Problem>>>),
    #[cfg(feature = "partner")]
    Rev(Option<u64>),
    Pruned,
}

/// A quote read with the price book that came with it (a link's, a saved quote's).
pub type Linked = (Arrived, Option<PriceBook>);

/// Reads the JSON of a quote (a file, the widget's `quote` attribute) as strictly as the
/// CLI does.
pub async fn quote_json(text: String) -> Result<Result<Arrived, Vec<Problem>>, Unloaded> {
    match read(Reading::Quote(text)).await? {
        Read::Quote(q) => Ok(*q),
        _ => Err(Unloaded),
    }
}

/// Opens a share link (the app's address, the widget's `quote` attribute): decoded by
/// the link part; a book it carries (rare) is read by the JSON reader after it.
pub async fn share_link(text: String) -> Result<Result<Linked, LinkError>, Unloaded> {
    match unpack(text).await? {
        Ok(Unpacked::Quote(arrived)) => Ok(Ok((*arrived, None))),
        Ok(Unpacked::Book(unpacked)) => match read(Reading::Link(unpacked)).await? {
            Read::Link(opened) => Ok(*opened),
            _ => Err(Unloaded),
        },
        Err(e) => Ok(Err(e)),
    }
}

/// What the link part made of a link: its quote, or (a link that carries a book) the
/// link read up to that book, for the JSON reader.
enum Unpacked {
    Quote(Box<Arrived>),
    Book(Box<link::Unpacked>),
}

/// A link decoded: its payload checked and base64-decoded, inflated by the browser's
/// decompressor, and read from its wire form, all in the link part. A browser without
/// `deflate-raw`, or that refuses the bytes, has them inflated by the engine's inflater
/// instead, in a part of its own that most visitors never fetch: its verdict on a
/// damaged link is the one the link always had.
async fn unpack(text: String) -> Result<Result<Unpacked, LinkError>, Unloaded> {
    #[cfg(licalc_split)]
    return split::link(text).await.map_err(|_| Unloaded)?.await;
    #[cfg(not(licalc_split))]
    Ok(link::unpack(&text).and_then(arrived))
}

/// What the link part returns: the link's decoding, to be awaited.
#[cfg(licalc_split)]
type Unpacking = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Result<Unpacked, LinkError>, Unloaded>>>,
>;

/// The link part's body (a future, so that the browser's decompressor and the call to
/// the engine's inflater are the link part's code, not the main wasm's).
#[cfg(licalc_split)]
async fn unpack_now(text: String) -> Result<Result<Unpacked, LinkError>, Unloaded> {
    let payload = match link::deflated(&text) {
        Ok(payload) => payload,
        Err(e) => return Ok(Err(e)),
    };
    let limit = licalc_engine::limits::MAX_DOCUMENT_BYTES;
    let inflated = match crate::dom::inflate_raw(&payload.bytes, limit).await {
        Some(bytes) => Ok(bytes),
        None => *split::inflate(payload.clone())
            .await
            .map_err(|_| Unloaded)?,
    };
    Ok(inflated
        .and_then(|bytes| payload.open(&bytes))
        .and_then(arrived))
}

/// The link part's last step: the quote read, or the link read up to the book it carries.
fn arrived(unpacked: link::Unpacked) -> Result<Unpacked, LinkError> {
    if unpacked.book.is_some() {
        return Ok(Unpacked::Book(Box::new(unpacked)));
    }
    unpacked
        .quote
        .map(|quote| Unpacked::Quote(Box::new(Arrived::read(quote))))
}

/// Reads and validates a price book's JSON (the widget's `price-book` attribute).
pub async fn price_book(text: String) -> Result<Result<PriceBook, Vec<Problem>>, Unloaded> {
    match read(Reading::Book(text)).await? {
        Read::Book(book) => Ok(*book),
        _ => Err(Unloaded),
    }
}

/// Opens a stored entry from its text (this tab's draft at a reload): its quote and the
/// price book it was saved with.
#[cfg(feature = "partner")]
pub async fn open_entry(text: String) -> Result<Result<Linked, StoreError>, Unloaded> {
    match read(Reading::Entry(text)).await? {
        Read::Saved(s) => Ok(*s),
        _ => Err(Unloaded),
    }
}

/// The revision saved quote `id` has in storage now; `None` if it is gone or damaged.
#[cfg(feature = "partner")]
pub async fn stored_rev(id: String) -> Result<Option<u64>, Unloaded> {
    match read(Reading::Rev(id)).await? {
        Read::Rev(rev) => Ok(rev),
        _ => Err(Unloaded),
    }
}

/// Removes the oldest drafts beyond the most recent (src/storage.rs): it reads them all.
pub async fn prune_drafts(keep: String) -> Result<(), Unloaded> {
    read(Reading::Prune(keep)).await.map(|_| ())
}

/// The Contoso example (its JSON is read like a file's).
#[cfg(feature = "partner")]
pub async fn example() -> Result<Arrived, Unloaded> {
    match read(Reading::Example).await? {
        Read::Quote(q) => (*q).map_err(|_| Unloaded),
        _ => Err(Unloaded),
    }
}

/// The JSON reader's body: the only caller of the JSON deserializers, in both builds
/// (stored entries are JSON too: this tab's draft, a revision, the drafts to prune).
fn read_now(job: Reading) -> Read {
    match job {
        Reading::Quote(text) => Read::Quote(Box::new(Quote::from_json(&text).map(Arrived::read))),
        #[cfg(feature = "partner")]
        Reading::Example => Read::Quote(Box::new(Ok(Arrived::read(Quote::example())))),
        Reading::Link(unpacked) => Read::Link(Box::new(
            unpacked.open().map(|o| (Arrived::read(o.quote), o.book)),
        )),
        Reading::Book(text) => Read::Book(Box::new(PriceBook::from_json(&text))),
        #[cfg(feature = "partner")]
        Reading::Entry(text) => Read::Saved(Box::new(
            Saved::from_json(&text)
                .and_then(|saved| saved.open())
                .map(|(quote, book)| (Arrived::read(quote), book)),
        )),
        #[cfg(feature = "partner")]
        Reading::Rev(id) => Read::Rev(
            crate::storage::get(false, &id)
                .and_then(Result::ok)
                .map(|s| s.rev),
        ),
        Reading::Prune(keep) => {
            crate::storage::prune_drafts(&keep);
            Read::Pruned
        }
    }
}

async fn read(job: Reading) -> Result<Read, Unloaded> {
    #[cfg(licalc_split)]
    return split::reader(job).await.map_err(|_| Unloaded);
    #[cfg(not(licalc_split))]
    Ok(read_now(job))
}

/// A part split off the app's wasm: whether its files are in (its view is then built at
/// once), and how to fetch them. Each is a `static` beside the split point it fetches
/// ([`part!`]): here, and in the components whose views are split (the desk, the saved
/// quotes, the printable quote), so that this module names none of their views.
pub struct Part {
    #[cfg(licalc_split)]
    loaded: std::sync::atomic::AtomicBool,
    #[cfg(licalc_split)]
    fetch: Preload,
}

/// A split point's preload function, boxed: one type for every part.
#[cfg(licalc_split)]
pub type Preload = fn() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(), leptos::wasm_split::SplitLoaderError>>>,
>;

impl Part {
    #[cfg(licalc_split)]
    pub const fn new(fetch: Preload) -> Part {
        Part {
            loaded: std::sync::atomic::AtomicBool::new(false),
            fetch,
        }
    }

    #[cfg(not(licalc_split))]
    pub const fn new() -> Part {
        Part {}
    }
}

/// A [`Part`] fetched by a split point's preload function; without `--cfg licalc_split`
/// (one wasm), a part with nothing to fetch.
macro_rules! part {
    ($preload:path) => {{
        #[cfg(licalc_split)]
        let part = $crate::parts::Part::new(|| Box::pin($preload()));
        #[cfg(not(licalc_split))]
        let part = $crate::parts::Part::new();
        part
    }};
}
#[cfg(feature = "partner")]
pub(crate) use part;

/// A view split off into a file of its own, written where the view is (the desk, the saved
/// quotes, the printable quote): its [`Part`] as `PART`, a function that shows the view
/// ([`fetched`]: a status line until its file is in; without `--cfg licalc_split`, the view
/// itself), and the split point, in file `$file` (points named alike share one), with its
/// preload function `$preload`.
#[cfg(feature = "partner")]
macro_rules! split_view {
    ($(#[$doc:meta])* $vis:vis fn $name:ident() = <$component:ident />, $what:literal, $file:ident, $preload:ident) => {
        /// The part this module's split view is in.
        pub static PART: $crate::parts::Part = $crate::parts::part!(split::$preload);

        $(#[$doc])*
        $vis fn $name() -> ::leptos::prelude::AnyView {
            #[cfg(licalc_split)]
            return $crate::parts::fetched(&PART, $what, || Box::pin(split::$name()));
            #[cfg(not(licalc_split))]
            ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$component /> })
        }

        #[cfg(licalc_split)]
        mod split {
            use super::$component;
            use leptos::prelude::*;
            use leptos::wasm_split::{wasm_split, SplitLoaderError};

            #[wasm_split($file, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
            pub fn $name() -> Result<AnyView, SplitLoaderError> {
                Ok(view! { <$component /> }.into_any())
            }
        }
    };
}
#[cfg(feature = "partner")]
pub(crate) use split_view;

/// Partner mode (and, in the full build, the widget's code).
#[cfg(feature = "partner")]
pub static PARTNER_MODE: Part = part!(split::prefetch_partner_mode);
/// The JSON reader.
#[cfg(feature = "partner")]
pub static READER: Part = part!(split::prefetch_reader);
/// The CSV export (in `keep`'s file).
#[cfg(feature = "partner")]
pub static CSV: Part = part!(split::prefetch_results_csv);
/// The share link's encoder (in `keep`'s file).
#[cfg(feature = "partner")]
pub static SHARE: Part = part!(split::prefetch_share_url);
/// "How was this computed?".
pub static EXPLAIN: Part = part!(split::prefetch_how_computed);

/// An event handler (any event) that starts fetching `part`: for the pointer or focus
/// coming to the control that shows it.
pub fn ahead<E>(part: &'static Part) -> impl Fn(E) + Copy + 'static {
    move |_| prefetch(part)
}

/// Starts fetching a part's files without showing it, on a sign the user is about to
/// (pointer over, or focus on, the control that shows it): usually they are in before
/// the click, and the status line never shows. A failure is not kept (showing the
/// part fetches again, and says so if it fails again). Also called before the app has
/// mounted (src/page.rs), when Leptos's executor is not set up yet: hence
/// wasm-bindgen's own.
pub fn prefetch(part: &'static Part) {
    #[cfg(licalc_split)]
    wasm_bindgen_futures::spawn_local(async move {
        let _ = load(part).await;
    });
    #[cfg(not(licalc_split))]
    let _ = part;
}

/// Fetches a part's files (once: a loaded part is not fetched again, a failed fetch is
/// tried again next time).
#[cfg(licalc_split)]
async fn load(part: &'static Part) -> Result<(), leptos::wasm_split::SplitLoaderError> {
    (part.fetch)().await?;
    part.loaded
        .store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// The split points. Each function's body goes to its own wasm file; calling it fetches
/// that file first (once; a failed fetch is not remembered, so calling again retries).
/// `fallible`: a failed fetch is an `Err`, not a panic, which would stop the page.
/// Points named alike share a file: the printable quote, the CSV export and the share
/// link (`keep`), and
/// the full build's widget (src/widget.rs) with partner mode, which such a widget shows. wasm_split_cli
/// puts the code each set of parts shares in a file of its own, so every extra part
/// multiplies the small files partner mode needs (measured: 27 files instead of 36).
#[cfg(licalc_split)]
mod split {
    #[cfg(feature = "partner")]
    use crate::components::partner::PartnerMode;
    use crate::components::results::explain::HowComputed;
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    #[cfg(feature = "partner")]
    #[wasm_split(keep, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_results_csv))]
    pub(super) fn results_csv(
        state: crate::state::AppState,
    ) -> Result<Option<String>, SplitLoaderError> {
        Ok(super::results_csv_now(state))
    }

    #[cfg(feature = "partner")]
    #[wasm_split(keep, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_share_url))]
    pub(super) fn share_url(
        quote: licalc_engine::Quote,
        book: Option<std::sync::Arc<licalc_engine::PriceBook>>,
    ) -> Result<String, SplitLoaderError> {
        Ok(super::share_url_now(&quote, book.as_deref()))
    }

    #[wasm_split(explain, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_how_computed))]
    pub fn how_computed() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <HowComputed /> }.into_any())
    }

    #[cfg(feature = "partner")]
    #[wasm_split(partner_mode, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_partner_mode))]
    pub fn partner_mode() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <PartnerMode /> }.into_any())
    }

    /// Link decoding (base64, the browser's inflater, the wire form) and the quote's
    /// price-book edition (C1), without the JSON reader, which only a link carrying a
    /// book needs.
    #[wasm_split(link, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub(super) fn link(text: String) -> Result<super::Unpacking, SplitLoaderError> {
        Ok(Box::pin(super::unpack_now(text)))
    }

    /// The engine's inflater, for a browser that could not inflate a link.
    #[wasm_split(inflate, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub(super) fn inflate(
        payload: licalc_engine::link::Deflated,
    ) -> Result<Box<Result<Vec<u8>, licalc_engine::link::LinkError>>, SplitLoaderError> {
        Ok(Box::new(payload.inflate()))
    }

    #[wasm_split(reader, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_reader))]
    pub(super) fn reader(job: super::Reading) -> Result<super::Read, SplitLoaderError> {
        Ok(super::read_now(job))
    }
}

/// A split view's builder: a function pointer and a boxed future, so that [`fetched`] is
/// one function in the main part rather than one per part (measured: 0.7 KB gzip less
/// on the app page; the widget, with one split view, is the same).
#[cfg(licalc_split)]
pub(crate) type Build = fn() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<AnyView, leptos::wasm_split::SplitLoaderError>>>,
>;

/// A split view: a status line while its file is fetched, then the view; if the fetch
/// fails (offline before the app was installed, or files of an older build no longer
/// on the server), a message and a button to retry. Not a `<Suspense>`: its machinery
/// would be in the main part for this alone (about 9 KB gzip in the widget).
#[cfg(licalc_split)]
pub(crate) fn fetched(part: &'static Part, what: &'static str, build: Build) -> AnyView {
    #[derive(Clone, Copy, PartialEq)]
    enum Fetch {
        Waiting,
        In,
        Failed,
    }
    let ready = part.loaded.load(std::sync::atomic::Ordering::Relaxed);
    let fetch = RwSignal::new(if ready { Fetch::In } else { Fetch::Waiting });
    let start = move || {
        fetch.set(Fetch::Waiting);
        leptos::task::spawn_local(async move {
            let done = if load(part).await.is_ok() {
                Fetch::In
            } else {
                Fetch::Failed
            };
            // The view may have gone meanwhile (another mode chosen).
            let _ = fetch.try_set(done);
            // Its panels are laid out once before they may skip layout.
            #[cfg(feature = "partner")]
            crate::components::common::lazy::remeasure();
        });
    };
    if !ready {
        start();
    }
    let failed = move || {
        view! {
        <div class="notice problem part-failed" role="alert">
            <p>{licalc_engine::describe::capital(what)}" could not be loaded: the connection may be off, or a newer version of the calculator was published (reload the page to get it). Your quote is kept."</p>
            <button type="button" on:click=move |_| start()>"Try again"</button>
        </div>
    }
    .into_any()
    };
    (move || match fetch.get() {
        Fetch::Waiting => {
            view! { <p class="loading part-loading" role="status">{format!("Loading {what}…")}</p> }
                .into_any()
        }
        // Its file is in, so the split function returns at its first poll; built
        // untracked, so that a signal its view reads at once does not rebuild it all.
        Fetch::In => untrack(|| now(build()))
            .and_then(Result::ok)
            .unwrap_or_else(failed),
        Fetch::Failed => failed(),
    })
    .into_any()
}

/// A future's output if it is ready at its first poll.
#[cfg(licalc_split)]
pub fn now<F: std::future::Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => Some(out),
        std::task::Poll::Pending => None,
    }
}
