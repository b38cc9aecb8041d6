//! The app's frame: title, the mode switch, the toolbar, messages, the answer in one
//! line, the mode's view and the printable document. The same frame serves the full
//! page and the embedded widget.

use crate::components::common::news::BookNewsPanel;
use crate::components::common::text::{ExplainerDialog, TextView};
use crate::components::customer::CustomerMode;
#[cfg(feature = "partner")]
use crate::components::{
    desk::{BackToDesk, Desk},
    keep::print::{PrintDoc, Printing, WithFees},
    keep::toolbar::Toolbar,
    results::cards::answer_line,
};
#[cfg(feature = "partner")]
use crate::parts::{ahead, prefetch};
use crate::session::Session;
use crate::state::{AppState, Mode};
use leptos::prelude::*;

#[component]
pub fn App(state: AppState, session: Session) -> impl IntoView {
    provide_context(state);
    provide_context(session);
    let embedded = state.config.with_untracked(|c| c.embedded);
    #[cfg(feature = "partner")]
    {
        provide_context(Printing(RwSignal::new(false)));
        provide_context(WithFees(RwSignal::new(false)));
        let desk = Desk::new();
        provide_context(desk);
        let first = crate::components::common::lazy::FirstFrame::new();
        provide_context(first);
        if !embedded {
            measure_after(state, desk, first);
        }
    }
    let mode = state.mode;
    if session.enabled {
        Effect::new(move |_| {
            crate::storage::set_prefs(if mode.get() == Mode::Partner {
                "partner"
            } else {
                "customer"
            })
        });
    }
    let header = (!embedded).then(|| view! {
        <a class="skip-link" href="#main" on:click=move |ev| {
            ev.prevent_default();
            let id = if mode.get_untracked() == Mode::Partner { "results-heading" } else { "answer-heading" };
            if let Some(t) = ev.target() { crate::dom::focus(&t, id) }
        }>"Skip to the answer"</a>
        <header class="app-header">
            <h1>"Licensing calculator"</h1>
            <p class="lede">
                "What online services cost on an Enterprise Agreement (EA) and on the online subscription program (MOSP), "
                "with Step-Up, Windows Intune volume pricing and the Client SA credit, and what each Partner of Record earns."
            </p>
            {partner_header()}
        </header>
    });
    view! {
        <div class="licalc" class:partner=move || mode.get() == Mode::Partner class:embedded=embedded>
            {header}
            <ExplainerDialog />
            <NoticeBar />
            <BookNewsPanel />
            {partner_notices()}
            // Rebuilt when another price book is loaded: every panel takes the book anew.
            {move || {
                state.book.track();
                state.relabel.track();
                let body = body(mode.get());
                // A widget sits in someone else's page, which has its own main landmark.
                if embedded {
                    view! { <div id="main" role="region" aria-label=move || state.config.with(|c| c.label.clone())>{body}</div> }.into_any()
                } else {
                    view! { <main id="main">{body}</main> }.into_any()
                }
            }}
            {(!embedded).then(print_doc)}
        </div>
    }
}

/// Panels out of view skip layout only once laid out (`lazy::measure_after`): again
/// after a new view, quote, book or locale.
#[cfg(feature = "partner")]
fn measure_after(state: AppState, desk: Desk, first: crate::components::common::lazy::FirstFrame) {
    crate::components::common::lazy::measure_after(move || {
        state.mode.track();
        state.epoch.track();
        state.book.track();
        state.relabel.track();
        desk.open.track();
        first.painted();
    })
}

/// The view of a mode, or the partner's desk when it is open.
#[cfg(feature = "partner")]
fn body(mode: Mode) -> AnyView {
    match (expect_context::<Desk>().open.get(), mode) {
        (true, _) => crate::components::desk::view(),
        (false, Mode::Customer) => view! { <CustomerMode /> }.into_any(),
        (false, Mode::Partner) => crate::parts::partner_mode(),
    }
}

/// The customer build has one view.
#[cfg(not(feature = "partner"))]
fn body(_: Mode) -> AnyView {
    view! { <CustomerMode /> }.into_any()
}

#[cfg(feature = "partner")]
fn partner_header() -> impl IntoView {
    view! { <ModeSwitch /> <Toolbar /> }
}

#[cfg(not(feature = "partner"))]
fn partner_header() -> impl IntoView {}

#[cfg(feature = "partner")]
fn partner_notices() -> impl IntoView {
    view! { <QuickSummary /> <BackToDesk /> }
}

#[cfg(not(feature = "partner"))]
fn partner_notices() -> impl IntoView {}

#[cfg(feature = "partner")]
fn print_doc() -> impl IntoView {
    view! { <PrintDoc /> }
}

#[cfg(not(feature = "partner"))]
fn print_doc() -> impl IntoView {}

/// One message for the whole app, until dismissed or replaced.
#[component]
fn NoticeBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.notice.get().map(|n| {
            let role = if n.problem { "alert" } else { "status" };
            view! {
                <div class="notice" class:problem=n.problem role=role>
                    <p><TextView text=n.text.capitalised() /></p>
                    <button type="button" class="small" on:click=move |_| state.notice.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}

#[cfg(feature = "partner")]
/// Customer or partner: the same quote seen two ways; or the partner's desk, every
/// saved quote at once (only where quotes can be saved: not inside another page).
#[component]
fn ModeSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    let desk = expect_context::<Desk>();
    let session = expect_context::<Session>();
    // Partner mode's and the desk's code is fetched when the pointer or focus comes to
    // their choice (src/parts.rs), so it is usually there by the click.
    let option = move |m: Mode, id: &'static str, text: &'static str| {
        let ahead = move || {
            if m == Mode::Partner {
                prefetch(&crate::parts::PARTNER_MODE)
            }
        };
        view! {
            <span class="choice" on:pointerenter=move |_| ahead() on:focusin=move |_| ahead()>
                <input type="radio" name="licalc-mode" id=id prop:checked=move || !desk.open.get() && state.mode.get() == m on:change=move |_| { desk.open.set(false); state.mode.set(m) } />
                <label for=id>{text}</label>
            </span>
        }
    };
    let desk_option = session.enabled.then(|| view! {
        <span class="choice" on:pointerenter=ahead(&crate::components::desk::PART) on:focusin=ahead(&crate::components::desk::PART)>
            <input type="radio" name="licalc-mode" id="mode-desk" prop:checked=move || desk.open.get() on:change=move |_| { desk.back.set(None); desk.open.set(true) } />
            <label for="mode-desk">"Partner's desk"</label>
        </span>
    });
    view! {
        <fieldset class="mode-switch">
            <legend>"View"</legend>
            {option(Mode::Customer, "mode-customer", "For customers")}
            {option(Mode::Partner, "mode-partner", "For partners")}
            {desk_option}
        </fieldset>
    }
}

/// The answer in one line, kept in view on narrow screens (partner mode, where the
/// results come after many inputs). Its link moves focus to the results without
/// touching the host page's URL.
#[cfg(feature = "partner")]
#[component]
fn QuickSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    let line = move || {
        state
            .result
            .with(|r| r.as_ref().map(|r| answer_line(state, r)))
    };
    let has =
        Memo::new(move |_| state.result.with(Option::is_some) && state.mode.get() == Mode::Partner);
    view! {
        <p class="quick-summary" class:empty=move || !has.get()>
            <span class="stale-mark" class:shown=move || state.stale()>"Out of date. "</span>
            {line}
            " "
            <a href="#results-heading" on:click=|ev| {
                ev.prevent_default();
                if let Some(t) = ev.target() { crate::dom::focus(&t, "results-heading") }
            }>"See all results"</a>
        </p>
    }
}
