import ArgumentParser

// --x / --no-x pairs whose two sides each say what they do (argument-parser's `inversion:` repeats
// one help text on both). Each is an enumerable flag; the command reads it through a Bool.

enum StandardizeFlag: String, EnumerableFlag {
    case standardize, noStandardize
    static func help(for value: Self) -> ArgumentHelp? {
        value == .standardize
            ? "Standardise each column before the flows (the default; an affine map: MI unchanged)."
            : "Push the values through the flows as they are."
    }
}

enum SummaryFlag: String, EnumerableFlag {
    case summary, noSummary
    static func help(for value: Self) -> ArgumentHelp? {
        value == .summary
            ? "Give the head log(1 + GC) and log n, and make its point (median) output a correction to GC, the Gaussian-copula MI of the normalised data (the default)."
            : "The plain MIST head: the pooled encoding alone, no GC or log n."
    }
}

enum IndependentDimsFlag: String, EnumerableFlag {
    case independentDims, noIndependentDims
    static func help(for value: Self) -> ArgumentHelp? {
        value == .independentDims
            ? "Draw dx and dy independently (the default here)."
            : "Draw one dimension for both X and Y (dx = dy, as MIST's meta-distribution)."
    }
}
