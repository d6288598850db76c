// What `mi-estimate` does with a data set when no --method is given: the built-in MIST model where the
// data are of the kind it was trained on, and otherwise a documented fallback, said in one line on
// stderr (man mi-estimate, DEFAULT METHOD). An explicit --method mist refuses such data instead.

import MIEstimators
import MIMist

enum DefaultRoute {
    /// The model, on the sample as it is (with a note when n is below its training range).
    case model(note: String?)
    /// The model on the sample without its constant columns (they carry no information; MI unchanged).
    case reduced(PairedSample, note: String)
    /// Another estimator, and why.
    case fallback(any MIEstimator, note: String)
    /// A value known exactly, and why.
    case exact(Double, note: String)

    /// The shipped models were trained on n ≥ 10: below that the number is said to be out of range.
    static let smallestTrainedRows = 10

    init(_ s: PairedSample, model: MistEstimator) {
        if s.dz > 0 {
            self = .fallback(KSGEstimator(), note: "Z columns (dz = \(s.dz)): the model does not condition; I(X; Y | Z) estimated with ksg (Frenzel–Pompe)")
            return
        }
        let n = s.rows
        let small = n < Self.smallestTrainedRows ? "n = \(n) is below the smallest n the model was trained on (\(Self.smallestTrainedRows)): the estimate is outside its range" : nil
        let shape = DataShape(s)
        let constant = Set(shape.constantColumns)
        let constantX = (0..<s.dx).allSatisfy(constant.contains), constantY = (s.dx..<s.width).allSatisfy(constant.contains)
        if constantX || constantY {
            self = .exact(0, note: "\(constantX ? "X" : "Y") is constant: MI = 0 exactly")
            return
        }
        if shape.mostTied != nil || !s.declaredDiscrete.isEmpty {
            // By column type: both variables discrete (declared, or few values in every column): the
            // plug-in with Miller-Madow; one of them: Ross's estimator; ties in continuous-looking data:
            // ksg-mixed.
            let few = { (c: Int) in s.declaredDiscrete.contains(c) || shape.levels[c] <= min(RossEstimator.maxLevels, n / 2) }
            let discreteX = (0..<s.dx).allSatisfy(few), discreteY = (s.dx..<s.width).allSatisfy(few)
            let levels =
                shape.mostTied.map { "\(shape.columnName($0.column)) has \($0.distinct) distinct values in \($0.checked) rows" }
                ?? "\(shape.columnName(s.declaredDiscrete.min()!)) holds labels"
            if discreteX && discreteY {
                self = .fallback(DiscreteEstimator(), note: "\(levels); X and Y are discrete: estimated with discrete (plug-in, Miller-Madow)")
                return
            }
            if discreteX != discreteY && shape.tiedColumns.allSatisfy({ discreteX ? $0 < s.dx : $0 >= s.dx }) {
                self = .fallback(RossEstimator(discreteX: discreteX), note: "\(levels); \(discreteX ? "X" : "Y") is discrete, \(discreteX ? "Y" : "X") continuous: estimated with ross")
                return
            }
            self = .fallback(MixedKSGEstimator(), note: "\(levels) (tied or discrete data, which the model never saw): estimated with ksg-mixed")
            return
        }
        let maxDim = model.model.config.maxDim
        let dx = s.dx - (0..<s.dx).filter(constant.contains).count, dy = s.dy - (s.dx..<s.width).filter(constant.contains).count
        if dx > maxDim || dy > maxDim {
            self = .fallback(GaussianCopulaEstimator(), note: "dx = \(dx), dy = \(dy): above the model's \(maxDim) dimensions per variable; estimated with gc")
            return
        }
        if !constant.isEmpty {
            let dropped = "\(constant.count) constant column\(constant.count == 1 ? "" : "s") dropped (no information)"
            self = .reduced(s.dropping(columns: constant), note: [dropped, small].compactMap { $0 }.joined(separator: "; "))
            return
        }
        self = .model(note: small)
    }

    /// The sample the model sees (nil: the model is not used).
    func modelSample(_ s: PairedSample) -> PairedSample? {
        switch self {
        case .model: return s
        case .reduced(let r, _): return r
        case .fallback, .exact: return nil
        }
    }

    var note: String? {
        switch self {
        case .model(let n): return n
        case .reduced(_, let n), .fallback(_, let n), .exact(_, let n): return n
        }
    }
}

extension PairedSample {
    /// The sample without the given 0-based columns (X's first, then Y's).
    func dropping(columns: Set<Int>) -> PairedSample {
        let keep = (0..<width).filter { !columns.contains($0) }
        var v = [Float]()
        v.reserveCapacity(rows * keep.count)
        for r in 0..<rows { for c in keep { v.append(values[r * width + c]) } }
        return PairedSample(values: v, rows: rows, dx: keep.filter { $0 < dx }.count, dy: keep.filter { $0 >= dx }.count)
    }
}
