/**
 * ModelDescription → the source of one `nn.Module` class. Tensors flow in Keras's channels-last
 * order except through runs of convolution and pooling layers, which get one permute in and one
 * out; so Flatten orders features as Keras does and trained Keras/tfjs weights load unchanged.
 */
import type { LayerDescription, ModelDescription } from '@nn-lang/language';
import { indent, pyClassName, pyIdentifier, pyNumber } from '../python/literals.js';
import { kerasFans, statementName } from '../shared/keras-math.js';
import type { TorchHelper } from './helpers.js';
import { TORCH_LAYERS, type Layout, type TorchContext } from './table.js';

export interface TorchModule {
    className: string;
    /** The class definition. */
    code: string;
    helpers: Set<TorchHelper>;
    /** Differences from nn-lang's (tfjs's) computation a user should know about. */
    warnings: string[];
    /** Module attribute of each statement, by statement index (weights are named after it). */
    attributes: string[];
}

/** Initializers whose values depend on the fans. */
const VARIANCE_SCALING = new Set(['glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal']);

/** Names the generated code uses itself: labels that collide get a trailing underscore. */
const RESERVED = new Set(['x', 'mask', 'self', 'torch', 'nn', 'F', 'math', 'np', 'hard_sigmoid', 'expand_rank', 'ACTIVATIONS', 'super']);

interface Value {
    /** Python variable holding it. */
    name: string;
    layout: Layout;
    rank: number;
    mask?: string;
}

/** Permutation taking a tensor of sample rank `rank` from one layout to the other. */
function permute(expr: string, rank: number, from: Layout, to: Layout): string {
    if (from === to || rank < 2) return expr;
    const middle = Array.from({ length: rank - 1 }, (_, i) => i + 1);
    // last → first: (0, rank, 1, …, rank−1); first → last: (0, 2, …, rank, 1).
    const order = to === 'first' ? [0, rank, ...middle] : [0, ...middle.map(a => a + 1), 1];
    return `${expr}.permute(${order.join(', ')})`;
}

function describeLayer(layer: LayerDescription): string {
    return `${layer.type}${layer.label ? ` '${layer.label}'` : ''} (line ${layer.line}) → [${layer.outputShape.join(', ')}]`;
}

export function torchModule(model: ModelDescription): TorchModule {
    const helpers = new Set<TorchHelper>();
    const warnings: string[] = [];
    const init: string[] = [];
    const initializers: string[] = [];
    const forward: string[] = [];
    const attributes: string[] = [];

    // Outputs read again later by a merge (beyond the next statement) are kept in a variable.
    const keptIndices = new Set<number>();
    for (const layer of model.layers) for (const i of layer.inputs.slice(1)) keptIndices.add(i);

    // `chain` is the previous statement's output, always in `x`; `kept` the labelled outputs merges read.
    let chain: Value = { name: 'x', layout: 'last', rank: model.input.length };
    const kept = new Map<number, Value>();
    const usedNames = new Set<string>(RESERVED);

    for (const layer of model.layers) {
        const entry = TORCH_LAYERS[layer.type];
        if (!entry) throw new Error(`layer kind ${layer.type} (line ${layer.line}) has no PyTorch mapping`);
        const attr = statementName(layer);
        attributes.push(attr);
        let wanted = entry.wants(layer, chain.layout);
        if (layer.inputShapes[0].length < 2) wanted = 'last';

        // The chain changes layout on a line of its own; a kept value where a merge reads it.
        if (chain.layout !== wanted && chain.rank >= 2) {
            const comment = wanted === 'first' ? 'channels last (Keras) → channels first (PyTorch)' : 'back to channels last (Keras)';
            forward.push(`x = ${permute('x', chain.rank, chain.layout, wanted)}  # ${comment}`);
            chain = { ...chain, layout: wanted };
        }
        const inputs = layer.inputs.map((i, k) => {
            const v = k === 0 ? chain : kept.get(i);
            if (!v) throw new Error(`${describeLayer(layer)} reads statement ${i}, which is not kept`);
            return permute(v.name, v.rank, v.layout, wanted);
        });

        const before: string[] = [];
        const ctx: TorchContext = {
            layer,
            attr,
            inputs,
            layout: wanted,
            mask: chain.mask,
            module(code, suffix = '') {
                init.push(`self.${attr}${suffix} = ${code}`);
                return `self.${attr}${suffix}`;
            },
            initializer(param, name, shape) {
                if (!VARIANCE_SCALING.has(name.split('+')[0])) {
                    initializers.push(`"${param}": "${name}",`);
                    return;
                }
                const [fanIn, fanOut] = kerasFans(shape);
                initializers.push(`"${param}": ("${name}", ${pyNumber(fanIn)}, ${pyNumber(fanOut)}),`);
            },
            before: line => before.push(line),
            use: h => helpers.add(h),
            warn: text => warnings.push(`${describeLayer(layer)}: ${text}`)
        };
        const created = entry.createsMask?.(layer, inputs[0]);
        if (created) before.push(`mask = ${created}  # mask_zero: index 0 is padding; recurrent layers skip those steps`);
        const expr = entry.forward(ctx);
        forward.push(...before, `x = ${expr}  # ${describeLayer(layer)}`);

        const rank = layer.outputShape.length;
        const mask = created ? 'mask' : chain.mask && entry.carriesMask?.(layer) ? chain.mask : undefined;
        chain = { name: 'x', layout: rank >= 2 ? wanted : 'last', rank, mask };
        if (keptIndices.has(layer.index)) {
            const name = pyIdentifier(layer.label ?? `out_${layer.index}`, usedNames);
            usedNames.add(name);
            forward.push(`${name} = x`);
            let maskName: string | undefined;
            if (mask) {
                maskName = pyIdentifier(`${name}_mask`, usedNames);
                usedNames.add(maskName);
                forward.push(`${maskName} = ${mask}`);
            }
            kept.set(layer.index, { ...chain, name, mask: maskName });
        }
    }

    forward.push(`return ${permute('x', chain.rank, chain.layout, 'last')}`);

    const className = pyClassName(model.name);
    const lines: string[] = [];
    lines.push(`class ${className}(nn.Module):`);
    lines.push(`    """${model.name}: input [${model.input.join(', ')}] → output [${model.output.join(', ')}], ${model.params.total.toLocaleString('en-US')} parameters as Keras counts them.`);
    lines.push('');
    lines.push('    Tensors are channels-last, as in Keras; convolutions and pooling run channels-first inside.');
    lines.push('    """');
    lines.push('');
    lines.push('    def __init__(self):');
    lines.push('        super().__init__()');
    lines.push(indent(init.join('\n'), 8));
    if (initializers.length) {
        helpers.add('keras_init');
        lines.push('        # Keras\'s initial values (PyTorch\'s defaults differ): parameter → initializer or (initializer, fan_in, fan_out).');
        lines.push('        init_like_keras_(self, {');
        lines.push(indent(initializers.join('\n'), 12));
        lines.push('        })');
    }
    lines.push('');
    lines.push('    def forward(self, x):');
    lines.push(`        # x: [batch, ${model.input.join(', ')}]`);
    lines.push(indent(forward.join('\n'), 8));
    return { className, code: lines.join('\n'), helpers, warnings, attributes };
}
