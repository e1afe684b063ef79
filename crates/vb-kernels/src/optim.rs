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
                let (b1, b2) = (self.beta1, self.beta2);
                let c1 = 1.0 - (b1 as f64).powi(self.t.min(i32::MAX as u64) as i32);
                let c2 = 1.0 - (b2 as f64).powi(self.t.min(i32::MAX as u64) as i32);
                let step = (lr as f64 * c2.sqrt() / c1) as f32;
                let eps = self.epsilon * c2.sqrt() as f32;
                for i in 0..params.len() {
                    let g = grad[i];
                    self.first[i] = b1 * self.first[i] + (1.0 - b1) * g;
                    self.second[i] = b2 * self.second[i] + (1.0 - b2) * g * g;
                    params[i] -= step * self.first[i] / (self.second[i].sqrt() + eps);
                }
            }
            OptimizerKind::Sgd => {
                for i in 0..params.len() {
                    self.first[i] = self.momentum * self.first[i] + grad[i];
                    params[i] -= lr * self.first[i];
                }
            }
        }
    }
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
    fn adam_first_step_moves_each_coordinate_by_lr() {
        // With bias correction, Adam's first step is lr · g/|g| (up to ε).
        let mut x = vec![0.0f32, 0.0];
        let mut opt = Optimizer::new(OptimizerKind::Adam, 2, 0.9, 0.999, 1e-8, 0.0);
        opt.update(0.1, &mut x, &[3.0, -0.002]);
        assert!((x[0] + 0.1).abs() < 1e-5 && (x[1] - 0.1).abs() < 1e-3, "{x:?}");
    }
}
