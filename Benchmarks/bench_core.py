"""The same training step as Benchmarks/bench-core in PyTorch (CPU, float32): batch 32 sets x 256
elements x 64 features, 2 ISAB (16 inducing points, 4 heads, width 64) + PMA + MLP head, MSE, AdamW
with weight decay on matrices only. Post-LN MAB: h = LN(x + MHA(x, y, y)); out = LN(h + relu(ff(h))),
MHA with q/k/v/o projections and 1/sqrt(head dim) scaling, as in Sources/MINeural.
Usage: python bench_core.py THREADS [STEPS] [WARMUP]"""
import math, statistics, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

class MHA(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.h = heads
        self.q, self.k, self.v, self.o = (nn.Linear(width, width) for _ in range(4))
    def forward(self, x, y):
        b, nq, w = x.shape; nk = y.shape[1]; d = w // self.h
        split = lambda t, n: t.reshape(b, n, self.h, d).permute(0, 2, 1, 3).reshape(b * self.h, n, d)
        q, k, v = split(self.q(x), nq), split(self.k(y), nk), split(self.v(y), nk)
        a = torch.softmax(q.bmm(k.transpose(1, 2)) / math.sqrt(d), -1)
        return self.o(a.bmm(v).reshape(b, self.h, nq, d).permute(0, 2, 1, 3).reshape(b, nq, w))

class MAB(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.attention, self.ff = MHA(width, heads), nn.Linear(width, width)
        self.ln0, self.ln1 = nn.LayerNorm(width), nn.LayerNorm(width)
    def forward(self, x, y):
        h = self.ln0(x + self.attention(x, y))
        return self.ln1(h + F.relu(self.ff(h)))

class ISAB(nn.Module):
    def __init__(self, width, heads, m):
        super().__init__()
        self.inducing_points = nn.Parameter(torch.empty(1, m, width)); nn.init.xavier_uniform_(self.inducing_points)
        self.mab0, self.mab1 = MAB(width, heads), MAB(width, heads)
    def forward(self, x):
        return self.mab1(x, self.mab0(self.inducing_points.expand(x.shape[0], -1, -1), x))

class PMA(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.seeds = nn.Parameter(torch.empty(1, 1, width)); nn.init.xavier_uniform_(self.seeds)
        self.mab = MAB(width, heads)
    def forward(self, x):
        return self.mab(self.seeds.expand(x.shape[0], -1, -1), x)

class SetTransformer(nn.Module):
    def __init__(self, width=64, heads=4, m=16):
        super().__init__()
        self.encoder = nn.ModuleList([ISAB(width, heads, m), ISAB(width, heads, m)])
        self.pool = PMA(width, heads)
        self.head = nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 1))
    def forward(self, x):
        for block in self.encoder: x = block(x)
        return self.head(self.pool(x).reshape(x.shape[0], -1))

def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    torch.set_num_threads(threads); torch.manual_seed(0)
    model = SetTransformer()
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0.0}], lr=1e-3)
    x, y = torch.randn(32, 256, 64), torch.randn(32, 1)
    times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        F.mse_loss(model(x), y).backward()
        opt.step()
        if i >= warmup: times.append(time.perf_counter() - t0)
    print(f"torch={torch.__version__} parameters={sum(p.numel() for p in model.parameters())} threads={threads}")
    print(f"step_ms={statistics.median(times) * 1e3:.2f}")

if __name__ == "__main__":
    main()
