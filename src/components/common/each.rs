//! Keyed lists with their closures erased. Each `<For>` is its own instantiation of the
//! keyed-list machinery (about 7 KB of wasm before wasm-opt per use); these two are built
//! once, for lists keyed by id and lists keyed by position.

use leptos::prelude::*;
use std::ops::Range;
use std::sync::Arc;

type Row<K> = Arc<dyn Fn(K) -> AnyView + Send + Sync>;

/// One row per id of `ids()`, kept (not rebuilt) while its id stays.
pub fn by_id(
    ids: impl Fn() -> Vec<String> + Send + Sync + 'static,
    row: impl Fn(String) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    by_id_erased(Box::new(ids), Arc::new(row))
}

fn by_id_erased(ids: Box<dyn Fn() -> Vec<String> + Send + Sync>, row: Row<String>) -> AnyView {
    view! { <For each=move || ids() key=|id: &String| id.clone() children=move |id| row(id) /> }
        .into_any()
}

/// One row per position in `range()`.
pub fn by_index(
    range: impl Fn() -> Range<usize> + Send + Sync + 'static,
    row: impl Fn(usize) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    by_index_erased(Box::new(range), Arc::new(row))
}

fn by_index_erased(range: Box<dyn Fn() -> Range<usize> + Send + Sync>, row: Row<usize>) -> AnyView {
    view! { <For each=move || range() key=|i: &usize| *i children=move |i| row(i) /> }.into_any()
}
