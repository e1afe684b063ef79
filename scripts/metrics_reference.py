#!/usr/bin/env python3
"""Independent reference values for @vb/core's metrics (packages/core/src/metrics/).

Why this exists: the TypeScript metrics must agree with the numbers the rest of the field reports,
so their expected values come from scikit-learn, numpy and scipy rather than from the code under
test. This script computes every metric of `evaluate()` for given inputs, and writes the fixture
packages/core/test/fixtures/metrics-sklearn.json that test/metrics-sklearn.test.ts compares with
(tolerance 1e-9). The fixture is committed; the tests need no Python.

Regenerate the fixture (deterministic: fixed seed) from the repository root:

    python3 scripts/metrics_reference.py generate > packages/core/test/fixtures/metrics-sklearn.json

Score your own inputs (JSON object, or a list of them, with `classes`, `probs` (flat, row-major
B x K), `gold` (ints) and optionally `goldScores`):

    python3 scripts/metrics_reference.py compute < case.json

Needs numpy, scipy and scikit-learn (Debian: `apt-get install python3-sklearn`; pip:
`pip install numpy scipy scikit-learn`). On a machine whose default python3 lacks them, run the
script with the interpreter that has them (e.g. /usr/bin/python3 after the apt install).

Conventions mirrored from the TypeScript side (documented there):
- predictions are the argmax of each row, ties to the lower class (numpy's argmax);
- precision / recall / F1 use zero_division=0; macro and weighted averages use labels=range(K),
  so classes absent from both gold and predictions count in the macro mean with F1 = 0;
- mean log-likelihood = mean(log(max(p[i, gold_i], 1e-12))), probabilities used as given;
- Pearson's r (scipy.stats.pearsonr) and Spearman's rho (scipy.stats.spearmanr) of sum_k k*p_k with
  goldScores (default: gold); null if undefined;
- PIT-2015 binary F1 (K = 6): gold y >= 3 -> 1, y <= 1 -> 0, y = 2 dropped; predicted paraphrase iff
  p3 + p4 + p5 >= 0.5 ('probability'), argmax >= 3 ('argmax'), or sum_k k*p_k >= 2.5 ('expected').
"""

import json
import math
import sys
import warnings

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_fscore_support,
)

LOG_PROB_FLOOR = 1e-12
SEED = 20150


def _num(x):
    """A JSON-safe float: NaN becomes null (JSON has no NaN)."""
    x = float(x)
    return None if math.isnan(x) else x


def _binary(gold, pred):
    p, r, f, _ = precision_recall_fscore_support(
        gold, pred, labels=[0, 1], pos_label=1, average="binary", zero_division=0
    )
    return {
        "precision": float(p),
        "recall": float(r),
        "f1": float(f),
        "support": int(np.sum(gold == 1)),
        "pairs": int(len(gold)),
    }


def compute(case):
    """All metrics of one case, with scikit-learn / numpy / scipy."""
    k = int(case["classes"])
    probs = np.asarray(case["probs"], dtype=np.float64).reshape(-1, k)
    gold = np.asarray(case["gold"], dtype=np.int64)
    n = len(gold)
    assert probs.shape[0] == n
    labels = list(range(k))
    pred = np.argmax(probs, axis=1)

    precision, recall, f1, support = precision_recall_fscore_support(
        gold, pred, labels=labels, average=None, zero_division=0
    )
    out = {
        "accuracy": float(accuracy_score(gold, pred)),
        "macroF1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "weightedF1": float(f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)),
        "perClass": {
            "precision": [float(v) for v in precision],
            "recall": [float(v) for v in recall],
            "f1": [float(v) for v in f1],
            "support": [int(v) for v in support],
        },
        "confusion": confusion_matrix(gold, pred, labels=labels).tolist(),
    }

    p_gold = probs[np.arange(n), gold]
    out["meanLogLikelihood"] = float(np.mean(np.log(np.maximum(p_gold, LOG_PROB_FLOOR))))
    # Cross-check with sklearn's log_loss where it applies (it renormalises rows and clips at its own
    # eps, so agreement is only up to float32 row-sum error).
    if np.all(p_gold > 1e-7):
        ll = -log_loss(gold, probs, labels=labels)
        assert abs(ll - out["meanLogLikelihood"]) < 1e-5, (ll, out["meanLogLikelihood"])

    expected = np.zeros(n)
    for c in range(k):  # same summation order as the TypeScript code: k = 0, 1, ..., K-1
        expected = expected + c * probs[:, c]
    scores = np.asarray(case.get("goldScores", gold), dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant input: scipy warns and returns NaN
        r = scipy.stats.pearsonr(expected, scores)[0] if n >= 2 else float("nan")
        rho = scipy.stats.spearmanr(expected, scores)[0] if n >= 2 else float("nan")
    out["pearson"] = _num(r)
    out["spearman"] = _num(rho)

    out["binaryOfClass1"] = _binary((gold == 1).astype(int), (pred == 1).astype(int)) if k == 2 else None

    if k == 6:
        keep = gold != 2
        g = (gold[keep] >= 3).astype(int)
        pk = probs[keep]
        p_para = (pk[:, 3] + pk[:, 4]) + pk[:, 5]
        e = expected[keep]
        out["paraphrase"] = {
            "excluded": int(np.sum(~keep)),
            "probability": _binary(g, (p_para >= 0.5).astype(int)),
            "argmax": _binary(g, (pred[keep] >= 3).astype(int)),
            "expected": _binary(g, (e >= 2.5).astype(int)),
        }
    else:
        out["paraphrase"] = None
    return out


def _f32_rows(p):
    """Rows as float32 (what Trainer.predict returns), stored as the exact float64 of each float32."""
    return [float(v) for v in np.asarray(p, dtype=np.float32).reshape(-1)]


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def generate():
    rng = np.random.default_rng(SEED)
    cases = []

    def add(name, classes, probs, gold, gold_scores=None, note=""):
        case = {"name": name, "note": note, "classes": classes, "probs": _f32_rows(probs),
                "gold": [int(v) for v in gold]}
        if gold_scores is not None:
            case["goldScores"] = [float(v) for v in gold_scores]
        case["expected"] = compute(case)
        cases.append(case)

    # 1. K = 6, uniform gold, flat Dirichlet probabilities.
    n = 60
    add("k6-dirichlet", 6, rng.dirichlet(np.ones(6), n), rng.integers(0, 6, n),
        note="uniform gold, Dirichlet(1) probabilities")

    # 2. K = 6, PIT-2015 dev label frequencies, informative logits.
    n = 400
    freq = np.array([1748, 924, 585, 522, 537, 411], dtype=float)
    gold = rng.choice(6, size=n, p=freq / freq.sum())
    logits = rng.normal(0, 1.0, (n, 6))
    logits[np.arange(n), gold] += 1.5
    logits[np.arange(n), np.clip(gold + rng.choice([-1, 1], n), 0, 5)] += 0.7
    add("k6-pit-like", 6, _softmax(logits), gold, note="PIT dev class frequencies, informative logits")

    # 3. K = 6, predictions only ever 0, 1 or 3; real-valued gold scores.
    n = 50
    gold = rng.integers(0, 6, n)
    alpha = np.array([3.0, 3.0, 0.05, 3.0, 0.05, 0.05])
    probs = rng.dirichlet(alpha, n)
    add("k6-missing-predicted", 6, probs, gold, gold + rng.normal(0, 0.4, n),
        note="classes 2, 4, 5 (almost) never predicted; goldScores = gold + noise")

    # 4. K = 6, class 4 absent from gold and predictions, class 5 absent from gold only.
    n = 45
    gold = rng.choice([0, 1, 2, 3], size=n)
    probs = rng.dirichlet([1, 1, 1, 1, 1e-3, 1], n)
    probs[:, 4] = 0
    probs = probs / probs.sum(axis=1, keepdims=True)
    add("k6-absent-classes", 6, probs, gold, note="class 4 absent from gold and predictions, 5 from gold")

    # 5. K = 6, exact zeros at the gold class (log floor), argmax ties, decision boundaries hit exactly.
    fixed = np.array([
        [0.5, 0, 0, 0.5, 0, 0],       # argmax tie -> 0; P(y>=3) = 0.5 -> paraphrase; E = 1.5
        [0.5, 0, 0, 0, 0, 0.5],       # tie -> 0; P(y>=3) = 0.5; E = 2.5 exactly -> paraphrase
        [0, 0, 1, 0, 0, 0],           # E = 2
        [0, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 0, 0],
        [0.25, 0.25, 0.25, 0.25, 0, 0],
    ])
    fixed_gold = np.array([5, 0, 2, 0, 4, 3])  # gold 0 with p = 0, gold 4 with p = 0
    n = 30
    probs = rng.dirichlet(np.full(6, 0.3), n)
    gold = rng.integers(0, 6, n)
    zero = rng.random(n) < 0.3
    probs[np.arange(n)[zero], gold[zero]] = 0
    probs = probs / probs.sum(axis=1, keepdims=True)
    add("k6-zeros-ties", 6, np.vstack([fixed, probs]), np.concatenate([fixed_gold, gold]),
        note="p(gold) = 0 rows (floor 1e-12), argmax ties, P(y>=3) = 0.5 and E = 2.5 exactly")

    # 6. K = 6, a handful of pairs.
    n = 7
    add("k6-small", 6, rng.dirichlet(np.full(6, 0.5), n), rng.integers(0, 6, n), note="seven pairs")

    # 7. K = 6, expert-like real-valued gold scores on another scale.
    n = 120
    gold = rng.integers(0, 6, n)
    logits = rng.normal(0, 1, (n, 6))
    logits[np.arange(n), gold] += 1.0
    add("k6-expert-scores", 6, _softmax(logits), gold, gold / 5 + rng.normal(0, 0.15, n),
        note="goldScores on a 0..1 scale with noise")

    # 8. K = 2, random.
    n = 80
    add("k2-dirichlet", 2, rng.dirichlet([1, 1], n), rng.integers(0, 2, n), note="binary, Dirichlet(1)")

    # 9. K = 2, every row identical: class 1 never predicted (precision 0/0), expected score constant
    #    (Pearson undefined -> null).
    n = 20
    add("k2-one-class-predicted", 2, np.tile([0.7, 0.3], (n, 1)), rng.integers(0, 2, n),
        note="class 1 never predicted; constant expected score, Pearson null")

    # 10. K = 2, gold all class 0 (class 1 absent from gold: recall 0/0).
    n = 25
    add("k2-gold-one-class", 2, rng.dirichlet([1, 1], n), np.zeros(n, dtype=int),
        note="class 1 absent from gold; Pearson null (constant gold)")

    return {
        "generator": "scripts/metrics_reference.py generate",
        "seed": SEED,
        "versions": {
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "logProbFloor": LOG_PROB_FLOOR,
        "cases": cases,
    }


def main(argv):
    if len(argv) != 2 or argv[1] not in ("generate", "compute"):
        sys.stderr.write(__doc__)
        return 2
    if argv[1] == "generate":
        fixture = generate()
        cases = fixture.pop("cases")
        head = json.dumps(fixture, indent=2)[:-2]  # one case per line keeps diffs readable
        body = ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)
        sys.stdout.write(f'{head},\n  "cases": [\n{body}\n]}}')
    else:
        data = json.load(sys.stdin)
        result = [compute(c) for c in data] if isinstance(data, list) else compute(data)
        json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
