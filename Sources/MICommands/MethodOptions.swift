import ArgumentParser
import MIEstimators
import MIFlows
import MIMist
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

    /// Every name --method knows: the built-in learned model, the classical estimators
    /// (MIEstimators), then the estimators that train on the data set itself (MIFlows, ...).
    static var allNames: [String] { ["mist"] + EstimatorRegistry.names + MIENFMethods.names }

    /// The estimator `name` (not mist), from the module that owns it.
    static func make(_ name: String, options o: EstimatorOptions) throws -> any MIEstimator {
        if let m = MIENFMethods.make(name) { return m }
        do { return try EstimatorRegistry.make(name, options: o) } catch is EstimatorError where !EstimatorRegistry.names.contains(name) {
            throw EstimatorError("unknown method '\(name)' (known: \(allNames.joined(separator: ", ")))")
        }
    }

    func validate() throws {
        _ = try neighbors()
        guard variant == 1 || variant == 2 else { throw ValidationError("--variant must be 1 or 2, got \(variant)") }
        guard bins >= 2 else { throw ValidationError("--bins must be at least 2, got \(bins)") }
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
            do { _ = try Self.make(name, options: o) } catch let e as EstimatorError { throw ValidationError(e.description) }
        }
        return names
    }

    /// The estimators named in `method`, configured by these options. `mist` is the model of --model,
    /// else the built-in model of `builtIn`.
    func estimators(_ method: String, builtIn: MistModels.Kind = .point) throws -> [any MIEstimator] {
        let o = try estimatorOptions()
        return try checkedMethodNames(method).map { name in
            name == "mist" ? try MistModels.estimator(path: model, builtIn: builtIn) : try Self.make(name, options: o)
        }
    }

    func estimatorOptions() throws -> EstimatorOptions {
        var o = EstimatorOptions()
        o.neighbors = try neighbors(); o.ksgVariant = variant; o.norm = norm; o.bins = bins; o.kernel = kernel
        return o
    }
}
