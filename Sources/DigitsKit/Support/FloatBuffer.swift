/// Contiguous, 64-byte-aligned Float32 storage owned by one layer or network.
///
/// Layers keep parameters and activations here rather than in arrays so that the inner loops work
/// on raw pointers with no uniqueness checks or bounds checks per element.
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    private let allocation: UnsafeMutableRawPointer

    init(count: Int) {
        precondition(count > 0, "a buffer holds at least one value")
        self.count = count
        // calloc hands out a large block as the kernel's zero pages, touched only when first used:
        // a network built to infer never pays for its gradients or its unused batch slots.
        guard let allocation = calloc(count * 4 + Self.alignment, 1) else { preconditionFailure("no memory for \(count) floats") }
        self.allocation = allocation
        pointer = allocation.advanced(by: Self.alignment - Int(bitPattern: allocation) % Self.alignment)
            .bindMemory(to: Float.self, capacity: count)
    }

    deinit { free(allocation) }

    /// Bytes: a cache line, and a whole AVX-512 vector.
    private static let alignment = 64

    var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    var array: [Float] { Array(buffer) }

    func assign(_ values: [Float]) {
        precondition(values.count == count, "expected \(count) values, got \(values.count)")
        _ = buffer.update(fromContentsOf: values)
    }

    func zero() { pointer.update(repeating: 0, count: count) }
}

/// Eight floats from `pointer`, which need not be aligned.
@inline(__always)
func load8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func store8(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}
