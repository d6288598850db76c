import ArgumentParser
import MIDistributions
import MIRecords
import MITensor

extension GaussianTripleSampler.Structure: ExpressibleByArgument {}

extension SampleCommand {
    /// `mi-sample cmi`: Gaussian (X, Y, Z) with exact conditional MI, for checking I(X; Y | Z).
    struct Conditional: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cmi",
            abstract: "Gaussian (X, Y, Z) with exact conditional MI I(X; Y | Z) (fork, collider or chain)",
            discussion: """
                The stream declares dz: each row is X, then Y, then Z. true_mi is I(X; Y | Z); \
                marginal_mi is I(X; Y), so the fork (a common cause: CMI below MI) and the collider \
                with --rho 0 (a common effect of independent X and Y: MI 0, CMI above it) show what \
                conditioning does. Both are exact \
                (log-determinants of the covariance). See mi-records(5) for dz.
                """)
        @OptionGroup var dims: DimensionOptions
        @Option(parsing: .unconditional, help: "Dimension of Z, the variable conditioned on.")
        var dz: Int = 1
        @Option(help: "fork (Z drives X and Y), collider (X and Y drive Z) or chain (X drives Z drives Y).")
        var structure: GaussianTripleSampler.Structure = .fork
        @Option(parsing: .unconditional, help: "Strength of Z's link to X and Y.")
        var a: Double = 1
        @Option(parsing: .unconditional, help: "Correlation of each X–Y coordinate pair besides Z's paths, in [0, 1).")
        var rho: Double = 0.5
        @Option(parsing: .unconditional, help: "Target I(X; Y | Z) in nats: solve for --rho.")
        var mi: Double?
        @OptionGroup var output: SampleOutputOptions

        func validate() throws {
            guard (1...DimensionOptions.maxDimension).contains(dz) else {
                throw ValidationError("--dz must be between 1 and \(DimensionOptions.maxDimension), got \(dz)")
            }
        }

        func run() throws {
            let (dx, dy) = try dims.resolved(default: 1)
            let make = { (r: Double) in try GaussianTripleSampler(dx: dx, dy: dy, dz: dz, structure: structure, a: a, rho: r) }
            let r = try mi.map { t in try TargetMI.solve(target: t, lo: 0, hi: 1 - 1e-12, increasing: true, parameter: "--rho") { try make($0).conditionalMI } } ?? rho
            let sampler = try make(r)
            let seed = output.resolvedSeed
            let target = try OutputTarget(path: output.output)
            let writer = RecordWriter(sink: target.sink, format: output.format.stream)
            var meta = Metadata([
                ("name", output.name ?? "cmi-\(structure.rawValue)-\(dx)-\(dy)-\(dz)"), ("dx", "\(dx)"), ("dy", "\(dy)"), ("dz", "\(dz)"),
                ("n", "\(output.rows)"), ("true_mi", NumberFormat.string(sampler.conditionalMI))
            ])
            meta["marginal_mi"] = NumberFormat.string(sampler.marginalMI)
            meta["seed"] = "\(seed)"
            meta["family"] = "cmi"
            meta["structure"] = structure.rawValue
            meta["a"] = "\(a)"
            meta["rho"] = "\(r)"
            var rng = RandomStream(seed: seed)
            let w = sampler.width
            try writer.beginDataset(meta, dx: dx, dy: dy, dz: dz, rows: output.rows)
            let chunk = max(1, min(output.rows, (1 << 16) / w))
            var done = 0
            var block = [Double](repeating: 0, count: chunk * w)
            while done < output.rows {
                let count = min(chunk, output.rows - done)
                block.withUnsafeMutableBufferPointer { b in for i in 0..<count { sampler.draw(into: b.baseAddress! + i * w, rng: &rng) } }
                let floats = block[0..<(count * w)].map { Float($0) }
                try floats.withUnsafeBufferPointer { try writer.writeRows($0) }
                done += count
            }
            try writer.endDataset()
            try writer.finish()
            try target.commit()
        }
    }
}

extension SampleCommand {
    /// `mi-sample mixed`: discrete X, continuous Y, exact MI (Gao et al. 2017).
    struct Mixed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Discrete X uniform on m values, Y | X ~ U(X, X + 2): exact MI log m - (m-1)/m log 2",
            discussion: "Gao, Kannan, Oh and Viswanath (2017)'s discrete-continuous mixture; X is written as 0, ..., m-1.")
        @Option(parsing: .unconditional, help: "Number of values of X (m >= 2).")
        var levels: Int = 5
        @OptionGroup var output: SampleOutputOptions

        func run() throws {
            let sampler = try UniformMixtureSampler(levels: levels)
            try SampleCommand.emit(
                sampler, family: "mixed", defaultName: "mixed-\(levels)", parameters: [("levels", "\(levels)")], steps: [], options: output)
        }
    }

    /// `mi-sample categorical`: a noisy copy of a categorical variable, exact MI.
    struct Categorical: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Categorical X uniform on k values, Y = X or (with probability eps) another value: exact MI",
            discussion: "I = log k + (1 - eps) log(1 - eps) + eps log(eps / (k - 1)); values written as 0, ..., k-1.")
        @Option(parsing: .unconditional, help: "Number of categories k >= 2.")
        var levels: Int = 4
        @Option(parsing: .unconditional, help: "Probability that Y differs from X, in [0, 1].")
        var eps: Double = 0.3
        @OptionGroup var output: SampleOutputOptions

        func run() throws {
            let sampler = try CategoricalPairSampler(levels: levels, epsilon: eps)
            try SampleCommand.emit(
                sampler, family: "categorical", defaultName: "categorical-\(levels)", parameters: [("levels", "\(levels)"), ("eps", "\(eps)")],
                steps: [], options: output)
        }
    }
}
