import ArgumentParser
import MIDistributions
import MIRecords
import MITensor

/// `mi-sample`: draws data sets with known mutual information and writes them as a record stream.
public struct SampleCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mi-sample",
        abstract: "Draw samples from distributions with known mutual information",
        discussion: """
            Writes a record stream (see mi-records(5)): a metadata line with the data set's name, \
            dimensions, size, true mutual information (nats) and seed, followed by its rows as TSV \
            or binary float32 frames. Every family's MI is exact (Monte Carlo with a standard error \
            for the mixtures of `bmi`); the transforms are injective and leave it unchanged.
            """,
        version: toolVersion,
        subcommands: [Gauss.self, Student.self, Additive.self, Conditional.self, Series.self, Mixed.self, Categorical.self, BMI.self, Meta.self, Derive.self, List.self]
    )
    public init() {}
}

extension SampleCommand {
    /// Writes one drawn data set to the output and commits it.
    static func emit(
        _ sampler: any JointSampler, family: String, defaultName: String, parameters: [(String, String)],
        steps: [TransformStep], options: SampleOutputOptions
    ) throws {
        let seed = options.resolvedSeed
        let output = try OutputTarget(path: options.output)
        let writer = RecordWriter(sink: output.sink, format: options.format.stream)
        let meta = datasetMetadata(
            name: options.name ?? defaultName, family: family, sampler: sampler,
            rows: options.rows, seed: seed, parameters: parameters, transforms: steps)
        var rng = RandomStream(seed: seed)
        try writeDataset(sampler, rows: options.rows, metadata: meta, rng: &rng, to: writer)
        try writer.finish()
        try output.commit()
    }

    struct Gauss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Multivariate normal (dense, sparse or latent-variable structure)",
            discussion: "MI = 1/2 log(det S_XX det S_YY / det S). With --mi, the structure's strength (rho, or lambda) is chosen to give that MI.")
        @OptionGroup var dims: DimensionOptions
        @OptionGroup var structure: StructureOptions
        @Option(parsing: .unconditional, help: "Target mutual information in nats: solve for the strength parameter.")
        var mi: Double?
        @OptionGroup var transforms: TransformOptions
        @OptionGroup var output: SampleOutputOptions

        func run() throws {
            let (dx, dy) = try dims.resolved(default: 1)
            let s =
                try mi.map { t in
                    try structure.solve(target: t, dx: dx, dy: dy) { try GaussianSampler(dx: dx, dy: dy, structure: $0).mutualInformation }
                } ?? structure.structure(dx: dx, dy: dy)
            let steps = try transforms.steps()
            let sampler = try TransformedSampler(base: GaussianSampler(dx: dx, dy: dy, structure: s), steps: steps)
            let params = structure.parameters(s)
            try SampleCommand.emit(
                sampler, family: "gauss", defaultName: "gauss-\(params[0].1)-\(dx)-\(dy)",
                parameters: params, steps: steps, options: output)
        }
    }

    struct Student: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Multivariate Student t (dispersion from the gauss structures)",
            discussion: "MI = Gaussian MI of the dispersion matrix + c(dx, dy, nu), the t entropy correction.")
        @OptionGroup var dims: DimensionOptions
        @OptionGroup var structure: StructureOptions
        @Option(parsing: .unconditional, help: "Degrees of freedom nu > 0.")
        var dof: Double = 3
        @Option(parsing: .unconditional, help: "Target mutual information in nats: solve for the strength parameter.")
        var mi: Double?
        @OptionGroup var transforms: TransformOptions
        @OptionGroup var output: SampleOutputOptions

        func validate() throws {
            guard dof > 0, dof.isFinite else { throw ValidationError("--dof must be positive, got \(dof)") }
        }

        func run() throws {
            let (dx, dy) = try dims.resolved(default: 1)
            let s =
                try mi.map { t in
                    try structure.solve(target: t, dx: dx, dy: dy) { try StudentSampler(dx: dx, dy: dy, structure: $0, dof: dof).mutualInformation }
                } ?? structure.structure(dx: dx, dy: dy)
            let steps = try transforms.steps()
            let sampler = try TransformedSampler(base: StudentSampler(dx: dx, dy: dy, structure: s, dof: dof), steps: steps)
            let params = structure.parameters(s) + [("dof", "\(dof)")]
            try SampleCommand.emit(
                sampler, family: "student", defaultName: "student-\(params[0].1)-\(dx)-\(dy)",
                parameters: params, steps: steps, options: output)
        }
    }

    struct Additive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "X ~ U(0,1), Y = X + U(-eps, eps) per coordinate",
            discussion: "MI per coordinate = eps - log(2eps) for eps <= 1/2, else 1/(4eps).")
        @Option(name: .customShort("d"), parsing: .unconditional, help: "Dimension of X and Y (dx = dy).")
        var dimension: Int = 1
        @Option(parsing: .unconditional, help: "Noise half-width eps > 0.")
        var eps: Double = 0.75
        @Option(parsing: .unconditional, help: "Target mutual information in nats: solve for eps.")
        var mi: Double?
        @OptionGroup var transforms: TransformOptions
        @OptionGroup var output: SampleOutputOptions

        func validate() throws {
            guard dimension >= 1 else { throw ValidationError("-d must be at least 1, got \(dimension)") }
            guard eps > 0, eps.isFinite else { throw ValidationError("--eps must be positive, got \(eps)") }
        }

        func run() throws {
            let d = dimension
            let e =
                try mi.map { t in
                    try TargetMI.solve(target: t, lo: 1e-300, hi: 1, increasing: false, unboundedAbove: true, parameter: "--eps") {
                        Double(d) * additiveUniformMutualInformation(epsilon: $0)
                    }
                } ?? eps
            let steps = try transforms.steps()
            let sampler = try TransformedSampler(base: AdditiveUniformSampler(epsilons: Array(repeating: e, count: d)), steps: steps)
            try SampleCommand.emit(
                sampler, family: "additive", defaultName: "additive-\(d)", parameters: [("eps", "\(e)")],
                steps: steps, options: output)
        }
    }
}
