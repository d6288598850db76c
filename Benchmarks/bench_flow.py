"""The same MIENF training epoch as Benchmarks/bench-flow in PyTorch (CPU, float32): two flows
(4 blocks of ActNorm, sinh-arcsinh, LU mixing W = P L (U + diag e^s) with P the reversal, affine coupling
with an MLP [D//2, 64, 64, 2(D - D//2)], ReLU, s = tanh; a final ActNorm), the tridiagonal Gaussian base
with rho_j = tanh(theta_j), loss -mean log p(x, y), clip_grad_norm_ 10, AdamW (lr 2e-3, weight decay 1e-4
on matrices only) on the flows and Adam (lr 5e-2) on theta.
Usage: python bench_flow.py THREADS [EPOCHS] [ROWS] [BATCH] [DIM]"""
import math, statistics, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

def logcosh(u):
    a = u.abs()
    return a + F.softplus(-2 * a) - math.log(2)

class ActNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.loc, self.log_scale = nn.Parameter(torch.zeros(d)), nn.Parameter(torch.zeros(d))
    def forward(self, x):
        return (x - self.loc) * self.log_scale.exp(), self.log_scale.sum()

class SinhArcsinh(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.skew, self.log_tail = nn.Parameter(torch.zeros(d)), nn.Parameter(torch.zeros(d))
    def forward(self, x):
        u = self.log_tail.exp() * torch.asinh(x) - self.skew
        ld = (self.log_tail + logcosh(u) - 0.5 * torch.log(x * x + 1)).sum(1)
        return torch.sinh(u), ld

class LU(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lower, self.upper = nn.Parameter(torch.zeros(d, d)), nn.Parameter(torch.zeros(d, d))
        self.log_diag = nn.Parameter(torch.zeros(d))
        self.register_buffer("p", torch.eye(d).flip(1))
        self.register_buffer("lmask", torch.tril(torch.ones(d, d), -1))
        self.register_buffer("umask", torch.triu(torch.ones(d, d), 1))
        self.register_buffer("eye", torch.eye(d))
    def forward(self, x):
        l = self.lower * self.lmask + self.eye
        u = self.upper * self.umask + self.eye * self.log_diag.exp()
        return x @ (self.p @ (l @ u)).T, self.log_diag.sum()

class Coupling(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.da = d // 2; self.db = d - self.da
        self.net = nn.Sequential(nn.Linear(self.da, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                 nn.Linear(hidden, 2 * self.db))
        nn.init.zeros_(self.net[-1].weight); nn.init.zeros_(self.net[-1].bias)
    def forward(self, x):
        xa, xb = x[:, :self.da], x[:, self.da:]
        st = self.net(xa)
        s, t = torch.tanh(st[:, :self.db]), st[:, self.db:]
        return torch.cat([xa, xb * s.exp() + t], 1), s.sum(1)

class Flow(nn.Module):
    def __init__(self, d, blocks=4, hidden=64):
        super().__init__()
        layers = []
        for _ in range(blocks):
            layers += [ActNorm(d), SinhArcsinh(d), LU(d), Coupling(d, hidden)]
        self.layers = nn.ModuleList(layers + [ActNorm(d)])
    def forward(self, x):
        ld = torch.zeros(x.shape[0])
        for layer in self.layers:
            x, l = layer(x)
            ld = ld + l
        return x, ld

class FlowPair(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.x, self.y = Flow(d), Flow(d)
        self.theta = nn.Parameter(torch.zeros(d))
    def log_likelihood(self, x, y):
        (zx, ldx), (zy, ldy) = self.x(x), self.y(y)
        k = self.theta.shape[0]
        a, b = zx[:, :k], zy[:, :k]
        s = torch.sinh(self.theta)
        pmi = (logcosh(self.theta) - 0.5 * s * s * (a * a + b * b) + 0.5 * torch.sinh(2 * self.theta) * a * b).sum(1)
        marginal = -0.5 * ((zx * zx).sum(1) + (zy * zy).sum(1)) - (zx.shape[1] + zy.shape[1]) * 0.5 * math.log(2 * math.pi)
        return marginal + pmi + ldx + ldy

def main():
    a = sys.argv[1:]
    threads = int(a[0]) if a else 1
    epochs, rows, batch, dim = (int(a[i]) if len(a) > i else dflt for i, dflt in zip(range(1, 5), (10, 1600, 200, 5)))
    torch.set_num_threads(threads); torch.manual_seed(0)
    model = FlowPair(dim)
    x = torch.randn(rows, dim); y = 0.6 * x + 0.8 * torch.randn(rows, dim)
    flow = [p for n, p in model.named_parameters() if n != "theta"]
    opt = torch.optim.AdamW([{"params": [p for p in flow if p.dim() >= 2], "weight_decay": 1e-4},
                             {"params": [p for p in flow if p.dim() < 2], "weight_decay": 0.0}], lr=2e-3)
    theta_opt = torch.optim.Adam([model.theta], lr=5e-2)
    times = []
    for e in range(epochs + 2):
        t0 = time.perf_counter()
        perm = torch.randperm(rows)
        for start in range(0, rows, batch):
            idx = perm[start:start + batch]
            opt.zero_grad(set_to_none=True); theta_opt.zero_grad(set_to_none=True)
            loss = -model.log_likelihood(x[idx], y[idx]).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            opt.step(); theta_opt.step()
        if e >= 2: times.append(time.perf_counter() - t0)
    mi = logcosh(model.theta).sum().item()
    print(f"torch={torch.__version__} parameters={sum(p.numel() for p in model.parameters())} threads={threads} last_loss={loss.item():.4f} mi={mi:.4f}")
    print(f"epoch_ms={statistics.median(times) * 1e3:.2f}")

if __name__ == "__main__":
    main()
