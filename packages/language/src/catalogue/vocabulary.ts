/**
 * The closed sets of names a `.nn` file may use as values, with the documentation hover and
 * completion show. Keras spells them in snake_case; tfjs in camelCase — both spellings live here.
 */

export interface NamedValue {
    /** The name as written in `.nn` (Keras spelling). */
    name: string;
    /** One line: what it is. */
    summary: string;
    /** The formula or definition, plain text with Unicode maths. */
    formula?: string;
}

export interface ActivationInfo extends NamedValue {
    /** tfjs activation identifier; absent when tfjs has no string for it (then a layer is added). */
    tfjs?: string;
    /** True when the function is not linear (breaks a Dense→Dense collapse). */
    nonLinear: boolean;
}

export const ACTIVATIONS: readonly ActivationInfo[] = [
    { name: 'linear', summary: 'Identity: passes the weighted sum through unchanged (the default).', formula: 'f(x) = x', tfjs: 'linear', nonLinear: false },
    { name: 'relu', summary: 'Rectified linear unit: zero for negative inputs, identity otherwise.', formula: 'f(x) = max(0, x)', tfjs: 'relu', nonLinear: true },
    { name: 'sigmoid', summary: 'Logistic function: squashes to (0, 1); the output of a binary classifier.', formula: 'f(x) = 1 / (1 + e^(−x))', tfjs: 'sigmoid', nonLinear: true },
    { name: 'tanh', summary: 'Hyperbolic tangent: squashes to (−1, 1), zero-centred.', formula: 'f(x) = (e^x − e^(−x)) / (e^x + e^(−x))', tfjs: 'tanh', nonLinear: true },
    { name: 'softmax', summary: 'Turns a vector of scores into probabilities that sum to 1; the output of a multi-class classifier.', formula: 'f(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)', tfjs: 'softmax', nonLinear: true },
    { name: 'leaky_relu', summary: 'ReLU with a small slope for negative inputs, so units never die completely.', formula: 'f(x) = x if x > 0, else 0.2·x', nonLinear: true },
    { name: 'elu', summary: 'Exponential linear unit: smooth for negative inputs, saturating at −1.', formula: 'f(x) = x if x > 0, else eˣ − 1', tfjs: 'elu', nonLinear: true },
    { name: 'selu', summary: 'Scaled ELU: self-normalising with lecun_normal initialisation.', formula: 'f(x) = 1.0507·(x if x > 0, else 1.6733·(eˣ − 1))', tfjs: 'selu', nonLinear: true },
    { name: 'softplus', summary: 'A smooth ReLU.', formula: 'f(x) = ln(1 + eˣ)', tfjs: 'softplus', nonLinear: true },
    { name: 'softsign', summary: 'Squashes to (−1, 1), more gently than tanh.', formula: 'f(x) = x / (1 + |x|)', tfjs: 'softsign', nonLinear: true },
    { name: 'relu6', summary: 'ReLU capped at 6.', formula: 'f(x) = min(max(0, x), 6)', tfjs: 'relu6', nonLinear: true },
    { name: 'swish', summary: 'Self-gated: x times its sigmoid (also called SiLU).', formula: 'f(x) = x · sigmoid(x)', tfjs: 'swish', nonLinear: true },
    { name: 'gelu', summary: 'Gaussian error linear unit: x weighted by the probability a standard normal is below it.', formula: 'f(x) = x · Φ(x) = ½x(1 + erf(x/√2))', tfjs: 'gelu', nonLinear: true },
    { name: 'hard_sigmoid', summary: 'A piecewise-linear, cheaper sigmoid.', formula: 'f(x) = clip(0.2·x + 0.5, 0, 1)', tfjs: 'hardSigmoid', nonLinear: true }
];

export const PADDINGS: readonly NamedValue[] = [
    { name: 'valid', summary: 'No padding: the window only visits positions where it fits, so the output shrinks.', formula: 'out = ⌈(in − (k − 1)·d) / s⌉' },
    { name: 'same', summary: 'Zero padding so that, with stride 1, the output has the input\'s size.', formula: 'out = ⌈in / s⌉' }
];

export const INTERPOLATIONS: readonly NamedValue[] = [
    { name: 'nearest', summary: 'Repeats each pixel: every output pixel copies the input pixel it falls in.', formula: 'out[i, j] = in[⌊i / s₀⌋, ⌊j / s₁⌋]' },
    { name: 'bilinear', summary: 'Blends the four nearest input pixels, weighted by distance: smoother, no blocks.', formula: 'out = Σ of the 4 neighbours × (1 − |Δi|)(1 − |Δj|)' }
];

export interface InitializerInfo extends NamedValue {
    tfjs: string;
}

export const INITIALIZERS: readonly InitializerInfo[] = [
    { name: 'glorot_uniform', summary: 'Xavier/Glorot uniform (the Keras default for kernels).', formula: 'U(−l, l), l = √(6 / (fan_in + fan_out))', tfjs: 'glorotUniform' },
    { name: 'glorot_normal', summary: 'Xavier/Glorot normal.', formula: 'N(0, σ²) truncated, σ = √(2 / (fan_in + fan_out))', tfjs: 'glorotNormal' },
    { name: 'he_uniform', summary: 'He uniform, suited to ReLU.', formula: 'U(−l, l), l = √(6 / fan_in)', tfjs: 'heUniform' },
    { name: 'he_normal', summary: 'He normal, suited to ReLU.', formula: 'N(0, σ²) truncated, σ = √(2 / fan_in)', tfjs: 'heNormal' },
    { name: 'lecun_uniform', summary: 'LeCun uniform, suited to SELU.', formula: 'U(−l, l), l = √(3 / fan_in)', tfjs: 'leCunUniform' },
    { name: 'lecun_normal', summary: 'LeCun normal, suited to SELU.', formula: 'N(0, σ²) truncated, σ = √(1 / fan_in)', tfjs: 'leCunNormal' },
    { name: 'random_uniform', summary: 'Uniform on [−0.05, 0.05].', formula: 'U(−0.05, 0.05)', tfjs: 'randomUniform' },
    { name: 'random_normal', summary: 'Normal with standard deviation 0.05.', formula: 'N(0, 0.05²)', tfjs: 'randomNormal' },
    { name: 'truncated_normal', summary: 'Normal with standard deviation 0.05, redrawn beyond two deviations.', formula: 'N(0, 0.05²), |x| ≤ 0.1', tfjs: 'truncatedNormal' },
    { name: 'orthogonal', summary: 'A random orthogonal matrix (the default for recurrent kernels).', formula: 'W = Q from the QR decomposition of a normal matrix', tfjs: 'orthogonal' },
    { name: 'zeros', summary: 'All zeros (the default for biases). On kernels, every unit stays identical.', formula: 'W = 0', tfjs: 'zeros' },
    { name: 'ones', summary: 'All ones.', formula: 'W = 1', tfjs: 'ones' }
];

export function findActivation(name: string): ActivationInfo | undefined {
    return ACTIVATIONS.find(a => a.name === name);
}

export function findInitializer(name: string): InitializerInfo | undefined {
    return INITIALIZERS.find(i => i.name === name);
}
