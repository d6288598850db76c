// JSON for the small documents inside bundles (manifests, safetensors headers): a quoted string for
// writers, and a parsed value for readers that must look at a document before trusting its shape.
// Parsing is JSONDecoder's (FoundationEssentials); this file only gives its result a type.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public enum JSONText {
    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped, `/` and
    /// non-ASCII characters as they are.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// Any JSON value. Whole numbers that fit an `Int` are `.int`, other numbers `.double`.
public enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value of a JSON document, or nil when the bytes are not JSON.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    public init(from decoder: Decoder) throws {
        // The likeliest kinds first (whole numbers and strings fill manifests and safetensors headers):
        // every probe that fails throws, and making its error was most of a parse's time.
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let i = try? single.decode(Int.self) {
            self = .int(i)
        } else if let s = try? single.decode(String.self) {
            self = .string(s)
        } else if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
        } else if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var fields: [String: JSONValue] = [:]
            for key in keyed.allKeys { fields[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(fields)
        } else if let d = try? single.decode(Double.self) {
            self = .double(d)
        } else {
            self = .bool(try single.decode(Bool.self))
        }
    }

    public var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var int: Int? { if case .int(let i) = self { i } else { nil } }
    /// An array of whole numbers, or nil.
    public var ints: [Int]? {
        guard case .array(let items) = self else { return nil }
        let values = items.compactMap(\.int)
        return values.count == items.count ? values : nil
    }
    /// An object whose values are all strings, or nil.
    public var stringFields: [String: String]? {
        guard let o = object else { return nil }
        let fields = o.compactMapValues(\.string)
        return fields.count == o.count ? fields : nil
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .string(let s): JSONText.quote(s)
        case .array(let a): "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let o): "{" + o.sorted { $0.key < $1.key }.map { "\(JSONText.quote($0.key)):\($0.value)" }.joined(separator: ",") + "}"
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
