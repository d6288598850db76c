// The last few read-outs by configuration and data set: minde-c and minde-c-sigma (and the two -j
// methods) are one training and one read-out, so asking for both on a data set trains once.

import Foundation
import MIEstimators

/// A small lock-guarded memo of read-outs, keyed by the whole configuration and the sample's exact
/// values. Training is deterministic for a configuration and a sample, so a hit is the read-out a
/// fresh training would give, bit for bit.
final class ReadoutCache: @unchecked Sendable {
    static let shared = ReadoutCache(capacity: 8)

    private struct Entry {
        let config: MINDEConfiguration, rows: Int, dx: Int, dy: Int, values: [Float]
        let readout: MINDEReadout
    }
    private let capacity: Int
    private var entries: [Entry] = []
    private let lock = NSLock()
    /// Trainings run through `readout(_:_:train:)` (for tests).
    private(set) var trainings = 0

    init(capacity: Int) { self.capacity = capacity }

    func readout(_ config: MINDEConfiguration, _ s: PairedSample, train: () throws -> MINDEReadout) rethrows -> MINDEReadout {
        func matches(_ e: Entry) -> Bool {
            e.config == config && e.rows == s.rows && e.dx == s.dx && e.dy == s.dy && e.values == s.values
        }
        if let hit = lock.withLock({ entries.first(where: matches) }) { return hit.readout }
        let r = try train()
        lock.withLock {
            trainings += 1
            entries.append(Entry(config: config, rows: s.rows, dx: s.dx, dy: s.dy, values: s.values, readout: r))
            if entries.count > capacity { entries.removeFirst() }
        }
        return r
    }
}
