//! Conversions at the boundary: engine errors to JS `Error`, Rust values to plain JS objects.

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Turns an engine error into a thrown JavaScript `Error` with the engine's message.
pub fn js_error(e: vb_kernels::VbError) -> JsError {
    JsError::new(&e.to_string())
}

/// Serialises a value as a plain JS object (u64 as number, maps as objects).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let s = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&s).map_err(|e| JsError::new(&format!("cannot convert result to JS: {e}")))
}
