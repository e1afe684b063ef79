//! Conversions at the boundary: engine errors to typed JS `Error`s, Rust values to plain JS objects.

use serde::Serialize;
use vb_kernels::{ErrorKind, VbError};
use wasm_bindgen::prelude::*;

/// A JavaScript `Error` with the engine's message, `name` set to the kind's name (`VbConfigError`,
/// `VbShapeError`, `VbNonFiniteError`, `VbStateError`) and a `code` property (`config`, `shape`,
/// `non-finite`, `state`). Built here rather than parsed from the message on the JS side, so the
/// kind comes from the Rust variant itself; `@vb/core` turns it into its `EngineError` class.
pub fn typed_error(kind: ErrorKind, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(kind.name());
    // Setting a property on a fresh, ordinary object cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(kind.code()));
    error.into()
}

/// Turns an engine error into a thrown typed JavaScript `Error` (see [`typed_error`]).
pub fn js_error(e: VbError) -> JsValue {
    typed_error(e.kind(), &e.to_string())
}

/// A configuration error raised by the binding itself (unknown keys, values JS cannot represent).
pub fn config_error(message: &str) -> JsValue {
    typed_error(ErrorKind::Config, message)
}

/// Serialises a value as a plain JS object (u64 as number, maps as objects).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let s = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    // Only a bug in this binding can fail here: a plain Error, no engine kind.
    value.serialize(&s).map_err(|e| JsError::new(&format!("cannot convert result to JS: {e}")).into())
}
