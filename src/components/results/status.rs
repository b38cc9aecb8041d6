//! What the results rest on: which price book priced them, warnings, and, while they
//! are out of date, every problem: at its field (linked) or, when it has none, here.

use crate::components::common::text::TextView;
use crate::state::{AppState, Mode};
use leptos::prelude::*;
use licalc_engine::describe::{self, Text};
use licalc_engine::{ProblemKind, Rule};

fn linked_item(id: Option<String>, message: Text) -> AnyView {
    match id {
        Some(target) => view! {
            <li>
                <a href=format!("#{target}") on:click=move |ev| {
                    ev.prevent_default();
                    if let Some(t) = ev.target() {
                        crate::dom::focus(&t, &target);
                    }
                }>
                    <TextView text=message />
                </a>
            </li>
        }
        .into_any(),
        None => view! { <li><TextView text=message /></li> }.into_any(),
    }
}

/// "Results are out of date" with every problem, each leading to its field.
#[component]
pub fn StaleNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let stale = Memo::new(move |_| state.stale());
    let items = move || {
        let book = state.book();
        let mode = state.mode.get();
        let mut items: Vec<AnyView> = state.field_errors.with(|m| {
            m.iter()
                .map(|(id, message)| linked_item(Some(id.to_string()), message.clone()))
                .collect()
        });
        state.problems.with(|ps| {
            state.quote.with(|q| {
                for p in ps.iter() {
                    let message = Text::new()
                        .w(format!("{}: ", describe::place(q, &p.path)))
                        .then(describe::field_message("", describe::problem(p), p.rule));
                    items.push(linked_item(
                        crate::ids::for_path(q, &book, &p.path, mode),
                        message,
                    ));
                }
            })
        });
        items
    };
    move || {
        stale.get().then(|| {
            view! {
                <div class="stale" role="alert">
                    <p><strong>"Results are out of date: fix the highlighted field."</strong> " The figures below are from the last valid quote."</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}

/// Which price book and version priced the figures, what the quote changed in it, and
/// the warnings (partner mode shows the ones about Partners of Record).
#[component]
pub fn BookInfo() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = move || {
        state.read(|r| {
            let b = &r.price_book;
            let mut s = format!(
                "Priced with {} ({} version {}, effective {}) in {}.",
                b.name,
                b.id,
                b.version,
                b.effective_date,
                r.currency.code()
            );
            if !b.overridden.is_empty() {
                s.push_str(&format!(
                    " This quote overrides {} of its figures.",
                    b.overridden.len()
                ));
            }
            if !b.unverified_used.is_empty() {
                s.push_str(&format!(
                    " {} of the figures used are unverified: see “How was this computed”.",
                    b.unverified_used.len()
                ));
            }
            s
        })
    };
    let warnings = move || {
        let partner = state.mode.get() == Mode::Partner;
        let book = state.book();
        state.read(|r| {
            state.quote.with_untracked(|q| {
                r.warnings
                    .iter()
                    .filter(|w| partner || !matches!(w.kind, ProblemKind::NoPorMonths { .. }))
                    .map(|w| {
                        let message = Text::new()
                            .w(format!("{}: ", describe::place(q, &w.path)))
                            .then(describe::field_message("", describe::problem(w), w.rule));
                        linked_item(
                            crate::ids::for_path(q, &book, &w.path, Mode::Partner),
                            message,
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <p class="book-info">{text} " " <crate::components::common::text::RuleButton rule=Rule::C1 /></p>
        <ul class="warnings">{warnings}</ul>
    }
}
