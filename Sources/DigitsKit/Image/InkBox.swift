/// The smallest rectangle of a picture that holds all of its ink.
struct InkBox: Equatable {
    let top: Int, bottom: Int, left: Int, right: Int

    var width: Int { right - left + 1 }
    var height: Int { bottom - top + 1 }

    /// The box of the pixels of `ink` (row-major, `width` wide) that `isInk` accepts; nil when none does.
    init?(_ ink: [Float], width: Int, height: Int, isInk: (Float) -> Bool) {
        var top = height, bottom = -1, left = width, right = -1
        for row in 0..<height {
            for column in 0..<width where isInk(ink[row * width + column]) {
                top = min(top, row); bottom = max(bottom, row)
                left = min(left, column); right = max(right, column)
            }
        }
        guard bottom >= 0 else { return nil }
        (self.top, self.bottom, self.left, self.right) = (top, bottom, left, right)
    }

    /// The values inside the box, row-major, `width` wide.
    func crop(_ ink: [Float], width imageWidth: Int) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(width * height)
        for row in top...bottom { values += ink[(row * imageWidth + left)...(row * imageWidth + right)] }
        return values
    }
}
