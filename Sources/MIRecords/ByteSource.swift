#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Where the reader's bytes come from. The reader pulls in chunks and never
// asks for more than it needs to finish the current dataset.

public protocol ByteSource: AnyObject {
    /// Fills a prefix of `buffer`; returns the byte count, 0 only at EOF.
    /// May return fewer bytes than asked (the reader copes with 1 byte a call).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a file descriptor (not closed by this class). Retries EINTR.
public final class FileDescriptorSource: ByteSource {
    public let fd: Int32

    public init(fd: Int32) {
        self.fd = fd
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, base, buffer.count)
            #else
            let n = Darwin.read(fd, base, buffer.count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw RecordError("read error: \(String(cString: strerror(errno)))")
        }
    }
}

/// Serves an in-memory byte array (tests, small inputs).
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public convenience init(_ text: String) {
        self.init(Array(text.utf8))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}
