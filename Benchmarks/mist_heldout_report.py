"""Markdown tables from the rows of Benchmarks/mist-heldout.sh.

Input rows (TSV, no header): set family n dx dy method mi true_mi q05 q25 q75 q95.
Usage: python3 Benchmarks/mist_heldout_report.py rows.tsv
"""
import collections
import math
import sys

CLASSICAL = ["ksg5", "ksg10", "cca", "gc"]
SHARED_MAPS = ("spiral", "swissroll", "galaxy")


def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 8 or p[7] == "":
                continue
            q = [float(x) if x else None for x in p[8:12]] if len(p) >= 12 else [None] * 4
            rows.append(dict(set=p[0], family=p[1], n=int(p[2]), dx=int(p[3]), dy=int(p[4]), method=p[5],
                             mi=float(p[6]) if p[6] else None, truth=float(p[7]), q=q))
    return rows


def stats(rs):
    refused = sum(r["mi"] is None for r in rs)
    rs = [r for r in rs if r["mi"] is not None]
    if not rs:
        return None
    err = [r["mi"] - r["truth"] for r in rs]
    out = dict(count=len(rs), refused=refused, mse=sum(e * e for e in err) / len(err), bias=sum(err) / len(err))
    qs = [r for r in rs if r["q"][0] is not None]
    if qs:
        out["cover90"] = sum(r["q"][0] <= r["truth"] <= r["q"][3] for r in qs) / len(qs)
        out["cover50"] = sum(r["q"][1] <= r["truth"] <= r["q"][2] for r in qs) / len(qs)
    return out


def methods_of(rows):
    order = ["mist", "mist-qr", "mist-old", "ksg5", "ksg10", "cca", "gc", "mienf"]
    present = {r["method"] for r in rows}
    return [m for m in order if m in present] + sorted(present - set(order))


def fmt(x, digits=3):
    return "–" if x is None else f"{x:.{digits}f}"


def overall(rows, title, sizes):
    ms = methods_of(rows)
    print(f"### {title}\n")
    print("| method | " + " | ".join(f"MSE n={n}" for n in sizes) + " | " + " | ".join(f"bias n={n}" for n in sizes) + " | data sets |")
    print("|---|" + "---|" * (2 * len(sizes) + 1))
    for m in ms:
        cells, biases, count, refused = [], [], 0, 0
        for n in sizes:
            s = stats([r for r in rows if r["method"] == m and r["n"] == n])
            cells.append(fmt(s and s["mse"]))
            biases.append(fmt(s and s["bias"], 3))
            count += s["count"] if s else 0
            refused += s["refused"] if s else sum(r["mi"] is None for r in rows if r["method"] == m and r["n"] == n)
        extra = f" ({refused} refused)" if refused else ""
        print(f"| {m} | " + " | ".join(cells) + " | " + " | ".join(biases) + f" | {count}{extra} |")
    qr = [r for r in rows if r["method"] == "mist-qr"]
    if qr:
        cov = [stats([r for r in qr if r["n"] == n]) for n in sizes]
        print("| mist-qr 90% / 50% coverage | " + " | ".join(
            f"{c['cover90']:.2f} / {c['cover50']:.2f}" if c and "cover90" in c else "–" for c in cov) + " |" + " |" * len(sizes) + " |")
    print()


def per_family(rows, sizes):
    ms = methods_of(rows)
    fams = sorted({r["family"] for r in rows})
    print("| family | n | " + " | ".join(ms) + " | best classical | default ≤ best | qr cover 90 / 50 |")
    print("|---|---|" + "---|" * (len(ms) + 3))
    wins = total = 0
    for f in fams:
        for n in sizes:
            cell = {m: stats([r for r in rows if r["family"] == f and r["n"] == n and r["method"] == m]) for m in ms}
            if not any(cell.values()):
                continue
            best = min((cell[m]["mse"] for m in CLASSICAL if cell.get(m)), default=None)
            default = cell.get("mist-qr") or cell.get("mist")
            ok = "" if best is None or default is None else ("yes" if default["mse"] <= best else "no")
            if ok and n >= 500:
                total += 1
                wins += ok == "yes"
            q = cell.get("mist-qr")
            cov = f"{q['cover90']:.2f} / {q['cover50']:.2f}" if q and "cover90" in q else "–"
            print(f"| {f} | {n} | " + " | ".join(fmt(cell[m] and cell[m]["mse"]) for m in ms) + f" | {fmt(best)} | {ok} | {cov} |")
    print(f"\nAt n ≥ 500 the default's MSE is at most the best classical estimator's on {wins} of {total} (family, n) cells.\n")


def main():
    rows = load(sys.argv[1])
    sizes = sorted({r["n"] for r in rows})
    print("MSE in nats², bias (mean of estimate − truth) in nats, over the data sets of each cell. mist: the point model;")
    print("mist-qr: the quantile model's median, and the fraction of data sets whose truth lies in its 90% (q0.05–q0.95)")
    print("and 50% (q0.25–q0.75) intervals. A method that refused a data set has fewer data sets in its count.\n")
    by_set = collections.defaultdict(list)
    for r in rows:
        by_set[r["set"]].append(r)
    names = {
        "heldout": "Held-out families (no training prior contains them)",
        "shapes": "Held-out mixture shapes (held-out-shapes: scale and curve mixtures under maps no prior pairs them with)",
        "seen": "The broad training prior (in distribution)",
        "bmi1": "BMI v1 tasks", "bmi2": "BMI v2 additions", "highd": "High-dimensional Gaussians",
    }
    print("## Overall\n")
    for key in ["heldout", "shapes", "seen", "bmi1", "bmi2", "highd"]:
        rs = by_set.get(key, [])
        if not rs:
            continue
        ss = [n for n in sizes if any(r["n"] == n for r in rs)]
        overall(rs, names[key], ss)
        if key in ("bmi1", "bmi2"):
            kept = [r for r in rs if not any(k in r["family"] for k in SHARED_MAPS)]
            overall(kept, names[key] + " without the tasks whose maps are in the training prior (spiral, swiss roll, galaxy)", ss)
        if key == "heldout":
            # The best single classical estimator overall, against the default.
            for n in ss:
                cl = {m: stats([r for r in rs if r["method"] == m and r["n"] == n]) for m in CLASSICAL}
                cl = {m: s for m, s in cl.items() if s}
                mist = stats([r for r in rs if r["method"] == "mist-qr" and r["n"] == n])
                if cl and mist:
                    m, s = min(cl.items(), key=lambda kv: kv[1]["mse"])
                    ratio = s["mse"] / mist["mse"] if mist["mse"] > 0 else math.inf
                    print(f"- n = {n}: best single classical estimator {m} (MSE {s['mse']:.3f}); the default (mist-qr) {mist['mse']:.3f}: {ratio:.2f}× lower")
            print()
    if by_set.get("heldout"):
        print("## Held-out families, per family\n")
        hs = sorted({r["n"] for r in by_set["heldout"]})
        per_family(by_set["heldout"], hs)
    if by_set.get("shapes"):
        print("## Held-out mixture shapes, per family\n")
        per_family(by_set["shapes"], sorted({r["n"] for r in by_set["shapes"]}))
    indep = [r for r in rows if r["family"].startswith("indep-")]
    if indep:
        overall(indep, "Independent data (truth 0; indep-* families of the held-out and seen sets)", sorted({r["n"] for r in indep}))
    gauss1 = [r for r in rows if r["family"] == "1v1-normal-0.75"]
    if gauss1:
        overall(gauss1, "1-D Gaussian pair, ρ = 0.75 (BMI 1v1-normal-0.75, truth 0.413)", sorted({r["n"] for r in gauss1}))
    g1 = by_set.get("gauss1", [])
    if g1:
        ss = sorted({r["n"] for r in g1})
        overall(g1, "1-D Gaussian pairs (gauss1: ρ = 0, 0.3, 0.5, 0.75, 0.9 together)", ss)
        print("Bias (nats) by ρ; the truth is −½ log(1 − ρ²).\n")
        print("| ρ | truth | method | " + " | ".join(f"bias n={n}" for n in ss) + " |")
        print("|---|---|---|" + "---|" * len(ss))
        for truth in sorted({round(r["truth"], 6) for r in g1}):
            rho = math.sqrt(1 - math.exp(-2 * truth))
            rs = [r for r in g1 if round(r["truth"], 6) == truth]
            for m in methods_of(rs):
                cells = [stats([r for r in rs if r["method"] == m and r["n"] == n]) for n in ss]
                print(f"| {rho:.2f} | {truth:.3f} | {m} | " + " | ".join(fmt(c and c["bias"]) for c in cells) + " |")
        print()
    hd = by_set.get("highd", [])
    if hd:
        print("## High-dimensional Gaussians by shape\n")
        ms = methods_of(hd)
        print("| dx × dy | n | " + " | ".join(ms) + " |")
        print("|---|---|" + "---|" * len(ms))
        for dims in sorted({(r["dx"], r["dy"]) for r in hd}):
            for n in sorted({r["n"] for r in hd}):
                cell = [stats([r for r in hd if (r["dx"], r["dy"]) == dims and r["n"] == n and r["method"] == m]) for m in ms]
                print(f"| {dims[0]} × {dims[1]} | {n} | " + " | ".join(fmt(c and c["mse"]) for c in cell) + " |")
        print()


if __name__ == "__main__":
    main()
