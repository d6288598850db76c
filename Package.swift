// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: executables → MICommands → {MIEstimators, MIDistributions, MIRecords,
// MIArchive, MIMist, MIFlows, MIVariational, MIDiffusion, MIPlot} → MITensor (→ CProcessor; OpenBLAS, opened at run time) ; mi-train (MPI build) → MIMPI → {CMPI, MINeural}.
// Each learned estimator owns its model, training loop and checkpoint format in its own module:
// MIMist (the amortized MIST model), MIFlows (MIENF), MIVariational (the critics), MIDiffusion (MINDE), each → {MINeural, MIEstimators}.
// MIEstimators (the classical estimators, the sample type) → MITensor only; MINeural (layers,
// optimizers, checkpoints, the per-data-set training loop) → {MITensor, MIArchive}.
// MITensor knows nothing of records, files, layers or command lines.
// MPI (data-parallel mi-train across machines) is optional: MI_MPI=1 (make mpi) builds mi-train
// against Open MPI (Debian's libopenmpi-dev); without it nothing needs MPI.
let withMPI = Context.environment["MI_MPI"] == "1"
let mpiTargets: [Target] =
    withMPI
    ? [
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .target(name: "MIMPI", dependencies: ["CMPI", "MINeural"], swiftSettings: [.define("MI_MPI")])
    ] : []

let package = Package(
    name: "mi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mi-sample", targets: ["mi-sample"]),
        .executable(name: "mi-estimate", targets: ["mi-estimate"]),
        .executable(name: "mi-quantiles", targets: ["mi-quantiles"]),
        .executable(name: "mi-flow", targets: ["mi-flow"]),
        .executable(name: "mi-train", targets: ["mi-train"]),
        .library(name: "MITensor", targets: ["MITensor"]),
        .library(name: "MINeural", targets: ["MINeural"]),
        .library(name: "MICommands", targets: ["MICommands"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2")
    ],
    targets: [
        // System libraries (Debian packages). OpenBLAS (CBLAS and the Fortran LAPACK symbols) is opened
        // by MITensor when first needed (BLASLibrary.swift), not linked: it would cost every run 4.5 ms.
        // libarchive's header only: MIArchive opens the library on first use (ArchiveLibrary.swift).
        .systemLibrary(name: "CArchive", path: "Sources/CArchive", providers: [.apt(["libarchive-dev"])]),

        // e^x with AVX2 where the processor has it (the softmax's exponential; the same bits as the
        // portable code, which the tools are otherwise built for: baseline x86-64), and the feature
        // checks that choose OpenBLAS's kernels (BLASLibrary.swift).
        .target(name: "CProcessor"),
        .target(
            name: "MITensor",
            dependencies: ["CProcessor", .product(name: "Numerics", package: "swift-numerics")]),
        // Layers, optimizers, losses, checkpoints. Depends on the tensor core, never the reverse.
        .target(name: "MINeural", dependencies: ["MITensor", "MIArchive"]),
        .target(name: "MIDistributions", dependencies: ["MITensor"]),
        .target(name: "MIRecords", dependencies: []),
        // SVG pictures (line charts, heat maps): text only, no dependency.
        .target(name: "MIPlot", dependencies: []),
        // Tar bundles, their member checksums (SHA-256, swift-crypto) and temporary-file cleanup on signals.
        .target(name: "MIArchive", dependencies: ["CArchive", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "MIEstimators", dependencies: ["MITensor"]),
        // MIENF: the flow pair, its trainer, its estimator and the mi-flow bundle format.
        .target(name: "MIFlows", dependencies: ["MINeural", "MITensor", "MIEstimators"]),
        // The variational critics (MINE, InfoNCE, NWJ, DV, SMILE): critic, bounds, trainer, estimator.
        .target(name: "MIVariational", dependencies: ["MINeural", "MITensor", "MIEstimators"]),
        // MINDE: the VP-SDE, the score network, its trainer and the Monte-Carlo read-out.
        .target(name: "MIDiffusion", dependencies: ["MINeural", "MITensor", "MIEstimators"]),
        // MIST: the set-transformer model, input encoding, batched inference, its trainer and checkpoints.
        .target(name: "MIMist", dependencies: ["MINeural", "MITensor", "MIEstimators"]),
        .target(
            name: "MICommands",
            dependencies: [
                "MITensor", "MIDistributions", "MIRecords", "MIArchive", "MIEstimators", "MIMist", "MIFlows", "MIVariational", "MIDiffusion", "MINeural", "MIPlot",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),
        .executableTarget(name: "mi-sample", dependencies: ["MICommands"]),
        .executableTarget(name: "mi-estimate", dependencies: ["MICommands"]),
        .executableTarget(name: "mi-quantiles", dependencies: ["MICommands"]),
        .executableTarget(name: "mi-flow", dependencies: ["MICommands"]),
        .executableTarget(
            name: "mi-train", dependencies: ["MICommands"] + (withMPI ? ["MIMPI"] : []),
            swiftSettings: withMPI ? [.define("MI_MPI")] : []),

        // Benchmarks: outside the product graph (not installed, no man page).
        .executableTarget(name: "read-records", dependencies: ["MIRecords"], path: "Benchmarks/read-records"),
        .executableTarget(name: "bench-core", dependencies: ["MINeural", "MITensor"], path: "Benchmarks/bench-core"),
        .executableTarget(
            name: "bench-steps", dependencies: ["MIDiffusion", "MIVariational", "MINeural", "MITensor"], path: "Benchmarks/bench-steps"),
        .executableTarget(name: "bench-flow", dependencies: ["MIFlows", "MIEstimators", "MINeural", "MITensor"], path: "Benchmarks/bench-flow"),
        .executableTarget(
            name: "bench-ksg", dependencies: ["MIEstimators", "MIDistributions", "MITensor"],
            path: "Benchmarks/bench-ksg"),

        .testTarget(name: "MITensorTests", dependencies: ["MITensor"]),
        .testTarget(name: "MINeuralTests", dependencies: ["MINeural", "MITensor", "MIArchive"]),
        .testTarget(name: "MIDistributionsTests", dependencies: ["MIDistributions", "MITensor"]),
        .testTarget(name: "MIRecordsTests", dependencies: ["MIRecords"]),
        .testTarget(name: "MIPlotTests", dependencies: ["MIPlot"]),
        .testTarget(name: "MIArchiveTests", dependencies: ["MIArchive"]),
        .testTarget(
            name: "MIEstimatorsTests", dependencies: ["MIEstimators", "MIDistributions", "MITensor"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "MIVariationalTests", dependencies: ["MIVariational", "MIEstimators", "MIDistributions", "MINeural", "MITensor"]),
        .testTarget(name: "MIDiffusionTests", dependencies: ["MIDiffusion", "MIEstimators", "MIDistributions", "MINeural", "MITensor"]),
        .testTarget(name: "MIFlowsTests", dependencies: ["MIFlows", "MIEstimators", "MIDistributions", "MINeural", "MITensor"]),
        .testTarget(name: "MIMistTests", dependencies: ["MIMist", "MINeural", "MITensor", "MIEstimators"]),
        .testTarget(name: "EndToEndTests", dependencies: ["MICommands"])
    ] + mpiTargets
)
