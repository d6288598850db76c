// Copying shape ops: permute/transpose, concat, slice (and its adjoint, pad-into-zeros),
// gather rows (and its adjoint, scatter-add rows).

extension Tensor {
    /// out.shape[i] = shape[perm[i]]; out[i0, ..., i_{r-1}] = self[j] with j[perm[a]] = i_a. A copy.
    public func permuted(_ perm: [Int]) -> Tensor {
        precondition(perm.count == rank && Set(perm) == Set(0..<rank), "bad permutation \(perm) for rank \(rank)")
        if perm == Array(0..<rank) { return self }
        let src = Tensor.strides(of: shape)
        let outShape = perm.map { shape[$0] }
        let readStrides = perm.map { src[$0] }
        let step = readStrides.last ?? 0
        var out = Tensor(uninitializedShape: outShape)
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { po in
                let (src, dst) = (p.baseAddress!, po.baseAddress!)
                Tensor.forEachRow(outShape, [readStrides]) { o, offs, inner in
                    let s = offs[0]
                    if step == 1 {  // the last axis stays last (attention head split/merge): row copies
                        (dst + o).update(from: src + s, count: inner)
                    } else {
                        for j in 0..<inner { po[o + j] = p[s + j * step] }
                    }
                }
            }
        }
        return out
    }

    /// Swaps the last two axes: (..., m, n) → (..., n, m). A copy.
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed needs rank ≥ 2, got \(shape)")
        var perm = Array(0..<rank)
        perm.swapAt(rank - 2, rank - 1)
        return permuted(perm)
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concat(_ parts: [Tensor], axis a: Int) -> Tensor {
        precondition(!parts.isEmpty, "concat of no tensors")
        let ax = parts[0].axis(a)
        var outShape = parts[0].shape
        outShape[ax] = 0
        for t in parts {
            var s = t.shape
            s[ax] = 0
            precondition(s == outShape, "concat along \(ax): \(t.shape) vs \(parts[0].shape)")
        }
        outShape[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
        let outer = outShape[..<ax].reduce(1, *), inner = outShape[(ax + 1)...].reduce(1, *)
        let outRow = outShape[ax] * inner
        var out = Tensor(uninitializedShape: outShape)
        out.withUnsafeMutableBufferPointer { po in
            var colStart = 0
            for t in parts {
                let row = t.shape[ax] * inner
                t.withUnsafeBufferPointer { p in
                    for o in 0..<outer {
                        for j in 0..<row { po[o * outRow + colStart + j] = p[o * row + j] }
                    }
                }
                colStart += row
            }
        }
        return out
    }

    /// Elements start..<end along `axis`. A copy.
    public func slice(axis a: Int, _ range: Range<Int>) -> Tensor {
        let ax = axis(a)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[ax], "slice \(range) of axis \(ax) in \(shape)")
        var outShape = shape
        outShape[ax] = range.count
        let outer = shape[..<ax].reduce(1, *), inner = shape[(ax + 1)...].reduce(1, *)
        let inRow = shape[ax] * inner, outRow = range.count * inner, skip = range.lowerBound * inner
        var out = Tensor(uninitializedShape: outShape)
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { po in
                for o in 0..<outer {
                    for j in 0..<outRow { po[o * outRow + j] = p[o * inRow + skip + j] }
                }
            }
        }
        return out
    }

    /// Adjoint of `slice`: zeros of length `length` along `axis`, with `self` written at start..<start+n.
    public func padded(axis a: Int, start: Int, length: Int) -> Tensor {
        let ax = axis(a)
        precondition(start >= 0 && start + shape[ax] <= length, "pad \(shape) at \(start) into length \(length)")
        var outShape = shape
        outShape[ax] = length
        let outer = shape[..<ax].reduce(1, *), inner = shape[(ax + 1)...].reduce(1, *)
        let inRow = shape[ax] * inner, outRow = length * inner, skip = start * inner
        var out = Tensor.zeros(outShape)
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { po in
                for o in 0..<outer {
                    for j in 0..<inRow { po[o * outRow + skip + j] = p[o * inRow + j] }
                }
            }
        }
        return out
    }

    /// Rows of a table (axis 0): table (V, ...) and indices [n] → (n, ...). Embedding lookup.
    public func gatherRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatherRows of a scalar")
        let rows = shape[0], rowSize = count / Swift.max(rows, 1)
        var out = Tensor(uninitializedShape: [indices.count] + shape.dropFirst())
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { po in
                for (r, i) in indices.enumerated() {
                    precondition(i >= 0 && i < rows, "row index \(i) out of range 0..<\(rows)")
                    for j in 0..<rowSize { po[r * rowSize + j] = p[i * rowSize + j] }
                }
            }
        }
        return out
    }

    /// Adjoint of `gatherRows`: zeros (rowCount, ...) with row r of `self` added into row indices[r];
    /// repeated indices accumulate.
    public func scatterAddRows(_ indices: [Int], rowCount: Int) -> Tensor {
        precondition(rank >= 1 && shape[0] == indices.count, "scatterAddRows: \(shape) vs \(indices.count) indices")
        let rowSize = shape.dropFirst().reduce(1, *)
        var out = Tensor.zeros([rowCount] + shape.dropFirst())
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { po in
                for (r, i) in indices.enumerated() {
                    for j in 0..<rowSize { po[i * rowSize + j] += p[r * rowSize + j] }
                }
            }
        }
        return out
    }
}
