// Tensor: a row-major Float32 n-d array with value semantics.
//
// Layout: element (i0, ..., i_{r-1}) lives at offset Σ i_a · stride_a with contiguous row-major strides
// (stride_{r-1} = 1). A rank-0 tensor (shape []) holds one scalar.
//
// Storage is a final class owning one manually allocated buffer. Copies of a Tensor share the buffer;
// every mutation goes through `withUnsafeMutableBufferPointer`, which first calls `makeUnique()`
// (copy-on-write via `isKnownUniquelyReferenced`). `reshaped` shares the buffer (no copy);
// `permuted` and `broadcast(to:)` copy.
//
// Hot loops take the buffer pointer once per op (see swift-feasibility.md §2.3: per-element access to a
// class-stored array is 20× slower than one `withUnsafeMutableBufferPointer`). Shape errors are programmer
// errors and trap with `precondition`.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

/// The buffer behind one or more `Tensor` values. Never mutated unless uniquely referenced.
@usableFromInline
final class TensorStorage: @unchecked Sendable {
    // @unchecked Sendable: a buffer is written only while uniquely referenced (copy-on-write), and is
    // read-only once shared, so sharing it across tasks is safe.
    @usableFromInline let count: Int
    @usableFromInline let base: UnsafeMutablePointer<Float>

    /// Uninitialised buffer; the caller must write every element before reading.
    init(count: Int) {
        self.count = count
        self.base = .allocate(capacity: Swift.max(count, 1))
    }

    convenience init(repeating value: Float, count: Int) {
        self.init(count: count)
        base.initialize(repeating: value, count: count)
    }

    deinit { base.deallocate() }

    @usableFromInline func copy() -> TensorStorage {
        let s = TensorStorage(count: count)
        s.base.initialize(from: base, count: count)
        return s
    }
}

public struct Tensor: Sendable {
    public private(set) var shape: [Int]
    @usableFromInline var storage: TensorStorage

    /// Number of elements (product of `shape`; 1 for rank 0).
    public var count: Int { storage.count }
    public var rank: Int { shape.count }

    init(shape: [Int], storage: TensorStorage) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == storage.count, "shape \(shape) does not match \(storage.count) elements")
        self.shape = shape
        self.storage = storage
    }

    /// A tensor whose elements are unspecified; for ops that write every element.
    init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(count: shape.reduce(1, *)))
    }

    public init(_ scalars: [Float], shape: [Int]) {
        precondition(shape.reduce(1, *) == scalars.count, "\(scalars.count) scalars for shape \(shape)")
        let s = TensorStorage(count: scalars.count)
        scalars.withUnsafeBufferPointer { src in
            if let p = src.baseAddress { s.base.initialize(from: p, count: scalars.count) }
        }
        self.init(shape: shape, storage: s)
    }

    /// Rank-0 tensor.
    public init(_ scalar: Float) {
        self.init(shape: [], storage: TensorStorage(repeating: scalar, count: 1))
    }

    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(repeating: value, count: shape.reduce(1, *)))
    }
    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    /// All elements in row-major order.
    public var scalars: [Float] {
        withUnsafeBufferPointer { Array($0) }
    }

    /// The single element of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar of a tensor with shape \(shape)")
        return withUnsafeBufferPointer { $0[0] }
    }

    // MARK: storage access

    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    // @inlinable so hot loops in other modules (MINeural, MIEstimators) specialise (feasibility §2.3).
    @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) {
            try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
        }
    }

    @inlinable public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try withExtendedLifetime(storage) {
            try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
        }
    }

    // MARK: indexing

    /// Contiguous row-major strides of `shape`.
    static func strides(of shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for a in stride(from: shape.count - 1, through: 0, by: -1) {
            s[a] = acc
            acc *= shape[a]
        }
        return s
    }

    func offset(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var off = 0
        for a in 0..<shape.count {
            precondition(index[a] >= 0 && index[a] < shape[a], "index \(index) out of range for shape \(shape)")
            off = off * shape[a] + index[a]
        }
        return off
    }

    /// Element access; slow (checks every index), for tests and setup code, not for loops.
    public subscript(_ index: Int...) -> Float {
        get { self[index] }
        set { self[index] = newValue }
    }

    /// Element access by an index array (rank 0: `[]`).
    public subscript(_ index: [Int]) -> Float {
        get { let o = offset(index); return withUnsafeBufferPointer { $0[o] } }
        set { let o = offset(index); withUnsafeMutableBufferPointer { $0[o] = newValue } }
    }

    /// Normalises a possibly negative axis (-1 = last).
    func axis(_ a: Int) -> Int {
        let r = a < 0 ? a + rank : a
        precondition(r >= 0 && r < rank, "axis \(a) out of range for rank \(rank)")
        return r
    }

    // MARK: reshape

    /// Same elements, new shape; shares storage. One dimension may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var s = newShape
        if let i = s.firstIndex(of: -1) {
            let known = s.enumerated().reduce(1) { $1.offset == i ? $0 : $0 * $1.element }
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            s[i] = count / known
        }
        precondition(s.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        return Tensor(shape: s, storage: storage)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(shape: \(shape), \(scalars.prefix(16))\(count > 16 ? "..." : ""))" }
}
