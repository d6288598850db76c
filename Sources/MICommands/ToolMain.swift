import ArgumentParser
import Foundation
import MIRecords

/// The one place where errors become messages and exit statuses (0 ok, 1 runtime or input failure,
/// 64 usage). Library code throws; only this prints `tool: error: ...` on stderr, on one line.
public enum ToolMain {
    public static func run<Command: ParsableCommand>(_ type: Command.Type, arguments: [String]? = nil) -> Never {
        signal(SIGPIPE, SIG_IGN)   // a closed pipe surfaces as EPIPE from write(2), handled below
        let tool = Command.configuration.commandName ?? "mi"
        do {
            var command = try Command.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch {
            exit(report(error, tool: tool, type: type))
        }
    }

    /// Prints what the user needs to know about `error` and returns the exit status.
    static func report<Command: ParsableCommand>(_ error: Error, tool: String, type: Command.Type) -> Int32 {
        switch error {
        case WriteError.brokenPipe:
            return 0          // the reader went away (`| head`): end quietly
        case let e as ExitCode where e.rawValue > 128:
            return e.rawValue // stopped by a signal after saying so (mi-train on SIGINT: 130)
        case let e as WriteError:
            printError(tool, "\(e)")
            return 1
        case let e as CustomStringConvertible where isOurs(error):
            printError(tool, e.description)
            return 1
        default:
            let code = Command.exitCode(for: error)
            if code == .success {
                print(Command.fullMessage(for: error))
                return 0
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
        FileHandle.standardError.write(Data("\(tool): warning: \(message)\n".utf8))
    }

    static func printError(_ tool: String, _ message: String) {
        FileHandle.standardError.write(Data("\(tool): error: \(message)\n".utf8))
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
