// The architecture of a MIST model (Gritsai et al. 2025, src/mist_statinf/model/architecture.py), every
// size configurable, plus the choices where we depart from the reference (see MistModel.swift):
//   - tokens carry which coordinates are X and which are Y (presence masks), so dx ≠ dy and 1-D work;
//   - inputs are normalised per coordinate (rank → normal score by default);
//   - the quantile head is monotone in τ by construction (no crossing).
// The configuration is stored in the checkpoint manifest as strings and read back from it.

import MINeural

/// How each coordinate of a data set is normalised before the model sees it.
public enum MistNormalization: String, Sendable, CaseIterable {
    /// Average rank r ∈ 1…n → Φ⁻¹(r/(n + 1)): invariant to every strictly increasing transform.
    case rank
    /// (x − mean)/sd, clipped to ±8: invariant to affine maps only.
    case standardize
    /// Raw values (the reference's choice).
    case none
}

public struct MistConfig: Sendable, Equatable {
    /// Largest dx and largest dy the tokens have room for.
    public var maxDim = 32
    /// Width of the row embedding's hidden layer.
    public var embedHidden = 128
    /// Token width inside the attention blocks.
    public var width = 64
    public var heads = 4
    /// Full self-attention blocks over the rows (the reference's "feature interaction" SABs; O(n²)).
    public var sabLayers = 0
    /// ISAB encoder layers and their inducing points.
    public var isabLayers = 2
    public var inducingPoints = 16
    /// Seeds of the first pooling (PMA), then `decoderLayers` SABs over them and a 1-seed PMA.
    public var poolSeeds = 4
    public var decoderLayers = 1
    /// Hidden width and number of hidden layers of the head MLP.
    public var headHidden = 128
    public var headLayers = 2
    /// Quantile model (MIST-QR): the head gives the median and monotone increments in τ.
    public var quantile = false
    public var normalization: MistNormalization = .rank
    /// Data sets with more rows are cut into ⌈n / maxRows⌉ random parts whose estimates are averaged.
    public var maxRows = 500
    /// Quantile models: recalibration of the levels (Kuleshov et al. 2018, "Accurate uncertainties for
    /// deep learning using calibrated regression"): nominal level ℓ → the model's τ whose quantile
    /// covered the truth on a fraction ℓ of held-out data sets. Pairs (ℓ, τ), both increasing; empty:
    /// the identity.
    public var levelMap: [MistLevelPoint] = []
    /// Level maps of their own for ranges of n and dx + dy (MistLevelBin.ranges), where the held-out
    /// data sets of a range were enough; a data set outside them takes `levelMap`. One map for every
    /// size was too wide for small d and too narrow for large d. Older checkpoints have none.
    public var levelBins: [MistLevelBin] = []
    /// Per-data-set summaries beside the pooled set encoding (see MistInput.summary): the head also
    /// sees log(1 + GC) and log n, and its point (or median) output is a correction added to GC, the
    /// Gaussian-copula MI of the normal scores. Gaussian-copula data start out right; the network
    /// learns what the copula misses. Older checkpoints have none (false).
    public var summaryFeatures = false

    public init() {}

    /// Summaries per data set handed to the model (see MistInput.summary), and how many the head sees.
    public static let summaryWidth = 3
    public var headInputs: Int { width + (summaryFeatures ? Self.summaryWidth - 1 : 0) }

    /// Features per row token: X padded to maxDim, Y padded to maxDim, and the two presence masks.
    public var tokenWidth: Int { 4 * maxDim }

    /// Knots of the quantile basis in normal-score units (see MistQuantileBasis).
    public static let quantileKnots: [Float] = [0.5, 1.0, 1.5, 2.0]
    /// Outputs of the head: 1 (point), or the median and one increment per basis function.
    public var headOutputs: Int { quantile ? 2 + 2 * Self.quantileKnots.count : 1 }

    /// As strings, for a checkpoint manifest.
    public var manifestFields: [String: String] {
        [
            "model": "mist", "max_dim": "\(maxDim)", "embed_hidden": "\(embedHidden)", "width": "\(width)",
            "heads": "\(heads)", "sab_layers": "\(sabLayers)", "isab_layers": "\(isabLayers)",
            "inducing_points": "\(inducingPoints)", "pool_seeds": "\(poolSeeds)", "decoder_layers": "\(decoderLayers)",
            "head_hidden": "\(headHidden)", "head_layers": "\(headLayers)", "quantile": quantile ? "true" : "false",
            "normalization": normalization.rawValue, "max_rows": "\(maxRows)"
        ]
        .merging(levelMap.isEmpty ? [:] : ["level_map": MistLevelPoint.field(levelMap)]) { a, _ in a }
        .merging(levelBins.isEmpty ? [:] : ["level_map_bins": levelBins.map(\.field).joined(separator: ";")]) { a, _ in a }
        .merging(summaryFeatures ? ["summary": "gc,log_n"] : [:]) { a, _ in a }
    }

    /// The model's τ for a nominal level ℓ: linear interpolation in levelMap (identity when empty or
    /// outside its range, where the ends are held), or in the map of the bin of a data set's n rows
    /// and dx + dy dimensions when there is one.
    public func modelTau(_ level: Float, rows: Int? = nil, dims: Int? = nil) -> Float {
        Self.interpolate(levelMapPoints(rows: rows, dims: dims), level)
    }

    /// The map for data sets of n rows and dx + dy dimensions: their bin's, else the global one.
    public func levelMapPoints(rows: Int?, dims: Int?) -> [MistLevelPoint] {
        levelBinIndex(rows: rows, dims: dims).map { levelBins[$0].points } ?? levelMap
    }

    /// The index in levelBins of the bin of data sets of n rows and dx + dy dimensions; nil: none.
    public func levelBinIndex(rows: Int?, dims: Int?) -> Int? {
        guard let rows, let dims else { return nil }
        return levelBins.firstIndex { $0.contains(rows: rows, dims: dims) }
    }

    static func interpolate(_ levelMap: [MistLevelPoint], _ level: Float) -> Float {
        guard let first = levelMap.first, let last = levelMap.last else { return level }
        if level <= first.level { return first.tau * level / max(first.level, 1e-6) }
        if level >= last.level { return last.tau + (1 - last.tau) * (level - last.level) / max(1 - last.level, 1e-6) }
        for (a, b) in zip(levelMap, levelMap.dropFirst()) where level <= b.level {
            let t = b.level > a.level ? (level - a.level) / (b.level - a.level) : 0
            return a.tau + t * (b.tau - a.tau)
        }
        return level
    }

    /// Reads a manifest's architecture; a checkpoint of another model or with a missing field is an error.
    public init(manifest f: [String: String], label: String) throws {
        guard f["model"] == "mist" else {
            throw CheckpointError("\(label): a \(f["model"] ?? "unknown") checkpoint, not a mist model")
        }
        // Sizes come from a file: each is bounded before any layer is allocated from it.
        func int(_ key: String) throws -> Int {
            let limit = key == "max_rows" ? 1 << 20 : Self.maxSize
            guard let s = f[key], let v = Int(s), v >= 0 else {
                throw CheckpointError("\(label): architecture field \(key) missing or not a count")
            }
            guard v <= limit else { throw CheckpointError("\(label): architecture field \(key)=\(v) is above the limit of \(limit)") }
            return v
        }
        maxDim = try int("max_dim"); embedHidden = try int("embed_hidden"); width = try int("width")
        heads = try int("heads"); sabLayers = try int("sab_layers"); isabLayers = try int("isab_layers")
        inducingPoints = try int("inducing_points"); poolSeeds = try int("pool_seeds")
        decoderLayers = try int("decoder_layers"); headHidden = try int("head_hidden"); headLayers = try int("head_layers")
        maxRows = try int("max_rows")
        guard let q = f["quantile"], q == "true" || q == "false" else {
            throw CheckpointError("\(label): architecture field quantile missing")
        }
        quantile = q == "true"
        guard let n = f["normalization"].flatMap(MistNormalization.init(rawValue:)) else {
            throw CheckpointError("\(label): architecture field normalization missing or unknown")
        }
        normalization = n
        switch f["summary"] {
        case nil: summaryFeatures = false
        case "gc,log_n": summaryFeatures = true
        case let other?: throw CheckpointError("\(label): architecture field summary '\(other)' is unknown")
        }
        if let map = f["level_map"] {
            guard let points = MistLevelPoint.points(map) else { throw CheckpointError("\(label): architecture field level_map is malformed") }
            levelMap = points
        }
        if let bins = f["level_map_bins"] {
            let parsed = bins.split(separator: ";").map { MistLevelBin(field: String($0)) }
            guard !parsed.contains(where: { $0 == nil }) else { throw CheckpointError("\(label): architecture field level_map_bins is malformed") }
            levelBins = parsed.compactMap { $0 }
        }
        try validate(label: label)
    }

    /// Largest width, dimension or layer count a manifest may ask for.
    public static let maxSize = 4096

    public func validate(label: String = "mist") throws {
        let positive = [maxDim, embedHidden, width, heads, inducingPoints, poolSeeds, headHidden, maxRows]
        guard positive.allSatisfy({ $0 > 0 }), width % heads == 0, maxRows >= 2 else {
            throw CheckpointError("\(label): inconsistent architecture (sizes must be positive, width a multiple of heads)")
        }
    }
}

/// One point of a level recalibration map: nominal level → the model's τ.
public struct MistLevelPoint: Sendable, Equatable {
    public var level: Float, tau: Float
    public init(level: Float, tau: Float) { self.level = level; self.tau = tau }

    /// A map as a manifest field, "level:tau,level:tau,…".
    static func field(_ map: [MistLevelPoint]) -> String { map.map { "\($0.level):\($0.tau)" }.joined(separator: ",") }

    /// A map from its manifest field; nil when malformed.
    static func points(_ field: String) -> [MistLevelPoint]? {
        var points: [MistLevelPoint] = []
        for pair in field.split(separator: ",") {
            // "level:tau", both numbers (a checkpoint holds 13 maps of ~100 points: read at every start).
            guard let colon = pair.firstIndex(of: ":"), let level = Float(pair[..<colon]), let tau = Float(pair[pair.index(after: colon)...]) else {
                return nil
            }
            points.append(MistLevelPoint(level: level, tau: tau))
        }
        return points
    }
}

/// The level map of the data sets whose n and dx + dy fall in two ranges.
public struct MistLevelBin: Sendable, Equatable {
    public var rows: ClosedRange<Int>, dims: ClosedRange<Int>
    public var points: [MistLevelPoint]

    public init(rows: ClosedRange<Int>, dims: ClosedRange<Int>, points: [MistLevelPoint]) {
        self.rows = rows; self.dims = dims; self.points = points
    }

    /// The bins recalibration makes: n below 100, 100–299, 300–799, 800 and up (a data set cut into
    /// parts counts its whole n), by dx + dy up to 8, 9–32, 33 and up. One bin for n = 500–2000 was
    /// too wide at 500 and too narrow at 2000.
    public static let ranges: [(rows: ClosedRange<Int>, dims: ClosedRange<Int>)] = {
        let rows = [1...99, 100...299, 300...799, 800...Int.max], dims = [2...8, 9...32, 33...Int.max]
        return rows.flatMap { r in dims.map { (r, $0) } }
    }()

    public func contains(rows n: Int, dims d: Int) -> Bool { rows.contains(n) && dims.contains(d) }

    /// "n_low-n_high/d_low-d_high=level:tau,…", an open end written as nothing ("500-").
    var field: String {
        func range(_ r: ClosedRange<Int>) -> String { "\(r.lowerBound)-\(r.upperBound == Int.max ? "" : "\(r.upperBound)")" }
        return "\(range(rows))/\(range(dims))=\(MistLevelPoint.field(points))"
    }

    init?(field: String) {
        func range(_ s: Substring) -> ClosedRange<Int>? {
            let ends = s.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let low = Int(ends[0]), let high = ends[1].isEmpty ? Int.max : Int(ends[1]), low <= high else { return nil }
            return low...high
        }
        let sides = field.split(separator: "=", maxSplits: 1)
        guard sides.count == 2, case let key = sides[0].split(separator: "/"), key.count == 2,
            let rows = range(key[0]), let dims = range(key[1]), let points = MistLevelPoint.points(String(sides[1])), !points.isEmpty
        else { return nil }
        self.init(rows: rows, dims: dims, points: points)
    }
}
