import MITensor

/// Processes (ranks) that train one model together, each on its share of every batch (data
/// parallelism across machines, e.g. under MPI). Every rank holds the same weights: the gradients
/// are exchanged whole and summed in rank order, so the result does not depend on timing or on
/// the order in which messages arrive.
public protocol ProcessGroup: AnyObject {
    var rank: Int { get }
    var size: Int { get }
    /// Every rank's `bytes` (any lengths), in rank order, on every rank.
    func allGather(_ bytes: [UInt8]) throws -> [[UInt8]]
    /// Ends the group (called once, by every rank, at the end).
    func finish()
    /// Ends the whole job now, every rank, with this exit status (after an error on this rank).
    func abort(_ status: Int32) -> Never
}

/// What a parallel launcher (mpirun) announced in the environment.
public enum ProcessLauncher {
    /// The number of ranks of the job this process belongs to (Open MPI, PMI, PMIx), if any.
    public static func announcedSize(_ environment: [String: String]) -> Int? {
        for key in ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"] { if let v = environment[key].flatMap(Int.init) { return v } }
        return nil
    }
}

extension ProcessGroup {
    /// Sums each parameter's gradient over the ranks in rank order, g₀ + g₁ + ..., the order in
    /// which DataParallel sums its replicas: N ranks of one replica each leave the same gradients
    /// as one process with N replicas, bit for bit. A gradient no rank has stays nil. `extras` (e.g.
    /// a loss and stop flags) travel with the gradients; every rank's come back in rank order.
    public func sumGradients(_ parameters: [Variable], extras: [UInt64]) throws -> [[UInt64]] {
        var out = ByteWriter()
        out.append(UInt64(extras.count))
        for e in extras { out.append(e) }
        for p in parameters {
            guard let g = p.grad else { out.append(UInt64(0)); continue }
            out.append(UInt64(1))
            g.withUnsafeBufferPointer { out.append(UnsafeRawBufferPointer($0)) }
        }
        let all = try allGather(out.bytes)
        var readers = all.map { ByteReader($0) }
        var extrasByRank: [[UInt64]] = []
        for r in readers.indices {
            let count = Int(try readers[r].uint64())
            extrasByRank.append(try (0..<count).map { _ in try readers[r].uint64() })
        }
        for p in parameters {
            var sum: Tensor?
            for r in readers.indices {
                guard try readers[r].uint64() == 1 else { continue }
                let shape = p.value.shape
                let g = try readers[r].floats(shape.reduce(1, *))
                let t = Tensor(g, shape: shape)
                if sum == nil { sum = t } else { sum!.addInPlace(t) }
            }
            p.grad = sum
        }
        return extrasByRank
    }
}

/// Little-endian serialisation for messages between ranks.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public mutating func append(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func append(_ raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }
    public mutating func append(_ floats: [Float]) {
        append(UInt64(floats.count))
        floats.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

public struct ByteReader {
    let bytes: [UInt8]
    var position = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public struct Truncated: Error, CustomStringConvertible {
        public var description: String { "a message between ranks was cut short" }
    }

    public mutating func uint64() throws -> UInt64 {
        guard position + 8 <= bytes.count else { throw Truncated() }
        var v: UInt64 = 0
        withUnsafeMutableBytes(of: &v) { $0.copyBytes(from: bytes[position..<(position + 8)]) }
        position += 8
        return UInt64(littleEndian: v)
    }

    public mutating func floats(_ count: Int) throws -> [Float] {
        guard count >= 0, position + 4 * count <= bytes.count else { throw Truncated() }
        let out = [Float](unsafeUninitializedCapacity: count) { buffer, n in
            UnsafeMutableRawBufferPointer(buffer).copyBytes(from: bytes[position..<(position + 4 * count)])
            n = count
        }
        position += 4 * count
        return out
    }

    /// A float array written by ByteWriter.append(_: [Float]).
    public mutating func floatArray() throws -> [Float] { try floats(Int(try uint64())) }
}
