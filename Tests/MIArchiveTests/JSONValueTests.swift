// JSONValue: every kind of JSON value parsed to its case, whatever the order the parser tries them in.

import XCTest
@testable import MIArchive

final class JSONValueTests: XCTestCase {
    func testEveryKindParsesToItsCase() {
        let text =
            #"{"n": null, "t": true, "f": false, "i": -3, "big": 12345678901, "d": 2.5, "e": 1e300, "s": "x\"y", "u": "7", "#
            + #""a": [1, "two", [false, null], {"k": 0.125}], "o": {"p": {}, "q": []}}"#
        let expected: JSONValue = .object([
            "n": .null, "t": .bool(true), "f": .bool(false), "i": .int(-3), "big": .int(12_345_678_901), "d": .double(2.5),
            "e": .double(1e300), "s": .string("x\"y"), "u": .string("7"),
            "a": .array([.int(1), .string("two"), .array([.bool(false), .null]), .object(["k": .double(0.125)])]),
            "o": .object(["p": .object([:]), "q": .array([])])
        ])
        XCTAssertEqual(JSONValue.parse(Array(text.utf8)), expected)
        XCTAssertEqual(JSONValue.parse(Array("[]".utf8)), .array([]))
        XCTAssertEqual(JSONValue.parse(Array("\"only\"".utf8)), .string("only"))
        for bad in ["", "{", "{\"a\" 1}", "nul", "{\"a\": tru}"] {
            XCTAssertNil(JSONValue.parse(Array(bad.utf8)), bad)
        }
    }
}
