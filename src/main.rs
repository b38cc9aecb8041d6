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

/// Room for wasm_split_cli: it lays the read-only data out again, each part's data
/// aligned on its own, and if the result is longer than the linker's data it keeps all
/// of it in the main part (tens of KB gzip, scripts/split-wasm.mjs fails the build on
/// that). Nothing reads this, so the split leaves it out and its bytes are the room.
/// The padding is up to the data's alignment (16 bytes) per part file, about 40 files,
/// and wasm_split_cli's output order varies between builds: 4 KB is ample.
#[cfg(licalc_split)]
#[used]
static SPLIT_SLACK: [u8; 4096] = [0x5a; 4096];

fn main() {
    // Release builds abort on a panic without a message (dev.sh's wasm flags), so the
    // hook only helps debug builds; leaving it out keeps its formatting code out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    #[cfg(feature = "partner")]
    page::mount();
}
