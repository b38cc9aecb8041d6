//! The app's state, shared by every component as context.
//!
//! The whole quote is ONE value, the engine's `Quote`, in one signal: every edit makes a
//! new `Quote` and the engine recomputes from it, so saving, sharing and exporting need
//! nothing but the quote. Each field keeps its own raw text (`components::field`); the
//! results show the last valid computation, marked out of date while a field holds a
//! bad value or the engine reports a problem.
//!
//! Nothing here renders: components import this module, and it imports none of them.

use crate::by_id::ById;
use crate::format::{number_locale, IntlFmt, Locale};
use crate::ids;
use crate::keyed::Keyed;
pub use crate::mode::Mode;
use leptos::prelude::*;
use licalc_engine::describe::{self, Text};
use licalc_engine::input::NumberLocale;
use licalc_engine::{compute_prices, PriceBook, Problem, Quote, QuoteResult};
use std::ops::Deref;
use std::sync::Arc;

/// A shared value compared by identity: a memo holding a result never walks its rows to
/// find out whether it changed.
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// What one computation gave: a result, or every problem with the quote.
pub type Outcome = Result<Shared<QuoteResult>, Arc<Vec<Problem>>>;

/// Keeps the outcome an edit replaced until the frame after the edit's has been drawn.
/// A long quote's result is thousands of rows, and freeing them took about 0.4 ms of an
/// edit (200 transactions, 240 months; CPU profile) before the new figures could be
/// painted; the browser now frees them after. Not in the widget's build: without
/// partner mode its results are small.
#[cfg(all(target_arch = "wasm32", feature = "partner"))]
fn release_later(old: Option<&Outcome>) {
    use std::cell::RefCell;
    let Some(old) = old.cloned() else { return };
    thread_local! {
        static LATER: RefCell<Vec<Outcome>> = const { RefCell::new(Vec::new()) };
    }
    // A hidden tab draws no frames, and a quote synced from another tab can still
    // change there: at most two wait, the older ones go at once.
    let first = LATER.with_borrow_mut(|later| {
        later.push(old);
        if later.len() > 2 {
            drop(later.remove(0));
        }
        later.len() == 1
    });
    if first {
        // The frame's callbacks run before it is drawn; a timer set in one runs after.
        request_animation_frame(|| set_timeout(|| drop(LATER.take()), std::time::Duration::ZERO));
    }
}

#[cfg(not(all(target_arch = "wasm32", feature = "partner")))]
fn release_later(_: Option<&Outcome>) {}

/// What the page or the host decides (the widget's attributes, the app page's defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub locale: Locale,
    /// The hosting partner, for the customer's "next step".
    pub partner_name: Option<String>,
    pub partner_link: Option<String>,
    /// Services offered in customer mode (ids); every service when empty.
    pub services: Vec<String>,
    /// The answer only, details behind a toggle.
    pub compact: bool,
    /// In someone else's page: no URL, no page-wide storage.
    pub embedded: bool,
    /// The widget's accessible name (unique on a page with several widgets).
    pub label: String,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            locale: Locale::default(),
            partner_name: None,
            partner_link: None,
            services: Vec::new(),
            compact: false,
            embedded: false,
            label: "Licensing calculator".into(),
        }
    }
}

/// The fields whose text does not parse, with their messages, by DOM id, in id order
/// (the order the error summary lists them, each linked to its field).
pub type FieldErrors = ById<Text>;

/// A quote opened that was made with an earlier edition of the shipped price book: what
/// changed since, said once (C1), in words made when it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct BookNews {
    pub summary: Text,
    /// Each figure that changed.
    pub changes: Arc<Vec<Text>>,
    /// Values changed, so the quote is priced with its own edition.
    pub kept_earlier: bool,
}

/// A quote from outside (a file, a link, a stored draft, the example, a widget's
/// attribute) with what its price book's edition means for it (C1). Worked out by
/// [`Arrived::read`] where the quote was read (the reader and link parts,
/// src/parts.rs), so the earlier editions and their comparison stay out of the main part.
pub struct Arrived {
    pub quote: Quote,
    /// Made with an earlier edition: that edition when its values are kept, and the news.
    earlier: Option<(Option<PriceBook>, BookNews)>,
}

impl Arrived {
    /// A quote made here, with the current book (a new one): nothing to work out.
    pub fn new(quote: Quote) -> Arrived {
        Arrived {
            quote,
            earlier: None,
        }
    }

    /// A quote made with an earlier edition of the shipped book keeps its figures: priced
    /// with the current edition when no value changed (and marked so), else with its
    /// own; either way the user is told what changed.
    pub fn read(mut quote: Quote) -> Arrived {
        let shipped = PriceBook::shipped();
        let licalc_engine::history::Edition::Earlier { book, changes } =
            licalc_engine::history::edition(shipped, quote.price_book.as_ref())
        else {
            return Arrived::new(quote);
        };
        let kept_earlier = changes
            .iter()
            .any(licalc_engine::history::FigureChange::value_changed);
        let summary = describe::book_news(
            &shipped.id,
            &book.version,
            &shipped.version,
            &changes,
            kept_earlier,
        );
        if !kept_earlier {
            quote.price_book = Some(licalc_engine::quote::BookRef {
                id: shipped.id.clone(),
                version: shipped.version.clone(),
            });
        }
        let news = BookNews {
            summary,
            changes: Arc::new(
                changes
                    .iter()
                    .map(|c| describe::figure_change(shipped, c))
                    .collect(),
            ),
            kept_earlier,
        };
        Arrived {
            quote,
            earlier: Some((kept_earlier.then_some(*book), news)),
        }
    }
}

/// A message for the whole app: a link that did not open, storage that is full, a quote
/// made with an earlier price book.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: Text,
    /// A problem (shown as an alert) rather than information.
    pub problem: bool,
}

#[derive(Clone, Copy)]
pub struct AppState {
    /// The price book in use (C1): the shipped one, or one the user loaded. A quote's
    /// overrides apply on top of it.
    pub book: RwSignal<Arc<PriceBook>>,
    pub quote: RwSignal<Quote>,
    pub outcome: Memo<Outcome>,
    /// The last valid result: what the results show.
    pub result: Memo<Option<Shared<QuoteResult>>>,
    /// `result` once the browser is idle after an edit: what the panels below the
    /// results show (the charts, the partners' fees, the month tables). See [`later`].
    #[cfg(feature = "partner")]
    pub later: ReadSignal<Option<Shared<QuoteResult>>>,
    /// The engine's problems with the current quote (empty when it computed).
    pub problems: Memo<Arc<Vec<Problem>>>,
    /// The book with the quote's valid overrides, for the price-book panel and the
    /// figures behind an explanation, even while other overrides are wrong.
    pub effective: Memo<Shared<PriceBook>>,
    /// Bumped when the quote's calendar start (T2) changes: the texts that write months
    /// follow this, not the quote, which every edit changes (a large quote's page has a
    /// hundred such texts, and each read of the quote woke them all on every edit).
    pub calendar: RwSignal<u64>,
    /// Bumped when the figures of `effective` may have changed (the quote's overrides,
    /// another book, another quote): what the price-book panel's rows follow, for the
    /// same reason.
    pub figures: RwSignal<u64>,
    /// Fields whose typed text does not parse, by DOM id.
    pub field_errors: RwSignal<FieldErrors>,
    /// Bumped when the whole quote is replaced: every field shows the new value.
    pub epoch: RwSignal<u64>,
    /// Each mounted field's engine message, by DOM id.
    pub messages: Keyed<Option<Text>>,
    pub mode: RwSignal<Mode>,
    pub config: RwSignal<Config>,
    pub notice: RwSignal<Option<Notice>>,
    pub news: RwSignal<Option<BookNews>>,
    /// What prices the quote once a view that shows Partner of Record fees asked for them
    /// ([`AppState::with_fees`]); until then `compute_prices`, without them (the same
    /// figures otherwise: engine/tests/invariants.rs). Customer mode and the widget never
    /// show fees, so the main part of the wasm has none of their code (src/parts.rs).
    /// The widget's build has nothing that shows them: there it stays `None`.
    #[cfg_attr(not(feature = "partner"), allow(dead_code))]
    computes: RwSignal<Option<Computes>>,
    locale: StoredValue<(Locale, NumberLocale)>,
    /// Bumped when the locale changes: every figure is written anew.
    pub relabel: RwSignal<u64>,
}

/// `value()` as a signal that is set only when it changes. A memo would do the same job,
/// but every change upstream marks a memo's whole subtree to be checked, and the effects
/// in it are woken to check, more than once an edit where the result is read: a
/// partner's fee card, read through a memo, woke its twenty years' rows each time. A
/// signal's readers are woken only when it is set. Its value follows a moment after the
/// result (in the same task, before the page is painted), so it is for what a view
/// shows, not for code that reads a figure right after an edit.
#[cfg(feature = "partner")]
pub fn settled<T>(value: impl Fn() -> T + Send + Sync + 'static) -> ReadSignal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let out = RwSignal::new(untrack(&value));
    Effect::new(move |_| {
        let v = value();
        if out.with_untracked(|o| *o != v) {
            out.set(v);
        }
    });
    out.read_only()
}

/// `result`, followed once the browser is idle after drawing an edit (at the latest
/// 200 ms after it): for the panels out of the way of an edit. In a 240-month quote the
/// charts, the fee cards and their tables were about a third of an edit's script (CPU
/// profile), spent before the answer and the figures beside the field could be painted.
/// Followed at once: the first result, and a result that `whole` says is of a new
/// whole (another quote, book or locale: `epoch`; the fees added), where nobody is
/// typing and the page should change as one. Never out of order: it only ever takes
/// the latest result.
#[cfg(feature = "partner")]
fn later(
    result: Memo<Option<Shared<QuoteResult>>>,
    whole: impl Fn() -> (u64, bool) + 'static,
) -> ReadSignal<Option<Shared<QuoteResult>>> {
    let later = RwSignal::new(None);
    Effect::new(move |was: Option<(u64, bool)>| {
        let now = result.get();
        let whole = untrack(&whole);
        if was != Some(whole) || later.with_untracked(Option::is_none) {
            later.set(now);
            return whole;
        }
        when_idle(move || {
            // Gone with its page or widget: nothing to follow.
            let Some(now) = result.try_get_untracked() else {
                return;
            };
            if later.try_with_untracked(|l| *l != now) == Some(true) {
                later.set(now);
            }
        });
        whole
    });
    later.read_only()
}

#[cfg(all(target_arch = "wasm32", feature = "partner"))]
fn when_idle(f: impl FnOnce() + 'static) {
    use leptos::wasm_bindgen::{closure::Closure, JsCast};
    let f = Closure::once_into_js(f);
    let window = window();
    let options = leptos::web_sys::IdleRequestOptions::new();
    options.set_timeout(200);
    if window
        .request_idle_callback_with_options(f.unchecked_ref(), &options)
        .is_err()
    {
        // No idle callbacks (Safari): after the frame is drawn.
        request_animation_frame(move || {
            let _ = window.set_timeout_with_callback(f.unchecked_ref());
        });
    }
}

#[cfg(all(not(target_arch = "wasm32"), feature = "partner"))]
fn when_idle(f: impl FnOnce() + 'static) {
    f()
}

/// The parts of a quote that [`AppState::calendar`] and [`AppState::figures`] follow.
type Marked = (
    Option<licalc_engine::quote::CalendarMonth>,
    Vec<licalc_engine::book::Override>,
);

/// The engine's `compute`, or one like it.
type Computes = fn(&PriceBook, &Quote) -> Result<QuoteResult, Vec<Problem>>;

impl AppState {
    pub fn new(book: PriceBook, quote: Quote, mode: Mode, config: Config) -> AppState {
        let book = RwSignal::new(Arc::new(book));
        let quote = RwSignal::new(quote);
        let computes = RwSignal::new(None::<Computes>);
        let outcome = Memo::new(move |old: Option<&Outcome>| {
            release_later(old);
            let compute = computes.get().unwrap_or(compute_prices);
            book.with(|b| quote.with(|q| compute(b, q)))
                .map(|r| Shared(Arc::new(r)))
                .map_err(Arc::new)
        });
        let result =
            Memo::new(
                move |prev: Option<&Option<Shared<QuoteResult>>>| match outcome.get() {
                    Ok(r) => Some(r),
                    Err(_) => prev.cloned().flatten(),
                },
            );
        let epoch = RwSignal::new(0);
        #[cfg(feature = "partner")]
        let later = later(result, move || {
            (
                epoch.get_untracked(),
                computes.with_untracked(Option::is_some),
            )
        });
        let problems =
            Memo::new(move |_| outcome.with(|o| o.as_ref().err().cloned().unwrap_or_default()));
        let overrides = Memo::new(move |_| quote.with(|q| q.overrides.clone()));
        let effective = Memo::new(move |_| {
            Shared(Arc::new(
                book.with(|b| overrides.with(|o| b.with_overrides(o).0)),
            ))
        });
        let tag = config.locale.clone();
        let state = AppState {
            book,
            quote,
            outcome,
            result,
            #[cfg(feature = "partner")]
            later,
            problems,
            effective,
            calendar: RwSignal::new(0),
            figures: RwSignal::new(0),
            field_errors: RwSignal::new(FieldErrors::default()),
            epoch,
            messages: Keyed::new(),
            mode: RwSignal::new(mode),
            config: RwSignal::new(config),
            notice: RwSignal::new(None),
            news: RwSignal::new(None),
            computes,
            locale: StoredValue::new((tag.clone(), number_locale(&tag))),
            relabel: RwSignal::new(0),
        };
        // Delivers the engine's problems to the fields they name. Reruns on every edit
        // too: a removed row shifts the paths of the problems below it.
        Effect::new(move |showing: Option<bool>| {
            quote.track();
            state.mode.track();
            let by_id = state.problems_by_field();
            // Nothing shown and nothing to show: the usual case costs nothing per field.
            if by_id.is_empty() && showing == Some(false) {
                return false;
            }
            state.messages.refresh(|id| by_id.get(id).cloned());
            !by_id.is_empty()
        });
        state
    }

    /// The engine's problems worded for the fields they name, by DOM id; several at one
    /// field read as one message.
    fn problems_by_field(&self) -> ById<Text> {
        let mut by_id: ById<Text> = ById::default();
        let mode = self.mode.get_untracked();
        self.problems.with(|ps| {
            let book = self.book.get_untracked();
            self.quote.with_untracked(|q| {
                for p in ps.iter() {
                    if let Some(id) = ids::for_path(q, &book, &p.path, mode) {
                        let m = describe::field_message("", describe::problem(p), p.rule);
                        let entry = by_id.get_or_insert_with(id, Text::default);
                        if !entry.pieces().is_empty() {
                            *entry = std::mem::take(entry).w(" ");
                        }
                        *entry = std::mem::take(entry).then(m);
                    }
                }
            })
        });
        by_id
    }

    /// The engine's message for a field that is just being created.
    pub fn engine_message_untracked(&self, id: &str) -> Option<Text> {
        untrack(|| self.problems_by_field().remove(id))
    }

    /// How this app shows numbers and months: its locale, the book's currency, the
    /// quote's calendar start. Reads without tracking.
    pub fn fmt(&self) -> IntlFmt {
        IntlFmt {
            locale: self.locale.with_value(|(l, _)| l.clone()),
            currency: self.book.with_untracked(|b| b.currency.code()),
            start: self.quote.with_untracked(|q| q.start),
        }
    }

    /// The separators typed numbers use in this locale.
    pub fn number_locale(&self) -> NumberLocale {
        self.locale.with_value(|(_, n)| *n)
    }

    /// Another locale (a widget's attribute changed).
    pub fn set_locale(&self, locale: Locale) {
        let n = number_locale(&locale);
        self.locale.set_value((locale, n));
        self.epoch.update(|e| *e += 1);
        self.relabel.update(|e| *e += 1);
    }

    /// The price book in use, read without tracking.
    pub fn book(&self) -> Arc<PriceBook> {
        self.book.get_untracked()
    }

    /// The price book in use when it is not the shipped one: what a draft, a saved quote,
    /// a share link or a widget's `licalc-change` link carries with the quote.
    pub fn own_book(&self) -> Option<Arc<PriceBook>> {
        let b = self.book();
        (*b != *PriceBook::shipped()).then_some(b)
    }

    /// Prices with another book from now on (C1).
    pub fn load_book(&self, book: PriceBook) {
        self.book.set(Arc::new(book));
        self.field_errors.set(FieldErrors::default());
        self.epoch.update(|e| *e += 1);
        self.figures.update(|e| *e += 1);
    }

    /// Applies one edit to the quote (the only way components change it).
    pub fn edit(&self, f: impl FnOnce(&mut Quote)) {
        let before = self.marked();
        self.quote.update(f);
        self.bump_changed(before);
    }

    /// What [`AppState::calendar`] and [`AppState::figures`] follow, before an edit. Not
    /// inlined, nor is [`AppState::bump_changed`]: `edit` is built once per call site.
    #[inline(never)]
    fn marked(&self) -> Marked {
        self.quote
            .with_untracked(|q| (q.start, q.overrides.clone()))
    }

    /// Bumps the counters whose part of the quote an edit changed.
    #[inline(never)]
    fn bump_changed(&self, (start, overrides): Marked) {
        let (calendar, figures) = self
            .quote
            .with_untracked(|q| (q.start != start, q.overrides != overrides));
        if calendar {
            self.calendar.update(|e| *e += 1);
        }
        if figures {
            self.figures.update(|e| *e += 1);
        }
    }

    /// Replaces the whole quote (new, example, file, link, saved): every field shows it,
    /// priced with the edition [`Arrived`] chose, with its news.
    pub fn replace(&self, arrived: Arrived) {
        if let Some((earlier, news)) = arrived.earlier {
            if let Some(book) = earlier {
                self.book.set(Arc::new(book));
            }
            self.news.set(Some(news));
        }
        self.quote.set(arrived.quote);
        self.field_errors.set(FieldErrors::default());
        self.epoch.update(|e| *e += 1);
        self.calendar.update(|e| *e += 1);
        self.figures.update(|e| *e += 1);
    }

    /// From now on the results carry the Partner of Record fees (F1-F9). Called by what
    /// shows them (partner mode, the CSV export), both in parts of their own: the fees'
    /// code goes with them. (The desk prices its quotes itself, through the engine.)
    #[cfg(feature = "partner")]
    pub fn with_fees(&self) {
        if !self.has_fees() {
            self.computes.set(Some(licalc_engine::compute));
        }
    }

    /// Whether the results carry the fees.
    #[cfg(feature = "partner")]
    pub fn has_fees(&self) -> bool {
        self.computes.with_untracked(Option::is_some)
    }

    /// Whether the results shown are not those of what the user sees in the fields.
    pub fn stale(&self) -> bool {
        !self.field_errors.with(FieldErrors::is_empty) || self.outcome.with(Result::is_err)
    }

    /// Reads the last valid result, if any.
    pub fn read<T: Default>(&self, f: impl FnOnce(&QuoteResult) -> T) -> T {
        self.result
            .with(|r| r.as_ref().map(|r| f(r)).unwrap_or_default())
    }

    /// As [`AppState::read`], from [`AppState::later`].
    #[cfg(feature = "partner")]
    pub fn read_later<T: Default>(&self, f: impl FnOnce(&QuoteResult) -> T) -> T {
        self.later
            .with(|r| r.as_ref().map(|r| f(r)).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use licalc_engine::quote::BookRef;

    fn made_with(id: &str, version: &str) -> Quote {
        Quote {
            price_book: Some(BookRef {
                id: id.into(),
                version: version.into(),
            }),
            ..Quote::example()
        }
    }

    #[test]
    fn a_quote_from_an_earlier_edition_arrives_with_its_news_and_the_current_edition() {
        let shipped = PriceBook::shipped();
        let arrived = Arrived::read(made_with(&shipped.id, "2011.03.1"));
        let (book, news) = arrived
            .earlier
            .expect("2011.03.1 is an earlier edition (C1)");
        // No value changed between the editions: priced with the current one, marked so.
        assert!(book.is_none() && !news.kept_earlier);
        assert_eq!(
            arrived.quote.price_book.map(|r| r.version),
            Some(shipped.version.clone())
        );
        let plain = |t: &Text| t.render(&describe::Plain::default());
        assert!(plain(&news.summary).contains("version 2011.03.1"));
        assert!(news
            .changes
            .iter()
            .any(|c| plain(c).starts_with("Office Live Meeting Standard")));
    }

    #[test]
    fn a_quote_of_this_edition_or_of_another_book_arrives_as_it_is() {
        let shipped = PriceBook::shipped();
        for q in [
            made_with(&shipped.id, &shipped.version),
            made_with("someone-elses-book", "1"),
            Quote::example(),
        ] {
            let arrived = Arrived::read(q.clone());
            assert!(arrived.earlier.is_none());
            assert_eq!(arrived.quote, q);
        }
    }
}
