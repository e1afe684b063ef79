//! The `Trainer` class: a handle to `vb_kernels::Trainer`.

use crate::convert::{config_error, js_error, to_js};
use serde::Serialize;
use vb_kernels::{prior::Prior, EvalOptions, TrainerConfig};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// All state of one model under training: posterior means and stds, prior, optimiser moments
/// and the seeded RNG. Free it with `free()` (or `using`) when done.
///
/// ```js
/// const t = new Trainer({ inputDim: 100, hidden: 32, trainSize: 4000, seed: 1 }, embeddings);
/// const none = new Float32Array(0);                      // pair features (B × F; F = 0 here)
/// const stats = t.step(tokens, lengths, none, labels);   // { loss, nll, kl, priorVariance, ... }
/// const probs = t.predict(tokens, lengths, none);        // Float32Array, B × K
/// t.free();
/// ```
#[wasm_bindgen]
pub struct Trainer {
    inner: vb_kernels::Trainer,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LossAndGradient {
    nll: f64,
    kl: f64,
    penalty: f64,
    loss: f64,
    #[serde(with = "f32_seq")]
    gradient: Vec<f32>,
}

/// Serialises a `Vec<f32>` as a sequence: serde-wasm-bindgen makes it a plain JS `Array` of
/// numbers (not a `Float32Array`); `@vb/core`'s `lossAndGradient` copies it into a `Float32Array`.
mod f32_seq {
    use serde::Serializer;
    pub fn serialize<S: Serializer>(v: &[f32], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TensorInfo {
    name: &'static str,
    offset: usize,
    rows: usize,
    cols: usize,
}

/// serde-wasm-bindgen looks struct fields up by name and so never sees extra keys; a typo such as
/// `learningrate` must not be silently ignored, so compare the keys with the known fields.
fn reject_unknown_keys(config: &JsValue) -> Result<(), JsValue> {
    let known = to_js(&TrainerConfig::default())?;
    let object: &js_sys::Object = config.dyn_ref().ok_or_else(|| config_error("invalid config: expected an object"))?;
    for key in js_sys::Object::keys(object).iter() {
        if !js_sys::Reflect::has(&known, &key).unwrap_or(false) {
            let fields: Vec<String> = js_sys::Object::keys(known.unchecked_ref::<js_sys::Object>())
                .iter()
                .filter_map(|k| k.as_string())
                .collect();
            return Err(config_error(&format!(
                "invalid config: unknown field `{}`, expected one of {}",
                key.as_string().unwrap_or_default(),
                fields.join(", ")
            )));
        }
    }
    Ok(())
}

#[wasm_bindgen]
impl Trainer {
    /// Creates a trainer. `config` is a plain object (camelCase keys; unknown keys are errors);
    /// `embeddings` is the `vocab × inputDim` word-vector table, row-major.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, embeddings: Vec<f32>) -> Result<Trainer, JsValue> {
        let config: TrainerConfig = if config.is_undefined() || config.is_null() {
            TrainerConfig::default()
        } else {
            reject_unknown_keys(&config)?;
            serde_wasm_bindgen::from_value(config).map_err(|e| config_error(&format!("invalid config: {e}")))?
        };
        let inner = vb_kernels::Trainer::new(config, embeddings).map_err(js_error)?;
        Ok(Trainer { inner })
    }

    /// The full configuration, defaults filled in.
    #[wasm_bindgen(getter)]
    pub fn config(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.config())
    }

    /// Number of weights P.
    #[wasm_bindgen(getter, js_name = paramCount)]
    pub fn param_count(&self) -> usize {
        self.inner.dims().param_count()
    }

    /// Rows of the embedding table.
    #[wasm_bindgen(getter, js_name = vocabSize)]
    pub fn vocab_size(&self) -> usize {
        self.inner.vocab_size()
    }

    /// Steps taken so far.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.inner.steps() as f64
    }

    /// The tensors `W, U, b, V, c` with their offsets and shapes in the flat weight vector.
    pub fn tensors(&self) -> Result<JsValue, JsValue> {
        let t: Vec<TensorInfo> = self
            .inner
            .dims()
            .tensors()
            .iter()
            .map(|t| TensorInfo { name: t.name, offset: t.offset, rows: t.rows, cols: t.cols })
            .collect();
        to_js(&t)
    }

    /// One optimisation step on a minibatch: `tokens` is 2B × T (sentences a, then b),
    /// `lengths` 2B, `features` B × F (empty when the model has no pair features), `labels` B.
    /// Returns `{ step, loss, nll, kl, penalty, gradNorm, clipped, priorMean, priorVariance }`.
    pub fn step(
        &mut self,
        tokens: &[u32],
        lengths: &[u32],
        features: &[f32],
        labels: &[u32],
    ) -> Result<JsValue, JsValue> {
        let stats = self.inner.step(tokens, lengths, features, labels).map_err(js_error)?;
        to_js(&stats)
    }

    /// Loss terms and the gradient `[∂/∂m | ∂/∂ρ]` for fixed noise (`samples × P` normals);
    /// changes nothing.
    #[wasm_bindgen(js_name = lossAndGradient)]
    pub fn loss_and_gradient(
        &mut self,
        tokens: &[u32],
        lengths: &[u32],
        features: &[f32],
        labels: &[u32],
        noise: &[f32],
        samples: usize,
    ) -> Result<JsValue, JsValue> {
        let (t, gradient) =
            self.inner.loss_and_gradient(tokens, lengths, features, labels, noise, samples).map_err(js_error)?;
        to_js(&LossAndGradient { nll: t.nll, kl: t.kl, penalty: t.penalty, loss: t.loss, gradient })
    }

    /// Class probabilities (B × K) with the posterior means, optionally pruned by `mask`
    /// (1 keep / 0 prune, length P), or averaged over `mcSamples` posterior samples.
    pub fn predict(
        &mut self,
        tokens: &[u32],
        lengths: &[u32],
        features: &[f32],
        mask: Option<Vec<u8>>,
        mc_samples: Option<f64>,
        seed: Option<f64>,
    ) -> Result<Vec<f32>, JsValue> {
        // Numbers arrive as f64: a negative or fractional count must be an error, not wrap around.
        let count = |name: &str, v: Option<f64>| -> Result<u64, JsValue> {
            match v {
                None => Ok(0),
                Some(x) if x >= 0.0 && x.fract() == 0.0 && x <= 9_007_199_254_740_991.0 => Ok(x as u64),
                Some(x) => Err(config_error(&format!("invalid config: {name}: must be an integer ≥ 0, got {x}"))),
            }
        };
        let options = EvalOptions {
            mask: mask.as_deref(),
            mc_samples: usize::try_from(count("mcSamples", mc_samples)?).unwrap_or(usize::MAX),
            seed: count("seed", seed)?,
        };
        self.inner.predict(tokens, lengths, features, &options).map_err(js_error)
    }

    /// Applies the `epoch` prior update, if configured; call after every epoch.
    #[wasm_bindgen(js_name = endEpoch)]
    pub fn end_epoch(&mut self) {
        self.inner.end_epoch();
    }

    /// Re-estimates the prior in closed form now.
    #[wasm_bindgen(js_name = updatePrior)]
    pub fn update_prior(&mut self) {
        self.inner.update_prior();
    }

    /// `{ mean, variance }` of the prior.
    pub fn prior(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.prior())
    }

    /// The prior variances, one per group of the prior family (`tensor`: 5, `group`: m + n + F + 2,
    /// `diagonal`: P; empty for `isotropic` — see `prior()` — and `logUniform`).
    #[wasm_bindgen(js_name = priorVariances)]
    pub fn prior_variances(&self) -> Vec<f64> {
        self.inner.prior_state().variances().to_vec()
    }

    /// The prior group of every weight for the `tensor` and `group` prior families (empty otherwise).
    #[wasm_bindgen(js_name = priorGroups)]
    pub fn prior_groups(&self) -> Vec<u32> {
        self.inner.prior_state().layout().map(|l| l.group_of.clone()).unwrap_or_default()
    }

    /// Sets the per-group prior variances (as many as `priorVariances()` returns, each finite > 0).
    #[wasm_bindgen(js_name = setPriorVariances)]
    pub fn set_prior_variances(&mut self, variances: &[f64]) -> Result<(), JsValue> {
        self.inner.set_prior_variances(variances).map_err(js_error)
    }

    #[wasm_bindgen(js_name = setPrior)]
    pub fn set_prior(&mut self, mean: f64, variance: f64) -> Result<(), JsValue> {
        self.inner.set_prior(Prior { mean, variance }).map_err(js_error)
    }

    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, lr: f32) -> Result<(), JsValue> {
        self.inner.set_learning_rate(lr).map_err(js_error)
    }

    #[wasm_bindgen(js_name = setKlWeight)]
    pub fn set_kl_weight(&mut self, kappa: f32) -> Result<(), JsValue> {
        self.inner.set_kl_weight(kappa).map_err(js_error)
    }

    /// Posterior means m (length P).
    pub fn means(&self) -> Vec<f32> {
        self.inner.means().to_vec()
    }

    /// Posterior stds s (length P; 0 for family `none`).
    pub fn stds(&self) -> Vec<f32> {
        self.inner.stds()
    }

    /// Signal-to-noise λ = |m|/s (|m| for family `none`).
    pub fn snr(&self) -> Vec<f32> {
        self.inner.snr()
    }

    /// The flat parameter vector `[m | ρ]`.
    pub fn params(&self) -> Vec<f32> {
        self.inner.params().to_vec()
    }

    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&mut self, params: &[f32]) -> Result<(), JsValue> {
        self.inner.set_params(params).map_err(js_error)
    }

    /// Gradient norms of the last step per tensor: W, U, b, V, c (means), then the std part.
    #[wasm_bindgen(js_name = lastGradNorms)]
    pub fn last_grad_norms(&self) -> Vec<f64> {
        self.inner.last_grad_norms().to_vec()
    }

    /// Checkpoint: the mutable state as bytes.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Vec<u8> {
        self.inner.export_state()
    }

    /// Restores a checkpoint made by a trainer with the same config and embeddings.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.inner.import_state(bytes).map_err(js_error)
    }
}
