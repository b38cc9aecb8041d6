//! A registry of signals by key: one signal per mounted row or field, woken only when
//! its own value changes. With 200 transaction rows an edit then re-renders one row,
//! not every row's memos; a recomputation wakes the fields whose message changed.

use crate::by_id::ById;
use leptos::prelude::*;

pub struct Keyed<T: Send + Sync + 'static>(StoredValue<ById<RwSignal<T>>>);

impl<T: Send + Sync + 'static> Clone for Keyed<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Keyed<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Keyed<T> {
    pub fn new() -> Keyed<T> {
        Keyed(StoredValue::new(ById::default()))
    }

    /// A signal for `key` starting at `first`, dropped from the registry when the
    /// calling owner (a row, a field) is cleaned up, unless a newer one took its place.
    pub fn register(self, key: String, first: T) -> RwSignal<T> {
        let slot = RwSignal::new(first);
        self.0.update_value(|m| {
            m.insert(key.clone(), slot);
        });
        on_cleanup(move || {
            self.0.try_update_value(|m| {
                if m.get(&key) == Some(&slot) {
                    m.remove(&key);
                }
            });
        });
        slot
    }

    /// Sets every registered signal to `value(key)`, waking only those that change.
    pub fn refresh(self, value: impl Fn(&str) -> T) {
        self.0.with_value(|m| {
            for (key, slot) in m.iter() {
                let new = value(key);
                if slot.with_untracked(|v| *v != new) {
                    slot.set(new);
                }
            }
        });
    }
}
