"""PyTorch side of `npm run bench:train`: the same models, optimizers, batch size and kind of
synthetic data as the nn-lang runs, timed the same way (warm-up, then windows that never span an
epoch boundary; bench/train/windows.ts is the reference for the rules).

Reads a job (JSON) on stdin; writes one JSON object on stdout; progress goes to stderr.
The models are built from the trainer descriptions the language package produced, and their
parameter counts are checked against the .nn file's, so both sides train the same network.
Run with Debian's /usr/bin/python3 (python3-torch, libopenblas0-pthread).
"""
import ctypes
import json
import math
import os
import platform
import sys
import time

import torch
from torch import nn

from windows import Meter


class Unsupported(Exception):
    pass


def log(line):
    print(line, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- what runs here


def blas_libraries():
    """BLAS libraries loaded in this process (Debian's torch links the libblas.so.3 alternative)."""
    paths = []
    with open('/proc/self/maps') as maps:
        for line in maps:
            fields = line.split()
            path = fields[-1] if len(fields) >= 6 else ''
            if 'blas' in os.path.basename(path) and path not in paths:
                paths.append(path)
    return paths


def openblas():
    """The loaded OpenBLAS (ctypes handle and path), or None."""
    for path in blas_libraries():
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_set_num_threads.restype = None
            return lib, path
        except (OSError, AttributeError):
            continue
    return None


def blas_info():
    found = openblas()
    if found:
        lib, path = found
        return f'{lib.openblas_get_config().decode().strip()} (kernel {lib.openblas_get_corename().decode()}; {path})'
    paths = blas_libraries()
    return ('reference BLAS, not OpenBLAS: ' + ', '.join(paths)) if paths else 'none found'


def set_threads(n):
    """torch's intra-op threads and OpenBLAS's own pool (its pthread build does not follow torch)."""
    torch.set_num_threads(n)
    found = openblas()
    if found:
        found[0].openblas_set_num_threads(n)


# ---------------------------------------------------------------- models from descriptions


def activation(name):
    if name in (None, 'linear'):
        return None
    table = {'relu': nn.ReLU(), 'tanh': nn.Tanh(), 'sigmoid': nn.Sigmoid(), 'softmax': nn.Softmax(dim=1)}
    if name not in table:
        raise Unsupported(f"activation '{name}'")
    return table[name]


def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


def build_model(desc, loss):
    """nn.Sequential from the layer chain; NCHW for images (PyTorch's own layout). The last
    softmax / sigmoid moves into the loss (CrossEntropyLoss, BCEWithLogitsLoss), as a PyTorch
    user writes it."""
    model_desc = desc['model']
    mods = []
    shape = list(model_desc['input'])
    layers = model_desc['layers']
    fused = None
    for i, layer in enumerate(layers):
        if layer['inputs'] != [layer['index'] - 1]:
            raise Unsupported(f"{layer['type']} with inputs {layer['inputs']} (only chains)")
        t, a = layer['type'], layer['args']
        act = None
        if t == 'Dense':
            if len(shape) != 1:
                raise Unsupported(f'Dense on a rank-{len(shape)} input')
            mods.append(nn.Linear(shape[0], a['units'], bias=bool(a.get('use_bias', True))))
            act = a.get('activation')
        elif t == 'Conv2D':
            if a.get('padding', 'valid') not in ('valid', 'same'):
                raise Unsupported(f"Conv2D padding '{a.get('padding')}'")
            mods.append(nn.Conv2d(shape[2], a['filters'], pair(a['kernel_size']), stride=pair(a.get('strides', 1)),
                                  padding=0 if a.get('padding', 'valid') == 'valid' else 'same',
                                  dilation=pair(a.get('dilation_rate', 1)), bias=bool(a.get('use_bias', True))))
            act = a.get('activation')
        elif t == 'MaxPooling2D':
            if a.get('padding', 'valid') != 'valid':
                raise Unsupported("MaxPooling2D padding 'same'")
            pool = pair(a['pool_size'])
            mods.append(nn.MaxPool2d(pool, stride=pair(a['strides']) if a.get('strides') else pool))
        elif t == 'Dropout':
            mods.append(nn.Dropout(a['rate']))
        elif t == 'Flatten':
            mods.append(nn.Flatten())
        else:
            raise Unsupported(f'layer {t}')
        last = i == len(layers) - 1
        if last and act == 'softmax' and loss == 'categorical_crossentropy':
            fused = 'softmax'
        elif last and act == 'sigmoid' and loss == 'binary_crossentropy':
            fused = 'sigmoid'
        elif activation(act) is not None:
            mods.append(activation(act))
        shape = list(layer['outputShape'])
    model = nn.Sequential(*mods)
    params = sum(p.numel() for p in model.parameters())
    want = model_desc['params']['total']
    if params != want:
        raise Unsupported(f'the PyTorch model has {params:,} parameters, the .nn file {want:,}')
    if loss == 'categorical_crossentropy' and fused == 'softmax':
        return model, nn.CrossEntropyLoss(), 'classes'
    if loss == 'binary_crossentropy' and fused == 'sigmoid':
        return model, nn.BCEWithLogitsLoss(), 'binary'
    raise Unsupported(f"loss {loss} after a {layers[-1]['args'].get('activation')} output")


def make_optimizer(spec, params):
    name, lr, a = spec['name'], spec['learningRate'], spec.get('args', {})
    eps = a.get('epsilon', 1e-7)
    if name == 'adam':
        return torch.optim.Adam(params, lr=lr, betas=(a.get('beta_1', 0.9), a.get('beta_2', 0.999)), eps=eps)
    if name == 'rmsprop':
        return torch.optim.RMSprop(params, lr=lr, alpha=a.get('rho', 0.9), momentum=a.get('momentum', 0), eps=eps)
    if name == 'sgd':
        return torch.optim.SGD(params, lr=lr, momentum=a.get('momentum', 0), nesterov=bool(a.get('nesterov', False)))
    if name == 'adagrad':
        return torch.optim.Adagrad(params, lr=lr, initial_accumulator_value=a.get('initial_accumulator_value', 0.1), eps=eps)
    raise Unsupported(f'optimizer {name}')


def synthetic(desc, kind, count):
    """Uniform pixels and random classes (MNIST's shape), or 2-D points labelled like xor."""
    shape = list(desc['model']['input'])
    if kind == 'mnist':
        nchw = [shape[2], shape[0], shape[1]] if len(shape) == 3 else shape
        # As the nn-lang side's synthetic MNIST: 20% of the pixels ink.
        x = torch.rand(count, *nchw) * (torch.rand(count, *nchw) < 0.2)
        classes = desc['model']['output'][0]
        y = torch.randint(0, classes, (count,))
        return x, y
    x = torch.rand(count, 2) * 10 - 5
    y = ((x[:, 0] * x[:, 1]) > 0).float().unsqueeze(1)
    return x, y


def time_model(job, item, threads):
    set_threads(threads)
    desc = item['description']
    seed = desc.get('seed') or 1
    torch.manual_seed(seed)
    model, loss_fn, target = build_model(desc, desc['loss'])
    opt = make_optimizer(desc['optimizer'], model.parameters())
    x, y = synthetic(desc, item['data'], item['trainCount'])
    bs = job['batchSize']
    meter = Meter(job['meter'])
    gen = torch.Generator().manual_seed(seed)
    model.train()
    cap_at = time.perf_counter() + job['capSeconds']
    done = samples = 0
    epoch = 0
    capped = False
    while not meter.complete() and not capped:
        epoch += 1
        order = torch.randperm(x.shape[0], generator=gen)
        for b in range(0, x.shape[0], bs):
            idx = order[b:b + bs]
            xb, yb = x.index_select(0, idx), y.index_select(0, idx)
            opt.zero_grad(set_to_none=True)
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            opt.step()
            # Loss and accuracy read every batch, as the nn-lang loop (and Keras's progress bar) does.
            with torch.no_grad():
                acc = (out.argmax(1) == yb).float().mean() if target == 'classes' else ((out > 0).float() == yb).float().mean()
            value, _ = loss.item(), acc.item()
            if not math.isfinite(value):
                raise RuntimeError(f'the loss became {value} at epoch {epoch}')
            done += 1
            samples += idx.shape[0]
            now = time.perf_counter()
            if meter.add(epoch, done, samples, now):
                break
            if now > cap_at:
                capped = True
                break
    return {'threads': threads, **meter.finish(), 'capped': capped}


def run_model(job, item):
    """Timed with every core (the baseline the issue names) and with one thread: on a machine shared
    with other work, PyTorch's threads wait on each other and one thread can be 10x faster. The
    benchmark compares against the faster of the two."""
    runs = [time_model(job, item, n) for n in sorted({os.cpu_count(), 1}, reverse=True)]
    return {'key': item['key'], 'ok': True, 'runs': runs}


def main():
    job = json.load(sys.stdin)
    set_threads(os.cpu_count())
    info = {
        'version': torch.__version__,
        'threads': torch.get_num_threads(),
        'blas': blas_info(),
        'openblasCoretype': os.environ.get('OPENBLAS_CORETYPE'),
        'python': platform.python_version(),
    }
    log(f"  [pytorch] torch {info['version']}, {info['threads']} threads, BLAS: {info['blas']}")
    results = []
    for item in job['models']:
        try:
            results.append(run_model(job, item))
        except Exception as e:  # one model's failure is its own cell's
            results.append({'key': item['key'], 'ok': False, 'error': f'{type(e).__name__}: {e}' if not isinstance(e, Unsupported) else f'cannot build: {e}'})
    json.dump({'torch': info, 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
