/// The tasks of the BMI benchmark ("Beyond Normal", Czyż et al. 2023) under BMI's own ids: the 40
/// tasks of its v1 list and the mixture ("bend and mix") tasks added in v2. Samples are ours (our
/// random streams), the distributions and ground truths are BMI's.
public struct BMITask: Sendable {
    public let id: String
    public let dx: Int
    public let dy: Int
    /// Benchmark versions whose task list contains this id.
    public let versions: Set<Int>
    let build: @Sendable () throws -> any JointSampler

    public func sampler() throws -> any JointSampler { try build() }
}

public enum BMITasks {
    static let rho = 0.75

    static func binormal() throws -> GaussianSampler { try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: rho)) }
    static func dense(_ d: Int) throws -> GaussianSampler { try GaussianSampler(dx: d, dy: d, structure: .dense(rho: 0.5)) }
    static func twoPair(_ d: Int) throws -> GaussianSampler {
        try GaussianSampler(dx: d, dy: d, structure: .sparse(pairs: 2, strength: 2.0))
    }
    static func student(_ d: Int, _ nu: Double) throws -> StudentSampler {
        try StudentSampler(dx: d, dy: d, structure: .lvm(.init(pairs: 0, alpha: 0, betaX: 0, betaY: 0, lambda: 0, epsilon: 1, eta: 0)), dof: nu)
    }
    static func chain(_ base: any JointSampler, _ steps: [TransformStep]) throws -> any JointSampler {
        try TransformedSampler(base: base, steps: steps)
    }
    static func t(_ name: String) -> TransformStep { try! TransformStep(parsing: name) }

    /// Every task, v1 list order first, then the v2 additions.
    public static let all: [BMITask] = v1 + v2Additions

    public static func task(_ id: String) -> BMITask? { all.first { $0.id == id } }

    static let v2Kept: Set<String> = [
        "1v1-additive-0.75", "asinh-student-identity-1-1-1", "swissroll_x-normal_cdf-1v1-normal-0.75",
        "multinormal-dense-5-5-0.5", "multinormal-dense-25-25-0.5", "multinormal-dense-50-50-0.5",
        "multinormal-sparse-5-5-2-2.0", "multinormal-sparse-25-25-2-2.0", "asinh-student-identity-2-2-1",
        "asinh-student-identity-3-3-2", "asinh-student-identity-5-5-2", "spiral-multinormal-sparse-3-3-2-2.0",
        "spiral-multinormal-sparse-5-5-2-2.0"
    ]

    static func v1Task(_ id: String, _ dx: Int, _ dy: Int, _ build: @escaping @Sendable () throws -> any JointSampler) -> BMITask {
        BMITask(id: id, dx: dx, dy: dy, versions: v2Kept.contains(id) ? [1, 2] : [1], build: build)
    }

    static let v1: [BMITask] = {
        var tasks: [BMITask] = [
            v1Task("1v1-normal-0.75", 1, 1) { try binormal() },
            v1Task("normal_cdf-1v1-normal-0.75", 1, 1) { try chain(binormal(), [t("normal-cdf")]) },
            v1Task("1v1-additive-0.1", 1, 1) { try AdditiveUniformSampler(epsilons: [0.1]) },
            v1Task("1v1-additive-0.75", 1, 1) { try AdditiveUniformSampler(epsilons: [0.75]) },
            v1Task("1v1-bimodal-0.75", 1, 1) { try chain(binormal(), [t("bimodal")]) },
            v1Task("wiggly-1v1-normal-0.75", 1, 1) { try chain(binormal(), [t("wiggly")]) },
            v1Task("half_cube-1v1-normal-0.75", 1, 1) { try chain(binormal(), [t("half-cube")]) },
            v1Task("student-identity-1-1-1", 1, 1) { try student(1, 1) },
            v1Task("asinh-student-identity-1-1-1", 1, 1) { try chain(student(1, 1), [t("asinh")]) },
            v1Task("swissroll_x-normal_cdf-1v1-normal-0.75", 2, 1) {
                try chain(binormal(), [t("normal-cdf"), t("x:swissroll")])
            }
        ]
        for d in [2, 3, 5, 25, 50] { tasks.append(v1Task("multinormal-dense-\(d)-\(d)-0.5", d, d) { try dense(d) }) }
        for d in [2, 3, 5, 25] { tasks.append(v1Task("multinormal-sparse-\(d)-\(d)-2-2.0", d, d) { try twoPair(d) }) }
        for (d, nu) in [(2, 1), (2, 2), (3, 2), (3, 3), (5, 2), (5, 3)] {
            tasks.append(v1Task("student-identity-\(d)-\(d)-\(nu)", d, d) { try student(d, Double(nu)) })
        }
        for (prefix, steps) in [
            ("normal_cdf", ["normal-cdf"]), ("half_cube", ["half-cube"]), ("spiral", ["spiral"]),
            ("spiral-normal_cdf", ["normal-cdf", "spiral"])
        ] {
            for d in [3, 5, 25] {
                tasks.append(
                    v1Task("\(prefix)-multinormal-sparse-\(d)-\(d)-2-2.0", d, d) {
                        try chain(twoPair(d), steps.map(t))
                    })
            }
        }
        for (d, nu) in [(2, 1), (3, 2), (5, 2)] {
            tasks.append(v1Task("asinh-student-identity-\(d)-\(d)-\(nu)", d, d) { try chain(student(d, Double(nu)), [t("asinh")]) })
        }
        return tasks
    }()

    static func v2Task(_ id: String, _ dx: Int, _ dy: Int, _ build: @escaping @Sendable () throws -> any JointSampler) -> BMITask {
        BMITask(id: id, dx: dx, dy: dy, versions: [2], build: build)
    }

    static func diagonal(_ d: [Double]) -> [Double] {
        var c = [Double](repeating: 0, count: d.count * d.count)
        for i in 0..<d.count { c[i * d.count + i] = d[i] }
        return c
    }

    static let v2Additions: [BMITask] = {
        typealias C = GaussianMixtureSampler.Component
        var tasks: [BMITask] = [
            // Two bivariate normals with correlation ∓0.9, equal weights: an "X".
            v2Task("1v1-X-0.9", 1, 1) {
                try GaussianMixtureSampler(
                    dx: 1, dy: 1,
                    components: [-1.0, 1.0].map {
                        C(weight: 0.5, mean: [0, 0], covariance: [1, 0.9 * $0, 0.9 * $0, 1])
                    })
            },
            // Six components drawing the letters "A" and "I".
            v2Task("1v1-AI", 1, 1) {
                let c = (0.04 * 0.2).squareRoot() * 0.95
                let parts: [([Double], [Double])] = [
                    ([1.0, 0.0], diagonal([0.01, 0.2])), ([1.0, 1.0], diagonal([0.05, 0.001])),
                    ([1.0, -1.0], diagonal([0.05, 0.001])), ([-0.8, -0.2], diagonal([0.03, 0.001])),
                    ([-1.2, 0.0], [0.04, c, c, 0.2]), ([-0.4, 0.0], [0.04, -c, -c, 0.2])
                ]
                return try GaussianMixtureSampler(dx: 1, dy: 1, components: parts.map { C(weight: 1, mean: $0.0, covariance: $0.1) })
            },
            // Two unit Gaussians at ±1.5·(1,1,1); X spiralled with speed 0.5.
            v2Task("2v1-galaxy-0.5-3.0", 2, 1) {
                try GaussianMixtureSampler(
                    dx: 2, dy: 1,
                    components: [-1.5, 1.5].map {
                        C(weight: 0.5, mean: [$0, $0, $0], covariance: diagonal([1, 1, 1]))
                    }, xMap: .spiral(speed: 0.5))
            },
            // Twelve components at 1.5·(k, 0, k mod 4), covariance diag(0.1, 1, 0.1); X sheared into waves.
            v2Task("2v1-waves-12-5.0-3.0", 2, 1) {
                try GaussianMixtureSampler(
                    dx: 2, dy: 1,
                    components: (0..<12).map { k in
                        C(weight: 1, mean: [1.5 * Double(k), 0, 1.5 * Double(k % 4)], covariance: diagonal([0.1, 1.0, 0.1]))
                    }, xMap: .waves(amplitude: 5, frequency: 3))
            }
        ]
        // Concentric: component i = 1...n has X ~ N(0, i²·I) and Y ~ N(i, 1e-4).
        for (dx, n) in [(3, 5), (5, 5), (3, 10), (5, 10), (25, 5)] {
            tasks.append(
                v2Task("\(dx)v1-concentric_gaussians-\(n)", dx, 1) {
                    try GaussianMixtureSampler(
                        dx: dx, dy: 1,
                        components: (1...n).map { i in
                            let s = Double(i)
                            return C(
                                weight: 1, mean: [Double](repeating: 0, count: dx) + [s],
                                covariance: diagonal([Double](repeating: s * s, count: dx) + [1e-4]))
                        })
                })
        }
        // The 2-pair Gaussian mixed with the product of its marginals at fraction f.
        for (f, d) in [(0.2, 5), (0.2, 25), (0.5, 5), (0.5, 25)] {
            tasks.append(
                v2Task("mult-sparse-w-inliers-\(d)-\(d)-2-2.0-\(f)", d, d) {
                    let m = 2 * d
                    let signal = try GaussianStructure.sparse(pairs: 2, strength: 2.0).correlation(dx: d, dy: d)
                    var noise = signal
                    for i in 0..<m { for j in 0..<m where (i < d) != (j < d) { noise[i * m + j] = 0 } }
                    let zero = [Double](repeating: 0, count: m)
                    return try GaussianMixtureSampler(
                        dx: d, dy: d,
                        components: [
                            C(weight: 1 - f, mean: zero, covariance: signal), C(weight: f, mean: zero, covariance: noise)
                        ])
                })
        }
        return tasks
    }()
}
