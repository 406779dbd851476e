import COpenBLAS

/// C = A·B (+ C when `accumulate`), row-major, through OpenBLAS's SGEMM.
///
/// `a` is m×k (k×m when `transposeA`), `b` is k×n (n×k when `transposeB`), `c` is m×n. The leading
/// dimensions are those of the stored matrices; `leadingA` gives A's when it is a block of a wider one.
@inline(__always)
func matrixProduct(
    m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, transposeA: Bool = false, leadingA: Int? = nil,
    _ b: UnsafePointer<Float>, transposeB: Bool = false,
    into c: UnsafeMutablePointer<Float>, accumulate: Bool = false
) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if !accumulate { c.update(repeating: 0, count: m * n) }
        return
    }
    OpenBLAS.shared.sgemm(
        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), 1, a, Int32(leadingA ?? (transposeA ? m : k)), b, Int32(transposeB ? k : n),
        accumulate ? 1 : 0, c, Int32(n)
    )
}

/// The OpenBLAS library, loaded on first use.
///
/// OpenBLAS picks its kernels when it loads, from the CPU model it recognizes or from
/// OPENBLAS_CORETYPE. Debian 12's 0.3.21 does not recognize recent Xeons (Sapphire and Emerald
/// Rapids) and falls back to its SSE3 "Prescott" kernels, 7× slower here than its AVX-512 ones, and
/// takes AMD's Zen 4 for an AVX2 machine. Loading it ourselves lets us name the kernel family from
/// the CPU's own feature flags first. An inherited OPENBLAS_CORETYPE is set for every program on
/// the machine, often to the lowest common family; `DIGITS_OPENBLAS_CORETYPE` chooses for digits.
/// Every product runs on the calling thread (OPENBLAS_NUM_THREADS=1): the layers share their
/// products among their own threads, and an OpenBLAS pool would only spin against them.
struct OpenBLAS: @unchecked Sendable {
    typealias SGEMM = @convention(c) (
        CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void

    let sgemm: SGEMM
    /// The kernel family OpenBLAS loaded, in its own words ("SkylakeX", "Haswell").
    let kernels: String

    static let shared = load()

    private static func load() -> OpenBLAS {
        if let core = getenv("DIGITS_OPENBLAS_CORETYPE").map({ String(cString: $0) }) ?? kernelFamily() {
            setenv("OPENBLAS_CORETYPE", core, 1)
        }
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        for name in ["libopenblas.so.0", "libopenblas.so"] {
            guard let library = dlopen(name, RTLD_NOW | RTLD_LOCAL), let sgemm = dlsym(library, "cblas_sgemm") else { continue }
            typealias CoreName = @convention(c) () -> UnsafeMutablePointer<CChar>?
            let name = dlsym(library, "openblas_get_corename").flatMap { unsafeBitCast($0, to: CoreName.self)() }
            return OpenBLAS(sgemm: unsafeBitCast(sgemm, to: SGEMM.self), kernels: name.map { String(cString: $0) } ?? "unknown")
        }
        preconditionFailure("digits needs OpenBLAS (libopenblas0 on Debian and Ubuntu): \(String(cString: dlerror()))")
    }

    /// OpenBLAS's name for the widest kernels the CPU runs, from /proc/cpuinfo's flags.
    private static func kernelFamily() -> String? {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return nil }
        let flags = Set(line.split(separator: " ").map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }
}
