import CMPI
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MINeural

/// The ranks of an MPI job (Open MPI's mpirun) as a ProcessGroup. Only the main thread calls MPI
/// (MPI_THREAD_FUNNELED); a failed call, or a rank that dies, ends the whole job (MPI's default
/// error handler), which mpirun reports.
public final class MPIGroup: ProcessGroup {
    public let rank: Int
    public let size: Int
    private var finished = false

    /// The job's group when this process was started by mpirun (or another MPI launcher) with more
    /// than one rank; nil otherwise (MPI is then not initialised at all).
    public static func fromEnvironment() throws -> MPIGroup? {
        guard let size = ProcessLauncher.announcedSize(ProcessInfo.processInfo.environment), size > 1 else { return nil }
        return try MPIGroup()
    }

    private init() throws {
        var provided: Int32 = 0
        guard MPI_Init_thread(nil, nil, mi_mpi_thread_funneled(), &provided) == mi_mpi_success() else {
            throw MPIError("MPI_Init_thread failed")
        }
        var r: Int32 = 0, s: Int32 = 0
        MPI_Comm_rank(mi_mpi_comm_world(), &r)
        MPI_Comm_size(mi_mpi_comm_world(), &s)
        rank = Int(r)
        size = Int(s)
    }

    public func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] {
        // Lengths first (every rank's), then the bytes themselves, each rank's at its offset.
        var mine = Int64(bytes.count)
        var lengths = [Int64](repeating: 0, count: size)
        try check(MPI_Allgather(&mine, 1, mi_mpi_long_long(), &lengths, 1, mi_mpi_long_long(), mi_mpi_comm_world()), "MPI_Allgather")
        guard lengths.allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) }), lengths.reduce(0, +) <= Int64(Int32.max) else {
            throw MPIError("a message between ranks is larger than 2 GiB")
        }
        var counts = lengths.map { Int32($0) }
        var offsets = [Int32](repeating: 0, count: size)
        for k in 1..<max(size, 1) { offsets[k] = offsets[k - 1] + counts[k - 1] }
        var all = [UInt8](repeating: 0, count: Int(lengths.reduce(0, +)))
        let code = bytes.withUnsafeBytes { send in
            all.withUnsafeMutableBytes { receive in
                MPI_Allgatherv(
                    send.baseAddress, Int32(bytes.count), mi_mpi_byte(), receive.baseAddress, &counts, &offsets,
                    mi_mpi_byte(), mi_mpi_comm_world())
            }
        }
        try check(code, "MPI_Allgatherv")
        return (0..<size).map { Array(all[Int(offsets[$0])..<Int(offsets[$0] + counts[$0])]) }
    }

    public func finish() {
        guard !finished else { return }
        finished = true
        MPI_Finalize()
    }

    public func abort(_ status: Int32) -> Never {
        MPI_Abort(mi_mpi_comm_world(), status)
        exit(status)
    }

    private func check(_ code: Int32, _ call: String) throws {
        guard code == mi_mpi_success() else { throw MPIError("\(call) failed (MPI error \(code))") }
    }
}

public struct MPIError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = "mpi: " + d }
}
