// The finite-difference gradient check, the oracle for every primitive and every layer.
//
// A pure function returning messages (no XCTest here), so each test target wraps it in a few lines and
// tools or scripts can run it too.

/// Finite-difference check of reverse-mode gradients.
public enum GradientCheck {
    /// Compares the autodiff gradient of L = Σ w ⊙ f(inputs) (w fixed random weights in [0.5, 1.5], so
    /// every output element matters with a different weight) with central differences
    ///   ∂L/∂x_j ≈ (L(x + eps·e_j) − L(x − eps·e_j)) / (2·eps),
    /// L accumulated in Double. An element passes when |auto − numeric| ≤ atol + rtol·max(|auto|, |numeric|).
    ///
    /// `inputs` become fresh leaves for every evaluation of `f`. `parameters` are leaves that `f` uses
    /// directly (a layer's weights, by their keys): they are checked too, perturbed in place with
    /// `assign` and restored afterwards; their `.grad` is reset. `f` must be deterministic.
    /// Returns one message per failing element; empty means pass.
    public static func mismatches(
        _ inputs: [Tensor], parameters: [(key: String, value: Variable)] = [],
        eps: Float = 1e-2, rtol: Double = 1e-2, atol: Double = 1e-3, seed: UInt64 = 12345,
        _ f: ([Variable]) -> Variable
    ) -> [String] {
        var rng = RandomStream(seed: seed)
        for (_, p) in parameters { p.zeroGrad() }
        let leaves = inputs.map { Variable($0, requiresGrad: true) }
        let y = f(leaves)
        let w = Tensor.randomUniform(y.shape, low: 0.5, high: 1.5, rng: &rng)
        (y * Variable(w)).sum().backward()

        func loss(_ xs: [Tensor]) -> Double {
            withNoGrad {
                let out = f(xs.map { Variable($0) }).value
                precondition(out.shape == w.shape, "output shape changed under perturbation")
                let (o, ws) = (out.scalars, w.scalars)
                var acc = 0.0
                for i in 0..<o.count { acc += Double(o[i]) * Double(ws[i]) }
                return acc
            }
        }

        var failures: [String] = []
        /// Compares `auto` with central differences of L under `set(x ± eps·e_j)`.
        func compare(_ name: String, _ x: Tensor, _ auto: Tensor?, _ set: (Tensor) -> Double) {
            guard let auto, auto.shape == x.shape else {
                failures.append("\(name): no gradient or wrong shape \(auto?.shape ?? [])")
                return
            }
            let a = auto.scalars
            for j in 0..<x.count {
                var plus = x, minus = x
                plus.withUnsafeMutableBufferPointer { $0[j] += eps }
                minus.withUnsafeMutableBufferPointer { $0[j] -= eps }
                let numeric = (set(plus) - set(minus)) / (2 * Double(eps))
                let diff = Swift.abs(Double(a[j]) - numeric)
                if !(diff <= atol + rtol * Swift.max(Swift.abs(Double(a[j])), Swift.abs(numeric))) {
                    failures.append("\(name) element \(j): autodiff \(a[j]) vs finite difference \(numeric)")
                }
            }
        }
        for (k, x) in inputs.enumerated() {
            compare("input \(k)", x, leaves[k].grad) { perturbed in
                var xs = inputs
                xs[k] = perturbed
                return loss(xs)
            }
        }
        for (key, p) in parameters {
            let original = p.value
            compare("parameter \(key)", original, p.grad) { perturbed in
                p.assign(perturbed)
                defer { p.assign(original) }
                return loss(inputs)
            }
            p.zeroGrad()
        }
        return failures
    }
}
