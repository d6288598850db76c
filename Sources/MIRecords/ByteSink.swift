#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Where the writer's bytes go.

public protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func flush() throws
}

/// Buffered writes to a file descriptor (not closed by this class).
/// EPIPE becomes `WriteError.brokenPipe`; the process must ignore SIGPIPE
/// (signal(SIGPIPE, SIG_IGN)) for EPIPE to be seen instead of being killed.
public final class FileDescriptorSink: ByteSink {
    public let fd: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var used = 0

    public init(fd: Int32, bufferSize: Int = 1 << 20) {
        self.fd = fd
        buffer = .allocate(byteCount: max(bufferSize, 1), alignment: 16)
    }

    /// Unflushed bytes are dropped here (errors cannot be reported from
    /// deinit); call `flush()` (or `RecordWriter.finish()`).
    deinit { buffer.deallocate() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        if used + bytes.count <= buffer.count {
            UnsafeMutableRawBufferPointer(rebasing: buffer[used...]).copyMemory(from: bytes)
            used += bytes.count
            return
        }
        try flush()
        if bytes.count >= buffer.count {
            try writeAll(bytes)  // big blocks (binary frames) skip the buffer
        } else {
            UnsafeMutableRawBufferPointer(rebasing: buffer[0...]).copyMemory(from: bytes)
            used = bytes.count
        }
    }

    public func flush() throws {
        guard used > 0 else { return }
        let pending = UnsafeRawBufferPointer(rebasing: buffer[0..<used])
        used = 0  // on failure the bytes are lost either way; never resend them
        try writeAll(pending)
    }

    /// Loops over short writes; retries EINTR.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            #else
            let n = Darwin.write(fd, bytes.baseAddress! + done, bytes.count - done)
            #endif
            if n >= 0 {
                done += n
                continue
            }
            let e = errno
            if e == EINTR { continue }
            if e == EPIPE { throw WriteError.brokenPipe }
            throw WriteError.failed("write error: \(String(cString: strerror(e)))")
        }
    }
}

/// Collects everything written (tests, small outputs).
public final class MemorySink: ByteSink {
    public var bytes: [UInt8] = []

    public init() {}

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
    }

    public func flush() throws {}
}
