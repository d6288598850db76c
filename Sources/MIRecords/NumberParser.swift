// Locale-independent decimal → Float32 parsing, correctly rounded.
//
// Grammar (C-locale strtof without hex/nan/inf): [+-] digits [. digits]
// [(e|E) [+-] digits], at least one mantissa digit, nothing trailing.
//
// Fast path (covers shortest-round-trip output and typical data): up to 19
// significant digits and a decimal exponent within ±22, so that the value
// m·10^e is computed in Double with ONE correctly rounded operation
// (m < 2^53 and 10^|e| ≤ 10^22 are both exact in Double). Converting that
// Double to Float is then correct unless the Double lands exactly on a
// midpoint between two Floats: any midpoint strictly between the exact value
// and the Double would be a closer Double, contradicting correct rounding.
// Midpoints, subnormal/overflowing results and long inputs take the slow
// path: the standard library's correctly rounded `Float(String)`.

enum ParsedNumber: Equatable {
    case value(Float)
    /// nan / inf / infinity spelled out (any case, optional sign).
    case nonFinite
    /// Syntactically a number but outside Float32's finite range.
    case outOfRange
    case invalid
}

enum NumberParser {
    private static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    ]

    @inline(__always)
    static func parse(_ field: UnsafeRawBufferPointer) -> ParsedNumber {
        guard let base = field.baseAddress, field.count > 0 else { return .invalid }
        return parse(base.assumingMemoryBound(to: UInt8.self), field.count)
    }

    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> ParsedNumber {
        var i = 0
        var negative = false
        if p[0] == 0x2D || p[0] == 0x2B {  // '-' '+'
            negative = p[0] == 0x2D
            i = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0  // digits accumulated into `mantissa`
        var exponent = 0  // decimal exponent adjustment from digit positions
        var sawDigit = false
        var tooLong = false  // more than 19 significant digits: slow path

        while i < n, case let d = p[i] &- 0x30, d < 10 {
            sawDigit = true
            if significant < 19 {
                if mantissa != 0 || d != 0 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                }
            } else {
                tooLong = true
                exponent += 1
            }
            i += 1
        }
        if i < n && p[i] == 0x2E {  // '.'
            i += 1
            while i < n, case let d = p[i] &- 0x30, d < 10 {
                sawDigit = true
                if significant < 19 {
                    if mantissa != 0 || d != 0 {
                        mantissa = mantissa &* 10 &+ UInt64(d)
                        significant += 1
                    }
                    exponent -= 1
                } else {
                    tooLong = true
                }
                i += 1
            }
        }
        guard sawDigit else { return isNonFiniteWord(p, n, from: i) ? .nonFinite : .invalid }
        if i < n && (p[i] | 0x20) == 0x65 {  // 'e' or 'E'
            i += 1
            var expNegative = false
            if i < n && (p[i] == 0x2D || p[i] == 0x2B) {
                expNegative = p[i] == 0x2D
                i += 1
            }
            var e = 0
            var expDigits = 0
            while i < n, case let d = p[i] &- 0x30, d < 10 {
                if e < 100_000 { e = e * 10 + Int(d) }  // clamp: far beyond any Float
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return .invalid }
            exponent += expNegative ? -e : e
        }
        if i != n { return .invalid }
        if mantissa == 0 { return .value(negative ? -0.0 : 0.0) }
        if !tooLong && mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
            var d = Double(mantissa)
            d = exponent < 0 ? d / powersOf10[-exponent] : d * powersOf10[exponent]
            let isMidpoint = d.bitPattern & 0x1FFF_FFFF == 0x1000_0000
            if d >= Double(Float.leastNormalMagnitude) && d <= Double(Float.greatestFiniteMagnitude) && !isMidpoint {
                let f = Float(d)
                return .value(negative ? -f : f)
            }
        }
        return slowPath(p, n)
    }

    /// The standard library's parser is correctly rounded and
    /// locale-independent; the grammar was already validated above.
    private static func slowPath(_ p: UnsafePointer<UInt8>, _ n: Int) -> ParsedNumber {
        let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        guard let f = Float(text), f.isFinite else { return .outOfRange }
        return .value(f)
    }

    /// "nan", "inf", "infinity" in any case (after an optional sign, which
    /// `from` already skipped), as C's strtof would accept them.
    private static func isNonFiniteWord(_ p: UnsafePointer<UInt8>, _ n: Int, from: Int) -> Bool {
        let len = n - from
        guard len == 3 || len == 8 else { return false }
        var word: [UInt8] = []
        word.reserveCapacity(len)
        for k in from..<n { word.append(p[k] | 0x20) }
        return word == Array("nan".utf8) || word == Array("inf".utf8) || word == Array("infinity".utf8)
    }
}
