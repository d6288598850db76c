// OpenBLAS, opened the first time a product or a factorisation needs it (dlopen), not at process
// start: loading it (and libgfortran, and its thread pool) costs about 4.5 ms of every run, which a
// shell loop over thousands of small files, or `--version`, would otherwise pay each time.
//
// The few entry points we call, with their C signatures. Debian's OpenBLAS exports CBLAS and the
// Fortran LAPACK symbols (gfortran passes each CHARACTER argument's length as a trailing size_t).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum BLASLibrary {
    // CBLAS enumerations (cblas.h).
    static let rowMajor: Int32 = 101
    static let noTrans: Int32 = 111
    static let trans: Int32 = 112
    static let upper: Int32 = 121

    typealias Sgemm =
        @convention(c) (
            Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32, Float,
            UnsafeMutablePointer<Float>?, Int32
        ) -> Void
    typealias Dsyrk =
        @convention(c) (
            Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32
        ) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias Dpotrf =
        @convention(c) (
            UnsafePointer<CChar>?, UnsafePointer<Int32>?, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>?,
            UnsafeMutablePointer<Int32>?, Int
        ) -> Void
    typealias Dsyev =
        @convention(c) (
            UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<Int32>?, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>?,
            UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafePointer<Int32>?, UnsafeMutablePointer<Int32>?, Int, Int
        ) -> Void

    struct Entries {
        let sgemm: Sgemm
        let dsyrk: Dsyrk
        let setThreads: SetThreads
        let dpotrf: Dpotrf
        let dsyev: Dsyev
    }

    /// Sonames tried in order (Debian's libopenblas0 provides the first).
    static let names = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"]

    /// Loaded once, thread-safely (a global's lazy initialiser). A missing library ends the process
    /// as the dynamic loader would for a library linked at build time: one line, status 127.
    static let entries: Entries = {
        // OpenBLAS runs single-threaded (threads inside an op are ours: Threads.swift); said before
        // its start-up too, so that it does not first start a thread per core only to stop them.
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        var handle: UnsafeMutableRawPointer?
        for name in names where handle == nil { handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) }
        guard let handle else { fail("cannot load OpenBLAS (\(names[0])): \(String(cString: dlerror()))") }
        func symbol<T>(_ name: String, as type: T.Type) -> T {
            guard let p = dlsym(handle, name) else { fail("OpenBLAS has no symbol \(name)") }
            return unsafeBitCast(p, to: type)
        }
        let e = Entries(
            sgemm: symbol("cblas_sgemm", as: Sgemm.self), dsyrk: symbol("cblas_dsyrk", as: Dsyrk.self),
            setThreads: symbol("openblas_set_num_threads", as: SetThreads.self),
            dpotrf: symbol("dpotrf_", as: Dpotrf.self), dsyev: symbol("dsyev_", as: Dsyev.self))
        e.setThreads(1)
        return e
    }()


    static func fail(_ message: String) -> Never {
        let line = "error: " + message + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        exit(127)
    }
}
