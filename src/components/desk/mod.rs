//! The partner's desk (V1-V3, R1-R2): every saved quote as one book of customers, what
//! each partner earns from it month by month, what needs attention soonest (each line
//! opens the customer's quote, and a button comes back), and fee statements reconciled
//! against what was owed. Only the engine adds anything up; this renders its figures.

mod attention;
mod book;
mod statement;

use crate::format::IntlFmt;
use crate::parts::split_view;
use crate::session::Session;
use crate::state::{AppState, Mode};
use crate::storage;
use leptos::prelude::*;
use licalc_engine::describe::Text;
use licalc_engine::portfolio::{portfolio, Input, Portfolio};
use licalc_engine::quote::CalendarMonth;
use licalc_engine::store::Saved;
use licalc_engine::{PriceBook, Quote};
use std::sync::Arc;

/// Where "Back to the partner's desk" returns to, and what was followed from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Back {
    /// The element to focus on the way back.
    pub focus: String,
    pub customer: String,
    /// The attention line followed, if one was.
    pub text: Option<Text>,
    pub fmt_start: Option<CalendarMonth>,
}

/// The desk's own state, kept while the user looks at a quote and comes back.
#[derive(Clone, Copy)]
pub struct Desk {
    pub open: RwSignal<bool>,
    /// A partner id, or empty for every partner.
    pub partner: RwSignal<String>,
    /// The month the attention list counts from (V2), "YYYY-MM".
    pub as_of: RwSignal<String>,
    /// Saved quotes left out of the portfolio, by id.
    pub excluded: RwSignal<Vec<String>>,
    pub statement: RwSignal<String>,
    pub back: RwSignal<Option<Back>>,
    /// Bumped when saved quotes change (here or in another tab).
    pub version: RwSignal<u32>,
}

impl Desk {
    pub fn new() -> Desk {
        let now = js_sys::Date::new_0();
        let as_of = format!("{:04}-{:02}", now.get_full_year(), now.get_month() + 1);
        Desk {
            open: RwSignal::new(false),
            partner: RwSignal::new(String::new()),
            as_of: RwSignal::new(as_of),
            excluded: RwSignal::new(Vec::new()),
            statement: RwSignal::new(String::new()),
            back: RwSignal::new(None),
            version: RwSignal::new(0),
        }
    }
}

/// One saved quote of the portfolio.
pub struct Customer {
    pub id: String,
    pub saved: Saved,
    pub quote: Quote,
    pub book: Option<PriceBook>,
    pub included: bool,
}

impl Customer {
    /// The name the portfolio and fee statements know the customer by.
    pub fn name(&self) -> String {
        if self.quote.customer.name.trim().is_empty() {
            self.saved.name.clone()
        } else {
            self.quote.customer.name.clone()
        }
    }
}

/// The portfolio as built: the customers it read and what the engine made of them.
pub struct Built {
    pub customers: Vec<Customer>,
    /// The saved-quote index of each of the portfolio's customers.
    pub index: Vec<usize>,
    pub portfolio: Portfolio,
    /// Partner ids with their names as the quotes name them, in first-seen order.
    pub partners: Vec<(String, String)>,
    /// Saved quotes that would not open.
    pub damaged: usize,
}

impl Built {
    pub fn fmt(&self, state: &AppState) -> IntlFmt {
        IntlFmt {
            locale: state.fmt().locale,
            currency: self.portfolio.currency.code(),
            start: Some(self.portfolio.first),
        }
    }

    pub fn partner_name(&self, id: &str) -> String {
        self.partners
            .iter()
            .find(|p| p.0 == id)
            .map_or_else(|| id.to_string(), |p| p.1.clone())
    }
}

/// The built portfolio, compared by identity (a new build is always news).
#[derive(Clone)]
pub struct Shared(pub Arc<Built>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

fn build(excluded: &[String], as_of: &str) -> Built {
    let mut damaged = 0;
    let mut customers = Vec::new();
    for e in storage::list().into_iter().filter(|e| !e.draft) {
        match e
            .saved
            .and_then(|saved| saved.open().map(|(quote, book)| (saved, quote, book)))
        {
            Ok((saved, quote, book)) => customers.push(Customer {
                included: !excluded.contains(&e.id),
                id: e.id,
                saved,
                quote,
                book,
            }),
            Err(_) => damaged += 1,
        }
    }
    // Oldest first, so a customer keeps its place as others are saved.
    customers.reverse();
    let shipped = PriceBook::default_book();
    let index: Vec<usize> = (0..customers.len())
        .filter(|&i| customers[i].included)
        .collect();
    let inputs: Vec<Input> = index
        .iter()
        .map(|&i| {
            let c = &customers[i];
            Input {
                name: c.name(),
                quote: &c.quote,
                book: c.book.as_ref().unwrap_or(&shipped),
            }
        })
        .collect();
    let now = as_of.parse::<CalendarMonth>().unwrap_or(CalendarMonth::MIN);
    let portfolio = portfolio(&inputs, now).unwrap_or_else(|_| empty(now));
    let priced: Vec<usize> = index
        .iter()
        .copied()
        .filter(|&i| {
            !portfolio
                .refused
                .iter()
                .any(|r| r.name() == customers[i].name())
        })
        .collect();
    let mut partners: Vec<(String, String)> = Vec::new();
    for id in portfolio.partners() {
        let name = priced
            .iter()
            .find_map(|&i| {
                customers[i]
                    .quote
                    .partner(&id)
                    .map(|p| p.display_name().to_string())
            })
            .unwrap_or_else(|| id.clone());
        partners.push((id, name));
    }
    Built {
        customers,
        index: priced,
        portfolio,
        partners,
        damaged,
    }
}

/// A portfolio of nothing, when its sums would overflow (every figure is refused).
fn empty(now: CalendarMonth) -> Portfolio {
    Portfolio {
        currency: PriceBook::default_book().currency,
        first: now,
        span: 0,
        customers: Vec::new(),
        results: Vec::new(),
        lines: Vec::new(),
        refused: Vec::new(),
        attention: Vec::new(),
    }
}

/// Opens saved quote `i` in partner mode, noting how to come back.
pub fn open_customer(
    built: &Built,
    i: usize,
    back: Option<Back>,
    from: &leptos::web_sys::EventTarget,
    focus: &str,
) {
    let state = expect_context::<AppState>();
    let session = expect_context::<Session>();
    let desk = expect_context::<Desk>();
    let c = &built.customers[i];
    if session.open_saved(state, &c.id, false, &c.saved) {
        desk.back.set(back);
        desk.open.set(false);
        state.mode.set(Mode::Partner);
        crate::dom::focus_later(from, focus);
    }
}

#[component]
pub fn PartnersDesk() -> impl IntoView {
    let desk = expect_context::<Desk>();
    // Every quote the desk opens opens in partner mode.
    crate::parts::prefetch(&crate::parts::PARTNER_MODE);
    let handle = window_event_listener(leptos::ev::storage, move |_| {
        desk.version.update(|v| *v += 1)
    });
    on_cleanup(move || handle.remove());
    let built = Memo::new(move |_| {
        desk.version.track();
        Shared(Arc::new(build(&desk.excluded.get(), &desk.as_of.get())))
    });
    provide_context(built);
    view! {
        <div class="desk">
            <h2 id="desk-heading" tabindex="-1">"Partner's desk"</h2>
            <p class="hint">"Every quote saved in this browser, as one book of customers: what each partner earns from them month by month, what needs attention soonest, and whether a fee statement paid what was owed."</p>
            <book::Portfolio />
            <attention::Attention />
            <statement::Reconcile />
        </div>
    }
}

/// Shown above a quote opened from the desk: what was followed, and the way back (V3).
#[component]
pub fn BackToDesk() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let state = expect_context::<AppState>();
    move || {
        desk.back.get().filter(|_| !desk.open.get()).map(|b| {
            let fmt = IntlFmt { start: b.fmt_start, ..state.fmt() };
            let focus = b.focus.clone();
            view! {
                <aside class="notice back-to-desk" aria-label="From the partner's desk">
                    <p>{format!("Opened from the partner's desk: {}", b.customer)}{b.text.clone().map(|text| view! { ": " <crate::components::common::text::TextView text fmt /> })}</p>
                    <button type="button" on:click=move |ev| {
                        // The attention line followed, or the desk's heading.
                        if let Some(t) = ev.target() { crate::dom::focus_later(&t, if focus.is_empty() { "desk-heading" } else { &focus }) }
                        desk.open.set(true);
                        desk.back.set(None);
                    }>"Back to the partner's desk"</button>
                </aside>
            }
        })
    }
}

// Split here rather than in src/parts.rs, which names no view of this module (the desk
// calls parts: the import would be a circle).
split_view! {
    /// The partner's desk, fetched when first shown.
    pub fn view() = <PartnersDesk />, "the partner's desk", partners_desk, prefetch_partners_desk
}
