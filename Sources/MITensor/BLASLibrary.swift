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
import CProcessor

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
    typealias Describe = @convention(c) () -> UnsafeMutablePointer<CChar>?
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
        let coreName: Describe
        let config: Describe
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
        if let core = requestedKernels { setenv("OPENBLAS_CORETYPE", core, 1) }
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
            coreName: symbol("openblas_get_corename", as: Describe.self),
            config: symbol("openblas_get_config", as: Describe.self),
            dpotrf: symbol("dpotrf_", as: Dpotrf.self), dsyev: symbol("dsyev_", as: Dsyev.self))
        e.setThreads(1)
        return e
    }()

    /// The OpenBLAS kernels this processor runs, by its features rather than by its model number.
    /// OpenBLAS picks kernels by model number, and one that does not know a processor falls back to
    /// the oldest x86-64 kernels (Debian 12's 0.3.21 on an Emerald Rapids Xeon: "Prescott", SSE3),
    /// which made every matrix product here about 2× slower. A user's own OPENBLAS_CORETYPE is kept.
    /// nil: the user chose (a non-empty OPENBLAS_CORETYPE), or the processor has neither AVX-512 nor
    /// AVX2 with FMA.
    static let requestedKernels: String? = {
        if let chosen = getenv("OPENBLAS_CORETYPE"), chosen.pointee != 0 { return nil }
        if mi_cpu_has_avx512() != 0 { return "SkylakeX" }
        if mi_cpu_has_avx2() != 0 && mi_cpu_has_fma() != 0 { return "Haswell" }
        return nil
    }()

    /// The kernels OpenBLAS runs ("SkylakeX", "Haswell", "Prescott", …), as it names them.
    static var coreName: String { entries.coreName().map { String(cString: $0) } ?? "" }
    /// How OpenBLAS was built ("OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH …"): only a DYNAMIC_ARCH build
    /// chooses its kernels when it starts.
    static var config: String { entries.config().map { String(cString: $0) } ?? "" }

    static func fail(_ message: String) -> Never {
        let line = "error: " + message + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        exit(127)
    }
}
