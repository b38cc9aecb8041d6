//! "Is this still the latest?": work that finishes later (a value read by a part of the
//! wasm fetched first) is dropped when another value came meanwhile, so the latest
//! value always wins.

use std::cell::Cell;
use std::rc::Rc;

/// Counts values as they come, so that work finished later can ask whether another
/// came meanwhile.
#[derive(Clone, Default)]
pub struct Counter(Rc<Cell<u32>>);

impl Counter {
    pub fn count(&self) {
        self.0.set(self.0.get().wrapping_add(1));
    }

    /// True as long as nothing has been counted since this call.
    pub fn unchanged(&self) -> impl Fn() -> bool {
        let (counter, now) = (self.0.clone(), self.0.get());
        move || counter.get() == now
    }

    /// Counts one more: true as long as it is the latest.
    pub fn next(&self) -> impl Fn() -> bool {
        self.count();
        self.unchanged()
    }
}
