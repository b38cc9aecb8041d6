//! The licensing calculator's web app: mounts the Leptos UI into the page's root element.

mod app;
mod components;
mod edit;
mod format;
mod ids;

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// The element index.html provides for the app; the body if it is missing.
const ROOT_ID: &str = "licalc";

fn main() {
    console_error_panic_hook::set_once();
    let root = document()
        .get_element_by_id(ROOT_ID)
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    match root {
        Some(root) => leptos::mount::mount_to(root, app::App).forget(),
        None => mount_to_body(app::App),
    }
}
