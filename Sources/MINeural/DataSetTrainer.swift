// The loop every estimator that trains on the one data set it estimates shares (MIENF's flows, the
// variational critics): a held-out split of the rows, minibatches drawn by shuffled passes, and
// early stopping on the held-out loss with the best parameters restored. Each estimator keeps its
// own model, loss and read-out; this file knows nothing of MI.

import MITensor

/// Rows split into training and held-out parts by one shuffle: the first `held` of the shuffled
/// order are held out (at least `minimum`, else the fraction of the rows, rounded).
public struct HeldOutSplit: Sendable {
    public let train: [Int]
    public let held: [Int]

    public init(rows: Int, fraction: Double, minimum: Int, rng: inout RandomStream) {
        var order = Array(0..<rows)
        rng.shuffle(&order)
        let count = Swift.min(rows, Swift.max(minimum, Int((Double(rows) * fraction).rounded())))
        held = Array(order[0..<count])
        train = Array(order[count...])
    }
}

/// One pass over `count` training rows in a fresh random order, cut into batches of `size` (the last
/// one shorter): the indices are positions in the training rows.
public func shuffledBatches(count: Int, size: Int, rng: inout RandomStream) -> [[Int]] {
    var perm = Array(0..<count)
    rng.shuffle(&perm)
    return stride(from: 0, to: count, by: Swift.max(1, size)).map { Array(perm[$0..<Swift.min(count, $0 + size)]) }
}

/// Batches of `size` training rows for as many steps as asked: shuffled passes one after another
/// (a new order when one is used up; a short last batch of a pass is dropped unless it is the only one).
public struct BatchStream {
    let count: Int, size: Int
    var pending: [[Int]] = []
    public init(count: Int, size: Int) {
        precondition(count >= 1 && size >= 1, "a batch stream needs rows and a batch size")
        self.count = count; self.size = Swift.min(size, count)
    }

    public mutating func next(rng: inout RandomStream) -> [Int] {
        if pending.isEmpty {
            pending = shuffledBatches(count: count, size: size, rng: &rng).reversed()
            if pending.count > 1, pending[0].count < size { pending.removeFirst() }
        }
        return pending.removeLast()
    }
}

/// Early stopping on a held-out loss (lower is better): a round whose loss beats the best by more
/// than `tolerance` becomes the best (its parameters are kept); `shouldStop` after `patience` rounds
/// without one. `restoreBest` puts the best round's parameters back.
public struct EarlyStopping {
    public let patience: Int
    public let tolerance: Double
    public private(set) var bestLoss = Double.infinity
    /// The best round so far (-1: none yet).
    public private(set) var bestRound = -1
    var snapshot: [Tensor] = []

    public init(patience: Int, tolerance: Double) {
        self.patience = patience; self.tolerance = tolerance
    }

    /// Records the round's loss; true when training should stop (no better round for `patience`).
    public mutating func record(loss: Double, round: Int, parameters: [(key: String, value: Variable)]) -> Bool {
        if loss < bestLoss - tolerance {
            bestLoss = loss
            bestRound = round
            snapshot = parameters.map { $0.value.value }
            return false
        }
        return round - bestRound >= patience
    }

    public func restoreBest(_ parameters: [(key: String, value: Variable)]) {
        for (p, v) in zip(parameters, snapshot) { p.value.assign(v) }
    }
}
