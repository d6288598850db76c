// Every bundle we write ends with a member `SHA256SUMS` in sha256sum(1)'s format ("<64 hex>  <name>"
// per line), holding the SHA-256 of each member before it. Readers hash each member as they read it
// and check it against that list when they reach it, so a flipped byte inside a member's data (which
// tar itself does not notice: its header checksum covers only the header) is an error, not a changed
// result. An extracted bundle can be checked by hand with `sha256sum -c SHA256SUMS`.
// Bundles written before this (no SHA256SUMS) are still read, unchecked.

import Crypto

enum MemberChecksums {
    static let memberName = "SHA256SUMS"

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// The SHA256SUMS text for members in order.
    static func listing(_ members: [(name: String, digest: String)]) -> [UInt8] {
        Array(members.map { "\($0.digest)  \($0.name)\n" }.joined().utf8)
    }

    /// Parses a SHA256SUMS member; nil when it is not in that format.
    static func parse(_ bytes: [UInt8]) -> [(name: String, digest: String)]? {
        var out: [(name: String, digest: String)] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let digest = line.prefix(64)
            guard digest.count == 64, digest.allSatisfy({ $0.isHexDigit }), line.dropFirst(64).hasPrefix("  ") else { return nil }
            out.append((String(line.dropFirst(66)), digest.lowercased()))
        }
        return out
    }
}

/// SHA-256 of one member, fed as its bytes go by.
struct MemberHasher {
    private var hasher = SHA256()
    mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
    func finish() -> String { MemberChecksums.hex(hasher.finalize()) }
}
