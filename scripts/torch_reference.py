#!/usr/bin/env python3
"""Why this exists: an independent reference of vb's training objective, written with PyTorch
autograd in float64, one sentence pair at a time. crates/vb-kernels/tests/torch_reference.rs feeds
it cases and compares the engine's f32 loss terms and analytic gradient with what it prints.

Input (a JSON object, or a list of them; from the file named as the first argument, or stdin):
  dims        {"inputDim": m, "hidden": n, "classes": K}
  family      "diagonal" | "isotropic" | "none"
  samples     S, the number of posterior samples
  embeddings  vocab x m word vectors, row-major
  tokens      2B x T token ids, row-major (rows 0..B: sentences a; rows B..2B: sentences b)
  lengths     2B sentence lengths
  labels      B class labels
  params      [m | rho]: P means, then P (diagonal), 1 (isotropic) or 0 (none) values of rho
  noise       S x P standard normals (eps_k), ignored for family "none"
  prior       {"mean": mu, "variance": sigma^2}
  trainSize   N
  l2          L2 coefficient for family "none"
  klWeight    kappa (optional, default 1)
Output (JSON, one object per case): nll, kl, penalty, loss and gradient (d loss / d params).

The objective (docs/METHOD.md):
  s = softplus(rho); w_k = m + s * eps_k
  h_t = tanh(x_t W + h_{t-1} U + b), h_0 = 0; code = h at the sentence's own length
  phi = [h_a * h_b, |h_a - h_b|]; p(y | a, b) = softmax(phi V + c)
  nll = (1/S) sum_k mean_i -log p(y_i | a_i, b_i, w_k)
  kl = sum_i [log sigma - log s_i + ((m_i - mu)^2 + s_i^2) / (2 sigma^2) - 1/2]
  loss = nll + kappa * kl / N        (family "none": nll + (l2/2) * |m|^2 / N)
"""

import json
import sys

import torch

torch.set_default_dtype(torch.float64)


def softplus(x):
    # log(1 + e^x) without overflow, exact in float64 (no threshold approximation)
    return torch.logaddexp(x, torch.zeros_like(x))


def unpack(w, m, n, k):
    """The five tensors W (m x n), U (n x n), b (n), V (2n x K), c (K) of a flat weight vector."""
    shapes = [(m, n), (n, n), (n,), (2 * n, k), (k,)]
    out, at = [], 0
    for shape in shapes:
        size = 1
        for d in shape:
            size *= d
        out.append(w[at : at + size].reshape(shape))
        at += size
    assert at == w.numel(), "parameter vector does not match the dims"
    return out


def encode(tokens, length, emb, W, U, b):
    h = torch.zeros(W.shape[1])
    for t in range(length):
        x = emb[tokens[t]]
        h = torch.tanh(x @ W + h @ U + b)
    return h


def batch_nll(w, case, emb):
    d = case["dims"]
    m, n, k = d["inputDim"], d["hidden"], d["classes"]
    W, U, b, V, c = unpack(w, m, n, k)
    labels = case["labels"]
    pairs = len(labels)
    lengths = case["lengths"]
    t_max = len(case["tokens"]) // (2 * pairs)
    rows = [case["tokens"][r * t_max : (r + 1) * t_max] for r in range(2 * pairs)]
    total = torch.zeros(())
    for i in range(pairs):
        ha = encode(rows[i], lengths[i], emb, W, U, b)
        hb = encode(rows[pairs + i], lengths[pairs + i], emb, W, U, b)
        phi = torch.cat([ha * hb, torch.abs(ha - hb)])
        logits = phi @ V + c
        total = total + torch.logsumexp(logits, dim=0) - logits[labels[i]]
    return total / pairs


def evaluate(case):
    d = case["dims"]
    m, n, k = d["inputDim"], d["hidden"], d["classes"]
    p = m * n + n * n + n + 2 * n * k + k
    family = case["family"]
    samples = case["samples"]
    emb = torch.tensor(case["embeddings"]).reshape(-1, m)
    params = torch.tensor(case["params"], requires_grad=True)
    n_train = float(case["trainSize"])
    mean = params[:p]
    if family == "none":
        assert params.numel() == p
        nll = batch_nll(mean, case, emb)
        kl = torch.zeros(())
        penalty = 0.5 * case["l2"] * (mean * mean).sum() / n_train
    else:
        rho = params[p:]
        if family == "diagonal":
            assert rho.numel() == p
            std = softplus(rho)
        elif family == "isotropic":
            assert rho.numel() == 1
            std = softplus(rho).expand(p)
        else:
            raise ValueError(f"unknown family {family!r}")
        noise = torch.tensor(case["noise"]).reshape(samples, p)
        nll = torch.zeros(())
        for s in range(samples):
            nll = nll + batch_nll(mean + std * noise[s], case, emb) / samples
        mu = case["prior"]["mean"]
        var = case["prior"]["variance"]
        kl = (0.5 * torch.log(torch.tensor(var)) - torch.log(std) + ((mean - mu) ** 2 + std**2) / (2 * var) - 0.5).sum()
        penalty = case.get("klWeight", 1.0) * kl / n_train
    loss = nll + penalty
    (gradient,) = torch.autograd.grad(loss, params)
    return {
        "nll": nll.item(),
        "kl": kl.item(),
        "penalty": penalty.item(),
        "loss": loss.item(),
        "gradient": gradient.tolist(),
    }


def main():
    source = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    data = json.load(source)
    out = [evaluate(c) for c in data] if isinstance(data, list) else evaluate(data)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
