/// The separate marks of a picture: its 8-connected regions of ink, each with its box and area.
struct InkMarks {
    struct Mark: Equatable {
        var left: Int, top: Int, right: Int, bottom: Int
        /// Pixels in the mark.
        var area: Int

        var width: Int { right - left + 1 }
        var height: Int { bottom - top + 1 }
    }

    /// For each pixel, the index of its mark in `marks`, or -1 for paper.
    let labels: [Int32]
    let marks: [Mark]
    let width: Int, height: Int

    /// Labels the pixels that `isInk` accepts. Time and memory are linear in the pixel count: one
    /// label per pixel and an explicit stack, never recursion.
    init(ink: [Float], width: Int, height: Int, isInk: (Float) -> Bool) {
        precondition(ink.count == width * height, "ink count does not match the size")
        var labels = [Int32](repeating: -1, count: ink.count)
        var marks: [Mark] = []
        var stack: [Int] = []
        for start in ink.indices where labels[start] < 0 && isInk(ink[start]) {
            let label = Int32(marks.count)
            var mark = Mark(left: start % width, top: start / width, right: start % width, bottom: start / width, area: 0)
            labels[start] = label
            stack.append(start)
            while let pixel = stack.popLast() {
                let row = pixel / width, column = pixel % width
                mark.area += 1
                mark.left = min(mark.left, column); mark.right = max(mark.right, column)
                mark.top = min(mark.top, row); mark.bottom = max(mark.bottom, row)
                for neighbourRow in max(row - 1, 0)...min(row + 1, height - 1) {
                    for neighbourColumn in max(column - 1, 0)...min(column + 1, width - 1) {
                        let neighbour = neighbourRow * width + neighbourColumn
                        guard labels[neighbour] < 0, isInk(ink[neighbour]) else { continue }
                        labels[neighbour] = label
                        stack.append(neighbour)
                    }
                }
            }
            marks.append(mark)
        }
        self.labels = labels
        self.marks = marks
        self.width = width
        self.height = height
    }
}
