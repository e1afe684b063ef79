#!/usr/bin/env python3
"""PyTorch CPU reference of one vb training step, for the benchmark (bench/run.mjs).

The same step as the engine's `Trainer::step`: reparameterised sample w = m + softplus(ρ) ⊙ ε
(diagonal posterior), the siamese tanh RNN over both sentences, the pair head
φ = [h_a ⊙ h_b, |h_a − h_b|] → softmax(φV + c), mean NLL, + KL(q ‖ p)/N against the scalar
Gaussian prior, backward, an Adam step, then the closed-form prior update — all on one thread.

Written to be a fair competitor: the input projection x·W of all 2B·T tokens is one matmul per
sample, the recurrence is one fused addmm + tanh per time step, the S samples share the gathered
word vectors, and Adam uses the multi-tensor (foreach) path.

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
    args = ap.parse_args()
    sample_counts = [int(s) for s in args.samples.split(",")]

    try:
        import torch
        import torch.nn.functional as F
    except ImportError as e:  # the benchmark table says "skipped" rather than failing
        for s in sample_counts:
            print(json.dumps({"impl": "pytorch", "samples": s, "skipped": f"torch not importable: {e}"}))
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
    flops = 2 * T * (4 * m * n + 6 * n * n) + 12 * n * K

    def run_config(S):
        torch.manual_seed(1)
        shapes = [(m, n), (n, n), (n,), (2 * n, K), (K,)]
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
        mean = torch.cat([glorot(s).reshape(-1) for s in shapes]).requires_grad_()
        rho = torch.full((P,), rho0).requires_grad_()
        opt = torch.optim.Adam([mean, rho], lr=1e-3, foreach=True)
        prior = [0.0, 1.0]  # μ, σ²

        def split(w):
            out, o = [], 0
            for s, k in zip(shapes, sizes):
                out.append(w[o : o + k].view(s))
                o += k
            return out

        def step(tokens, labels):
            mu, var = prior
            x = F.embedding(tokens, emb)  # 2B × T × m, shared by the samples
            x2 = x.reshape(2 * B * T, m)
            std = F.softplus(rho)
            nll = 0.0
            for _ in range(S):
                W, U, b, V, c = split(mean + std * torch.randn(P))
                xw = torch.addmm(b, x2, W).view(2 * B, T, n)
                h = torch.tanh(xw[:, 0])
                for t in range(1, T):
                    h = torch.tanh(torch.addmm(xw[:, t], h, U))
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
