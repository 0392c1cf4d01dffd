/**
 * The Keras 3 script of an export: the model in Keras's functional API (layer names as the
 * statements'), compile and fit with the .nn file's loss, optimizer, metrics, epochs, batch size,
 * validation and seed, and the same data (the numpy port shared with the PyTorch export).
 */
import type { ModelDescription, OptimizerSpec, TrainingDescription } from '@nn-lang/language';
import { pythonDataCode } from '../python/data.js';
import { pyComment, pyFloat, pyIdentifier, pyString, pyTuple, pyValue } from '../python/literals.js';
import { pythonTargetKind, pythonTrainingSplits, taskOf } from '../python/training.js';
import type { ScriptExport, ScriptOptions } from '../pytorch/script.js';
import { kerasOptimizerText } from '../pytorch/optimizer.js';
import { statementName } from '../shared/keras-math.js';
import { KERAS_LAYERS } from './table.js';

const RESERVED = new Set(['x', 'inputs', 'model', 'keras', 'layers', 'np', 'build_model', 'keras2_hard_sigmoid']);

function kerasOptimizer(spec: OptimizerSpec): string {
    const n = (name: string, d: number) => pyFloat(typeof spec.args[name] === 'number' ? (spec.args[name] as number) : d);
    const lr = `learning_rate=${pyFloat(spec.learningRate)}`;
    switch (spec.name) {
        case 'sgd':
            return `keras.optimizers.SGD(${lr}, momentum=${n('momentum', 0)}, nesterov=${spec.args.nesterov === true ? 'True' : 'False'})`;
        case 'rmsprop':
            return `keras.optimizers.RMSprop(${lr}, rho=${n('rho', 0.9)}, momentum=${n('momentum', 0)}, epsilon=${n('epsilon', 1e-7)})`;
        case 'adam':
            return `keras.optimizers.Adam(${lr}, beta_1=${n('beta_1', 0.9)}, beta_2=${n('beta_2', 0.999)}, epsilon=${n('epsilon', 1e-7)})`;
        case 'adagrad':
            // tfjs fixes Adagrad's epsilon at 1e-7, as Keras's default.
            return `keras.optimizers.Adagrad(${lr}, initial_accumulator_value=${n('initial_accumulator_value', 0.1)}, epsilon=1e-07)`;
    }
}

function modelCode(model: ModelDescription): { code: string; usesHardSigmoid: boolean } {
    const lines = ['def build_model():', `    inputs = keras.Input(shape=${pyTuple(model.input)}, name="input")`, '    x = inputs'];
    const kept = new Set<number>();
    for (const layer of model.layers) for (const i of layer.inputs.slice(1)) kept.add(i);
    const names = new Map<number, string>();
    const used = new Set(RESERVED);
    let usesHardSigmoid = false;
    for (const layer of model.layers) {
        const entry = KERAS_LAYERS[layer.type];
        if (!entry) throw new Error(`layer kind ${layer.type} (line ${layer.line}) has no Keras mapping`);
        const call = entry(layer);
        if ([...call.positional, ...call.keywords.map(k => k[1])].includes('keras2_hard_sigmoid')) usesHardSigmoid = true;
        const argsText = [...call.positional, ...call.keywords.map(([k, v]) => `${k}=${v}`), `name=${pyString(statementName(layer))}`].join(', ');
        const inputs = layer.inputs.map((i, k) => (k === 0 ? 'x' : names.get(i)!));
        const applied = inputs.length > 1 ? `[${inputs.join(', ')}]` : inputs[0];
        lines.push(`    x = layers.${call.className}(${argsText})(${applied})  # line ${layer.line} → [${layer.outputShape.join(', ')}]`);
        if (kept.has(layer.index)) {
            const name = pyIdentifier(layer.label ?? `out_${layer.index}`, used);
            used.add(name);
            names.set(layer.index, name);
            lines.push(`    ${name} = x`);
        }
    }
    lines.push(`    return keras.Model(inputs, x, name=${pyString(model.name)})`);
    return { code: lines.join('\n'), usesHardSigmoid };
}

const HARD_SIGMOID = `@keras.saving.register_keras_serializable(package="nn_lang")
def keras2_hard_sigmoid(x):
    """Keras 2's (and tfjs's) hard sigmoid, clip(0.2·x + 0.5, 0, 1): Keras 3's hard_sigmoid is relu6(x + 3) / 6."""
    return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)`;

const TRAINING = String.raw`def targets(y, kind, num_classes):
    if kind == "sparse":
        return y.astype("int64")
    if kind == "one-hot":
        return keras.utils.to_categorical(y.astype("int64"), num_classes)
    return y.astype("float32").reshape(len(y), *OUTPUT_SHAPE)


def train(args):
    seed = SEED if SEED is not None else int.from_bytes(os.urandom(4), "little") % 2147483647
    keras.utils.set_random_seed(seed)
    (x_train, y_train), validation, (x_test, y_test), num_classes, task = training_splits(args, seed)
    kind = target_kind(num_classes, task)
    shaped = lambda x: x.reshape(len(x), *INPUT_SHAPE)
    model = build_model()
    model.compile(loss=LOSS, optimizer=make_optimizer(), metrics=METRICS)
    model.fit(shaped(x_train), targets(y_train, kind, num_classes), epochs=args.epochs or EPOCHS,
              batch_size=args.batch_size or BATCH_SIZE, shuffle=True,
              validation_data=None if validation is None else (shaped(validation[0]), targets(validation[1], kind, num_classes)))
    if len(y_test) and VALIDATION != "test":
        print("test:", model.evaluate(shaped(x_test), targets(y_test, kind, num_classes), return_dict=True, verbose=0))
    model.save(args.out)
    print(f"saved {args.out} (nn import {args.out} reads it back as a .nn file)")`;

/** The Keras 3 script for a model, with its training when `training` is given. */
export function exportKeras(model: ModelDescription, training: TrainingDescription | undefined, options: ScriptOptions = {}): ScriptExport {
    const { code, usesHardSigmoid } = modelCode(model);
    const task = training ? taskOf(training) : 'classification';
    const data = training ? pythonDataCode(training.data, training.seed, task, options) : undefined;
    const script = options.scriptName ?? 'model_keras.py';
    const warnings: string[] = [];
    if (usesHardSigmoid) warnings.push('hard_sigmoid is exported as keras2_hard_sigmoid, a registered function: Keras 3\'s own hard_sigmoid is a different curve');
    const out: string[] = ['#!/usr/bin/env python3'];
    out.push([
        `"""${model.name}: a Keras 3 script exported by nn-lang${options.version ? ` ${options.version}` : ''}${options.source ? ` from ${options.source}` : ''} (model ${model.name}).`,
        '',
        `Check the model:   python ${script} --check     (prints "params: N output: [...]"; nn-lang counts ${model.params.total})`,
        ...(training
            ? [
                `Train it:          python ${script}             (then saves ${model.name}.keras, which nn import reads back)`,
                `    data: ${data!.source}`,
                `    loss ${training.loss}, ${kerasOptimizerText(training.optimizer)}, ${training.epochs} epochs, batch ${training.batchSize}` +
                    `${training.validation !== undefined ? `, validation ${training.validation}` : ''}, seed ${training.seed ?? 'random'}`
            ]
            : []),
        '',
        'Needs Keras 3 and a backend: pip install keras tensorflow (or jax, or torch with KERAS_BACKEND=torch).',
        '"""'
    ].join('\n'));
    const imports = new Set(['argparse', 'os', 'sys', ...(data?.imports ?? [])]);
    out.push([...imports].sort().map(m => `import ${m}`).join('\n'));
    out.push('');
    out.push('try:\n    import numpy as np\n    import keras\n    from keras import layers\nexcept ImportError as missing:\n    sys.exit(f"This script needs Keras 3 ({missing}): pip install keras tensorflow")');
    out.push('');
    const settings = [
        `INPUT_SHAPE = ${pyValue(model.input)}  # one sample, without the batch axis`,
        `OUTPUT_SHAPE = ${pyValue(model.output)}`
    ];
    if (training) {
        settings.push(
            `LOSS = ${pyString(training.loss)}`,
            `METRICS = ${pyValue(training.metrics)}`,
            `EPOCHS = ${training.epochs}`,
            `BATCH_SIZE = ${training.batchSize}`,
            `VALIDATION = ${training.validation === undefined ? 'None' : typeof training.validation === 'number' ? pyFloat(training.validation) : pyString(training.validation)}  # "test", a fraction of the training data, or None`,
            `SEED = ${training.seed ?? 'None'}`,
            ...(data?.settings ?? [])
        );
    }
    out.push(`## ---------------------------------------------------------------- settings (from the .nn file)\n${settings.join('\n')}`);
    out.push('');
    if (usesHardSigmoid) out.push(`\n${HARD_SIGMOID}\n`);
    out.push('');
    out.push('## ---------------------------------------------------------------- the model');
    if (warnings.length) out.push(pyComment(warnings.join('\n')));
    out.push(code);
    if (training && data) {
        out.push('', '', '## ---------------------------------------------------------------- data (the samples and split nn-lang uses)', data.code);
        if (training.data.kind === 'mnist' || training.data.kind === 'fashion_mnist') {
            out.push('', '', `def download_fallback(kind, data_dir):
    """MNIST-style sets through keras.datasets when the IDX files are not in data_dir."""
    loaded = (keras.datasets.mnist if kind == "mnist" else keras.datasets.fashion_mnist).load_data()
    images = lambda a: (a.astype(np.float64) / 255).astype(np.float32).reshape(-1, 28, 28, 1)
    return tuple((images(x), y.astype(np.float32)) for x, y in loaded)`);
        }
        out.push('', '', `def data_folder(args):\n    return args.data_dir${data.settings.some(s => s.startsWith('DATA_DIR')) ? ' or DATA_DIR' : ''}`);
        out.push('', '', '## ---------------------------------------------------------------- training', pythonTargetKind(), '', '', pythonTrainingSplits());
        out.push('', '', `def make_optimizer():\n    return ${kerasOptimizer(training.optimizer)}`);
        out.push('', '', TRAINING);
    }
    out.push('', '', [
        'def check():',
        '    model = build_model()',
        '    out = model(np.zeros((2, *INPUT_SHAPE), dtype="float32"))',
        '    print(f"params: {model.count_params()} output: {list(out.shape[1:])}", flush=True)',
        '',
        '',
        'def main():',
        `    parser = argparse.ArgumentParser(description=${pyString(`${model.name}, exported from nn-lang.`)})`,
        '    parser.add_argument("--check", action="store_true", help="build the model, run a batch of zeros, print params and output shape")',
        ...(training
            ? [
                '    parser.add_argument("--epochs", type=int, help="override the epochs of the .nn file")',
                '    parser.add_argument("--batch-size", type=int, help="override the batch size")',
                '    parser.add_argument("--limit", type=int, help="use only the first N training and test samples")',
                '    parser.add_argument("--data-dir", help="where the data files are")',
                `    parser.add_argument("--out", default=${pyString(`${model.name}.keras`)}, help="where to save the trained model")`,
                '    args = parser.parse_args()',
                '    check() if args.check else train(args)'
            ]
            : ['    parser.parse_args()', '    check()']),
        '',
        '',
        'if __name__ == "__main__":',
        '    main()'
    ].join('\n'));
    return { text: `${out.join('\n')}\n`, warnings, className: model.name, attributes: model.layers.map(statementName) };
}
