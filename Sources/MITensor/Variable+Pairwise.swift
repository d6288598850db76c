// Every pair of rows of two matrices through a ReLU: the first layer of a critic scored on all B²
// pairs of a batch. W [x_i; y_j] + b = (W_x x_i) + (W_y y_j) + b, so the products run on B rows each
// and only the pairwise sum is formed. As gathers, adds and a ReLU it took five (B², width) passes
// each way, each with its own temporary; at B = 256 that memory traffic, not the arithmetic, was most
// of a critic's step. The composite stays the oracle (tests: values and finite-difference gradients).
// With Threads.count > 1 the rows of a are split over threads, each way.


/// The fewest rows of a per thread: about 2¹⁶ outputs.
private func pairwiseChunk(_ nc: Int, _ h: Int) -> Int { Swift.max(1, (1 << 16) / Swift.max(1, nc * h)) }

extension Variable {
    // z[i·C + j, k] = max(0, a[i, k] + c[j, k] + bias[k]) for a (A, h), c (C, h), bias (h);
    // with m = 1(z > 0):  ∂a[i, k] = Σ_j g·m,  ∂c[j, k] = Σ_i g·m,  ∂bias[k] = Σ_ij g·m
    public static func pairwiseReLU(_ a: Variable, _ c: Variable, bias: Variable?) -> Variable {
        precondition(
            a.shape.count == 2 && c.shape.count == 2 && a.shape[1] == c.shape[1] && (bias == nil || bias!.shape == [a.shape[1]]),
            "pairwiseReLU: a \(a.shape), c \(c.shape), bias \(bias?.shape ?? [])")
        let (na, nc, h) = (a.shape[0], c.shape[0], a.shape[1])
        let b = bias?.value ?? Tensor.zeros([h])
        var z = Tensor(uninitializedShape: [na * nc, h])
        a.value.withUnsafeBufferPointer { pa in
            c.value.withUnsafeBufferPointer { pc in
                b.withUnsafeBufferPointer { pb in
                    z.withUnsafeMutableBufferPointer { out in
                        // Rows i of a in chunks over Threads.count threads (each writes its own rows of z).
                        Threads.forEachChunk(na, minimum: pairwiseChunk(nc, h)) { _, rows in
                            var ab = [Float](repeating: 0, count: h)
                            for i in rows {
                                for k in 0..<h { ab[k] = pa[i * h + k] + pb[k] }
                                for j in 0..<nc {
                                    let r = (i * nc + j) * h
                                    for k in 0..<h { out[r + k] = Swift.max(0, ab[k] + pc[j * h + k]) }
                                }
                            }
                        }
                    }
                }
            }
        }
        let inputs = [a, c] + (bias.map { [$0] } ?? [])
        return primitive(z, inputs) { g, _ in
            var ga = Tensor.zeros([na, h]), gb = Tensor.zeros([h])
            // Chunks of rows i as in the forward pass: ∂a's rows are the chunk's own; each chunk
            // sums its own ∂c, and the partial sums are added in chunk order.
            let chunks = Threads.chunkCount(na, minimum: pairwiseChunk(nc, h))
            var partials = Tensor.zeros([chunks, nc, h])
            g.withUnsafeBufferPointer { pg in
                z.withUnsafeBufferPointer { pz in
                    ga.withUnsafeMutableBufferPointer { oa in
                        partials.withUnsafeMutableBufferPointer { op in
                            Threads.forEachChunk(na, minimum: pairwiseChunk(nc, h)) { ci, rows in
                                let oc = op.baseAddress! + ci * nc * h
                                for i in rows {
                                    for j in 0..<nc {
                                        let r = (i * nc + j) * h
                                        for k in 0..<h {
                                            let d = pz[r + k] > 0 ? pg[r + k] : 0
                                            oa[i * h + k] += d
                                            oc[j * h + k] += d
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let gc = chunks == 1 ? partials.reshaped([nc, h]) : partials.sum(axis: 0)
            ga.withUnsafeBufferPointer { oa in
                gb.withUnsafeMutableBufferPointer { ob in for i in 0..<na { for k in 0..<h { ob[k] += oa[i * h + k] } } }
            }
            return bias == nil ? [ga, gc] : [ga, gc, gb]
        }
    }
}
