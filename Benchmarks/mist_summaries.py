"""Would other estimators' values help the learned default? (issue: "estimates of other estimators as
summary features may help it tell mixtures and maps apart: measure it").

A second stage on top of the shipped quantile model: from the model's five quantiles (q0.05 ... q0.95),
optionally KSG (k = 5, 10), CCA and GC, and log n, log(dx dy), predict the model's error (truth minus
its median); the estimate is then max(0, median + predicted error). Each candidate second stage is fit
on data sets of the training prior and chosen by leave-family-out cross-validation there (5 folds of
whole families), never on the evaluation files; the chosen one is then measured once on the fixed
evaluation files of mist-heldout.sh, beside the model alone and the best classical estimator. So is a
hurdle form of the richest one: the probability that MI is exactly 0, and the error where it is not.

usage: mist_summaries.py TRAIN_ROWS_DIR HELDOUT_ROWS_DIR
Both directories hold one TSV per (file, method), the rows of mist-heldout.sh's `rows` function:
set, family, n, dx, dy, method, mi, true_mi, q0.05, q0.25, q0.75, q0.95 (the quantiles: mist-qr only).
KSG_INPUTS=a,b: the second stage's two KSG inputs are methods a and b instead of ksg5 and ksg10.
"""

import os
import sys

import numpy as np

CLASSICAL = ["ksg5", "ksg10", "cca", "gc"]
# The classical values the second stage is given: KSG_INPUTS="ksg5-500,ksg10-500" gives it KSG's values
# from other rows files (mist-summaries.sh KSG_ROWS=500: on each data set's first 500 rows), while
# "best classical" stays the estimators' own on the whole data set.
INPUTS = (os.environ.get("KSG_INPUTS") or "ksg5,ksg10").split(",") + ["cca", "gc"]
METHODS = ["mist-qr"] + sorted(set(CLASSICAL + INPUTS))


def number(s):
    return float(s) if s not in ("", "nan", "-nan") else np.nan


def load(prefix):
    """The rows of PREFIX.METHOD.tsv for every method, aligned by line (one data set per line)."""
    table = {}
    for m in METHODS:
        with open(f"{prefix}.{m}.tsv") as f:
            table[m] = [line.rstrip("\n").split("\t") for line in f]
    q = table["mist-qr"]
    if any(len(table[m]) != len(q) for m in METHODS):
        sys.exit(f"mist_summaries: {prefix}: the methods have different numbers of rows")
    d = {"family": np.array([r[1] for r in q])}
    for key, col in [("n", 2), ("dx", 3), ("dy", 4), ("median", 6), ("truth", 7), ("q05", 8), ("q25", 9), ("q75", 10), ("q95", 11)]:
        d[key] = np.array([number(r[col]) for r in q])
    for m in METHODS[1:]:
        d[m] = np.array([number(r[6]) for r in table[m]])
        truth = np.array([number(r[7]) for r in table[m]])
        if not np.allclose(truth, d["truth"], equal_nan=True):
            sys.exit(f"mist_summaries: {prefix}: {m}'s rows are not the same data sets")
    return d


def subset(d, keep):
    return {k: v[keep] for k, v in d.items()}


def concat(a, b):
    return {k: np.concatenate([a[k], b[k]]) for k in a}


def features(d, kind):
    """kind: 'model' (its quantiles), 'classical' (and KSG, CCA, GC), 'interactions' (and each
    classical value's gap to the median times log n and log(dx dy))."""
    def lg(x):
        return np.log1p(np.maximum(np.nan_to_num(x, nan=0.0), 0.0))
    median = lg(d["median"])
    cols = [median] + [lg(d[q]) for q in ["q05", "q25", "q75", "q95"]]
    log_n, log_d = np.log(d["n"]) / np.log(500), np.log(d["dx"] * d["dy"])
    if kind != "model":
        cols += [lg(d[m]) for m in INPUTS]
    cols += [log_n, log_d]
    if kind == "interactions":
        for m in INPUTS:
            gap = lg(d[m]) - median
            cols += [gap * log_n, gap * log_d]
    return np.stack(cols, 1)


class Ridge:
    def __init__(self, lam):
        self.lam = lam

    def fit(self, x, y):
        self.mu, self.sd = x.mean(0), x.std(0) + 1e-9
        z = np.concatenate([np.ones((len(x), 1)), (x - self.mu) / self.sd], 1)
        penalty = self.lam * np.eye(z.shape[1])
        penalty[0, 0] = 0
        self.w = np.linalg.solve(z.T @ z + penalty, z.T @ y)
        return self

    def __call__(self, x):
        z = np.concatenate([np.ones((len(x), 1)), (x - self.mu) / self.sd], 1)
        return z @ self.w


class MLP:
    """Two hidden ReLU layers, full-batch Adam with weight decay on the squared error (a mean), on the
    absolute error (loss="absolute": a median, which a point mass of truths at 0 pulls down), or on the
    cross-entropy of a 0/1 target (loss="logistic": __call__ gives the probability of 1)."""

    def __init__(self, hidden, decay, steps, loss="squared", seed=0):
        self.hidden, self.decay, self.steps, self.loss, self.seed = hidden, decay, steps, loss, seed

    def fit(self, x, y, lr=3e-3):
        rng = np.random.default_rng(self.seed)
        self.mu, self.sd = x.mean(0), x.std(0) + 1e-9
        z = (x - self.mu) / self.sd
        h, d = self.hidden, z.shape[1]
        p = [rng.normal(0, d ** -0.5, (d, h)), np.zeros(h), rng.normal(0, h ** -0.5, (h, h)), np.zeros(h), np.zeros((h, 1)), np.zeros(1)]
        m1 = [np.zeros_like(a) for a in p]
        m2 = [np.zeros_like(a) for a in p]
        for t in range(1, self.steps + 1):
            a1, a2, out = self.forward(p, z)
            if self.loss == "logistic":
                g = 1 / (1 + np.exp(-out)) - y
            else:
                g = np.sign(out - y) if self.loss == "absolute" else 2 * (out - y)
            g = g[:, None] / len(y)
            g2 = (g @ p[4].T) * (a2 > 0)
            g1 = (g2 @ p[2].T) * (a1 > 0)
            grads = [z.T @ g1, g1.sum(0), a1.T @ g2, g2.sum(0), a2.T @ g, g.sum(0)]
            for i, gi in enumerate(grads):
                gi = gi + self.decay * p[i]
                m1[i] = 0.9 * m1[i] + 0.1 * gi
                m2[i] = 0.999 * m2[i] + 0.001 * gi * gi
                p[i] -= lr * (m1[i] / (1 - 0.9 ** t)) / (np.sqrt(m2[i] / (1 - 0.999 ** t)) + 1e-8)
        self.p = p
        return self

    @staticmethod
    def forward(p, z):
        """Both hidden layers' activations and the output, for standardised inputs z."""
        a1 = np.maximum(z @ p[0] + p[1], 0)
        a2 = np.maximum(a1 @ p[2] + p[3], 0)
        return a1, a2, (a2 @ p[4] + p[5])[:, 0]

    def __call__(self, x):
        out = self.forward(self.p, (x - self.mu) / self.sd)[2]
        return 1 / (1 + np.exp(-out)) if self.loss == "logistic" else out


class Hurdle:
    """Two parts: the probability that the truth is exactly 0 (a logistic MLP on every data set), and
    the error on the data sets with MI > 0 (an MLP); 0 where the first says more likely than not."""

    def __init__(self, like):
        """Both parts with the size, decay and steps of the MLP `like`."""
        self.zero = MLP(like.hidden, like.decay, like.steps, loss="logistic")
        self.error = MLP(like.hidden, like.decay, like.steps)

    def fit(self, x, y, truth):
        self.zero.fit(x, (truth == 0).astype(float))
        self.error.fit(x[truth > 0], y[truth > 0])
        return self

    def estimate(self, kind, d):
        x = features(d, kind)
        return np.where(self.zero(x) > 0.5, 0.0, np.maximum(d["median"] + self.error(x), 0.0))


def candidates():
    out = {}
    for kind in ["model", "classical", "interactions"]:
        for lam in [1.0, 100.0]:
            out[f"ridge λ={lam:g} on {kind}"] = (kind, lambda lam=lam: Ridge(lam))
        for hidden, decay in [(16, 1e-3), (32, 1e-2)]:
            out[f"mlp {hidden}×2 decay {decay:g} on {kind}"] = (kind, lambda h=hidden, dc=decay: MLP(h, dc, 2000))
        out[f"mlp 32×2 decay 0.01, absolute error, on {kind}"] = (kind, lambda: MLP(32, 1e-2, 3000, loss="absolute"))
    return out


def estimate(model, kind, d):
    return np.maximum(d["median"] + model(features(d, kind)), 0.0)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    train_dir, eval_dir = sys.argv[1], sys.argv[2]
    prefixes = sorted({os.path.join(train_dir, f.rsplit(".", 2)[0]) for f in os.listdir(train_dir) if f.endswith(".mist-qr.tsv")})
    train = None
    for p in prefixes:
        part = load(p)
        train = part if train is None else concat(train, part)
    usable = np.isfinite(train["truth"]) & np.isfinite(train["median"]) & np.all([np.isfinite(train[m]) for m in METHODS[1:]], 0)
    train = subset(train, usable)
    error = train["truth"] - train["median"]
    families = sorted(set(train["family"]))
    order = np.random.default_rng(0).permutation(len(families))
    folds = [{families[i] for i in order[k::5]} for k in range(5)]

    print("## Leave-family-out cross-validation on the training prior\n")
    print(f"{len(error)} data sets of {len(families)} training families (5 folds of whole families). MSE of the")
    print("estimate on the families each fit did not see; 'per family' weighs every family the same.\n")
    print("| second stage | MSE | per family |")
    print("|---|---|---|")
    base = np.mean(error ** 2)
    base_pf = np.mean([np.mean(error[train["family"] == f] ** 2) for f in families])
    print(f"| none (the model's median) | {base:.4f} | {base_pf:.4f} |")
    def cross_validate(fit_and_estimate):
        """MSE over all data sets and per family (each family the same weight), every data set
        estimated by a fit on the folds without its family: fit_and_estimate(train mask, test mask)."""
        sq = np.zeros(len(error))
        for fold in folds:
            test = np.isin(train["family"], list(fold))
            sq[test] = (fit_and_estimate(~test, test) - train["truth"][test]) ** 2
        return sq.mean(), np.mean([np.mean(sq[train["family"] == f]) for f in families])

    cands = candidates()
    scores = {}
    for name, (kind, make) in cands.items():
        x = features(train, kind)
        mse, pf = cross_validate(lambda fit, test: estimate(make().fit(x[fit], error[fit]), kind, subset(train, test)))
        scores[name] = pf
        print(f"| {name} | {mse:.4f} | {pf:.4f} |", flush=True)
    best = {}
    for kind in ["model", "classical", "interactions"]:
        best[kind] = min((n for n in cands if cands[n][0] == kind), key=lambda n: scores[n])
    print("\nChosen (lowest per-family MSE) for each kind of input: " + "; ".join(f"{k}: {v}" for k, v in best.items()) + ".\n")

    # The hurdle on the richest inputs, with the size of the best squared-error MLP there,
    # cross-validated the same way.
    def squared_mlp(name):
        m = cands[name][1]()
        return isinstance(m, MLP) and m.loss == "squared"
    like = cands[min((n for n in cands if cands[n][0] == "interactions" and squared_mlp(n)), key=lambda n: scores[n])][1]()
    x = features(train, "interactions")
    mse, pf = cross_validate(lambda fit, test: Hurdle(like).fit(x[fit], error[fit], train["truth"][fit]).estimate("interactions", subset(train, test)))
    print(f"The same MLP on interactions as a hurdle (P(MI = 0), then the error where MI > 0): MSE {mse:.4f}, per family {pf:.4f}.\n")

    stages = {"model": lambda d: d["median"]}
    for label, kind in [("+ its quantiles", "model"), ("+ classical", "classical"), ("+ interactions", "interactions")]:
        fit = cands[best[kind]][1]().fit(features(train, kind), error)
        stages[label] = lambda d, fit=fit, kind=kind: estimate(fit, kind, d)
    hurdle = Hurdle(like).fit(x, error, train["truth"])
    stages["+ interactions, hurdle"] = lambda d: hurdle.estimate("interactions", d)

    print("## The fixed evaluation files (mist-heldout.sh), never used above\n")
    print("MSE in nats²; the model alone, with each chosen second stage, and the best classical estimator of")
    print("each cell (KSG-5, KSG-10, CCA, GC). Bias (mean of estimate − truth) for independent data and gauss1.\n")
    print("| set | n | " + " | ".join(stages) + " | best classical |")
    print("|---|---|" + "---|" * (len(stages) + 1))
    wins = np.zeros(len(stages), dtype=int)
    cells = 0
    for s in ["heldout", "shapes", "bmi1", "bmi2", "gauss1", "highd", "seen"]:
        for n in [100, 500, 2000, 10000]:
            p = os.path.join(eval_dir, f"{s}.{n}")
            if not os.path.exists(p + ".mist-qr.tsv"):
                continue
            d = load(p)
            row = [np.nanmean((f(d) - d["truth"]) ** 2) for f in stages.values()]
            cls = min(np.nanmean((d[m] - d["truth"]) ** 2) for m in CLASSICAL)
            print(f"| {s} | {n} | " + " | ".join(f"{c:.4f}" for c in row) + f" | {cls:.4f} |")
            if s == "heldout" and n >= 500:
                for f in sorted(set(d["family"])):
                    di = subset(d, d["family"] == f)
                    b = min(np.mean((di[m] - di["truth"]) ** 2) for m in CLASSICAL)
                    wins += [np.mean((g(di) - di["truth"]) ** 2) <= b for g in stages.values()]
                    cells += 1
    print(f"\nHeld-out (family, n) cells at n ≥ 500 where the MSE is at most the best classical estimator's, of {cells}:")
    print(", ".join(f"{label} {w}" for label, w in zip(stages, wins)) + ".\n")
    print("| bias | n | " + " | ".join(stages) + " |")
    print("|---|---|" + "---|" * len(stages))
    for label, s in [("independent (held-out and seen indep-*)", None), ("gauss1", "gauss1")]:
        for n in [100, 500, 2000, 10000]:
            ds = []
            for src in (["heldout", "seen"] if s is None else [s]):
                p = os.path.join(eval_dir, f"{src}.{n}")
                if os.path.exists(p + ".mist-qr.tsv"):
                    d = load(p)
                    ds.append(subset(d, np.char.startswith(d["family"].astype(str), "indep")) if s is None else d)
            if not ds:
                continue
            d = ds[0]
            for more in ds[1:]:
                d = concat(d, more)
            print(f"| {label} | {n} | " + " | ".join(f"{np.nanmean(f(d) - d['truth']):+.4f}" for f in stages.values()) + " |")

if __name__ == "__main__":
    main()
