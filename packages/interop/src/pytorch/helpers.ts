/**
 * Python helpers a generated PyTorch script carries when its model needs them: where PyTorch's
 * own modules compute something else than Keras/tfjs (uneven `same` padding in average pooling,
 * Keras's hard sigmoid, RNNs with one bias vector and any activation, normalisation that learns
 * γ and β separately). Each is emitted at most once, only when used.
 */

export type TorchHelper = 'hard_sigmoid' | 'activations' | 'keras_init' | 'avg_pool_same' | 'batch_norm' | 'layer_norm' | 'rnn' | 'expand_rank' | 'resize_bilinear';

const HARD_SIGMOID = `def hard_sigmoid(x):
    """Keras 2's (and TensorFlow.js's) hard sigmoid, clip(0.2·x + 0.5, 0, 1); torch's Hardsigmoid uses x/6."""
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)`;

const ACTIVATIONS = `# Keras activations by name, for the recurrent layers (which take them as arguments).
ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda x: torch.softmax(x, dim=-1),
    "elu": F.elu,
    "selu": F.selu,
    "softplus": F.softplus,
    "softsign": F.softsign,
    "relu6": F.relu6,
    "swish": F.silu,
    "gelu": F.gelu,
    "hard_sigmoid": lambda x: torch.clamp(0.2 * x + 0.5, 0.0, 1.0),
}`;

const KERAS_INIT = `# Keras's variance-scaling initializers: (scale, fan mode, distribution).
_VARIANCE_SCALING = {
    "glorot_uniform": (1.0, "fan_avg", "uniform"),
    "glorot_normal": (1.0, "fan_avg", "normal"),
    "he_uniform": (2.0, "fan_in", "uniform"),
    "he_normal": (2.0, "fan_in", "normal"),
    "lecun_uniform": (1.0, "fan_in", "uniform"),
    "lecun_normal": (1.0, "fan_in", "normal"),
}


def keras_init_(tensor, name, fan_in=1, fan_out=1):
    """Fills \`tensor\` as the Keras initializer \`name\` does, with the fans Keras would count."""
    with torch.no_grad():
        if name == "zeros":
            return tensor.zero_()
        if name == "ones":
            return tensor.fill_(1.0)
        if name == "random_uniform":
            return tensor.uniform_(-0.05, 0.05)
        if name == "random_normal":
            return tensor.normal_(0.0, 0.05)
        if name == "truncated_normal":
            return nn.init.trunc_normal_(tensor, 0.0, 0.05, -0.1, 0.1)
        if name == "orthogonal":
            return nn.init.orthogonal_(tensor)
        scale, mode, distribution = _VARIANCE_SCALING[name]
        fan = fan_in if mode == "fan_in" else (fan_in + fan_out) / 2.0
        if distribution == "uniform":
            limit = math.sqrt(3.0 * scale / fan)
            return tensor.uniform_(-limit, limit)
        # Keras widens the normal so that, cut at two deviations, it keeps the intended variance.
        std = math.sqrt(scale / fan) / 0.87962566103423978
        return nn.init.trunc_normal_(tensor, 0.0, std, -2.0 * std, 2.0 * std)


def init_like_keras_(module, initializers):
    """Applies {parameter name: initializer or (initializer, fan_in, fan_out)} to a module's parameters."""
    parameters = dict(module.named_parameters())
    for name, spec in initializers.items():
        initializer, fan_in, fan_out = (spec, 1, 1) if isinstance(spec, str) else spec
        base, _, extra = initializer.partition("+")
        keras_init_(parameters[name], base, fan_in, fan_out)
        if extra == "forget_bias":
            # Keras's LSTM (unit_forget_bias=True) starts the forget gate's bias at 1.
            with torch.no_grad():
                units = parameters[name].shape[0] // 4
                parameters[name][units:2 * units] = 1.0`;

const AVG_POOL_SAME = `class AvgPoolSame(nn.Module):
    """Average pooling with TensorFlow's uneven \`same\` padding (one more cell after than before);
    padded cells are left out of each average, as Keras does."""

    def __init__(self, kernel_size, stride, pads):
        super().__init__()
        self.kernel_size, self.stride, self.pads = kernel_size, stride, pads

    def forward(self, x):
        pool = F.avg_pool1d if x.dim() == 3 else F.avg_pool2d
        ones = torch.ones_like(x[:1, :1])
        total = pool(F.pad(x, self.pads), self.kernel_size, self.stride)
        share = pool(F.pad(ones, self.pads), self.kernel_size, self.stride)
        return total / share`;

const BATCH_NORM = `class BatchNorm(nn.Module):
    """Keras's BatchNormalization over axis 1 of (batch, channels, ...): like nn.BatchNorm1d/2d, but
    the scale γ and the offset β are learned separately (Keras's \`scale\` and \`center\`)."""

    def __init__(self, channels, eps, momentum, center, scale):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels)) if scale else None
        self.bias = nn.Parameter(torch.zeros(channels)) if center else None
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))
        self.eps, self.momentum = eps, momentum

    def forward(self, x):
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                            self.training, self.momentum, self.eps)`;

const LAYER_NORM = `class LayerNorm(nn.Module):
    """Keras's LayerNormalization over the last axis: like nn.LayerNorm, but the scale γ and the
    offset β are learned separately (Keras's \`scale\` and \`center\`)."""

    def __init__(self, features, eps, center, scale):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(features)) if scale else None
        self.bias = nn.Parameter(torch.zeros(features)) if center else None
        self.features, self.eps = features, eps

    def forward(self, x):
        return F.layer_norm(x, (self.features,), self.weight, self.bias, self.eps)`;

const RNN = `class KerasRNN(nn.Module):
    """SimpleRNN, LSTM or GRU as Keras 2 and TensorFlow.js compute them: one bias vector, Keras's
    gate order (LSTM i, f, c, o; GRU z, r, h with the reset gate applied before the recurrent
    product), any activation, \`go_backwards\`, masks, and Keras's weight layout
    (kernel [features, gates·units], recurrent_kernel [units, gates·units]). torch.nn.LSTM/GRU are
    faster on GPUs but carry a second bias vector (more parameters) and GRU resets after the product.
    Dropout masks are drawn once per sequence and shared by the gates."""

    GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}

    def __init__(self, cell, features, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, return_sequences=False, go_backwards=False, dropout=0.0, recurrent_dropout=0.0):
        super().__init__()
        gates = self.GATES[cell]
        self.cell, self.units = cell, units
        self.activation = ACTIVATIONS[activation]
        self.recurrent_activation = ACTIVATIONS[recurrent_activation]
        self.return_sequences, self.go_backwards = return_sequences, go_backwards
        self.dropout, self.recurrent_dropout = dropout, recurrent_dropout
        self.kernel = nn.Parameter(torch.empty(features, gates * units))
        self.recurrent_kernel = nn.Parameter(torch.empty(units, gates * units))
        self.bias = nn.Parameter(torch.zeros(gates * units)) if use_bias else None

    def forward(self, x, mask=None):
        if self.go_backwards:
            x = x.flip(1)
            mask = None if mask is None else mask.flip(1)
        batch, steps = x.shape[0], x.shape[1]
        units = self.units
        if self.training and self.dropout > 0:
            x = x * F.dropout(torch.ones_like(x[:, 0]), self.dropout).unsqueeze(1)
        projected = x @ self.kernel
        if self.bias is not None:
            projected = projected + self.bias
        h = x.new_zeros(batch, units)
        c = x.new_zeros(batch, units)
        keep_h = None
        if self.training and self.recurrent_dropout > 0:
            keep_h = F.dropout(torch.ones_like(h), self.recurrent_dropout)
        outputs = []
        for t in range(steps):
            xt = projected[:, t]
            hd = h if keep_h is None else h * keep_h
            if self.cell == "SimpleRNN":
                new_h, new_c = self.activation(xt + hd @ self.recurrent_kernel), c
            elif self.cell == "LSTM":
                i, f, g, o = (xt + hd @ self.recurrent_kernel).split(units, dim=-1)
                new_c = self.recurrent_activation(f) * c + self.recurrent_activation(i) * self.activation(g)
                new_h = self.recurrent_activation(o) * self.activation(new_c)
            else:
                xz, xr, xh = xt.split(units, dim=-1)
                rz, rr = (hd @ self.recurrent_kernel[:, :2 * units]).split(units, dim=-1)
                z = self.recurrent_activation(xz + rz)
                r = self.recurrent_activation(xr + rr)
                hh = self.activation(xh + (r * hd) @ self.recurrent_kernel[:, 2 * units:])
                new_h, new_c = z * h + (1 - z) * hh, c
            if mask is not None:
                # A masked step keeps the previous state (and repeats the previous output).
                m = mask[:, t].unsqueeze(-1)
                new_h = torch.where(m, new_h, h)
                new_c = torch.where(m, new_c, c)
            h, c = new_h, new_c
            outputs.append(h)
        return torch.stack(outputs, dim=1) if self.return_sequences else h`;

const EXPAND_RANK = `def expand_rank(t, rank):
    """Keras merges inputs of different ranks by adding axes right after the batch axis."""
    return t.reshape(t.shape[0], *([1] * (rank - t.dim())), *t.shape[1:])`;

const RESIZE_BILINEAR = `def resize_bilinear(x, rows, cols):
    """TensorFlow.js's bilinear upsampling (no aligned corners, no half-pixel centres): each output
    cell reads the input at target / size, blending the two nearest cells of each axis; torch's
    interpolate(mode="bilinear") samples at half-pixel centres instead."""
    def along(t, dim, size):
        n = t.shape[dim]
        source = torch.arange(n * size, dtype=t.dtype, device=t.device) / size
        low = source.floor().long().clamp(max=n - 1)
        high = (low + 1).clamp(max=n - 1)
        shape = [1] * t.dim()
        shape[dim] = -1
        weight = (source - low.to(t.dtype)).reshape(shape)
        return t.index_select(dim, low) * (1 - weight) + t.index_select(dim, high) * weight
    return along(along(x, 2, rows), 3, cols)`;

const TEXT: Record<TorchHelper, string> = {
    hard_sigmoid: HARD_SIGMOID,
    activations: ACTIVATIONS,
    keras_init: KERAS_INIT,
    avg_pool_same: AVG_POOL_SAME,
    batch_norm: BATCH_NORM,
    layer_norm: LAYER_NORM,
    rnn: RNN,
    expand_rank: EXPAND_RANK,
    resize_bilinear: RESIZE_BILINEAR
};

/** Helpers other helpers need. */
const NEEDS: Partial<Record<TorchHelper, TorchHelper[]>> = { rnn: ['activations'] };

const ORDER: TorchHelper[] = ['hard_sigmoid', 'activations', 'keras_init', 'expand_rank', 'resize_bilinear', 'avg_pool_same', 'batch_norm', 'layer_norm', 'rnn'];

/** The helpers' source, in a fixed order, each once, with what they depend on. */
export function helperSource(used: Iterable<TorchHelper>): string {
    const all = new Set<TorchHelper>();
    for (const h of used) {
        all.add(h);
        for (const n of NEEDS[h] ?? []) all.add(n);
    }
    return ORDER.filter(h => all.has(h)).map(h => TEXT[h]).join('\n\n\n');
}
