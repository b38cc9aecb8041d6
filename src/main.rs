use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(|| view! {
        <div class="licalc">
            <h1>"Licensing calculator"</h1>
            <label>"Users" <input type="number" value="100"/></label>
        </div>
    });
}
