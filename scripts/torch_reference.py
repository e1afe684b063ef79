#!/usr/bin/env python3
"""Why this exists: an independent reference of vb's training objective, written with PyTorch
autograd in float64, one sentence pair at a time. crates/vb-kernels/tests/torch_reference.rs feeds
it cases and compares the engine's f32 loss terms and analytic gradient with what it prints.

Input (a JSON object, or a list of them; from the file named as the first argument, or stdin):
  dims        {"inputDim": m, "hidden": n, "classes": K, "cell": "rnn" | "gru" | "lstm"}
  family      "diagonal" | "isotropic" | "none"
  samples     S, the number of posterior samples
  embeddings  vocab x m word vectors, row-major
  tokens      2B x T token ids, row-major (rows 0..B: sentences a; rows B..2B: sentences b)
  lengths     2B sentence lengths
  labels      B class labels
  params      [m | rho]: P means, then P (diagonal), 1 (isotropic) or 0 (none) values of rho
  noise       S x P standard normals (eps_k), ignored for family "none"
  prior       {"mean": mu, "variance": sigma^2}   (priorFamily "isotropic")
  priorFamily "isotropic" (default) | "tensor" | "group" | "diagonal" | "logUniform"
  priorVariances  one sigma^2 per group of the family (tensor: 5; group: m + n + 2, see
              group_of below; diagonal: P); the group layout is rebuilt here from the dims
  stdParam    "softplus" (default) | "logVariance" (rho = log s^2)
  readout     "last" (default: the state at the sentence's length) | "mean" (mean of its states)
              | "max" (elementwise maximum of its states)
  trainSize   N
  l2          L2 coefficient for family "none"
  klWeight    kappa (optional, default 1)
Output (JSON, one object per case): nll, kl, penalty, loss and gradient (d loss / d params), and
for the tensor/group/diagonal priors updatedVariances: the closed-form empirical-Bayes variances
sigma_g^2 = mean over group g of (m^2 + s^2) at these params.

The objective (docs/METHOD.md, sections 2 and 3):
  s = softplus(rho); w_k = m + s * eps_k
  h_t = tanh(x_t W + h_{t-1} U + b), h_0 = 0; code = h at the sentence's own length
  (cell "gru" / "lstm": the states come from the very function torch.nn.GRU / torch.nn.LSTM call,
  torch._VF.gru / torch._VF.lstm, with weight_ih = W^T, weight_hh = U^T and the biases mapped
  from vb's bias row: GRU b = [b_r, b_z, b_in, b_hn] -> bias_ih = [b_r, b_z, b_in],
  bias_hh = [0, 0, b_hn]; LSTM b = [i, f, g, o] -> bias_ih = b, bias_hh = 0)
  phi = [h_a * h_b, |h_a - h_b|]; p(y | a, b) = softmax(phi V + c)
  nll = (1/S) sum_k mean_i -log p(y_i | a_i, b_i, w_k)
  kl = sum_i [log sigma_i - log s_i + ((m_i - mu)^2 + s_i^2) / (2 sigma_i^2) - 1/2]
       (logUniform: sum_i k1 - k1 sigmoid(k2 + k3 la_i) + softplus(-la_i)/2,
        la_i = clip(log s_i^2 - log(m_i^2 + 1e-8), -8, 8))
  loss = nll + kappa * kl / N        (family "none": nll + (l2/2) * |m|^2 / N)
"""

import json
import sys

import torch

torch.set_default_dtype(torch.float64)


def softplus(x):
    # log(1 + e^x) without overflow, exact in float64 (no threshold approximation)
    return torch.logaddexp(x, torch.zeros_like(x))


GATES = {"rnn": 1, "gru": 3, "lstm": 4}
BIAS_BLOCKS = {"rnn": 1, "gru": 4, "lstm": 4}


def shapes_of(d):
    """Shapes of W (m x Gn), U (n x Gn), b (n or 4n), V (2n x K), c (K) for the dims' cell."""
    m, n, k = d["inputDim"], d["hidden"], d["classes"]
    cell = d.get("cell", "rnn")
    gn = GATES[cell] * n
    return [(m, gn), (n, gn), (BIAS_BLOCKS[cell] * n,), (2 * n, k), (k,)]


def unpack(w, d):
    """The five tensors W, U, b, V, c of a flat weight vector."""
    shapes = shapes_of(d)
    out, at = [], 0
    for shape in shapes:
        size = 1
        for d in shape:
            size *= d
        out.append(w[at : at + size].reshape(shape))
        at += size
    assert at == w.numel(), "parameter vector does not match the dims"
    return out


def states_of(tokens, length, emb, W, U, b, cell):
    """The hidden states h_1..h_T (T x n) of one sentence."""
    n = U.shape[0]
    x = emb[torch.tensor(tokens[:length])]
    if cell == "rnn":
        h, states = torch.zeros(n), []
        for t in range(length):
            h = torch.tanh(x[t] @ W + h @ U + b)
            states.append(h)
        return torch.stack(states)
    zero = torch.zeros(n)
    if cell == "gru":
        b_ih, b_hh = b[: 3 * n], torch.cat([zero, zero, b[3 * n :]])
        out, _ = torch._VF.gru(x[None], torch.zeros(1, 1, n), [W.T, U.T, b_ih, b_hh], True, 1, 0.0, False, False, True)
    else:
        assert cell == "lstm", f"unknown cell {cell!r}"
        hx = (torch.zeros(1, 1, n), torch.zeros(1, 1, n))
        weights = [W.T, U.T, b, torch.zeros(4 * n)]
        out, _, _ = torch._VF.lstm(x[None], hx, weights, True, 1, 0.0, False, False, True)
    return out[0]


def encode(tokens, length, emb, W, U, b, readout="last", cell="rnn"):
    states = states_of(tokens, length, emb, W, U, b, cell)
    if readout == "mean":
        return states.mean(dim=0)
    if readout == "max":
        return states.max(dim=0).values
    assert readout == "last", f"unknown readout {readout!r}"
    return states[-1]


def check_vf_is_the_module():
    """torch._VF.gru/lstm with mapped weights give exactly what torch.nn.GRU/LSTM modules give."""
    torch.manual_seed(0)
    m, n = 3, 5
    x = torch.randn(1, 4, m)
    for cell, module in (("gru", torch.nn.GRU(m, n, batch_first=True)), ("lstm", torch.nn.LSTM(m, n, batch_first=True))):
        module = module.double()
        W, U = module.weight_ih_l0.detach().T, module.weight_hh_l0.detach().T
        b_ih, b_hh = module.bias_ih_l0.detach(), module.bias_hh_l0.detach()
        if cell == "gru":
            b = torch.cat([b_ih[: 2 * n] + b_hh[: 2 * n], b_ih[2 * n :], b_hh[2 * n :]])
        else:
            b = b_ih + b_hh
        want = module(x)[0][0].detach()
        got = states_of(list(range(4)), 4, x[0], W, U, b, cell)
        assert torch.allclose(got, want, atol=1e-12), f"{cell}: vb's mapping differs from torch.nn"


def batch_nll(w, case, emb):
    d = case["dims"]
    W, U, b, V, c = unpack(w, d)
    labels = case["labels"]
    pairs = len(labels)
    lengths = case["lengths"]
    t_max = len(case["tokens"]) // (2 * pairs)
    rows = [case["tokens"][r * t_max : (r + 1) * t_max] for r in range(2 * pairs)]
    total = torch.zeros(())
    for i in range(pairs):
        readout, cell = case.get("readout", "last"), d.get("cell", "rnn")
        ha = encode(rows[i], lengths[i], emb, W, U, b, readout, cell)
        hb = encode(rows[pairs + i], lengths[pairs + i], emb, W, U, b, readout, cell)
        phi = torch.cat([ha * hb, torch.abs(ha - hb)])
        logits = phi @ V + c
        total = total + torch.logsumexp(logits, dim=0) - logits[labels[i]]
    return total / pairs


def group_of(case):
    """Group index of every weight for the tensor and group priors (docs: crates/vb-kernels/src/groups.rs)."""
    d = case["dims"]
    m, n, k = d["inputDim"], d["hidden"], d["classes"]
    family = case.get("priorFamily", "isotropic")
    shapes = shapes_of(d)
    sizes = [int(torch.tensor(s).prod()) for s in shapes]
    if family == "tensor":
        return [t for t, size in enumerate(sizes) for _ in range(size)]
    assert family == "group"
    gn, nb = shapes[0][1], shapes[2][0]
    g = []
    g += [i for i in range(m) for _ in range(gn)]  # W row i: input i
    g += [m + j for j in range(n) for _ in range(gn)]  # U row j: unit j
    g += [m + n for _ in range(nb)]  # b
    g += [m + (r % n) for r in range(2 * n) for _ in range(k)]  # V rows j and n + j: unit j
    g += [m + n + 1 for _ in range(k)]  # c
    return g


def prior_kl(mean, std, case):
    family = case.get("priorFamily", "isotropic")
    p = mean.numel()
    if family == "logUniform":
        k1, k2, k3 = 0.63576, 1.87320, 1.48695
        la = torch.clamp(torch.log(std**2) - torch.log(mean**2 + 1e-8), -8.0, 8.0)
        return (k1 - k1 * torch.sigmoid(k2 + k3 * la) + 0.5 * softplus(-la)).sum(), None
    if family == "isotropic":
        mu = case["prior"]["mean"]
        var = torch.full((p,), float(case["prior"]["variance"]))
        groups = None
    else:
        mu = 0.0
        v = torch.tensor(case["priorVariances"])
        groups = list(range(p)) if family == "diagonal" else group_of(case)
        var = v[torch.tensor(groups)]
    kl = (0.5 * torch.log(var) - torch.log(std) + ((mean - mu) ** 2 + std**2) / (2 * var) - 0.5).sum()
    updated = None
    if groups is not None:
        with torch.no_grad():
            g = torch.tensor(groups)
            total = torch.zeros(len(case["priorVariances"])).index_add_(0, g, mean**2 + std**2)
            count = torch.zeros(len(case["priorVariances"])).index_add_(0, g, torch.ones(p))
            updated = (total / count).tolist()
    return kl, updated


def evaluate(case):
    d = case["dims"]
    m = d["inputDim"]
    p = sum(int(torch.tensor(s).prod()) for s in shapes_of(d))
    family = case["family"]
    samples = case["samples"]
    emb = torch.tensor(case["embeddings"]).reshape(-1, m)
    params = torch.tensor(case["params"], requires_grad=True)
    n_train = float(case["trainSize"])
    mean = params[:p]
    updated = None
    to_std = softplus if case.get("stdParam", "softplus") == "softplus" else (lambda r: torch.exp(0.5 * r))
    if family == "none":
        assert params.numel() == p
        nll = batch_nll(mean, case, emb)
        kl = torch.zeros(())
        penalty = 0.5 * case["l2"] * (mean * mean).sum() / n_train
    else:
        rho = params[p:]
        if family == "diagonal":
            assert rho.numel() == p
            std = to_std(rho)
        elif family == "isotropic":
            assert rho.numel() == 1
            std = to_std(rho).expand(p)
        else:
            raise ValueError(f"unknown family {family!r}")
        noise = torch.tensor(case["noise"]).reshape(samples, p)
        nll = torch.zeros(())
        for s in range(samples):
            nll = nll + batch_nll(mean + std * noise[s], case, emb) / samples
        kl, updated = prior_kl(mean, std, case)
        penalty = case.get("klWeight", 1.0) * kl / n_train
    loss = nll + penalty
    (gradient,) = torch.autograd.grad(loss, params)
    return {
        "nll": nll.item(),
        "kl": kl.item(),
        "penalty": penalty.item(),
        "loss": loss.item(),
        "gradient": gradient.tolist(),
        "updatedVariances": updated,
    }


def main():
    check_vf_is_the_module()
    source = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    data = json.load(source)
    out = [evaluate(c) for c in data] if isinstance(data, list) else evaluate(data)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
