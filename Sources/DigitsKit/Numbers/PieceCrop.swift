/// The ink of one piece of a group (or of neighbouring groups read together): their marks between the
/// piece's seams, with the light edge pixels that touch them, and nothing of the other groups' marks.
struct PieceCrop {
    /// Ink levels, row-major, `width` × `height`: the piece's columns by the group's rows.
    let ink: [Float]
    let width: Int, height: Int
    /// Where the piece's marks lie, in the working picture's pixels (the whole crop when none does).
    let inkBox: PixelBox

    /// A piece holding marks over less than this share of its group's height is a stray end of a
    /// neighbour's stroke, not a digit.
    static let leastHeightShare = 0.4

    init(ink picture: [Float], marks: InkMarks, groups: MarkGroups, members: ClosedRange<Int>, piece: DigitCuts.Piece) {
        let box = members.dropFirst().reduce(groups.groups[members.lowerBound].box) { $0.union(groups.groups[$1].box) }
        let leftmost = piece.left.leftmost
        width = piece.right.rightmost - leftmost
        height = box.height
        func belongs(_ row: Int, _ column: Int) -> Bool {
            let label = marks.labels[row * marks.width + column]
            return label >= 0 && members.contains(groups.groupOfMark[Int(label)])
        }
        func touchesGroup(_ row: Int, _ column: Int) -> Bool {
            for r in max(row - 1, 0)...min(row + 1, marks.height - 1) {
                for c in max(column - 1, 0)...min(column + 1, marks.width - 1) where belongs(r, c) { return true }
            }
            return false
        }
        var ink = [Float](repeating: 0, count: width * height)
        var top = Int.max, bottom = Int.min, left = Int.max, right = Int.min
        for row in box.top...box.bottom {
            let start = piece.left.column(atRow: row)
            for column in start..<max(start, piece.right.column(atRow: row)) {
                let isMark = belongs(row, column)
                let touches = !isMark && marks.labels[row * marks.width + column] < 0 && touchesGroup(row, column)
                guard isMark || touches else { continue }
                ink[(row - box.top) * width + column - leftmost] = picture[row * marks.width + column]
                if isMark {
                    top = min(top, row); bottom = max(bottom, row)
                    left = min(left, column); right = max(right, column)
                }
            }
        }
        self.ink = ink
        inkBox = top <= bottom
            ? PixelBox(x: left, y: top, width: right - left + 1, height: bottom - top + 1)
            : PixelBox(x: leftmost, y: box.top, width: 0, height: 0)
    }
}
