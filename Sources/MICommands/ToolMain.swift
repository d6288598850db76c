import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIArchive
import MIRecords

/// The one place where errors become messages and exit statuses (0 ok, 1 runtime or input failure,
/// 64 usage). Library code throws; only this prints `tool: error: ...` on stderr, on one line.
public enum ToolMain {
    public static func run<Command: ParsableCommand>(_ type: Command.Type, arguments: [String]? = nil) -> Never {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe surfaces as EPIPE from write(2), handled below
        TemporaryFiles.installSignalHandlers()  // SIGINT/TERM/HUP leave no temporary output behind
        let tool = Command.configuration.commandName ?? "mi"
        do {
            var command = try Command.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch {
            exit(report(error, tool: tool, type: type))
        }
    }

    /// Runs start-up work that main needs before the command (e.g. joining an MPI job); an error
    /// ends the process like any other, with its one line and status 1.
    public static func setUp<T>(tool: String, _ body: () throws -> T) -> T {
        do { return try body() } catch {
            printError(tool, "\(error)")
            exit(1)
        }
    }

    /// Prints what the user needs to know about `error` and returns the exit status.
    static func report<Command: ParsableCommand>(_ error: Error, tool: String, type: Command.Type) -> Int32 {
        switch error {
        case WriteError.brokenPipe:
            return 0  // the reader went away (`| head`): end quietly
        case let e as ExitCode where e.rawValue > 128:
            return e.rawValue  // stopped by a signal after saying so (mi-train on SIGINT: 130)
        case let e as WriteError:
            printError(tool, "\(e)")
            return 1
        case let e as CustomStringConvertible where isOurs(error):
            printError(tool, e.description)
            return 1
        default:
            let code = Command.exitCode(for: error)
            if code == .success {
                // --help, --version: stdout is the product here, so a failed write is an error.
                return writeStdout(Command.fullMessage(for: error) + "\n", tool: tool)
            }
            let message = Command.message(for: error)
            if code == .validationFailure {
                printError(tool, "\(firstLine(message)) (see \(tool) --help)")
            } else {
                printError(tool, firstLine(message))
            }
            return code.rawValue
        }
    }

    static func isOurs(_ error: Error) -> Bool {
        !(error is ExitCode) && !(error is CleanExit) && !(error is ValidationError)
            && !String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    static func firstLine(_ s: String) -> String {
        let trimmed = s.hasPrefix("Error: ") ? String(s.dropFirst(7)) : s
        return trimmed.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? trimmed
    }

    /// A one-line warning on stderr: the run goes on.
    public static func warn(_ tool: String, _ message: String) {
        Stderr.line("\(tool): warning: \(message)")
    }

    static func printError(_ tool: String, _ message: String) {
        Stderr.line("\(tool): error: \(message)")
    }

    /// Help and version text: 0 when written (or when the reader went away), 1 on a write error.
    static func writeStdout(_ text: String, tool: String) -> Int32 {
        let sink = FileDescriptorSink(fd: 1)
        do {
            var bytes = Array(text.utf8)
            try bytes.withUnsafeMutableBytes { try sink.write(UnsafeRawBufferPointer($0)) }
            try sink.flush()
            return 0
        } catch WriteError.brokenPipe {
            return 0
        } catch {
            printError(tool, "\(error)")
            return 1
        }
    }
}

extension WriteError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .brokenPipe: return "write error: broken pipe"
        case .failed(let m): return m
        }
    }
}
