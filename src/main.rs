//! The licensing calculator's web app: mounts the Leptos UI into the page's root element.

mod app;
mod components;
mod dom;
mod edit;
mod format;
mod ids;
mod keyed;
mod state;

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use licalc_engine::{PriceBook, Quote};
use state::{AppState, Config, Mode};

/// The element index.html provides for the app; the body if it is missing.
const ROOT_ID: &str = "licalc";

fn main() {
    console_error_panic_hook::set_once();
    let root = document().get_element_by_id(ROOT_ID).and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    let make = || {
        let state = AppState::new(PriceBook::default_book(), Quote::example(), Mode::Partner, Config::default());
        view! { <app::App state /> }
    };
    match root {
        Some(root) => leptos::mount::mount_to(root, make).forget(),
        None => mount_to_body(make),
    }
}
