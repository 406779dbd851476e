/// Which pixels of a group's box are its marks' ink.
struct GroupInk {
    let box: MarkGroups.Box
    private let isInk: [Bool]

    init(marks: InkMarks, groups: MarkGroups, group: Int) {
        box = groups.groups[group].box
        var isInk = [Bool](repeating: false, count: box.width * box.height)
        for row in box.top...box.bottom {
            for column in box.left...box.right {
                let label = marks.labels[row * marks.width + column]
                isInk[(row - box.top) * box.width + column - box.left] = label >= 0 && groups.groupOfMark[Int(label)] == group
            }
        }
        self.isInk = isInk
    }

    /// Paper outside the box.
    subscript(row: Int, column: Int) -> Bool {
        guard (box.top...box.bottom).contains(row), (box.left...box.right).contains(column) else { return false }
        return isInk[(row - box.top) * box.width + column - box.left]
    }
}
