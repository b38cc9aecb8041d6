//! The licensing calculator's web app: the full page (`page`, with partner mode) and
//! the widget (`widget`) for other people's pages, from the same components.

mod app;
mod by_id;
mod components;
mod dom;
mod edit;
mod format;
mod ids;
mod keyed;
mod latest;
mod mode;
#[cfg(feature = "partner")]
mod page;
mod parts;
mod session;
mod state;
mod storage;
mod widget;

fn main() {
    // Release builds abort on a panic without a message (dev.sh's wasm flags), so the
    // hook only helps debug builds; leaving it out keeps its formatting code out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    #[cfg(feature = "partner")]
    page::mount();
}
