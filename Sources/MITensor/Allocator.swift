// Process-wide allocator tuning for training loops.
//
// A training step allocates and frees the same large temporaries (activations, gradients; 0.1–8 MB
// each) every step. glibc serves blocks above its mmap threshold with fresh mmap'ed pages and returns
// freed heap tops to the kernel, so every step page-faults its memory in again: in the set-transformer
// bench step (Benchmarks/bench-core) that was 64.9 → 52.8 ms at 1 thread once disabled. PyTorch avoids
// the same cost with its caching allocator. Opt-in, because it keeps freed memory in the process.

#if canImport(Glibc)
import Glibc
#endif

public enum Allocator {
    /// Keeps large blocks on the heap and freed memory in the process (glibc: raises the mmap and
    /// trim thresholds, pads heap growth). No effect on other C libraries.
    public static func retainFreedMemory() {
        #if canImport(Glibc)
        // mallopt is not in Swift's Glibc module: looked up at run time (absent on musl → no-op).
        // Parameter numbers from glibc's <malloc.h>.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let (trimThreshold, topPad, mmapThreshold): (Int32, Int32, Int32) = (-1, -2, -3)
        _ = mallopt(mmapThreshold, 256 << 20)
        _ = mallopt(trimThreshold, 1 << 30)
        _ = mallopt(topPad, 64 << 20)
        #endif
    }
}
