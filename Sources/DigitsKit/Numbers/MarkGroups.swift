/// The marks of a picture sorted into the groups that may each hold one digit or several touching
/// ones: specks dropped, the pieces of a broken digit (a 5's flag, a 4's two strokes) joined,
/// dashes and strokes too flat to be digits dropped, left to right.
struct MarkGroups {
    /// A rectangle of the picture, its edges inclusive.
    struct Box: Equatable {
        var left: Int, top: Int, right: Int, bottom: Int

        var width: Int { right - left + 1 }
        var height: Int { bottom - top + 1 }

        func union(_ other: Box) -> Box {
            Box(left: min(left, other.left), top: min(top, other.top), right: max(right, other.right), bottom: max(bottom, other.bottom))
        }
    }

    struct Group {
        /// Indices into the marks.
        var marks: [Int]
        var box: Box
    }

    /// The height of a digit on this line: the median height of its larger marks.
    let lineHeight: Int
    let groups: [Group]
    /// For each mark, the index of its group; -1 for the marks dropped.
    let groupOfMark: [Int]

    /// Marks whose longer side is below this share of the line height are specks.
    static let speckShare = 0.15
    /// Marks at least this share of the largest one's area decide the line height.
    static let significantAreaShare = 0.15
    /// Two groups join when their columns overlap by this share of the narrower one and they are at
    /// most `joinGapShare` of the line height apart vertically.
    static let joinOverlapShare = 0.5
    static let joinGapShare = 0.3
    /// Groups flatter than this share of the line height are dashes or underlines, not digits.
    static let flatShare = 0.3

    /// More marks than this, specks aside, is not a line of digits (a photograph, noise): refused
    /// before any work that grows faster than the pixel count.
    static let maximumMarks = 256

    init(_ ink: InkMarks) throws(NumberReader.Failure) {
        let marks = ink.marks
        let largest = marks.map(\.area).max() ?? 0
        let heights = marks.filter { Double($0.area) >= Self.significantAreaShare * Double(largest) }.map(\.height).sorted()
        let lineHeight = heights.isEmpty ? 0 : heights[heights.count / 2]
        self.lineHeight = lineHeight
        let line = Double(lineHeight)

        var groups = marks.indices
            .filter { Double(max(marks[$0].width, marks[$0].height)) >= Self.speckShare * line }
            .map { Group(marks: [$0], box: Box(left: marks[$0].left, top: marks[$0].top, right: marks[$0].right, bottom: marks[$0].bottom)) }
            .sorted { $0.box.left < $1.box.left }
        guard groups.count <= Self.maximumMarks else { throw .tooManyMarks(count: groups.count, limit: Self.maximumMarks) }
        // Join until no pair qualifies; each join removes a group, so this ends.
        var joined = true
        while joined {
            joined = false
            search: for first in groups.indices {
                for second in groups.indices where second > first && Self.belongTogether(groups[first].box, groups[second].box, line: line) {
                    groups[first].marks += groups[second].marks
                    groups[first].box = groups[first].box.union(groups[second].box)
                    groups.remove(at: second)
                    joined = true
                    break search
                }
            }
        }
        let kept = groups.filter { Double($0.box.height) >= Self.flatShare * line }.sorted { $0.box.left < $1.box.left }
        var groupOfMark = [Int](repeating: -1, count: marks.count)
        for (index, group) in kept.enumerated() { for mark in group.marks { groupOfMark[mark] = index } }
        self.groups = kept
        self.groupOfMark = groupOfMark
    }

    static func belongTogether(_ a: Box, _ b: Box, line: Double) -> Bool {
        let overlap = min(a.right, b.right) - max(a.left, b.left) + 1
        let verticalGap = max(a.top, b.top) - min(a.bottom, b.bottom) - 1
        return Double(overlap) >= joinOverlapShare * Double(min(a.width, b.width)) && Double(verticalGap) <= joinGapShare * line
    }
}
