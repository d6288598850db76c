"""The training steps of Benchmarks/bench-steps in PyTorch (CPU, float32), same shapes and work:
score: MINDE's score network (D = 10, width 64, 2 residual blocks, GroupNorm(8), SiLU, time MLP
2 -> 64 GELU(tanh) -> 64, concatenated skip, zero-initialised head), batch 128, a target drawn from
minde-c's mixture (X marginal or X given Y), importance-sampled times, noise per row, masked eps-MSE,
Adam 1e-3, EMA 0.999 of the weights; critic: MLP 10 -> 16 -> 8 -> 1 (ReLU) on all 256 x 256 pairs,
InfoNCE (mean diagonal minus mean row logsumexp plus log B), Adam 0.1.
Usage: python bench_steps.py THREADS [STEPS] [WARMUP]"""
import math, statistics, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

class ResBlock(nn.Module):
    def __init__(self, a, b, h):
        super().__init__()
        self.n1, self.f1, self.t = nn.GroupNorm(8, a), nn.Linear(a, b), nn.Linear(h, b)
        self.n2, self.f2 = nn.GroupNorm(8, b), nn.Linear(b, b)
        self.skip = nn.Linear(a, b) if a != b else None
    def forward(self, x, temb):
        u = self.f1(F.silu(self.n1(x))) + self.t(temb)
        v = self.f2(F.silu(self.n2(u)))
        return v + (self.skip(x) if self.skip is not None else x)

class ScoreNet(nn.Module):
    def __init__(self, d, h=64, blocks=2):
        super().__init__()
        self.t_in, self.t_out, self.inp = nn.Linear(2, h), nn.Linear(h, h), nn.Linear(d, h)
        self.blocks = nn.ModuleList([ResBlock(h, h, h) for _ in range(blocks)])
        self.merge = ResBlock(2 * h, h, h)
        self.hn, self.head = nn.GroupNorm(8, h), nn.Linear(h, d)
        nn.init.zeros_(self.head.weight); nn.init.zeros_(self.head.bias)
    def forward(self, z, tau):
        temb = F.silu(self.t_out(F.gelu(self.t_in(tau), approximate="tanh")))
        h0 = self.inp(z); h = h0
        for b in self.blocks: h = b(h, temb)
        h = self.merge(torch.cat([h, h0], 1), temb)
        return self.head(F.silu(self.hn(h)))

B_MIN, B_MAX, T_EPS = 0.1, 20.0, 1e-3
def alpha_sigma(t):
    la = -0.5 * (B_MIN * t + 0.5 * (B_MAX - B_MIN) * t * t)
    return torch.exp(la), torch.sqrt(-torch.expm1(2 * la))

def importance_times(n):
    # Inverse CDF of the density proportional to beta(t) / sigma_t^2 on a fine grid (the same law as ours).
    u = torch.rand(n)
    return torch.from_numpy(_inv(u.numpy())).float()

import numpy as np
_grid = np.linspace(T_EPS, 1, 20001)
_la = -0.5 * (B_MIN * _grid + 0.5 * (B_MAX - B_MIN) * _grid ** 2)
_dens = (B_MIN + (B_MAX - B_MIN) * _grid) / -np.expm1(2 * _la)
_cdf = np.concatenate([[0], np.cumsum((_dens[1:] + _dens[:-1]) / 2 * np.diff(_grid))]); _cdf /= _cdf[-1]
def _inv(u): return np.interp(u, _cdf, _grid)

def score_step(net, opt, ema, x0, dx):
    n, d = x0.shape
    t = importance_times(n)
    a, s = alpha_sigma(t)
    eps = torch.randn(n, d)
    xt = a[:, None] * x0 + s[:, None] * eps
    conditional = torch.rand(()) < 0.5
    z = torch.cat([xt[:, :dx], x0[:, dx:] if conditional else torch.zeros(n, d - dx)], 1)
    tau = torch.stack([t, torch.zeros(n) if conditional else torch.ones(n)], 1)
    mask = torch.cat([torch.ones(dx), torch.zeros(d - dx)])
    loss = (((net(z, tau) - eps) ** 2) * mask).sum() * (1 + (d - dx) / d) / (dx * n)
    opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        for e, p in zip(ema, net.parameters()): e.mul_(0.999).add_(p, alpha=0.001)

def critic_step(critic, opt, x, y):
    b = x.shape[0]
    pairs = torch.cat([x.repeat_interleave(b, 0), y.repeat(b, 1)], 1)
    s = critic(pairs).reshape(b, b)
    nce = s.diagonal().mean() - (torch.logsumexp(s, 1) - math.log(b)).mean()
    loss = -nce
    opt.zero_grad(); loss.backward(); opt.step()

def timed(body, steps, warmup):
    for _ in range(warmup): body()
    ms = []
    for _ in range(steps):
        t0 = time.perf_counter(); body(); ms.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ms)

def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    torch.set_num_threads(threads); torch.manual_seed(0)
    net = ScoreNet(10); opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    ema = [p.detach().clone() for p in net.parameters()]
    x0 = torch.randn(128, 10)
    print(f"score_step_ms={timed(lambda: score_step(net, opt, ema, x0, 5), steps, warmup):.3f}")
    critic = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))
    copt = torch.optim.Adam(critic.parameters(), lr=0.1)
    x, y = torch.randn(256, 5), torch.randn(256, 5)
    print(f"critic_step_ms={timed(lambda: critic_step(critic, copt, x, y), steps, warmup):.3f}")

main()
