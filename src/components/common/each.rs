//! Keyed lists with their closures erased. Each `<For>` is its own instantiation of the
//! keyed-list machinery (about 7 KB of wasm before wasm-opt per use); these are built
//! once per key type, for lists keyed by id and lists keyed by position.

use leptos::prelude::*;
use std::hash::Hash;
use std::ops::Range;
use std::sync::Arc;

/// One row per id of `ids()`, kept (not rebuilt) while its id stays.
pub fn by_id(
    ids: impl Fn() -> Vec<String> + Send + Sync + 'static,
    row: impl Fn(String) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    keyed(Box::new(ids), Arc::new(row))
}

/// One row per position in `range()`.
pub fn by_index(
    range: impl Fn() -> Range<usize> + Send + Sync + 'static,
    row: impl Fn(usize) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    keyed(Box::new(move || range().collect()), Arc::new(row))
}

type Keys<K> = Box<dyn Fn() -> Vec<K> + Send + Sync>;
type Row<K> = Arc<dyn Fn(K) -> AnyView + Send + Sync>;

fn keyed<K: Clone + Eq + Hash + Send + Sync + 'static>(keys: Keys<K>, row: Row<K>) -> AnyView {
    view! { <For each=move || keys() key=|k: &K| k.clone() children=move |k| row(k) /> }.into_any()
}
