import Foundation
import XCTest

/// Runs the built executables (they sit next to the test bundle) and captures what they print.
final class Box: @unchecked Sendable { var data = Data() }

struct ToolRunner {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static let productsDirectory: URL = {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = me.deletingLastPathComponent()
        // On Linux the test runner is <products>/miPackageTests.xctest; elsewhere a bundle inside it.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("mi-sample").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    static func path(_ tool: String) -> String { productsDirectory.appendingPathComponent(tool).path }

    /// Runs `tool args`, feeding `input` on stdin (or nothing), and waits for it.
    @discardableResult
    static func run(_ tool: String, _ args: [String], input: Data? = nil, stdoutTo file: FileHandle? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path(tool))
        p.arguments = args
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        if let file { p.standardOutput = file } else { p.standardOutput = outPipe }
        p.standardError = errPipe
        p.standardInput = inPipe
        try p.run()
        let feed = inPipe.fileHandleForWriting
        let stdinData = input
        Thread.detachNewThread {
            if let stdinData { try? feed.write(contentsOf: stdinData) }
            try? feed.close()
        }
        let err = Box(), errDone = DispatchSemaphore(value: 0)
        let errHandle = errPipe.fileHandleForReading
        DispatchQueue.global().async {
            err.data = errHandle.readDataToEndOfFile(); errDone.signal()
        }
        let out = file == nil ? outPipe.fileHandleForReading.readDataToEndOfFile() : Data()
        errDone.wait()
        let errData = err.data
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: out, stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The parsed TSV table printed by mi-estimate: header → column values per row.
    static func table(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}
