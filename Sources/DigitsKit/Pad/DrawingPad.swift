/// Everything the drawing pad does, without a terminal: the canvas, the keyboard cursor, the brush,
/// strokes and their undo, the view (canvas, network input, saliency, first-layer maps) and the live prediction. The terminal layer only
/// turns keys and mouse reports into `Input` and draws the state.
///
/// A number's pad has a wider canvas, read as `classify --number` reads a picture, and only the canvas view.
public struct DrawingPad {
    public enum Input: Equatable, Sendable {
        case moveCursor(dx: Int, dy: Int)
        case paintAtCursor
        case eraseAtCursor
        /// The mouse went down at a point in canvas pixel coordinates.
        case press(x: Float, y: Float, erasing: Bool)
        /// The mouse moved with a button held.
        case drag(x: Float, y: Float)
        case release
        case clear
        case undo
        case growBrush
        case shrinkBrush
        case toggleEraser
        /// The next view: canvas → what the network sees → saliency → first-layer maps → canvas.
        case cycleView
    }

    public private(set) var canvas: Canvas
    public private(set) var cursor: (x: Int, y: Int)
    public private(set) var brush = Brush()
    /// The left button and the keyboard's paint key erase instead of paint.
    public private(set) var eraser = false
    /// What the canvas area shows.
    public private(set) var view = PadView.canvas
    /// The current view's 28×28 picture (0 … 1); nil when it is the canvas itself.
    public private(set) var viewPicture: [Float]?
    /// What happened last, for the status line.
    public var lastAction = "ready"
    /// The guess for the current canvas; nil when there is no ink, or on a number's pad.
    public private(set) var prediction: DigitClassifier.Prediction?
    /// The number read so far on a number's pad; nil on a digit's pad or before a digit is found.
    /// Read by `readNumber()`, not after every input: reading touching digits takes tens of
    /// milliseconds, longer than mouse reports come apart, so the pad reads when they pause.
    public private(set) var number: NumberReading?
    /// Whether the canvas changed since `number` was read.
    public private(set) var numberIsStale = false
    public var readsNumber: Bool {
        if case .number = reader { true } else { false }
    }

    /// What reads the canvas: one digit, or a number.
    public enum Reader {
        case digit(DigitClassifier)
        case number(NumberReader)
    }

    private let reader: Reader
    /// Runs the network layer by layer for the saliency and maps views, made when first needed.
    private var inspector: NetworkInspector?
    private var undoStack: [Canvas] = []
    private var mouse: (x: Float, y: Float, erasing: Bool)?
    static let undoDepth = 200

    public init(classifier: DigitClassifier) {
        self.init(reader: .digit(classifier), width: Canvas.side)
    }

    /// A pad for `reader`. A number's canvas is `width` pixels wide and a digit's 28 tall; a digit's is 28×28.
    public init(reader: Reader, width: Int) {
        self.reader = reader
        let width = if case .number = reader { width } else { Canvas.side }
        canvas = Canvas(width: width, height: Canvas.side)
        cursor = (width / 2, Canvas.side / 2)
    }

    /// Applies one input; returns whether anything visible changed.
    @discardableResult
    public mutating func handle(_ input: Input) -> Bool {
        switch input {
        case let .moveCursor(dx, dy):
            cursor = (min(max(cursor.x + dx, 0), canvas.width - 1), min(max(cursor.y + dy, 0), canvas.height - 1))
            return true
        case .paintAtCursor, .eraseAtCursor:
            let erasing = (input == .eraseAtCursor) != eraser
            let (x, y, brush) = (Float(cursor.x) + 0.5, Float(cursor.y) + 0.5, brush)
            edit(erasing ? "erased" : "painted") { $0.stamp(x: x, y: y, brush: brush, erasing: erasing) }
        case let .press(x, y, erasing):
            let erasing = erasing != eraser
            pushUndo()
            mouse = (x, y, erasing)
            canvas.stamp(x: x, y: y, brush: brush, erasing: erasing)
            lastAction = erasing ? "erasing" : "drawing"
            predict()
        case let .drag(x, y):
            guard let last = mouse else { return false }
            canvas.stroke(from: (last.x, last.y), to: (x, y), brush: brush, erasing: last.erasing)
            mouse = (x, y, last.erasing)
            predict()
        case .release:
            guard let last = mouse else { return false }
            mouse = nil
            lastAction = last.erasing ? "erased" : "drew a stroke"
        case .clear:
            guard !canvas.isEmpty else { return false }
            edit("cleared") { $0.clear() }
        case .undo:
            guard let previous = undoStack.popLast() else {
                lastAction = "nothing to undo"
                return true
            }
            canvas = previous
            lastAction = "undone"
            predict()
        case .growBrush:
            brush.grow()
            lastAction = "brush \(brush.size + 1)"
        case .shrinkBrush:
            brush.shrink()
            lastAction = "brush \(brush.size + 1)"
        case .toggleEraser:
            eraser.toggle()
            lastAction = eraser ? "eraser on" : "eraser off"
        case .cycleView:
            guard !readsNumber else {
                lastAction = "the views show a single digit: digits draw without --number"
                return true
            }
            view = view.next
            lastAction = view.announcement
            if view == .saliency || view == .firstLayerMaps, inspector == nil, case let .digit(classifier) = reader {
                inspector = try? NetworkInspector(classifier.network.state, rule: classifier.rule)
            }
            refreshView()
        }
        return true
    }

    /// The picture formats `s` can save.
    public enum SaveFormat: String, CaseIterable, Sendable {
        case pgm, png
    }

    /// Writes the canvas, dark ink on white, as a file named for the local time into `directory`,
    /// never over another file; returns its path.
    public mutating func save(in directory: String, at date: Date = Date(), format: SaveFormat = .pgm) throws -> String {
        let bytes = switch format {
        case .pgm: canvas.pgm()
        case .png: try PNGWriter.png(canvas.gray, width: canvas.width, height: canvas.height)
        }
        let stem = directory + (readsNumber ? "/number-" : "/digit-") + Self.timestamp(date)
        var path = "\(stem).\(format.rawValue)", suffix = 2
        while FileManager.default.fileExists(atPath: path) {
            path = "\(stem)-\(suffix).\(format.rawValue)"
            suffix += 1
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        lastAction = "saved \(path)"
        return path
    }

    /// yyyyMMdd-HHmmss in local time.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return String(cFormat: "%04d%02d%02d-%02d%02d%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    private mutating func edit(_ action: String, _ change: (inout Canvas) -> Void) {
        pushUndo()
        change(&canvas)
        lastAction = action
        predict()
    }

    private mutating func pushUndo() {
        undoStack.append(canvas)
        if undoStack.count > Self.undoDepth { undoStack.removeFirst() }
    }

    private mutating func predict() {
        switch reader {
        case .number:
            numberIsStale = true
        case let .digit(classifier):
            prediction = try? classifier.classify(ink: canvas.ink, width: canvas.width, height: canvas.height)
            refreshView()
        }
    }

    /// Reads the number on the canvas, if it changed since it was last read.
    public mutating func readNumber() {
        guard numberIsStale, case let .number(numberReader) = reader else { return }
        number = try? numberReader.read(ink: canvas.ink, width: canvas.width, height: canvas.height)
        numberIsStale = false
    }

    private mutating func refreshView() {
        guard view != .canvas else { return viewPicture = nil }
        let input = prediction?.input ?? [UInt8](repeating: 0, count: Canvas.side * Canvas.side)
        if let inspector, view != .input {
            viewPicture = view.picture(input: input, inspector: inspector)
        } else {
            viewPicture = input.map { Float($0) / 255 }
        }
    }
}
