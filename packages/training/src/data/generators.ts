/**
 * TensorFlow Playground's four 2-D classification sets, written for nn-lang. The geometry follows
 * the Playground (points within radius ~5 of the origin); `noise` has one meaning for all four:
 * each coordinate moves by a uniform amount in [-noise·R, noise·R], R = 5. At noise 0 every set
 * is separable by its rule with a margin (see the test), which noise then erodes.
 */
import { DataError } from './errors.js';
import { DATASET_FACTS, GENERATOR_KINDS, GENERATOR_TEST_FRACTION, MAX_GENERATED_POINTS, MIN_GENERATED_POINTS } from '@nn-lang/language/catalogue';
import { createRng, normal, uniform, type Rng } from './rng.js';
import { shuffleSplit, stratifiedHoldOut } from './split.js';
import { DEFAULT_DATA_SEED } from './tabular.js';
import type { Dataset, GeneratorName, GeneratorSpec } from './types.js';

export const GENERATOR_RADIUS = 5;
const R = GENERATOR_RADIUS;
/** xor points keep this distance from both axes before noise, so noise 0 has a margin. */
const XOR_GAP = 0.3;
/** circle: class 1 fills r < 0.5R, class 0 the ring 0.7R..R. */
const INNER = 0.5 * R;
const OUTER_FROM = 0.7 * R;
/** spiral: turns of each arm from the centre to radius R. */
const SPIRAL_TURNS = 1.75;
/** gaussian: blobs at ±(2, 2), σ per coordinate, cut at GAUSS_CUT from the centre (< 2√2: separable). */
const GAUSS_CENTRE = 2;
const GAUSS_SIGMA = 0.7;
const GAUSS_CUT = 2.5;

export const GENERATOR_NAMES: readonly GeneratorName[] = GENERATOR_KINDS;
export { MAX_GENERATED_POINTS };

type Point = [number, number];
type Sampler = (label: 0 | 1, rng: Rng) => Point;

const sign = (rng: Rng): number => (rng() < 0.5 ? -1 : 1);

const SAMPLERS: Record<GeneratorName, Sampler> = {
    // Class 1: both coordinates of one sign (x·y > 0); class 0: opposite signs.
    xor(label, rng) {
        const sx = sign(rng);
        const sy = label === 1 ? sx : -sx;
        return [sx * (XOR_GAP + uniform(rng, 0, R)), sy * (XOR_GAP + uniform(rng, 0, R))];
    },
    // Class 1: inside the disc; class 0: on the outer ring.
    circle(label, rng) {
        const r = label === 1 ? uniform(rng, 0, INNER) : uniform(rng, OUTER_FROM, R);
        const angle = uniform(rng, 0, 2 * Math.PI);
        return [r * Math.sin(angle), r * Math.cos(angle)];
    },
    // Two interleaved arms, the second rotated by half a turn.
    spiral(label, rng) {
        const t = rng();
        const angle = spiralAngle(t, label);
        return [t * R * Math.sin(angle), t * R * Math.cos(angle)];
    },
    // Class 1 around (2, 2), class 0 around (-2, -2).
    gaussian(label, rng) {
        const c = label === 1 ? GAUSS_CENTRE : -GAUSS_CENTRE;
        for (;;) {
            const dx = normal(rng, 0, GAUSS_SIGMA);
            const dy = normal(rng, 0, GAUSS_SIGMA);
            if (dx * dx + dy * dy < GAUSS_CUT * GAUSS_CUT) return [c + dx, c + dy];
        }
    }
};

/** Angle (radians, measured from +y towards +x) of arm `label` at fraction t of its length. */
export function spiralAngle(t: number, label: 0 | 1): number {
    return SPIRAL_TURNS * 2 * Math.PI * t + label * Math.PI;
}

function checkSpec(spec: GeneratorSpec): void {
    const bad = (detail: string): DataError => new DataError('bad-argument', `${spec.kind}: ${detail}`);
    if (!GENERATOR_NAMES.includes(spec.kind)) throw new DataError('bad-argument', `unknown generator "${spec.kind}"; expected one of ${GENERATOR_NAMES.join(', ')}`);
    if (!Number.isInteger(spec.n) || spec.n < MIN_GENERATED_POINTS || spec.n > MAX_GENERATED_POINTS) {
        throw bad(`n must be an integer from ${MIN_GENERATED_POINTS} to ${MAX_GENERATED_POINTS.toLocaleString('en-US')} (two classes, each in train and test), got ${spec.n}`);
    }
    if (!(spec.noise >= 0 && spec.noise <= 1)) {
        throw bad(`noise must be a fraction of the data's radius from 0 to 1 (0.1 = 10%), got ${spec.noise}`);
    }
}

/**
 * A generated 2-D, 2-class set: n points (n/2 per class, the odd one to class 1), split 50/50
 * into stratified train and test halves, each shuffled. Deterministic for a seed
 * (DEFAULT_DATA_SEED when absent). Browser-safe.
 */
export function generateDataset(spec: GeneratorSpec, options: { seed?: number } = {}): Dataset {
    checkSpec(spec);
    const seed = options.seed ?? DEFAULT_DATA_SEED;
    const rng = createRng(seed);
    const sample = SAMPLERS[spec.kind];
    const amplitude = spec.noise * R;
    const x = new Float32Array(spec.n * 2);
    const y = new Float32Array(spec.n);
    const perClass0 = Math.floor(spec.n / 2);
    for (let i = 0; i < spec.n; i++) {
        const label = i < perClass0 ? 0 : 1;
        const [px, py] = sample(label, rng);
        x[2 * i] = px + (amplitude > 0 ? uniform(rng, -amplitude, amplitude) : 0);
        x[2 * i + 1] = py + (amplitude > 0 ? uniform(rng, -amplitude, amplitude) : 0);
        y[i] = label;
    }
    const parts = stratifiedHoldOut({ x, y, count: spec.n }, GENERATOR_TEST_FRACTION, rng);
    const train = shuffleSplit(parts.train, rng);
    const test = shuffleSplit(parts.held, rng);
    const facts = DATASET_FACTS[spec.kind];
    return {
        name: spec.kind,
        sampleShape: [2],
        task: 'classification',
        numClasses: 2,
        classNames: [...facts.classNames],
        labelEncoding: 'index',
        train,
        test,
        description: `${spec.kind}(n=${spec.n}, noise=${spec.noise}): TensorFlow Playground-style 2-D points within radius ~${R}, ` +
            `2 classes (${facts.classNames.join(' / ')}); noise moves each coordinate by up to ±${amplitude.toFixed(2)}; ` +
            `train ${train.count} / test ${test.count} (stratified ${Math.round(GENERATOR_TEST_FRACTION * 100)}% holdout), seed ${seed}`
    };
}
