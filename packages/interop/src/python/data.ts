/**
 * The data part of a generated Python script: numpy code that yields the same samples and the same
 * train/test split as nn-lang's loaders (a port of its seeded generator, splits, standardisation
 * and readers), so a model trained from the script sees what `nn train` sees. Framework-free: the
 * PyTorch and the Keras scripts share it. test/python-data.test.ts checks it against the loaders.
 */
import { DATA_SETS, type DataSpec } from '@nn-lang/language/catalogue';
import { pyFloat, pyNumber, pyString } from './literals.js';

export interface DataCodeOptions {
    /** Folder of the IDX files (MNIST) or the scikit-learn CSVs, as found where the export ran. */
    dataDir?: string;
    /** The CSV path as the script should name it (relative to the script when possible). */
    csvPath?: string;
    /** Where the .csv path is relative to: 'script' (the script's folder) or 'absolute'. */
    csvBase?: 'script' | 'absolute';
}

const RNG = `M32 = 0xFFFFFFFF


class Rng:
    """nn-lang's seeded generator (sfc32 seeded through splitmix32): equal seeds give equal data."""

    def __init__(self, seed):
        seed = int(seed)
        state = ((seed & M32) ^ (((int(seed / 2 ** 32) & M32) * 0x27D4EB2D) & M32)) & M32

        def mix():
            nonlocal state
            state = (state + 0x9E3779B9) & M32
            z = state
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            return (z ^ (z >> 16)) & M32

        self.a, self.b, self.c = mix(), mix(), mix()
        self.counter = 1
        for _ in range(12):
            self()

    def __call__(self):
        t = (self.a + self.b + self.counter) & M32
        self.counter = (self.counter + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = ((self.c << 21) | (self.c >> 11)) & M32
        self.c = (self.c + t) & M32
        return t / 4294967296


def js_round(x):
    """JavaScript's Math.round (halves go up), which nn-lang's split sizes use."""
    return math.floor(x + 0.5)


def shuffle_in_place(values, rng):
    for i in range(len(values) - 1, 0, -1):
        j = math.floor(rng() * (i + 1))
        values[i], values[j] = values[j], values[i]


def take(x, y, rows):
    rows = np.asarray(rows, dtype=np.int64)
    return x[rows], y[rows]


def shuffle_split(x, y, rng):
    order = list(range(len(y)))
    shuffle_in_place(order, rng)
    return take(x, y, order)


def stratified_held_counts(class_counts, fraction):
    target = js_round(sum(class_counts) * fraction)
    exact = [c * fraction for c in class_counts]
    held = [math.floor(e) for e in exact]
    missing = target - sum(held)
    for k in sorted(range(len(exact)), key=lambda k: (-(exact[k] - math.floor(exact[k])), k)):
        if missing <= 0:
            break
        if held[k] < class_counts[k]:
            held[k] += 1
            missing -= 1
    return held


def stratified_hold_out(x, y, fraction, rng):
    """Holds out round(n·fraction) rows, each class its share; both parts keep the row order."""
    rows_of = []
    for i, label in enumerate(y.tolist()):
        k = int(label)
        while len(rows_of) <= k:
            rows_of.append([])
        rows_of[k].append(i)
    counts = stratified_held_counts([len(rows) for rows in rows_of], fraction)
    held = set()
    for k, rows in enumerate(rows_of):
        shuffle_in_place(rows, rng)
        held.update(rows[:counts[k]])
    keep = [i for i in range(len(y)) if i not in held]
    out = [i for i in range(len(y)) if i in held]
    return take(x, y, keep), take(x, y, out)


def hold_out(x, y, fraction, rng):
    order = list(range(len(y)))
    shuffle_in_place(order, rng)
    held = set(order[:js_round(len(y) * fraction)])
    keep = [i for i in range(len(y)) if i not in held]
    out = [i for i in range(len(y)) if i in held]
    return take(x, y, keep), take(x, y, out)


def standardize(train_x, others):
    """Standardises features with the train split's mean and std (a constant feature keeps std 1)."""
    x64 = train_x.astype(np.float64)
    n = max(len(train_x), 1)
    # Running sums in row order, as nn-lang adds them (numpy's sum() would pair them up).
    mean = np.cumsum(x64, axis=0)[-1] / n if len(train_x) else np.zeros(train_x.shape[1])
    deviation = x64 - mean
    var = np.cumsum(deviation * deviation, axis=0)[-1] / n if len(train_x) else np.zeros(train_x.shape[1])
    std = np.sqrt(var)
    std = np.where(std > 1e-12, std, 1.0)
    scale = lambda x: ((x.astype(np.float64) - mean) / std).astype(np.float32)
    return scale(train_x), [scale(x) for x in others]


def split_train_test(x, y, task, seed, scale):
    """nn-lang's split of a set without an official one: a seeded 80/20 holdout (stratified for
    classes), each part shuffled, features standardised with the train part's statistics."""
    rng = Rng(seed)
    parts = stratified_hold_out(x, y, 0.2, rng) if task == "classification" else hold_out(x, y, 0.2, rng)
    train = shuffle_split(*parts[0], rng)
    test = shuffle_split(*parts[1], rng)
    if not scale:
        return train, test
    train_x, (test_x,) = standardize(train[0], [test[0]])
    return (train_x, train[1]), (test_x, test[1])


def derive_seed(seed, stream):
    """nn-lang's independent seed streams (1 weights, 2 shuffling, 3 dropout, 4 hold-out)."""
    state = ((math.floor(seed) & M32) ^ ((stream * 0x27D4EB2D) & M32)) & M32
    values = []
    for _ in range(2):
        state = (state + 0x9E3779B9) & M32
        z = state
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
        values.append((z ^ (z >> 16)) & M32)
    return values[1]


def validation_rows(count, fraction, seed):
    """The rows nn-lang trains on and the rows it validates on for \`validation = <fraction>\`."""
    split_at = math.floor(count * (1 - fraction))
    if split_at < 1 or split_at >= count:
        raise SystemExit(f"validation = {fraction} of {count} samples leaves no samples for training or validation")
    rng = Rng(derive_seed(seed, 4))
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = min(i, math.floor(rng() * (i + 1)))
        order[i], order[j] = order[j], order[i]
    return sorted(order[:split_at]), sorted(order[split_at:])`;

const GENERATORS = `GENERATOR_RADIUS = 5.0


def uniform(rng, low, high):
    return low + (high - low) * rng()


def normal(rng, mean, std):
    u = 1 - rng()
    v = rng()
    return mean + std * math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * v)


def sample_point(kind, label, rng):
    """TensorFlow Playground's 2-D sets as nn-lang draws them (points within radius ~5)."""
    R = GENERATOR_RADIUS
    if kind == "xor":
        sx = -1 if rng() < 0.5 else 1
        sy = sx if label == 1 else -sx
        return sx * (0.3 + uniform(rng, 0, R)), sy * (0.3 + uniform(rng, 0, R))
    if kind == "circle":
        r = uniform(rng, 0, 0.5 * R) if label == 1 else uniform(rng, 0.7 * R, R)
        angle = uniform(rng, 0, 2 * math.pi)
        return r * math.sin(angle), r * math.cos(angle)
    if kind == "spiral":
        t = rng()
        angle = 1.75 * 2 * math.pi * t + label * math.pi
        return t * R * math.sin(angle), t * R * math.cos(angle)
    centre = 2 if label == 1 else -2
    while True:
        dx = normal(rng, 0, 0.7)
        dy = normal(rng, 0, 0.7)
        if dx * dx + dy * dy < 2.5 * 2.5:
            return centre + dx, centre + dy


def generate(kind, n, noise, seed):
    """n points, half per class, split 50/50 into stratified, shuffled train and test halves."""
    rng = Rng(seed)
    amplitude = noise * GENERATOR_RADIUS
    x = np.zeros((n, 2), dtype=np.float32)
    y = np.zeros(n, dtype=np.float32)
    for i in range(n):
        label = 0 if i < n // 2 else 1
        px, py = sample_point(kind, label, rng)
        x[i, 0] = px + (uniform(rng, -amplitude, amplitude) if amplitude > 0 else 0)
        x[i, 1] = py + (uniform(rng, -amplitude, amplitude) if amplitude > 0 else 0)
        y[i] = label
    train, test = stratified_hold_out(x, y, 0.5, rng)
    return shuffle_split(*train, rng), shuffle_split(*test, rng)`;

const IDX = `def read_idx(path):
    """An IDX file (MNIST's format), gzipped or not, as a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load_idx_set(folder, suffix=""):
    """MNIST-style files: the official train/test split, pixels scaled to [0, 1], 28×28×1 samples."""
    parts = []
    for stem in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        parts.append(read_idx(os.path.join(folder, stem + suffix)))
    images = lambda a: (a.astype(np.float64) / 255).astype(np.float32).reshape(len(a), 28, 28, 1)
    return (images(parts[0]), parts[1].astype(np.float32)), (images(parts[2]), parts[3].astype(np.float32))`;

const SKLEARN = `def load_sklearn_csv(path, name):
    """scikit-learn's bundled CSV files (nn-lang ships the same copies): rows of features, class last."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        rows = [line.strip().split(",") for line in f if line.strip()]
    if name != "digits":
        rows = rows[1:]  # the header: n_samples, n_features, class names
    values = np.array([[float(v) for v in row] for row in rows], dtype=np.float64)
    x = values[:, :-1] / 16 if name == "digits" else values[:, :-1]
    return x.astype(np.float32), values[:, -1].astype(np.float32)`;

const CSV = `NUMBER = re.compile(r"^[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?$")
MISSING = {"", "na", "n/a", "nan", "null", "none", "?"}


def parse_csv(text):
    """RFC 4180 records as nn-lang reads them: (cells, line); blank lines are skipped."""
    records, cells, cell, line, record_line = [], [], "", 1, 1
    quoted_seen, at_start, i, n = False, True, 1 if text.startswith("\\ufeff") else 0, len(text)

    def end_record():
        nonlocal cells, cell, quoted_seen
        cells.append(cell)
        if not (len(cells) == 1 and cells[0] == "" and not quoted_seen):
            records.append((cells, record_line))
        cells, cell, quoted_seen = [], "", False

    while i < n:
        ch = text[i]
        if at_start and ch == '"':
            quoted_seen, open_line, i, closed = True, line, i + 1, False
            while i < n:
                c = text[i]
                if c == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        cell += '"'
                        i += 2
                        continue
                    i += 1
                    closed = True
                    break
                if c == "\\n" or (c == "\\r" and (i + 1 >= n or text[i + 1] != "\\n")):
                    line += 1
                cell += c
                i += 1
            if not closed:
                raise SystemExit(f"{CSV_PATH}:{open_line}: a quoted cell opened here is never closed")
            at_start = False
            continue
        if ch == ",":
            cells.append(cell)
            cell, at_start, i = "", True, i + 1
            continue
        if ch in "\\r\\n":
            end_record()
            i += 2 if ch == "\\r" and i + 1 < n and text[i + 1] == "\\n" else 1
            line += 1
            record_line, at_start = line, True
            continue
        j = i + 1
        while j < n and text[j] not in ",\\r\\n":
            j += 1
        cell += text[i:j]
        at_start, i = False, j
    if cell != "" or cells or quoted_seen:
        end_record()
    return records


def load_csv(path, label, task, seed):
    """csv("file", label="column") as nn-lang reads it: numeric features, the label column as classes
    (sorted) or regression targets, then its split (seeded 80/20, standardised)."""
    with open(path, encoding="utf-8") as f:
        records = parse_csv(f.read())
    if not records:
        raise SystemExit(f"{path}: the file is empty")
    header = [c.strip() for c in records[0][0]]
    if header.count(label) != 1:
        raise SystemExit(f"{path}:{records[0][1]}: no single column named {label!r}; the columns are {', '.join(header)}")
    label_column = header.index(label)
    features = [i for i in range(len(header)) if i != label_column]
    x, labels = [], []
    for cells, line in records[1:]:
        if len(cells) != len(header):
            raise SystemExit(f"{path}:{line}: this row has {len(cells)} cells but the header has {len(header)}")
        row = []
        for i in features:
            cell = cells[i].strip()
            if cell.lower() in MISSING or not NUMBER.match(cell):
                raise SystemExit(f"{path}:{line}: column {header[i]!r}: {cell!r} is not a number")
            row.append(float(cell))
        value = cells[label_column].strip()
        if value.lower() in MISSING:
            raise SystemExit(f"{path}:{line}: missing label in column {label!r}")
        x.append(row)
        labels.append(value)
    x = np.array(x, dtype=np.float32).reshape(len(labels), len(features))
    if task == "regression":
        y = np.array([float(v) for v in labels], dtype=np.float32)
        classes = 0
    else:
        numeric = all(NUMBER.match(v) for v in labels)
        keys = [float(v) for v in labels] if numeric else labels
        names = sorted(set(keys))
        index = {k: i for i, k in enumerate(names)}
        y = np.array([index[k] for k in keys], dtype=np.float32)
        classes = len(names)
    train, test = split_train_test(x, y, task, seed, True)
    return train, test, classes`;

/** The folder of the CSV, as Python code. */
function csvPathCode(options: DataCodeOptions, spec: { path: string }): string {
    const path = options.csvPath ?? spec.path;
    if (options.csvBase === 'script') return `os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyString(path)})`;
    return pyString(path);
}

export interface DataCode {
    /** Python modules the code imports (beyond numpy). */
    imports: string[];
    /** Constants (DATA_DIR, CSV_PATH, ...), one per line. */
    settings: string[];
    /** Function definitions, ending with `load_data(data_dir)`. */
    code: string;
    /** One line for the script's header: where the data comes from. */
    source: string;
}

/**
 * The Python that loads `spec`: `load_data(data_dir)` returns
 * `(x_train, y_train), (x_test, y_test), num_classes, task` as numpy arrays (labels are class
 * indices for classification), the same samples in the same order as nn-lang's loader.
 * `fallback` names a function the framework script defines to fetch MNIST-style sets when the
 * IDX files are not where DATA_DIR says (torchvision, keras.datasets).
 */
export function pythonDataCode(spec: DataSpec, seed: number | undefined, task: 'classification' | 'regression', options: DataCodeOptions = {}): DataCode {
    const dataSeed = seed ?? 0;
    const parts = [RNG];
    const imports = ['math', 'os'];
    const settings: string[] = [];
    let body: string;
    let source: string;
    switch (spec.kind) {
        case 'mnist':
        case 'fashion_mnist': {
            const fashion = spec.kind === 'fashion_mnist';
            imports.push('gzip');
            parts.push(IDX);
            settings.push(`DATA_DIR = ${pyString(options.dataDir ?? (fashion ? DATA_SETS.fashion_mnist.install.dir : 'mnist'))}  # the IDX files; --data-dir changes it`);
            const suffix = fashion ? '.gz' : '';
            body = [
                `    suffix = ${pyString(suffix)}`,
                '    if os.path.exists(os.path.join(data_dir, "train-images-idx3-ubyte" + suffix)):',
                '        train, test = load_idx_set(data_dir, suffix)',
                '    else:',
                `        train, test = download_fallback(${pyString(spec.kind)}, data_dir)`,
                '    return train, test, 10, "classification"'
            ].join('\n');
            source = `${fashion ? 'Fashion-MNIST' : 'MNIST'}: the IDX files in DATA_DIR (or --data-dir); without them, ${'the framework\'s own download'}`;
            break;
        }
        case 'iris':
        case 'wine':
        case 'breast_cancer':
        case 'digits': {
            imports.push('gzip');
            parts.push(SKLEARN);
            const file = { iris: 'iris.csv', wine: 'wine_data.csv', breast_cancer: 'breast_cancer.csv', digits: 'digits.csv.gz' }[spec.kind];
            settings.push(`DATA_DIR = ${pyString(options.dataDir ?? 'data')}  # scikit-learn's CSV files; --data-dir changes it`);
            body = [
                `    path = os.path.join(data_dir, ${pyString(file)})`,
                '    if not os.path.exists(path):',
                '        try:  # scikit-learn ships the very same file',
                '            import sklearn.datasets',
                `            path = os.path.join(os.path.dirname(sklearn.datasets.__file__), "data", ${pyString(file)})`,
                '        except ImportError:',
                `            raise SystemExit(f"cannot find {path}: give the folder holding ${file} with --data-dir, or install scikit-learn")`,
                `    x, y = load_sklearn_csv(path, ${pyString(spec.kind)})`,
                `    train, test = split_train_test(x, y, "classification", ${dataSeed}, ${spec.kind === 'digits' ? 'False' : 'True'})`,
                `    return train, test, ${spec.kind === 'iris' || spec.kind === 'wine' ? 3 : spec.kind === 'digits' ? 10 : 2}, "classification"`
            ].join('\n');
            source = `scikit-learn's ${spec.kind} (${file} in DATA_DIR, or scikit-learn's own copy), split 80/20 with seed ${dataSeed}`;
            break;
        }
        case 'xor':
        case 'circle':
        case 'spiral':
        case 'gaussian':
            parts.push(GENERATORS);
            body = [
                `    train, test = generate(${pyString(spec.kind)}, ${pyNumber(spec.n)}, ${pyFloat(spec.noise)}, ${dataSeed})`,
                '    return train, test, 2, "classification"'
            ].join('\n');
            source = `${spec.kind}(n=${spec.n}, noise=${spec.noise}), generated with seed ${dataSeed} exactly as nn-lang does`;
            break;
        case 'csv':
            imports.push('re');
            parts.push(CSV);
            settings.push(`CSV_PATH = ${csvPathCode(options, spec)}  # --data-dir replaces its folder`);
            body = [
                '    path = CSV_PATH if data_dir is None else os.path.join(data_dir, os.path.basename(CSV_PATH))',
                `    train, test, classes = load_csv(path, ${pyString(spec.label)}, ${pyString(task)}, ${dataSeed})`,
                `    return train, test, classes, ${pyString(task)}`
            ].join('\n');
            source = `${options.csvPath ?? spec.path}, label column "${spec.label}", split 80/20 with seed ${dataSeed}`;
            break;
    }
    parts.push(`def load_data(data_dir):\n    """(x_train, y_train), (x_test, y_test), class count, task: nn-lang's samples and split."""\n${body}`);
    return { imports, settings, code: parts.join('\n\n\n'), source };
}
