//! The app's state and layout.
//!
//! The whole quote is ONE value, the engine's `Quote`, in one signal: every edit makes a
//! new `Quote`, and the engine recomputes from it (so export, import and share links
//! later need nothing but `Quote`'s JSON). Each field keeps its own raw text (see
//! `components::field`); the results show the last valid computation, marked out of
//! date while a field holds a bad value or the engine reports a problem.

use crate::components::field::{sentence, FieldError};
use crate::components::{
    charts::Charts,
    customer::CustomerPanel,
    fees::FeesPanel,
    import_export::ImportExport,
    months::MonthTables,
    partners::PartnersPanel,
    price_book::PriceBookPanel,
    results::{QuickSummary, Results},
    transactions::TransactionsPanel,
};
use crate::ids;
use leptos::prelude::*;
use licalc_engine::{compute, FigureInfo, PriceBook, Problem, Quote, QuoteResult};
use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::sync::Arc;

/// A shared value compared by identity: a memo holding a result never walks its tens of
/// thousands of rows to find out whether it changed.
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

/// Everything the panels share, provided as context. All fields are arena handles (Copy).
#[derive(Clone, Copy)]
pub struct AppState {
    /// The price book in use (C1): the shipped one, or one the user loaded. A quote's
    /// overrides apply on top of it.
    pub book: RwSignal<Arc<PriceBook>>,
    pub quote: RwSignal<Quote>,
    pub outcome: Memo<Outcome>,
    /// The last valid result: what the results panels show.
    pub result: Memo<Option<Shared<QuoteResult>>>,
    /// The engine's problems with the current quote (empty when it computed).
    pub problems: Memo<Arc<Vec<Problem>>>,
    /// Every figure of the effective price book (the book plus the quote's overrides).
    pub figures: Memo<Shared<Vec<FigureInfo>>>,
    /// Fields whose typed text does not parse, by DOM id.
    pub field_errors: RwSignal<BTreeMap<String, FieldError>>,
    /// Bumped when the whole quote is replaced (import): every field shows the new value.
    pub epoch: RwSignal<u64>,
    /// The quote's transaction ids in order: what keyed lists of transactions follow.
    pub tx_ids: Memo<Vec<String>>,
    /// The price-book box and its last message: kept here because loading a book rebuilds
    /// every panel, the box's own included.
    pub book_text: RwSignal<String>,
    pub book_notice: RwSignal<Option<String>>,
    /// Each mounted field's engine message, by DOM id (see `field::engine_problem`).
    pub messages: StoredValue<HashMap<String, RwSignal<Option<String>>>>,
}

impl AppState {
    fn new() -> AppState {
        let book = RwSignal::new(Arc::new(PriceBook::default_book()));
        let quote = RwSignal::new(Quote::default_quote());
        let outcome = Memo::new(move |_| {
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
        let problems = Memo::new(move |_| match outcome.get() {
            Ok(_) => Arc::new(Vec::new()),
            Err(p) => p,
        });
        let overrides = Memo::new(move |_| quote.with(|q| q.overrides.clone()));
        let figures = {
            Memo::new(move |_| {
                let book = book.get();
                let overrides = overrides.get();
                let q = Quote {
                    overrides,
                    ..quote.with_untracked(|q| q.clone_shell())
                };
                // The engine's effective book; should the overrides together make the book
                // invalid, each valid override still shows (the problem is listed).
                let effective = q.effective_book(&book).unwrap_or_else(|_| {
                    let mut b = (*book).clone();
                    for o in &q.overrides {
                        let _ = b.set_figure(&o.figure, &o.value);
                    }
                    b
                });
                Shared(Arc::new(effective.figures()))
            })
        };
        let state = AppState {
            book,
            quote,
            outcome,
            result,
            problems,
            figures,
            field_errors: RwSignal::new(BTreeMap::new()),
            epoch: RwSignal::new(0),
            tx_ids: Memo::new(move |_| {
                quote.with(|q| q.transactions.iter().map(|t| t.id.clone()).collect())
            }),
            book_text: RwSignal::new(String::new()),
            book_notice: RwSignal::new(None),
            messages: StoredValue::new(HashMap::new()),
        };
        // Delivers the engine's problems to the fields they name, waking only the fields
        // whose message changed. Reruns on every edit too: a removed row shifts the
        // paths of the problems below it even when the list of problems is unchanged.
        Effect::new(move |showing: Option<bool>| {
            quote.track();
            let by_id = state.problems_by_field();
            // Nothing shown and nothing to show: the usual case costs nothing per field.
            if by_id.is_empty() && showing == Some(false) {
                return false;
            }
            state.messages.with_value(|m| {
                for (id, slot) in m {
                    let new = by_id.get(id).cloned();
                    if slot.with_untracked(|v| *v != new) {
                        slot.set(new);
                    }
                }
            });
            !by_id.is_empty()
        });
        state
    }

    /// The engine's problems worded for the fields they name, by DOM id; several
    /// problems at one field read as one message.
    fn problems_by_field(&self) -> HashMap<String, String> {
        let mut by_id: HashMap<String, String> = HashMap::new();
        self.problems.with(|ps| {
            if ps.is_empty() {
                return;
            }
            self.quote.with_untracked(|q| {
                for p in ps.iter() {
                    if let Some(id) = ids::for_path(q, &p.path) {
                        let m = sentence("", &p.message, p.rule);
                        by_id
                            .entry(id)
                            .and_modify(|x| {
                                x.push(' ');
                                x.push_str(&m);
                            })
                            .or_insert(m);
                    }
                }
            })
        });
        by_id
    }

    /// The engine's message for one field now, for a field that is just being created.
    pub fn engine_message_untracked(&self, id: &str) -> Option<String> {
        untrack(|| self.problems_by_field().remove(id))
    }

    /// The price book in use, read without tracking: panels take it when built, and the
    /// whole layout is rebuilt when another book is loaded (a rare, deliberate act).
    pub fn book(&self) -> Arc<PriceBook> {
        self.book.get_untracked()
    }

    /// Prices with another book from now on (C1). The quote's figure overrides stay,
    /// but only as long as they name figures the new book has: the engine reports others.
    pub fn load_book(&self, book: PriceBook) {
        self.book.set(Arc::new(book));
        self.field_errors.set(BTreeMap::new());
        self.epoch.update(|e| *e += 1);
    }

    /// Applies one edit to the quote (the only way components change it).
    pub fn edit(&self, f: impl FnOnce(&mut Quote)) {
        self.quote.update(f);
    }

    /// Whether the results shown are not those of what the user sees in the fields.
    pub fn stale(&self) -> bool {
        !self.field_errors.with(BTreeMap::is_empty) || self.outcome.with(Result::is_err)
    }

    /// Replaces the whole quote (import).
    pub fn replace(&self, q: Quote) {
        self.quote.set(q);
        self.field_errors.set(BTreeMap::new());
        self.epoch.update(|e| *e += 1);
    }
}

/// The parts of a quote `effective_book` reads besides the overrides: nothing, but it
/// takes a whole `Quote`; this builds one without cloning every transaction.
trait Shell {
    fn clone_shell(&self) -> Quote;
}

impl Shell for Quote {
    fn clone_shell(&self) -> Quote {
        Quote {
            format: self.format,
            price_book: None,
            customer: self.customer.clone(),
            horizon_months: self.horizon_months,
            transactions: Vec::new(),
            partners: Vec::new(),
            por: Vec::new(),
            overrides: Vec::new(),
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    view! {
        <div class="licalc">
            <header class="app-header">
                <h1>"Licensing calculator"</h1>
                <p class="lede">
                    "What licences cost on an Enterprise Agreement (EA) and on the online subscription program (MOSP), "
                    "with Step-Up, Windows Intune volume pricing and the Client SA credit, and what each Partner of Record earns. "
                    "Explanations cite the rules by id (for example P2, F3)."
                </p>
            </header>
            // Rebuilt when another price book is loaded: every panel takes the book anew.
            {move || { state.book.track(); view! {
            <main class="layout">
                <QuickSummary />
                <section class="inputs" aria-labelledby="quote-heading">
                    <h2 id="quote-heading" class="visually-hidden">"Quote"</h2>
                    <CustomerPanel />
                    <TransactionsPanel />
                    <PartnersPanel />
                    <PriceBookPanel />
                    <ImportExport />
                </section>
                <div class="outputs" class:is-stale=move || state.stale()>
                    <Results />
                    <Charts />
                    <FeesPanel />
                    <MonthTables />
                </div>
            </main>
            } }}
        </div>
    }
}
