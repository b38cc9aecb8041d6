//! The few DOM operations done by hand, relative to the element an event came from, so
//! they work the same in the page and inside a widget's shadow root.

use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Document, EventTarget, HtmlElement, Node, ShadowRoot};

/// The element with this id in the same document or shadow root as `from`.
pub fn by_id(from: &EventTarget, id: &str) -> Option<HtmlElement> {
    let root = from.dyn_ref::<Node>()?.get_root_node();
    let el = if let Some(s) = root.dyn_ref::<ShadowRoot>() {
        s.get_element_by_id(id)
    } else {
        root.dyn_ref::<Document>()?.get_element_by_id(id)
    };
    el?.dyn_into().ok()
}

/// Moves focus to the element with this id (a field named in a list of problems).
pub fn focus(from: &EventTarget, id: &str) {
    if let Some(el) = by_id(from, id) {
        let _ = el.focus();
    }
}
