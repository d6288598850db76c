// The safetensors layout (huggingface/safetensors, format as documented there), F32 only:
//   8 bytes   N, the header length, unsigned little-endian
//   N bytes   JSON {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
//             "__metadata__": {"key": "value"}}, padded with spaces to a multiple of 8
//   the data  each tensor row-major little-endian Float32 at [begin, end) relative to the data start
// The writer emits tensors in the given order and the JSON with sorted keys, so equal inputs give equal
// bytes. The reader checks everything it relies on and reports one line per problem.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIArchive
import MITensor

public enum SafeTensors {
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) -> [UInt8] {
        var entries: [(String, String)] = []
        var offset = 0
        for (name, t) in tensors {
            let end = offset + 4 * t.count
            entries.append(
                (
                    name,
                    "{\"dtype\":\"F32\",\"shape\":\(t.shape),\"data_offsets\":[\(offset),\(end)]}"
                        .replacing(" ", with: "")
                ))
            offset = end
        }
        if !metadata.isEmpty {
            let fields = metadata.sorted { $0.key < $1.key }.map { "\(JSONText.quote($0.key)):\(JSONText.quote($0.value))" }
            entries.append(("__metadata__", "{\(fields.joined(separator: ","))}"))
        }
        var header = Array(
            ("{"
                + entries.sorted { $0.0 < $1.0 }
                .map { "\(JSONText.quote($0.0)):\($0.1)" }.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out += header
        for (_, t) in tensors {
            t.withUnsafeBufferPointer { p in
                for x in p { withUnsafeBytes(of: x.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
            }
        }
        return out
    }

    /// Tensors by name and the metadata. `label` names the file in error messages.
    public static func decode(_ bytes: [UInt8], label: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        func bad(_ what: String) -> CheckpointError { CheckpointError("\(label): \(what)") }
        guard bytes.count >= 8 else { throw bad("truncated safetensors file (\(bytes.count) bytes)") }
        var n: UInt64 = 0
        for i in (0..<8).reversed() { n = n << 8 | UInt64(bytes[i]) }
        guard n <= UInt64(bytes.count - 8) else { throw bad("truncated safetensors file (header of \(n) bytes)") }
        let dataStart = 8 + Int(n)
        guard let header = JSONValue.parse(Array(bytes[8..<dataStart]))?.object else {
            throw bad("corrupt safetensors header (not a JSON object)")
        }
        let dataCount = bytes.count - dataStart
        var tensors: [String: Tensor] = [:], metadata: [String: String] = [:]
        var spans: [(Int, Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value.stringFields else { throw bad("corrupt safetensors metadata") }
                metadata = m
                continue
            }
            guard let entry = value.object, let dtype = entry["dtype"]?.string,
                let shape = entry["shape"]?.ints, let offsets = entry["data_offsets"]?.ints,
                offsets.count == 2
            else {
                throw bad("corrupt safetensors entry for tensor \"\(name)\"")
            }
            guard dtype == "F32" else { throw bad("tensor \"\(name)\" has dtype \(dtype); only F32 is supported") }
            // The element count, multiplied left to right as Tensor does, so none of its products can
            // overflow later; the header is input, and [2^32, 2^32] must be an error, not a trap.
            var count = 1, overflow = false
            for d in shape {
                let (product, o) = count.multipliedReportingOverflow(by: d)
                (count, overflow) = (product, overflow || o || d < 0)
            }
            let (byteCount, o4) = count.multipliedReportingOverflow(by: 4)
            let (begin, end) = (offsets[0], offsets[1])
            guard !overflow, !o4, begin >= 0, begin <= end, end - begin == byteCount else {
                throw bad("corrupt safetensors entry for tensor \"\(name)\" (shape \(shape), offsets \(offsets))")
            }
            guard end <= dataCount else { throw bad("truncated safetensors data (tensor \"\(name)\")") }
            spans.append((begin, end))
            var t = Tensor.zeros(shape)
            t.withUnsafeMutableBufferPointer { p in
                for i in 0..<count {
                    let o = dataStart + begin + 4 * i
                    let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
                    p[i] = Float(bitPattern: bits)
                }
            }
            tensors[name] = t
        }
        // The spans must tile the data exactly: no overlap, no gap, nothing after (safetensors' own rule).
        var expected = 0
        for (b, e) in spans.sorted(by: { $0.0 < $1.0 }) {
            guard b == expected else { throw bad("corrupt safetensors data (overlapping or gapped offsets)") }
            expected = e
        }
        guard expected == dataCount else { throw bad("corrupt safetensors data (\(dataCount - expected) unexpected trailing bytes)") }
        return (tensors, metadata)
    }
}
