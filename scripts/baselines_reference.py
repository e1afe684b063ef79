#!/usr/bin/env python3
"""Reference values for vb-cli's own baseline classifiers, from scikit-learn.

Writes packages/cli/test/fixtures/baselines-sklearn.json: a random 3-class problem, the
probabilities of sklearn's multinomial LogisticRegression (L2 on the weights, not the bias), of
DecisionTreeClassifier (gini, max_depth, min_samples_leaf) and of KNeighborsClassifier (k = 7,
brute force, uniform weights). Regenerate with
  /usr/bin/python3 scripts/baselines_reference.py > packages/cli/test/fixtures/baselines-sklearn.json
(Debian's python3-sklearn; the pyenv python3 may lack it.)
"""
import json

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

rng = np.random.default_rng(7)
n, f, k = 300, 5, 3
x = rng.normal(size=(n, f))
w = rng.normal(size=(f, k))
y = np.argmax(x @ w + 0.5 * rng.normal(size=(n, k)), axis=1)
xt = rng.normal(size=(50, f))

l2 = 0.01
# sklearn minimises C·Σ NLL + ½‖W‖²; ours mean NLL + (λ/2)‖W‖², so C = 1/(λ n).
lr = LogisticRegression(C=1.0 / (l2 * n), tol=1e-10, max_iter=10000).fit(x, y)
tree = DecisionTreeClassifier(max_depth=3, min_samples_leaf=5, random_state=0).fit(x, y)
knn = KNeighborsClassifier(n_neighbors=7, algorithm="brute").fit(x, y)
print(json.dumps({
    "x": x.tolist(), "y": y.tolist(), "xTest": xt.tolist(), "classes": k, "l2": l2,
    "logistic": lr.predict_proba(xt).tolist(),
    "tree": {"maxDepth": 3, "minSamplesLeaf": 5, "proba": tree.predict_proba(xt).tolist()},
    "knn": {"k": 7, "proba": knn.predict_proba(xt).tolist()},
}))
