// Reverse-mode autodiff: a graph of `Variable` nodes (micrograd's `Value`, on tensors).
//
// Design: each node is a reference-type graph node holding its value (a Tensor), its parents, and the
// vector-Jacobian product (VJP) of the primitive that made it. There is no global tape:
//   - the graph lives exactly as long as something references its output (drop the loss → graph freed);
//   - no global mutable state, so Swift 6 strict concurrency is satisfied and independent graphs can be
//     built in parallel tasks (e.g. bootstrap replicates) without locking;
//   - a tape would save the per-node allocation, but node counts here are per-op, not per-scalar, so that
//     cost is small next to the tensor work.
// VJP closures capture only Tensors (never the node itself), so there are no reference cycles.
//
// Every primitive is built by `Variable.primitive(value, inputs, vjp)` in one of the Variable+*.swift
// files, with its VJP written right beside its forward. Composites (Variable+Composites.swift) contain
// no gradient code.
//
// `backward()` on a one-element node: topological order by iterative DFS, then VJPs in reverse order.
// Gradients of a node used several times are summed. Only leaves (created with requiresGrad: true) keep
// `.grad`, and it accumulates across calls to `backward()` until `zeroGrad()`, as in PyTorch.
//
// No-grad mode: `withNoGrad { ... }` binds a task-local flag; primitives run inside it return constant
// nodes with no parents and no VJP, so no graph is built.

public enum GradMode {
    /// Whether primitives record the graph. Task-local: bound by `withNoGrad`, inherited by child tasks.
    @TaskLocal public static var isEnabled: Bool = true
}

/// Runs `body` without recording gradients.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false) { try body() }
}

public final class Variable {
    public private(set) var value: Tensor
    /// Accumulated gradient (leaves only); same shape as `value`.
    public var grad: Tensor?
    public let requiresGrad: Bool
    let parents: [Variable]
    /// Given the gradient of the output and which parents need one, returns one gradient per parent,
    /// each shaped like that parent's value (nil where not needed).
    let vjp: ((Tensor, [Bool]) -> [Tensor?])?

    /// A leaf: a constant, or a parameter when `requiresGrad` is true.
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.parents = []
        self.vjp = nil
    }

    /// A rank-0 constant.
    public convenience init(_ scalar: Float) { self.init(Tensor(scalar)) }

    init(value: Tensor, parents: [Variable], vjp: @escaping (Tensor, [Bool]) -> [Tensor?]) {
        self.value = value
        self.requiresGrad = true
        self.parents = parents
        self.vjp = vjp
    }

    public var shape: [Int] { value.shape }
    public var isLeaf: Bool { vjp == nil }

    /// The output node of a primitive; records the graph only if grad mode is on and an input needs it.
    static func primitive(
        _ value: Tensor, _ inputs: [Variable], vjp: @escaping (_ g: Tensor, _ needs: [Bool]) -> [Tensor?]
    ) -> Variable {
        if GradMode.isEnabled && inputs.contains(where: { $0.requiresGrad }) {
            return Variable(value: value, parents: inputs, vjp: vjp)
        }
        return Variable(value)
    }

    /// The same value as a constant (gradient does not flow through).
    public func detached() -> Variable { Variable(value) }

    public func zeroGrad() { grad = nil }

    /// Replaces a leaf's value (an optimizer step). Graphs built earlier keep the old value: VJP closures
    /// captured it by value.
    public func assign(_ newValue: Tensor) {
        precondition(isLeaf, "assign to a non-leaf node")
        precondition(newValue.shape == value.shape, "assign \(newValue.shape) to \(value.shape)")
        value = newValue
    }

    /// Back-propagates from this one-element node (seed gradient 1) into every leaf that requires grad.
    public func backward() {
        precondition(value.count == 1, "backward() needs a one-element output, got shape \(value.shape)")
        guard requiresGrad else { return }
        let order = topologicalOrder()
        var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): Tensor.ones(value.shape)]
        for node in order.reversed() {
            guard let g = grads.removeValue(forKey: ObjectIdentifier(node)) else { continue }
            guard let vjp = node.vjp else {
                if node.grad == nil { node.grad = g } else { node.grad!.addInPlace(g) }
                continue
            }
            let needs = node.parents.map { $0.requiresGrad }
            let parentGrads = vjp(g, needs)
            precondition(parentGrads.count == node.parents.count, "VJP returned \(parentGrads.count) gradients")
            for (p, pg) in zip(node.parents, parentGrads) where p.requiresGrad {
                guard let pg else { preconditionFailure("VJP omitted a needed gradient") }
                precondition(pg.shape == p.value.shape, "VJP gradient \(pg.shape) for input \(p.value.shape)")
                let id = ObjectIdentifier(p)
                if var acc = grads.removeValue(forKey: id) {
                    acc.addInPlace(pg)
                    grads[id] = acc
                } else {
                    grads[id] = pg
                }
            }
        }
    }

    /// Nodes that require grad and reach `self`, parents before children (iterative post-order DFS).
    func topologicalOrder() -> [Variable] {
        var order: [Variable] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: Variable, expanded: Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for p in node.parents where p.requiresGrad && !visited.contains(ObjectIdentifier(p)) {
                stack.append((p, false))
            }
        }
        return order
    }

    /// Number of recorded nodes reachable from `self` (for tests and diagnostics).
    public var graphSize: Int { requiresGrad ? topologicalOrder().count : 0 }
}

extension Variable: CustomStringConvertible {
    public var description: String { "Variable(\(value)\(requiresGrad ? ", requiresGrad" : ""))" }
}
