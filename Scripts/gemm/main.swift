// Compares OpenBLAS's SGEMM with a register-blocked Swift SIMD kernel on the products the
// toolkit's reference network computes (batch 64), one thread. Built and run by Scripts/gemm-shapes.sh.
import Foundation

typealias SGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                  UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void

/// C (m×n) = A (m×k) · B (k×n), row-major: B is packed in panels of 16 columns, then each block of
/// 4 rows × 16 columns is accumulated in eight 8-lane registers over k.
func swiftProduct(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                  _ c: UnsafeMutablePointer<Float>, _ packed: UnsafeMutablePointer<Float>) {
    precondition(n % 16 == 0 && m % 4 == 0)
    for panel in 0..<n / 16 {
        for p in 0..<k {
            (packed + (panel * k + p) * 16).update(from: b + p * n + panel * 16, count: 16)
        }
    }
    for panel in 0..<n / 16 {
        let bp = packed + panel * k * 16
        var row = 0
        while row < m {
            var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
            var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
            let a0 = a + row * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k
            for p in 0..<k {
                let b0 = UnsafeRawPointer(bp + p * 16).loadUnaligned(as: SIMD8<Float>.self)
                let b1 = UnsafeRawPointer(bp + p * 16 + 8).loadUnaligned(as: SIMD8<Float>.self)
                let x0 = SIMD8(repeating: a0[p]), x1 = SIMD8(repeating: a1[p])
                let x2 = SIMD8(repeating: a2[p]), x3 = SIMD8(repeating: a3[p])
                c00.addProduct(x0, b0); c01.addProduct(x0, b1); c10.addProduct(x1, b0); c11.addProduct(x1, b1)
                c20.addProduct(x2, b0); c21.addProduct(x2, b1); c30.addProduct(x3, b0); c31.addProduct(x3, b1)
            }
            for (r, pair) in [(c00, c01), (c10, c11), (c20, c21), (c30, c31)].enumerated() {
                let out = UnsafeMutableRawPointer(c + (row + r) * n + panel * 16)
                out.storeBytes(of: pair.0, as: SIMD8<Float>.self)
                out.storeBytes(of: pair.1, toByteOffset: 32, as: SIMD8<Float>.self)
            }
            row += 4
        }
    }
}

setenv("OPENBLAS_CORETYPE", CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "SkylakeX", 0)
setenv("OPENBLAS_NUM_THREADS", "1", 1)
guard let library = dlopen("libopenblas.so.0", RTLD_NOW), let symbol = dlsym(library, "cblas_sgemm") else { fatalError("no OpenBLAS") }
let sgemm = unsafeBitCast(symbol, to: SGEMM.self)

func seconds(_ body: () -> Void) -> Double {
    body()
    let start = Date()
    for _ in 0..<10 { body() }
    return Date().timeIntervalSince(start) / 10
}

print("shape (m×k · k×n)          OpenBLAS GFLOP/s   Swift SIMD GFLOP/s")
for (name, m, n, k) in [("conv1 forward", 43264, 32, 9), ("conv2 forward", 7744, 64, 288), ("dense1 forward", 64, 128, 1600),
                        ("conv2 dX (dY·Wᵀ)", 7744, 288, 64)] {
    let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k), b = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
    let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n), d = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
    let packed = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
    for i in 0..<m * k { a[i] = Float(i % 7) * 0.1 }
    for i in 0..<k * n { b[i] = Float(i % 5) * 0.1 }
    let blas = seconds { sgemm(101, 111, 111, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0, c, Int32(n)) }
    let swift = seconds { swiftProduct(m, n, k, a, b, d, packed) }
    let worst = (0..<m * n).map { abs(c[$0] - d[$0]) }.max() ?? 0
    let flops = 2.0 * Double(m * n * k)
    print(String(format: "%-18@ %5d×%-4d·%4d×%-3d %8.1f %18.1f   (max difference %.1e)", name as NSString, m, k, k, n,
                 flops / blas / 1e9, flops / swift / 1e9, worst))
}
