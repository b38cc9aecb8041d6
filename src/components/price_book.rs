//! The price book panel (C1, F9): every figure of the effective book with its
//! provenance, an "unverified" mark with its source note, and a field to override it for
//! this quote (`Quote.overrides`), with reset to the book's value.

use super::field::Field;
use crate::app::AppState;
use crate::{edit, ids};
use leptos::prelude::*;
use licalc_engine::book::parse_figure_value;
use licalc_engine::{FigureInfo, FigureKind};

#[component]
pub fn PriceBookPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = state.book();
    let keys = Memo::new(move |_| {
        state
            .figures
            .with(|f| f.iter().map(|f| f.key.clone()).collect::<Vec<_>>())
    });
    let overridden = Memo::new(move |_| state.quote.with(|q| q.overrides.len()));
    let unverified = book.figures().iter().filter(|f| !f.verified).count();
    let heading = format!(
        "Price book: {} (version {}, effective {}, {})",
        book.name,
        book.version,
        book.effective_date,
        book.currency.code()
    );
    view! {
        <section class="panel price-book" aria-labelledby="price-book-heading">
            <h2 id="price-book-heading">"Price book"</h2>
            <p>{heading}</p>
            <p class="hint">
                {format!("Every figure carries its source. {unverified} figures are not verified against a public source and are marked “unverified”: do not quote them as fact (C1). ")}
                "Type a value to override a figure for this quote only; rates are fractions (0.12 is 12%)."
            </p>
            <p>
                <button type="button" disabled=move || overridden.get() == 0 on:click=move |_| state.edit(|q| q.overrides.clear())>
                    "Reset all figures to the book"
                </button>
                " "
                <span class="hint">{move || match overridden.get() {
                    0 => "No figure is overridden.".to_string(),
                    1 => "1 figure overridden.".to_string(),
                    n => format!("{n} figures overridden."),
                }}</span>
            </p>
            <ul class="figures" aria-label="Price book figures">
                <For each=move || keys.get() key=|k| k.clone() children=move |k| view! { <FigureRow key=k /> } />
            </ul>
        </section>
    }
}

fn parse_price(s: &str) -> Result<String, String> {
    parse_figure_value(s, FigureKind::Price).map(|d| d.to_string())
}

fn parse_rate(s: &str) -> Result<String, String> {
    parse_figure_value(s, FigureKind::Rate).map(|d| d.to_string())
}

fn parse_count(s: &str) -> Result<String, String> {
    licalc_engine::input::parse_count(s).map(|n| n.to_string())
}

/// `Field` wants `fn(&T) -> String` with `T = String` here, hence `&String`.
#[allow(clippy::ptr_arg)]
fn show(s: &String) -> String {
    s.clone()
}

#[component]
fn FigureRow(key: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let info = {
        let key = key.clone();
        Memo::new(move |_| {
            state
                .figures
                .with(|f| f.iter().find(|f| f.key == key).cloned())
        })
    };
    let Some(first) = info.get_untracked() else {
        return ().into_any();
    };
    // The book's own value, shown beside an overridden one.
    let book_value = state
        .book()
        .figures()
        .into_iter()
        .find(|f| f.key == key)
        .map(|f| f.value)
        .unwrap_or_default();
    let parse = match first.kind {
        FigureKind::Price => parse_price,
        FigureKind::Rate => parse_rate,
        FigureKind::Count => parse_count,
    };
    let (rule, mode) = match first.kind {
        FigureKind::Count => ("C1", "numeric"),
        _ => ("C1", "decimal"),
    };
    let commit_key = key.clone();
    let reset_key = key.clone();
    let overridden = Memo::new(move |_| info.with(|i| i.as_ref().is_some_and(|i| i.overridden)));
    let FigureInfo {
        label,
        source,
        verified,
        ..
    } = first;
    let reset_label = format!(" {label}");
    view! {
        <li class="figure-row" class:overridden=move || overridden.get()>
            <Field
                id=ids::figure(&key)
                label=label.clone()
                value=Signal::derive(move || info.with(|i| i.as_ref().map(|i| i.value.clone()).unwrap_or_default()))
                parse
                show
                on_commit=move |v: String| state.edit(|q| edit::set_override(q, &commit_key, &v))
                rule
                inputmode=mode
                hint=format!("Source: {source}")
            />
            <p class="marks">
                {(!verified).then(|| view! { <span class="badge unverified">"unverified"</span> })}
                {move || overridden.get().then(|| view! { <span class="badge overridden">{format!("overridden (book: {book_value})")}</span> })}
                {move || {
                    overridden.get().then(|| {
                        let reset_key = reset_key.clone();
                        view! {
                            <button type="button" class="small" on:click=move |_| state.edit(|q| edit::reset_override(q, &reset_key))>
                                "Reset"
                                <span class="visually-hidden">{reset_label.clone()}</span>
                            </button>
                        }
                    })
                }}
            </p>
        </li>
    }
    .into_any()
}
