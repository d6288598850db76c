import Dispatch
import MIMist
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

/// Hands out 0, 1, 2, ... to concurrent workers.
private final class WorkCounter: Sendable {
    private let next = Atomic<Int>(0)
    func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Runs f(0..<count) on `threads` workers that take the next index as they finish, and returns the
/// results in index order (so output order never depends on timing).
func parallelMap<T>(_ count: Int, threads: Int, _ f: (Int) -> T) -> [T] {
    if threads <= 1 || count <= 1 { return (0..<count).map(f) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deinitialize(); results.deallocate() }
    let counter = WorkCounter()
    withoutActuallyEscaping(f) { f in
        nonisolated(unsafe) let work = f
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while case let i = counter.take(), i < count { out[i] = work(i) }
        }
    }
    return results.map { $0! }
}

/// `parallelMap` as MistEstimator's loop over data sets and batches (each index writes its own results).
func workerLoop(threads: Int) -> MistEstimator.IndexLoop {
    { count, body in _ = parallelMap(count, threads: threads) { body($0) } }
}
