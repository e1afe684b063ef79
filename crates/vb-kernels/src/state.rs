//! Checkpoints: a trainer's mutable state as bytes, and back.
//!
//! Format (little-endian), version 2:
//! `"VBTS" | u32 version | u32 m, n, K | u8 family, optimizer | u32 P, len | u64 step |
//!  f64 μ, σ² | u8 prior family, std parameterisation | u32 G | G×f64 prior variances | 6×u64 rng | u64 optimiser t | f32 lr, κ | len×f32 params | len×f32 first moment |
//!  (len or 0)×f32 second moment | u64 embedding hash | u64 FNV-1a of everything before`.
//! The configuration itself is not stored: import into a trainer built with the same config and
//! embeddings (the driver keeps the config in its own JSON). Every mismatch is reported.

use crate::error::{Result, VbError};
use crate::objective::{Family, StdParam};
use crate::optim::{Optimizer, OptimizerKind};
use crate::prior::{Prior, PriorFamily};
use crate::rng::Rng;
use crate::trainer::Trainer;

const MAGIC: &[u8; 4] = b"VBTS";
const VERSION: u32 = 2;
/// The largest step count a checkpoint may hold: 2^53, exact as a JavaScript number (`steps`), and
/// far from the end of `u64` so that counting on never overflows.
const MAX_COUNT: u64 = 1 << 53;

/// FNV-1a, 64 bit: a cheap checksum against truncation and corruption (not cryptographic).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

fn f32_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn family_code(f: Family) -> u8 {
    match f {
        Family::Diagonal => 0,
        Family::Isotropic => 1,
        Family::None => 2,
    }
}

fn prior_code(f: PriorFamily) -> u8 {
    match f {
        PriorFamily::Isotropic => 0,
        PriorFamily::Tensor => 1,
        PriorFamily::Group => 2,
        PriorFamily::Diagonal => 3,
        PriorFamily::LogUniform => 4,
    }
}

fn std_param_code(p: StdParam) -> u8 {
    match p {
        StdParam::Softplus => 0,
        StdParam::LogVariance => 1,
    }
}

fn optimizer_code(k: OptimizerKind) -> u8 {
    match k {
        OptimizerKind::Adam => 0,
        OptimizerKind::Sgd => 1,
    }
}

impl Trainer {
    /// The trainer's mutable state (parameters, optimiser moments, prior, RNG, step, learning
    /// rate, KL weight) as bytes.
    pub fn export_state(&self) -> Vec<u8> {
        let d = self.dims();
        let cfg = self.config();
        let params = self.params();
        let opt = self.optimizer();
        let mut out = Vec::with_capacity(128 + params.len() * 12);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        for v in [d.input_dim, d.hidden, d.classes] {
            out.extend_from_slice(&(v as u32).to_le_bytes());
        }
        out.push(family_code(cfg.family));
        out.push(optimizer_code(cfg.optimizer));
        out.extend_from_slice(&(d.param_count() as u32).to_le_bytes());
        out.extend_from_slice(&(params.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.steps().to_le_bytes());
        let prior = self.prior();
        out.extend_from_slice(&prior.mean.to_le_bytes());
        out.extend_from_slice(&prior.variance.to_le_bytes());
        out.push(prior_code(cfg.prior));
        out.push(std_param_code(cfg.std_param));
        let variances = self.prior_state().variances();
        out.extend_from_slice(&(variances.len() as u32).to_le_bytes());
        for v in variances {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for w in self.rng().to_words() {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.extend_from_slice(&opt.t.to_le_bytes());
        out.extend_from_slice(&cfg.learning_rate.to_le_bytes());
        out.extend_from_slice(&cfg.kl_weight.to_le_bytes());
        out.extend(f32_bytes(params));
        out.extend(f32_bytes(&opt.first));
        out.extend(f32_bytes(&opt.second));
        out.extend_from_slice(&fnv1a(&f32_bytes(self.embeddings())).to_le_bytes());
        let sum = fnv1a(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Restores state written by [`Trainer::export_state`] into a trainer with the same config
    /// and embeddings. On any error the trainer is left unchanged.
    pub fn import_state(&mut self, bytes: &[u8]) -> Result<()> {
        let err = |m: String| Err(VbError::State(m));
        if bytes.len() < 8 + 8 || &bytes[..4] != MAGIC {
            return err("not a vb trainer checkpoint (bad magic)".into());
        }
        let (body, tail) = bytes.split_at(bytes.len() - 8);
        if fnv1a(body).to_le_bytes() != tail {
            return err("checksum mismatch: the checkpoint is truncated or corrupt".into());
        }
        let mut r = Reader { b: body, at: 4 };
        let version = r.u32()?;
        if version != VERSION {
            return err(format!("checkpoint version {version}, this build reads version {VERSION}"));
        }
        let d = self.dims();
        let (m, n, k) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
        if (m, n, k) != (d.input_dim, d.hidden, d.classes) {
            return err(format!(
                "checkpoint is for inputDim={m}, hidden={n}, classes={k}; this trainer has {}, {}, {}",
                d.input_dim, d.hidden, d.classes
            ));
        }
        let cfg = self.config().clone();
        let (fam, opt_kind) = (r.u8()?, r.u8()?);
        if fam != family_code(cfg.family) {
            return err(format!("checkpoint posterior family code {fam} differs from this trainer's {:?}", cfg.family));
        }
        if opt_kind != optimizer_code(cfg.optimizer) {
            return err(format!(
                "checkpoint optimizer code {opt_kind} differs from this trainer's {:?}",
                cfg.optimizer
            ));
        }
        let (p, len) = (r.u32()? as usize, r.u32()? as usize);
        if p != d.param_count() || len != self.params().len() {
            return err(format!("checkpoint holds {len} parameters, this trainer has {}", self.params().len()));
        }
        let step = r.u64()?;
        let prior = Prior { mean: r.f64()?, variance: r.f64()? };
        let (prior_fam, std_param) = (r.u8()?, r.u8()?);
        if prior_fam != prior_code(cfg.prior) || std_param != std_param_code(cfg.std_param) {
            return err(format!(
                "checkpoint prior family / std parameterisation codes {prior_fam}/{std_param} differ from this trainer's {:?}/{:?}",
                cfg.prior, cfg.std_param
            ));
        }
        let groups = r.u32()? as usize;
        if groups != self.prior_state().variances().len() {
            return err(format!(
                "checkpoint holds {groups} prior variances, this trainer's prior has {}",
                self.prior_state().variances().len()
            ));
        }
        let variances: Vec<f64> = (0..groups).map(|_| r.f64()).collect::<Result<_>>()?;
        let mut words = [0u64; 6];
        for w in words.iter_mut() {
            *w = r.u64()?;
        }
        let t = r.u64()?;
        let (lr, kappa) = (r.f32()?, r.f32()?);
        // A well-formed checksum does not make the values sensible: each one is checked as the
        // setters check it, so a crafted checkpoint cannot leave a trainer that overflows a
        // counter, never draws a normal (an all-zero xoshiro state), or steps with a NaN rate.
        if step > MAX_COUNT || t > MAX_COUNT {
            return err(format!("checkpoint step {step} / optimiser step {t} exceeds 2^53"));
        }
        if words[..4] == [0; 4] {
            return err("checkpoint RNG state is all zero (a generator that never changes)".into());
        }
        if words[4] > 1 || (words[4] == 1 && !f64::from_bits(words[5]).is_finite()) {
            return err(format!(
                "checkpoint RNG spare normal is invalid (flag {}, value {})",
                words[4],
                f64::from_bits(words[5])
            ));
        }
        if !(lr > 0.0 && lr.is_finite()) {
            return err(format!("checkpoint learning rate is {lr}, need finite > 0"));
        }
        if !(kappa >= 0.0 && kappa.is_finite()) {
            return err(format!("checkpoint KL weight is {kappa}, need finite ≥ 0"));
        }
        let params = r.f32s(len)?;
        let first = r.f32s(len)?;
        let second = r.f32s(if cfg.optimizer == OptimizerKind::Adam { len } else { 0 })?;
        if r.u64()? != fnv1a(&f32_bytes(self.embeddings())) {
            return err("checkpoint was made with different embeddings".into());
        }
        if r.at != body.len() {
            return err(format!("{} unexpected trailing bytes", body.len() - r.at));
        }
        if params.iter().chain(&first).chain(&second).any(|v| !v.is_finite()) {
            return err("checkpoint holds non-finite values".into());
        }
        if second.iter().any(|v| *v < 0.0) {
            return err("checkpoint holds a negative second moment (Adam's v ≥ 0)".into());
        }
        let mut state = self.prior_state().clone();
        match cfg.prior {
            PriorFamily::Isotropic => state.set_scalar(prior),
            PriorFamily::LogUniform => Ok(()),
            _ => state.set_variances(&variances),
        }
        .map_err(|e| VbError::State(format!("checkpoint prior: {e}")))?;
        let optimizer = Optimizer { t, first, second, ..self.optimizer().clone() };
        self.restore(params, optimizer, state, Rng::from_words(words), step, lr, kappa);
        Ok(())
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        if self.at + n > self.b.len() {
            return Err(VbError::State(format!("truncated at byte {}", self.at)));
        }
        let s = &self.b[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn f32s(&mut self, n: usize) -> Result<Vec<f32>> {
        Ok(self.take(n * 4)?.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect())
    }
}
