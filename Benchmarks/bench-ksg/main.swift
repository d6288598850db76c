// KSG estimator cost without process start-up or parsing: Gaussian data (rho 0.5) generated in
// process, then the estimator alone.
//
//   bench-ksg time N D [REPS]   median seconds per call of KSG (k = 10, variant 1, Euclidean), D×D
//   bench-ksg calls N D REPS [tree|brute]
//                               REPS calls and nothing printed but the estimate (for callgrind:
//                               instructions of REPS calls minus those of 0 calls)
//   bench-ksg bits              estimate bit patterns over variants, norms, k lists, dimensions and
//                               sizes (tree, brute force, serial and parallel paths): a fast path
//                               must leave this output unchanged
// Outside the product graph: not installed, no man page.

import Foundation
import MITensor
import MIDistributions
import MIEstimators

func sample(n: Int, dx: Int, dy: Int, seed: UInt64) -> PairedSample {
    let g = try! GaussianSampler(dx: dx, dy: dy, structure: .dense(rho: 0.5))
    var rng = RandomStream(seed: seed)
    return PairedSample(values: g.sample(n, rng: &rng).map(Float.init), rows: n, dx: dx, dy: dy)
}

var args = Array(CommandLine.arguments.dropFirst())
let mode = args.first ?? "time"
switch mode {
case "time", "calls":
    // D is one number (D×D) or AxB.
    let n = Int(args.count > 1 ? args[1] : "2000")!, dims = (args.count > 2 ? args[2] : "1").split(separator: "x")
    let d = Int(dims[0])!, e = dims.count > 1 ? Int(dims[1])! : d
    let reps = Int(args.count > 3 ? args[3] : (mode == "time" ? "9" : "1"))!
    let s = sample(n: n, dx: d, dy: e, seed: 1)
    let search: KSGEstimator.Search = args.count > 4 ? (args[4] == "tree" ? .tree : .bruteForce) : .automatic
    let est = KSGEstimator(neighbors: [10], search: search)
    var times = [Double](), mi = 0.0
    for _ in 0..<reps {
        let t0 = DispatchTime.now().uptimeNanoseconds
        mi = try! est.estimate(s)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    if mode == "time" {
        times.sort()
        print("n=\(n) d=\(d)x\(e) median \(times.isEmpty ? 0 : times[times.count / 2]) s  min \(times.first ?? 0) s  mi \(mi)")
    } else {
        print(mi)
    }
case "bits":
    for (dx, dy) in [(1, 1), (1, 2), (2, 2), (5, 5), (8, 8)] {
        for n in [300, 1500, 5000] {
            let s = sample(n: n, dx: dx, dy: dy, seed: UInt64(7 * dx + dy + n))
            // Coarse values too: ties and duplicates.
            var q = s; q.values = q.values.map { ($0 * 2).rounded() / 2 }
            for (label, data) in [("gauss", s), ("ties", q)] {
                for variant in [1, 2] {
                    for norm in KSGNorm.allCases {
                        for ks in [[1], [3, 10], [10]] {
                            for search in [KSGEstimator.Search.automatic, .tree, .bruteForce] {
                                if search == .bruteForce && n > 1500 { continue }
                                let e = try! KSGEstimator(neighbors: ks, variant: variant, norm: norm, search: search).estimates(data)
                                print(
                                    "\(dx)x\(dy) n=\(n) \(label) v\(variant) \(norm) k=\(ks) \(search): "
                                        + e.map { String($0.bitPattern, radix: 16) }.joined(separator: " "))
                            }
                        }
                    }
                }
            }
        }
    }
default:
    FileHandle.standardError.write("bench-ksg: error: unknown mode \(mode)\n".data(using: .utf8)!)
    exit(64)
}
