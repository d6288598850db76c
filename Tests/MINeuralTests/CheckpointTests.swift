// Checkpoints: bit-exact round trip, exact resume, and rejection of bad input with one-line errors.

import XCTest
import MITensor
import MIArchive
@testable import MINeural

final class CheckpointTests: XCTestCase {
    var directory: String = ""

    override func setUp() {
        Tensor.setThreadCount(1)
        directory = NSTemporaryDirectory() + "mi-checkpoint-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    struct Model: Module {
        let isab: ISAB, head: Linear
        init(seed: UInt64) {
            var rng = RandomStream(seed: seed)
            isab = ISAB(width: 4, heads: 2, inducingPoints: 2, rng: &rng)
            head = Linear(inputSize: 4, outputSize: 1, rng: &rng)
        }
        var children: [(name: String, module: any Module)] { [("isab", isab), ("head", head)] }
        func callAsFunction(_ x: Variable) -> Variable { head(isab(x)).mean(axis: 1) }
    }

    /// Forward, MSE, backward, AdamW step: `steps` times on fixed data.
    func train(_ model: Model, states: inout [String: AdamState], steps: Int) {
        var rng = RandomStream(seed: 99)
        let x = Tensor.randomNormal([3, 5, 4], rng: &rng), y = Tensor.randomNormal([3, 1], rng: &rng)
        let opt = Adam.adamW(learningRate: 1e-2)
        for _ in 0..<steps {
            model.zeroGrad()
            Loss.meanSquaredError(model(Variable(x)), Variable(y)).backward()
            opt.step(model.parameters, states: &states)
        }
    }

    func manifest() -> CheckpointManifest {
        CheckpointManifest(
            architecture: ["model": "isab-test", "width": "4"], training: ["step": 3],
            optimizer: ["name": "adamw", "lr": "0.01"], seed: 7, data: "random normal (3, 5, 4)",
            metrics: ["loss": 0.1234567890123])
    }

    func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

    func testRoundTripIsBitExactAndResumesExactly() throws {
        let model = Model(seed: 1)
        var states: [String: AdamState] = [:]
        train(model, states: &states, steps: 3)
        let path = directory + "/model.tar"
        let saved = Checkpoint(manifest: manifest(), parameters: model.parameters, adamStates: states)
        try saved.write(to: path)

        let loaded = try Checkpoint.read(from: path)
        XCTAssertEqual(loaded.manifest, manifest())
        let stored = Dictionary(uniqueKeysWithValues: loaded.weights.map { ($0.name, $0.tensor) })
        for (key, p) in model.parameters { XCTAssertEqual(bits(stored[key]!), bits(p.value), key) }
        XCTAssertEqual(Set(loaded.adamStates.keys), Set(states.keys))
        for (key, s) in states {
            XCTAssertEqual(bits(loaded.adamStates[key]!.m), bits(s.m))
            XCTAssertEqual(bits(loaded.adamStates[key]!.v), bits(s.v))
            XCTAssertEqual(loaded.adamStates[key]!.step, 3)
        }
        // Writing what was read gives the same bytes (weights in sorted order on both sides).
        let sortedSaved = Checkpoint(manifest: manifest(), parameters: model.parameters.sorted { $0.key < $1.key }, adamStates: states)
        XCTAssertEqual(try loaded.encodedEntries().map(\.bytes), try sortedSaved.encodedEntries().map(\.bytes))

        // Resume: 2 more steps from the checkpoint equal 2 more steps of the original run, bit for bit.
        train(model, states: &states, steps: 2)
        let resumed = Model(seed: 2)
        try loaded.load(into: resumed.parameters)
        var resumedStates = loaded.adamStates
        train(resumed, states: &resumedStates, steps: 2)
        for ((k, a), (_, b)) in zip(model.parameters, resumed.parameters) { XCTAssertEqual(bits(a.value), bits(b.value), k) }
    }

    func testSafeTensorsLayout() throws {
        let bytes = SafeTensors.encode([("b", Tensor([1, -2], shape: [2])), ("a", Tensor([0.5], shape: [1, 1]))])
        let n = Int(bytes[0]) | Int(bytes[1]) << 8
        XCTAssertEqual(bytes[2..<8].allSatisfy { $0 == 0 }, true)
        XCTAssertEqual(n % 8, 0)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(header, #"{"a":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#)
        XCTAssertEqual(Array(bytes[(8 + n)...]), [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0, 0x3F])  // 1, −2, 0.5 LE
        let decoded = try SafeTensors.decode(bytes, label: "x").tensors
        XCTAssertEqual(decoded["b"]!.scalars, [1, -2])
        XCTAssertEqual(decoded["a"]!.shape, [1, 1])
    }

    func assertRejects(_ bytes: [UInt8], _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Checkpoint.read(bytes: bytes, label: "ck.tar"), file: file, line: line) { error in
            let message = String(describing: error)
            XCTAssertTrue(
                message.hasPrefix("ck.tar: ") && message.contains(fragment) && !message.contains("\n"),
                "message: \(message)", file: file, line: line)
        }
    }

    /// Inference reads no optimizer state: the weights and manifest are the same, the optimizer member is
    /// neither decoded nor checked (a damaged one is no reason to refuse a model that only estimates),
    /// and the full read still refuses it.
    func testReadingWithoutOptimizerState() throws {
        let model = Model(seed: 6)
        var states: [String: AdamState] = [:]
        train(model, states: &states, steps: 2)
        let path = directory + "/model.tar"
        var entries = try Checkpoint(manifest: manifest(), parameters: model.parameters, adamStates: states).encodedEntries()
        try Data(makeTarBundle(entries)).write(to: URL(fileURLWithPath: path))
        let full = try Checkpoint.read(from: path), weightsOnly = try Checkpoint.read(from: path, optimizerState: false)
        XCTAssertEqual(weightsOnly.manifest, full.manifest)
        XCTAssertEqual(weightsOnly.weights.map(\.name), full.weights.map(\.name))
        for (a, b) in zip(weightsOnly.weights, full.weights) { XCTAssertEqual(bits(a.tensor), bits(b.tensor), a.name) }
        XCTAssertEqual(full.adamStates.count, states.count)
        XCTAssertTrue(weightsOnly.adamStates.isEmpty)
        entries[2].bytes = Array(entries[2].bytes.dropLast(8))  // optimizer.safetensors, cut short
        try Data(makeTarBundle(entries)).write(to: URL(fileURLWithPath: path))
        XCTAssertNoThrow(try Checkpoint.read(from: path, optimizerState: false))
        XCTAssertThrowsError(try Checkpoint.read(from: path)) {
            XCTAssertTrue(String(describing: $0).contains("optimizer.safetensors: truncated safetensors data"), "\($0)")
        }
    }

    func testNonFiniteWeightsAreRefused() throws {
        let model = Model(seed: 3)
        var t = model.parameters[0].value.value
        t.withUnsafeMutableBufferPointer { $0[0] = .nan }
        model.parameters[0].value.assign(t)
        let archive = try makeTarBundle(try Checkpoint(manifest: manifest(), parameters: model.parameters).encodedEntries())
        assertRejects(archive, "tensor \(model.parameters[0].key) holds non-finite values")
    }

    func testReadersRejectBadInput() throws {
        let model = Model(seed: 3)
        let good = try Checkpoint(manifest: manifest(), parameters: model.parameters).encodedEntries()
        let archive = try makeTarBundle(good)
        XCTAssertNoThrow(try Checkpoint.read(bytes: archive))

        // truncated and corrupt archives
        assertRejects(Array(archive.prefix(archive.count / 2)), "truncated")
        assertRejects(Array(archive.prefix(700)), "truncated")
        var garbled = archive
        for i in 0..<64 { garbled[i] ^= 0x5A }
        assertRejects(garbled, "archive")
        assertRejects(Array("not a checkpoint at all".utf8), "not a tar archive")

        // unknown version, missing entry, corrupt manifest
        var newer = good
        newer[0].bytes = Array(
            String(decoding: good[0].bytes, as: UTF8.self)
                .replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 2").utf8)
        assertRejects(try makeTarBundle(newer), "unsupported checkpoint format version 2")
        assertRejects(try makeTarBundle(Array(good.prefix(1))), "no weights.safetensors")
        // Without optimizer state a checkpoint still loads (for estimating); it has no Adam state to resume.
        XCTAssertEqual(try Checkpoint.read(bytes: try makeTarBundle(Array(good.prefix(2)))).adamStates.count, 0)
        var broken = good
        broken[0].bytes = Array("{\"format\":".utf8)
        assertRejects(try makeTarBundle(broken), "corrupt manifest.json")

        // corrupt and truncated safetensors inside a sound archive
        var cut = good
        cut[1].bytes = Array(good[1].bytes.dropLast(4))
        assertRejects(try makeTarBundle(cut), "weights.safetensors: truncated safetensors data")
        var badHeader = good
        badHeader[1].bytes[9] = 0x7B  // "{{" at the start of the JSON header
        assertRejects(try makeTarBundle(badHeader), "weights.safetensors: corrupt safetensors header")
        var hugeHeader = good
        hugeHeader[1].bytes[5] = 0x01
        assertRejects(try makeTarBundle(hugeHeader), "truncated safetensors file")

        // missing tensors and shape mismatches when loading into a model
        let loaded = try Checkpoint.read(bytes: archive)
        var missing = loaded
        missing.weights.removeAll { $0.name == "head.bias" }
        XCTAssertThrowsError(try missing.load(into: model.parameters)) {
            XCTAssertEqual(String(describing: $0), "checkpoint: missing tensor head.bias")
        }
        var rng = RandomStream(seed: 4)
        let wider = ISAB(width: 6, heads: 2, inducingPoints: 2, rng: &rng)
        let prefixed = wider.parameters.map { (key: "isab.\($0.key)", value: $0.value) } + Model(seed: 5).head.parameters.map { (key: "head.\($0.key)", value: $0.value) }
        XCTAssertThrowsError(try loaded.load(into: prefixed)) {
            XCTAssertEqual(String(describing: $0), "checkpoint: tensor isab.inducing_points has shape [1, 2, 4], the model expects [1, 2, 6]")
        }
    }
}
