/** Small facts about Keras layers every target needs: padding amounts, fans, axes. */
import type { LayerDescription } from '@nn-lang/language';

/**
 * TensorFlow's padding for one spatial axis: `valid` pads nothing; `same` pads so that the output
 * has ⌈in/stride⌉ cells, putting the odd cell after (TensorFlow's rule, which PyTorch's and
 * ONNX's symmetric padding cannot express on its own).
 */
export function samePadding(length: number, window: number, stride: number, dilation = 1): [number, number] {
    const extent = (window - 1) * dilation + 1;
    const out = Math.ceil(length / stride);
    const total = Math.max((out - 1) * stride + extent - length, 0);
    const before = Math.floor(total / 2);
    return [before, total - before];
}

/** [before, after] per spatial axis. */
export function paddingOf(mode: string, spatial: readonly number[], window: readonly number[], strides: readonly number[], dilation?: readonly number[]): [number, number][] {
    return spatial.map((len, i) => (mode === 'same' ? samePadding(len, window[i], strides[i], dilation?.[i] ?? 1) : [0, 0]));
}

/**
 * A transposed convolution as TensorFlow computes it, per spatial axis: the full result of
 * spreading each input cell over a kernel-sized patch is (in − 1)·s + k long; `same` crops it to
 * in·s (the odd cell after, as the forward convolution pads), and where the kernel is shorter than
 * the stride the output still reaches in·s, its last s − k cells getting the bias alone
 * (`extra`, PyTorch's and ONNX's output_padding).
 */
export function transposedCrop(length: number, kernel: number, stride: number, out: number): { crop: [number, number]; extra: number } {
    const full = (length - 1) * stride + kernel;
    if (out >= full) return { crop: [0, 0], extra: out - full };
    const before = Math.floor((full - out) / 2);
    return { crop: [before, full - out - before], extra: 0 };
}

/** Keras's fans (and tfjs's, which our trainer follows): [in, out]; a vector counts √n for both. */
export function kerasFans(shape: readonly number[]): [number, number] {
    if (shape.length === 2) return [shape[0], shape[1]];
    if (shape.length >= 3) {
        const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
        return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
    }
    const size = shape.reduce((a, b) => a * b, 1);
    return [Math.sqrt(size), Math.sqrt(size)];
}

/** A Keras axis (the batch is 0; negative counts from the end) as a 0-based sample axis. */
export function sampleAxis(axis: number, rank: number): number {
    return axis < 0 ? rank + axis : axis - 1;
}

export function args(layer: LayerDescription) {
    const a = layer.args;
    return {
        num: (name: string) => a[name] as number,
        str: (name: string) => a[name] as string,
        bool: (name: string) => a[name] as boolean,
        tuple: (name: string) => a[name] as number[],
        maybeTuple: (name: string) => (a[name] ?? null) as number[] | null
    };
}

/** Keras's automatic layer names: Conv2D → conv2d, LeakyReLU → leaky_re_lu, SimpleRNN → simple_rnn. */
export function kerasSnake(className: string): string {
    return className.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * A statement's name in exported code and weight files: Keras's snake-case class name and the
 * statement's index (`dense_0`, `conv2d_3`). Unique within a model, and the same after an import
 * round trip (labels may be renamed then; positions are not).
 */
export function statementName(layer: LayerDescription): string {
    return `${kerasSnake(layer.type)}_${layer.index}`;
}
