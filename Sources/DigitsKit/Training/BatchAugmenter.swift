/// Fills a batch's input slots with distorted digits, the samples split across threads.
struct BatchAugmenter {
    let augmentation: Augmentation
    let seed: UInt64
    let workers: Workers
    private var staging: [UInt8]

    init(augmentation: Augmentation, seed: UInt64, threads: Int, capacity: Int) {
        self.augmentation = augmentation
        self.seed = seed
        workers = Workers(threads: threads)
        staging = [UInt8](repeating: 0, count: capacity * 28 * 28)
    }

    /// Distorts the images at `indices` of `images` into the network's first input slots.
    mutating func fill(_ engine: any Engine, indices: ArraySlice<Int>, of images: LabelledImages, epoch: Int) {
        let (augmentation, seed, workers) = (augmentation, seed, workers)
        let first = indices.startIndex, size = 28 * 28
        images.withImages { pixels in
            staging.withUnsafeMutableBufferPointer { staging in
                workers.forEachRange(indices.count) { slots in
                    var distorter = DigitDistorter(augmentation: augmentation, seed: seed)
                    for slot in slots {
                        let index = indices[first + slot]
                        let output = UnsafeMutableBufferPointer(rebasing: staging[slot * size..<(slot + 1) * size])
                        distorter.distort(pixels[index], epoch: epoch, index: index, into: output)
                        engine.setInput(slot: slot, pixels: UnsafeBufferPointer(output))
                    }
                }
            }
        }
    }
}
