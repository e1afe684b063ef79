#!/usr/bin/env python3
"""PyTorch CPU reference of one vb training step, for the benchmark (bench/run.mjs).

The same step as the engine's `Trainer::step`: reparameterised sample w = m + softplus(ρ) ⊙ ε
(diagonal posterior), the siamese recurrent encoder over both sentences, the pair head
φ = [h_a ⊙ h_b, |h_a − h_b|] → softmax(φV + c), mean NLL, + KL(q ‖ p)/N against the scalar
Gaussian prior, backward, an Adam step, then the closed-form prior update — all on one thread.

`--cell rnn` (default): the tanh RNN, written out — the input projection x·W of all 2B·T tokens
is one matmul per sample, the recurrence one fused addmm + tanh per time step.
`--cell gru|lstm`: the sampled weights go through PyTorch's fused recurrent kernel, the very call
`torch.nn.GRU` / `torch.nn.LSTM.forward` make (`torch._VF.gru` / `torch._VF.lstm`; on the CPU it
projects all inputs in one matmul, then runs the cell per time step), over the 2B sentences as
one time-major batch (nn.GRU's default layout; every sentence has length T, so the final state
is the readout). The flat weight vector has the engine's layout and size: W_ih (Gn × m, torch's
orientation), W_hh (Gn × n), the engine's 4n bias row (GRU [b_r, b_z, b_in, b_hn], passed as
b_ih = [b_r, b_z, b_in], b_hh = [0, 0, b_hn]; LSTM b_ih + b_hh merged, passed as b_ih with a
constant zero b_hh), V, c.

Written to be a fair competitor: the S samples share the gathered word vectors, and Adam uses the
multi-tensor (foreach) path.

Prints one JSON object per sample count; if torch is missing prints {"skipped": "..."} per count.
"""

import argparse
import json
import math
import os
import sys
import time

# One thread everywhere: torch.set_num_threads(1) alone does not reach a BLAS that torch was built
# against as "generic" (e.g. Debian's torch on OpenBLAS), which would otherwise run a second thread.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", default="1,4")
    ap.add_argument("--pairs", type=int, default=32)
    ap.add_argument("--len", type=int, default=20)
    ap.add_argument("--input", type=int, default=50)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--classes", type=int, default=6)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--warmup", type=float, default=0.5)
    ap.add_argument("--cell", choices=["rnn", "gru", "lstm"], default="rnn")
    args = ap.parse_args()
    cell = args.cell
    sample_counts = [int(s) for s in args.samples.split(",")]

    try:
        import torch
        import torch.nn.functional as F
    except ImportError as e:  # the benchmark table says "skipped" rather than failing
        for s in sample_counts:
            print(json.dumps({"impl": "pytorch", "cell": cell, "samples": s, "skipped": f"torch not importable: {e}"}))
        return

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(2024)

    B, T, m, n, K = args.pairs, args.len, args.input, args.hidden, args.classes
    vocab, n_batches, train_size = 10_000, 8, 10_000
    emb = 0.1 * torch.randn(vocab, m)
    batches = []
    for _ in range(n_batches):
        tokens = torch.randint(0, vocab, (2 * B, T))
        labels = torch.randint(0, K, (B,))
        batches.append((tokens, labels))
    G = {"rnn": 1, "gru": 3, "lstm": 4}[cell]  # gates: W is m × Gn, U is n × Gn
    flops = 2 * T * (4 * m * G * n + 6 * n * G * n) + 12 * n * K
    h0 = torch.zeros(1, 2 * B, n)  # the gated cells' initial state (the fused kernel needs one)
    zeros = torch.zeros(4 * n)  # the constant parts of the gated cells' b_hh

    def run_config(S):
        torch.manual_seed(1)
        if cell == "rnn":
            shapes = [(m, n), (n, n), (n,), (2 * n, K), (K,)]
        else:  # W_ih, W_hh in torch's (Gn × ·) orientation, the engine's 4n bias row
            shapes = [(G * n, m), (G * n, n), (4 * n,), (2 * n, K), (K,)]
        sizes = [int(torch.tensor(s).prod()) for s in shapes]
        P = sum(sizes)

        def glorot(shape):
            if len(shape) == 1:
                return torch.zeros(shape)
            limit = (6.0 / (shape[0] + shape[1])) ** 0.5
            return (torch.rand(shape) * 2 - 1) * limit

        # One flat mean vector and one flat ρ vector (as in the engine): sampling, KL, Adam and the
        # prior update are single vector ops; the tensors are views.
        rho0 = math.log(math.expm1(0.01))
        mean = torch.cat([glorot(s).reshape(-1) for s in shapes])
        if cell == "lstm":  # forget-gate bias 1, as the engine initialises it
            o = sizes[0] + sizes[1]
            mean[o + n : o + 2 * n] = 1.0
        mean.requires_grad_()
        rho = torch.full((P,), rho0).requires_grad_()
        opt = torch.optim.Adam([mean, rho], lr=1e-3, foreach=True)
        prior = [0.0, 1.0]  # μ, σ²

        def split(w):
            out, o = [], 0
            for s, k in zip(shapes, sizes):
                out.append(w[o : o + k].view(s))
                o += k
            return out

        def encode_rnn(x, W, U, b):
            xw = torch.addmm(b, x.reshape(2 * B * T, m), W).view(2 * B, T, n)
            h = torch.tanh(xw[:, 0])
            for t in range(1, T):
                h = torch.tanh(torch.addmm(xw[:, t], h, U))
            return h

        def encode_gru(x, W_ih, W_hh, b):  # x: T × 2B × m (time-major)
            b_hh = torch.cat([zeros[: 2 * n], b[3 * n :]])
            _, h = torch._VF.gru(x, h0, [W_ih, W_hh, b[: 3 * n], b_hh], True, 1, 0.0, True, False, False)
            return h[0]

        def encode_lstm(x, W_ih, W_hh, b):
            _, h, _ = torch._VF.lstm(x, (h0, h0), [W_ih, W_hh, b, zeros], True, 1, 0.0, True, False, False)
            return h[0]

        encode = {"rnn": encode_rnn, "gru": encode_gru, "lstm": encode_lstm}[cell]

        def step(tokens, labels):
            mu, var = prior
            # Word vectors, shared by the samples: 2B × T × m for the tanh RNN, time-major
            # T × 2B × m for the fused kernels (their default layout; saves them a transpose).
            x = F.embedding(tokens if cell == "rnn" else tokens.t(), emb)
            std = F.softplus(rho)
            nll = 0.0
            for _ in range(S):
                W, U, b, V, c = split(mean + std * torch.randn(P))
                h = encode(x, W, U, b)
                ha, hb = h[:B], h[B:]
                phi = torch.cat([ha * hb, (ha - hb).abs()], dim=1)
                logits = torch.addmm(c, phi, V)
                nll = nll + F.cross_entropy(logits, labels)
            nll = nll / S
            kl = (0.5 * math.log(var) - torch.log(std) + ((mean - mu) ** 2 + std * std) / (2 * var) - 0.5).sum()
            loss = nll + kl / train_size
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            with torch.no_grad():  # closed-form empirical-Bayes prior update
                s = F.softplus(rho)
                new_mu = mean.mean()
                prior[0] = float(new_mu)
                prior[1] = max(float(((mean - new_mu) ** 2 + s * s).mean()), 1e-12)
            return loss

        def run(min_seconds):
            start, cpu_start = time.perf_counter(), time.process_time()
            steps = 0
            while True:
                tokens, labels = batches[steps % n_batches]
                step(tokens, labels)
                steps += 1
                el = time.perf_counter() - start
                if el >= min_seconds and steps >= 5:
                    return steps, el, time.process_time() - cpu_start

        run(args.warmup)
        steps, seconds, cpu = run(args.seconds)
        pps = steps * B / seconds
        return {
            "impl": "pytorch",
            "cell": cell,
            "samples": S,
            "steps": steps,
            "seconds": round(seconds, 4),
            "pairsPerSec": round(pps, 2),
            "gflops": round(pps * S * flops / 1e9, 4),
            "msPerStep": round(1e3 * seconds / steps, 5),
            "cpuSeconds": round(cpu, 4),
            "pairsPerCpuSec": round(steps * B / cpu, 2) if cpu > 0 else None,
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
            "blasThreadsEnv": os.environ.get("OPENBLAS_NUM_THREADS"),
        }

    for S in sample_counts:
        print(json.dumps(run_config(S)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
