import ArgumentParser
import MIDiffusion
import MIEstimators
import MIFlows
import MIMist
import MIVariational
import MIRecords

extension KSGNorm: ExpressibleByArgument {}
extension KDEKernel: ExpressibleByArgument {}

/// The estimators' settings, shared by every tool that estimates (`--method` itself stays in each
/// tool: their defaults differ).
struct MethodOptions: ParsableArguments {
    @Option(name: .short, parsing: .unconditional, help: ArgumentHelp("ksg: neighbours k, or a comma-separated list whose estimates are averaged (BMI's ensemble).", valueName: "list"))
    var k: String = "5"
    @Option(parsing: .unconditional, help: "ksg: 1 (Kraskov et al.'s first estimator, BMI's) or 2 (the second).")
    var variant: Int = 1
    @Option(help: "ksg: the norm within X and within Y: euclidean (BMI's) or max (the original KSG); the joint distance is the larger of the two.")
    var norm: KSGNorm = .euclidean
    @Option(parsing: .unconditional, help: "hist: equal-width bins per dimension.")
    var bins: Int = 5
    @Option(help: "kde: the kernel, tophat or gaussian (Scott's bandwidth on standardized columns).")
    var kernel: KDEKernel = .tophat
    @Option(help: ArgumentHelp("mist: the model checkpoint (a .tar written by mi-train) instead of the built-in one.", valueName: "file"))
    var model: String?
    @Option(parsing: .unconditional, help: "mienf, minde-*, mine, infonce, nwj, dv, smile: the seed of their training (initialisation, split, batches).")
    var trainSeed: UInt64 = 0
    @Option(parsing: .unconditional, help: "mine, infonce, nwj, dv, smile: most training steps (early stopping on the held-out half may end sooner).")
    var criticSteps = 10_000
    @Option(parsing: .unconditional, help: "mine, infonce, nwj, dv, smile: batch size (at most the rows of each half; InfoNCE's estimate is at most its log).")
    var criticBatch = 256
    @Option(parsing: .unconditional, help: "mine, infonce, nwj, dv, smile: Adam's learning rate (default: 0.1, BMI's; mine and nwj 0.01).")
    var criticLr: Float?
    @Option(
        parsing: .unconditional,
        help: "mine, infonce, nwj, dv, smile: held-out evaluations (every 250 steps) without a better bound before training stops (BMI's: 2).")
    var criticPatience = 8
    @Option(help: ArgumentHelp("mine, infonce, nwj, dv, smile: the critic MLP's hidden widths, comma-separated.", valueName: "list"))
    var criticHidden = "16,8"
    @Option(parsing: .unconditional, help: "smile: the clip tau of exp(T).")
    var smileTau: Float = 5
    @Option(parsing: .unconditional, help: "minde-*: most training steps of the score network (early stopping on the held-out loss may end sooner).")
    var mindeSteps = 20_000
    @Option(parsing: .unconditional, help: "minde-*: batch size (default: the reference's, 128 when dx <= 5, else 256; at most the training rows).")
    var mindeBatch: Int?
    @Option(parsing: .unconditional, help: "minde-*: Adam's learning rate (default: 1e-3 when dx <= 5, else 2e-3).")
    var mindeLr: Float?
    @Option(parsing: .unconditional, help: "minde-*: Monte-Carlo passes over the held-out rows (a time and a noise draw per row each).")
    var mindePasses = 10
    @Option(parsing: .unconditional, help: "minde-*: held-out evaluations (every 500 steps) without a better loss before training stops; 0 trains all --minde-steps.")
    var mindePatience = 8
    @Option(parsing: .unconditional, help: "minde-*-sigma and the entropies: the standard deviation of the Gaussian reference (columns are standardized).")
    var mindeSigma: Double = 1

    /// Every name --method knows: the built-in learned model, the classical estimators
    /// (MIEstimators), then the estimators that train on the data set itself (MIFlows, ...).
    static var allNames: [String] { ["mist"] + EstimatorRegistry.names + MIENFMethods.names + MINDEMethods.names + VariationalMethods.names }

    /// The estimator `name` (not mist), from the module that owns it.
    func make(_ name: String, options o: EstimatorOptions) throws -> any MIEstimator {
        if let m = MIENFMethods.make(name, seed: trainSeed) { return m }
        if let v = VariationalMethods.make(name, base: try criticConfiguration()) { return v }
        if let m = MINDEMethods.make(name, base: try mindeConfiguration()) { return m }
        do { return try EstimatorRegistry.make(name, options: o) } catch is EstimatorError where !EstimatorRegistry.names.contains(name) {
            throw EstimatorError("unknown method '\(name)' (known: \(Self.allNames.joined(separator: ", ")))")
        }
    }

    func validate() throws {
        _ = try neighbors()
        guard variant == 1 || variant == 2 else { throw ValidationError("--variant must be 1 or 2, got \(variant)") }
        guard bins >= 2 else { throw ValidationError("--bins must be at least 2, got \(bins)") }
        _ = try criticConfiguration()
        _ = try mindeConfiguration()
    }

    /// MINDE's settings from the --minde-* options.
    func mindeConfiguration() throws -> MINDEConfiguration {
        var c = MINDEConfiguration()
        guard mindeSteps >= 1 else { throw ValidationError("--minde-steps must be at least 1, got \(mindeSteps)") }
        if let b = mindeBatch, !(2...8192).contains(b) { throw ValidationError("--minde-batch must be from 2 to 8192, got \(b)") }
        if let r = mindeLr, !(r > 0 && r.isFinite) { throw ValidationError("--minde-lr must be positive, got \(r)") }
        guard (1...1000).contains(mindePasses) else { throw ValidationError("--minde-passes must be from 1 to 1000, got \(mindePasses)") }
        guard mindePatience >= 0 else { throw ValidationError("--minde-patience must be 0 or more, got \(mindePatience)") }
        guard mindeSigma > 0 && mindeSigma.isFinite else { throw ValidationError("--minde-sigma must be positive, got \(mindeSigma)") }
        (c.steps, c.batchSize, c.learningRate, c.passes, c.referenceSD, c.seed) = (mindeSteps, mindeBatch, mindeLr, mindePasses, mindeSigma, trainSeed)
        c.patience = mindePatience
        return c
    }

    /// The critics' settings from the --critic-* options.
    func criticConfiguration() throws -> VariationalConfiguration {
        var c = VariationalConfiguration()
        let parts = criticHidden.split(separator: ",", omittingEmptySubsequences: false)
        let widths = parts.compactMap { Int($0.trimmingBlanks()) }
        guard widths.count == parts.count, widths.allSatisfy({ (1...4096).contains($0) }) else {
            throw ValidationError("--critic-hidden must be comma-separated widths from 1 to 4096, got '\(criticHidden)'")
        }
        guard criticSteps >= 1 else { throw ValidationError("--critic-steps must be at least 1, got \(criticSteps)") }
        guard (2...4096).contains(criticBatch) else { throw ValidationError("--critic-batch must be from 2 to 4096, got \(criticBatch)") }
        if let criticLr, !(criticLr > 0 && criticLr.isFinite) { throw ValidationError("--critic-lr must be positive, got \(criticLr)") }
        guard smileTau > 0 && smileTau.isFinite else { throw ValidationError("--smile-tau must be positive, got \(smileTau)") }
        guard criticPatience >= 1 else { throw ValidationError("--critic-patience must be at least 1, got \(criticPatience)") }
        (c.hidden, c.steps, c.batchSize, c.learningRate, c.tau, c.seed) = (widths, criticSteps, criticBatch, criticLr, smileTau, trainSeed)
        c.patience = criticPatience
        return c
    }

    func neighbors() throws -> [Int] {
        let parts = k.split(separator: ",", omittingEmptySubsequences: false)
        let ks = parts.compactMap { Int($0.trimmingBlanks()) }
        guard !ks.isEmpty, ks.count == parts.count, ks.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("-k must be a positive integer or a comma-separated list of them, got '\(k)'")
        }
        return ks
    }

    /// The method names in `method` (comma-separated), each checked against the registry; no model
    /// file is read (validation runs before any input is opened).
    func checkedMethodNames(_ method: String) throws -> [String] {
        let names = method.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingBlanks()) }
        guard !names.isEmpty, !names.contains("") else { throw ValidationError("--method '\(method)' has an empty item") }
        if model != nil && !names.contains("mist") { throw ValidationError("--model goes with --method mist") }
        let o = try estimatorOptions()
        for name in names where name != "mist" {
            do { _ = try make(name, options: o) } catch let e as EstimatorError { throw ValidationError(e.description) }
        }
        return names
    }

    /// The estimators named in `method`, configured by these options. `mist` is the model of --model,
    /// else the built-in model of `builtIn`.
    func estimators(_ method: String, builtIn: MistModels.Kind = .point) throws -> [any MIEstimator] {
        let o = try estimatorOptions()
        return try checkedMethodNames(method).map { name in
            name == "mist" ? try MistModels.estimator(path: model, builtIn: builtIn) : try make(name, options: o)
        }
    }

    func estimatorOptions() throws -> EstimatorOptions {
        var o = EstimatorOptions()
        o.neighbors = try neighbors(); o.ksgVariant = variant; o.norm = norm; o.bins = bins; o.kernel = kernel
        return o
    }
}
