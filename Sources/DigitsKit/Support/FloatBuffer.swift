/// Contiguous, 64-byte-aligned Float32 storage owned by one layer or network.
///
/// Layers keep parameters and activations here rather than in arrays so that the inner loops work
/// on raw pointers with no uniqueness checks or bounds checks per element.
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        precondition(count > 0, "a buffer holds at least one value")
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }

    deinit { pointer.deallocate() }

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
