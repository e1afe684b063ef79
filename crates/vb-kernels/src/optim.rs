//! Optimisers over the flat parameter vector `[m | ρ]`: Adam (default) and SGD with momentum.

use serde::{Deserialize, Serialize};

/// Which optimiser updates the posterior parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OptimizerKind {
    Adam,
    Sgd,
}

/// Optimiser state: first/second moments (Adam) or velocity (SGD, in `first`).
#[derive(Clone, Debug, PartialEq)]
pub struct Optimizer {
    pub kind: OptimizerKind,
    pub beta1: f32,
    pub beta2: f32,
    pub epsilon: f32,
    pub momentum: f32,
    pub first: Vec<f32>,
    pub second: Vec<f32>,
    pub t: u64,
}

impl Optimizer {
    pub fn new(kind: OptimizerKind, len: usize, beta1: f32, beta2: f32, epsilon: f32, momentum: f32) -> Self {
        let second = if kind == OptimizerKind::Adam { vec![0.0; len] } else { Vec::new() };
        Optimizer { kind, beta1, beta2, epsilon, momentum, first: vec![0.0; len], second, t: 0 }
    }

    /// One update `params ← params − lr · direction(grad)`.
    pub fn update(&mut self, lr: f32, params: &mut [f32], grad: &[f32]) {
        self.t += 1;
        match self.kind {
            OptimizerKind::Adam => {
                let (step, eps) = self.adam_step_size(lr);
                let (b1, b2) = (self.beta1, self.beta2);
                for i in 0..params.len() {
                    (params[i], self.first[i], self.second[i]) =
                        adam(b1, b2, step, eps, params[i], self.first[i], self.second[i], grad[i]);
                }
            }
            OptimizerKind::Sgd => {
                for i in 0..params.len() {
                    (params[i], self.first[i]) = sgd(self.momentum, lr, params[i], self.first[i], grad[i]);
                }
            }
        }
    }

    /// The same update as [`Optimizer::update`], written into `next` and `next_params` (buffers
    /// reused between calls) while `self` and `params` stay untouched: a caller can inspect the
    /// result and then adopt it by swapping, or drop it, without copying the state first.
    pub fn update_into(&self, lr: f32, params: &[f32], grad: &[f32], next: &mut Optimizer, next_params: &mut Vec<f32>) {
        let len = params.len();
        next.kind = self.kind;
        (next.beta1, next.beta2, next.epsilon, next.momentum) = (self.beta1, self.beta2, self.epsilon, self.momentum);
        next.t = self.t + 1;
        next_params.resize(len, 0.0);
        next.first.resize(self.first.len(), 0.0);
        next.second.resize(self.second.len(), 0.0);
        match self.kind {
            OptimizerKind::Adam => {
                let (b1, b2) = (self.beta1, self.beta2);
                let (step, eps) = next.adam_step_size(lr);
                let (out_p, out_m, out_v) = (&mut next_params[..len], &mut next.first[..len], &mut next.second[..len]);
                let (m, v, g) = (&self.first[..len], &self.second[..len], &grad[..len]);
                for i in 0..len {
                    (out_p[i], out_m[i], out_v[i]) = adam(b1, b2, step, eps, params[i], m[i], v[i], g[i]);
                }
            }
            OptimizerKind::Sgd => {
                let (out_p, out_m) = (&mut next_params[..len], &mut next.first[..len]);
                let (m, g) = (&self.first[..len], &grad[..len]);
                for i in 0..len {
                    (out_p[i], out_m[i]) = sgd(self.momentum, lr, params[i], m[i], g[i]);
                }
            }
        }
    }

    /// Adam's bias-corrected step size and ε at the current `t`.
    fn adam_step_size(&self, lr: f32) -> (f32, f32) {
        let (b1, b2) = (self.beta1, self.beta2);
        let c1 = 1.0 - (b1 as f64).powi(self.t.min(i32::MAX as u64) as i32);
        let c2 = 1.0 - (b2 as f64).powi(self.t.min(i32::MAX as u64) as i32);
        ((lr as f64 * c2.sqrt() / c1) as f32, self.epsilon * c2.sqrt() as f32)
    }
}

/// One Adam coordinate: `(param, first, second)` after gradient `g`.
#[inline(always)]
fn adam(b1: f32, b2: f32, step: f32, eps: f32, p: f32, m: f32, v: f32, g: f32) -> (f32, f32, f32) {
    let m = b1 * m + (1.0 - b1) * g;
    let v = b2 * v + (1.0 - b2) * g * g;
    (p - step * m / (v.sqrt() + eps), m, v)
}

/// One SGD-with-momentum coordinate: `(param, velocity)` after gradient `g`.
#[inline(always)]
fn sgd(momentum: f32, lr: f32, p: f32, velocity: f32, g: f32) -> (f32, f32) {
    let velocity = momentum * velocity + g;
    (p - lr * velocity, velocity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimise(kind: OptimizerKind, lr: f32) -> Vec<f32> {
        // f(x) = Σ (x_i − i)², gradient 2(x_i − i)
        let mut x = vec![5.0f32; 3];
        let mut opt = Optimizer::new(kind, 3, 0.9, 0.999, 1e-8, 0.9);
        for _ in 0..3000 {
            let g: Vec<f32> = x.iter().enumerate().map(|(i, v)| 2.0 * (v - i as f32)).collect();
            opt.update(lr, &mut x, &g);
        }
        x
    }

    #[test]
    fn both_optimisers_reach_the_minimum_of_a_quadratic() {
        for (kind, lr) in [(OptimizerKind::Adam, 0.05), (OptimizerKind::Sgd, 0.01)] {
            let x = minimise(kind, lr);
            for (i, v) in x.iter().enumerate() {
                assert!((v - i as f32).abs() < 1e-2, "{kind:?}: x[{i}] = {v}");
            }
        }
    }

    #[test]
    fn update_into_matches_update_bit_for_bit() {
        for kind in [OptimizerKind::Adam, OptimizerKind::Sgd] {
            let mut a = Optimizer::new(kind, 5, 0.9, 0.999, 1e-8, 0.9);
            let mut pa = vec![0.3f32, -1.0, 2.5, 0.0, 1e-3];
            let mut b = a.clone();
            let mut pb = pa.clone();
            let (mut next, mut next_p) = (Optimizer::new(kind, 0, 0.0, 0.0, 1.0, 0.0), Vec::new());
            for step in 0..20 {
                let g: Vec<f32> = (0..5).map(|i| ((i * 7 + step) as f32 * 0.37).sin()).collect();
                a.update(0.01, &mut pa, &g);
                b.update_into(0.01, &pb, &g, &mut next, &mut next_p);
                std::mem::swap(&mut b, &mut next);
                std::mem::swap(&mut pb, &mut next_p);
                assert_eq!(a, b, "{kind:?} step {step}");
                assert_eq!(
                    pa.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    pb.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn adam_first_step_moves_each_coordinate_by_lr() {
        // With bias correction, Adam's first step is lr · g/|g| (up to ε).
        let mut x = vec![0.0f32, 0.0];
        let mut opt = Optimizer::new(OptimizerKind::Adam, 2, 0.9, 0.999, 1e-8, 0.0);
        opt.update(0.1, &mut x, &[3.0, -0.002]);
        assert!((x[0] + 0.1).abs() < 1e-5 && (x[1] - 0.1).abs() < 1e-3, "{x:?}");
    }
}
