//! A table of any length shown a page at a time: a 240-month quote with a thousand
//! transactions has a quarter of a million rows, and the page must stay usable
//! whatever is open. Cells are made only for the rows on the page.

use super::lazy::scrolling;
use super::pager::{Pager, Pages};
use leptos::prelude::*;
use std::sync::Arc;

/// Rows made on demand: `cell(i)` gives row `i`'s cells, the first one its header.
#[derive(Clone)]
pub struct Rows {
    pub len: usize,
    pub cell: Arc<dyn Fn(usize) -> Vec<String> + Send + Sync>,
}

impl Rows {
    pub fn new(len: usize, cell: impl Fn(usize) -> Vec<String> + Send + Sync + 'static) -> Rows {
        Rows {
            len,
            cell: Arc::new(cell),
        }
    }
}

impl Default for Rows {
    fn default() -> Rows {
        Rows::new(0, |_| Vec::new())
    }
}

impl PartialEq for Rows {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && Arc::ptr_eq(&self.cell, &other.cell)
    }
}

#[component]
pub fn Paged(
    #[prop(into)] label: String,
    headers: Vec<&'static str>,
    #[prop(into)] rows: Signal<Rows>,
) -> impl IntoView {
    let pages = Pages::new(24);
    let body = move || {
        rows.with(|r| {
            pages
                .range(r.len)
                .map(|i| {
                    let mut cells = (r.cell)(i).into_iter();
                    let head = cells.next().unwrap_or_default();
                    view! { <tr><th scope="row">{head}</th>{cells.map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }
                })
                .collect_view()
        })
    };
    let heads = headers
        .into_iter()
        .map(|h| view! { <th scope="col">{h}</th> })
        .collect_view();
    let pager_label = format!("Pages of {label}");
    view! {
        {scrolling(label.clone(), view! {
            <table class="compact">
                <caption class="visually-hidden">{label}</caption>
                <thead><tr>{heads}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        })}
        <Pager pages len=Signal::derive(move || rows.with(|r| r.len)) label=pager_label />
    }
}
