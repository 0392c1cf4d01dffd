/**
 * Generates the WebAssembly text (WAT) of our GEMM module: a blocked sgemm (packed panels of
 * op(A) and op(B), an unrolled register-tile micro-kernel), its epilogue (bias + activation), the
 * convolution helpers and `run(job, thread)`, the entry point every thread calls with a job
 * block written by kernels/gemm.ts. Assembled by `build.ts` with wabt; the bytes are committed in
 * `binary.generated.ts`, so nothing is generated at run time.
 *
 * Determinism: every output element is summed by exactly one thread, in k order, in one lane of
 * one accumulator, restarting at each K block of `KC` (the partial sums are added to C in block
 * order). Edge tiles run the same micro-kernel on zero-padded panels. So the result does not
 * depend on how the output is split between threads, nor on the tile an element falls into.
 */

import { A_MODE, ACTIVATION, COLUMN_SUM_JOB, CONV, GEMM_JOB, JOB, KC, MC, MR, NC, NR, POOL_JOB, REDUCE_JOB, SHARE_BYTES, SHARE_OFFSET, WS } from './layout.js';

export interface ModuleOptions {
    /** f32x4.relaxed_madd (fused multiply-add where the CPU has it) instead of mul + add. */
    relaxed: boolean;
    /** Import a shared memory (threads) or a plain one (a single thread, browsers without isolation). */
    shared: boolean;
}

// ---- tiny WAT helpers (folded s-expressions) ----
const c32 = (n: number): string => `(i32.const ${n})`;
const get = (x: string): string => `(local.get $${x})`;
const set = (x: string, e: string): string => `(local.set $${x} ${e})`;
const add = (a: string, b: string): string => `(i32.add ${a} ${b})`;
const sub = (a: string, b: string): string => `(i32.sub ${a} ${b})`;
const mul = (a: string, b: string): string => `(i32.mul ${a} ${b})`;
const min = (a: string, b: string): string => `(select ${a} ${b} (i32.lt_s ${a} ${b}))`;
const inc = (x: string, by: string | number): string => set(x, add(get(x), typeof by === 'number' ? c32(by) : by));
const locals = (type: string, ...names: string[]): string => names.map(n => `(local $${n} ${type})`).join(' ');
const params = (type: string, ...names: string[]): string => names.map(n => `(param $${n} ${type})`).join(' ');
/** `while (cond) { body }` with a label named after `name`. */
const whileLoop = (name: string, cond: string, body: string): string =>
    `(block $${name}_end (loop $${name}_top (br_if $${name}_end (i32.eqz ${cond})) ${body} (br $${name}_top)))`;
/** `for (v = from; v < to; v += step) body`. */
const forLoop = (v: string, from: string, to: string, step: string | number, body: string): string =>
    `${set(v, from)} ${whileLoop(v, `(i32.lt_s ${get(v)} ${to})`, `${body} ${inc(v, step)}`)}`;
const lanes = (...idx: number[]): string => idx.flatMap(i => [0, 1, 2, 3].map(b => i * 4 + b)).join(' ');
const shuffle = (a: string, b: string, ...idx: number[]): string => `(i8x16.shuffle ${lanes(...idx)} ${a} ${b})`;

/** C[MR×NR] (+)= Ap (kc × MR, k-major) · Bp (kc × NR, k-major); `ldc` in bytes. */
function microKernel(o: ModuleOptions): string {
    const nv = NR / 4;
    const acc = (r: number, v: number) => `c${r}_${v}`;
    const accNames: string[] = [];
    for (let r = 0; r < MR; r++) for (let v = 0; v < nv; v++) accNames.push(acc(r, v));
    const bNames = Array.from({ length: nv }, (_, v) => `b${v}`);
    let step = '';
    for (let v = 0; v < nv; v++) step += set(`b${v}`, `(v128.load offset=${v * 16} ${get('bp')})`);
    for (let r = 0; r < MR; r++) {
        step += set('x', `(v128.load32_splat offset=${r * 4} ${get('ap')})`);
        for (let v = 0; v < nv; v++) {
            const c = acc(r, v);
            step += o.relaxed
                ? set(c, `(f32x4.relaxed_madd ${get('x')} ${get(`b${v}`)} ${get(c)})`)
                : set(c, `(f32x4.add ${get(c)} (f32x4.mul ${get('x')} ${get(`b${v}`)}))`);
        }
    }
    let store = '';
    let storeAcc = '';
    for (let r = 0; r < MR; r++) {
        for (let v = 0; v < nv; v++) {
            store += `(v128.store offset=${v * 16} ${get('c')} ${get(acc(r, v))})`;
            storeAcc += `(v128.store offset=${v * 16} ${get('c')} (f32x4.add (v128.load offset=${v * 16} ${get('c')}) ${get(acc(r, v))}))`;
        }
        if (r < MR - 1) {
            store += inc('c', get('ldc'));
            storeAcc += inc('c', get('ldc'));
        }
    }
    return `(func $micro ${params('i32', 'kc', 'ap', 'bp', 'c', 'ldc', 'acc')}
  ${locals('v128', ...accNames, ...bNames, 'x')}
  (loop $k
    ${step}
    ${inc('ap', MR * 4)} ${inc('bp', NR * 4)}
    (br_if $k (local.tee $kc (i32.sub ${get('kc')} ${c32(1)}))))
  (if ${get('acc')} (then ${storeAcc}) (else ${store})))`;
}

/**
 * Packs `rows` (≤ W) vectors that lie `ld` bytes apart, each with kc contiguous floats, into a
 * k-major panel dst[k·W + r] (rows ≥ `rows` are zero), times alpha: 4×4 transposes in SIMD.
 */
/**
 * Stores t0 = [r0k0 r1k0 r0k1 r1k1] and t1 = [r0k2 r1k2 r0k3 r1k3] (two rows, four k) into a
 * k-major panel W wide at `d`: one 16-byte store each when the panel is 2 wide, else 8 bytes per k.
 */
function pairStores(W: number): string {
    if (W === 2) return `(v128.store offset=0 ${get('d')} ${get('t0')}) (v128.store offset=16 ${get('d')} ${get('t1')})`;
    return [0, 1, 2, 3].map(k => `(v128.store64_lane offset=${k * W * 4} ${k % 2} ${get('d')} ${get(k < 2 ? 't0' : 't1')})`).join(' ');
}

function packStrided(name: string, W: number): string {
    // v0..v3 hold rows r..r+3 at k..k+3; the columns of that 4×4 block are the k-major vectors.
    const transposed = `${set('t0', shuffle(get('v0'), get('v1'), 0, 4, 1, 5))}
      ${set('t1', shuffle(get('v0'), get('v1'), 2, 6, 3, 7))}
      ${set('t2', shuffle(get('v2'), get('v3'), 0, 4, 1, 5))}
      ${set('t3', shuffle(get('v2'), get('v3'), 2, 6, 3, 7))}
      (v128.store offset=${0 * W * 4} ${get('d')} (f32x4.mul ${get('va')} ${shuffle(get('t0'), get('t2'), 0, 1, 4, 5)}))
      (v128.store offset=${1 * W * 4} ${get('d')} (f32x4.mul ${get('va')} ${shuffle(get('t0'), get('t2'), 2, 3, 6, 7)}))
      (v128.store offset=${2 * W * 4} ${get('d')} (f32x4.mul ${get('va')} ${shuffle(get('t1'), get('t3'), 0, 1, 4, 5)}))
      (v128.store offset=${3 * W * 4} ${get('d')} (f32x4.mul ${get('va')} ${shuffle(get('t1'), get('t3'), 2, 3, 6, 7)}))`;
    return `(func $${name} ${params('i32', 'src', 'ld', 'rows', 'kc', 'dst')} (param $alpha f32)
  ${locals('i32', 'r', 'k', 'p0', 'p1', 'p2', 'p3', 'd', 'p')} ${locals('v128', 'v0', 'v1', 'v2', 'v3', 't0', 't1', 't2', 't3', 'va')}
  ${set('va', `(f32x4.splat ${get('alpha')})`)}
  ${set('r', c32(0))}
  ${whileLoop('groups', `(i32.le_s ${add(get('r'), c32(4))} ${get('rows')})`, `
    ${set('p0', add(get('src'), mul(get('r'), get('ld'))))}
    ${set('p1', add(get('p0'), get('ld')))} ${set('p2', add(get('p1'), get('ld')))} ${set('p3', add(get('p2'), get('ld')))}
    ${set('d', add(get('dst'), mul(get('r'), c32(4))))}
    ${set('k', c32(0))}
    ${whileLoop('k4', `(i32.le_s ${add(get('k'), c32(4))} ${get('kc')})`, `
      ${set('v0', `(v128.load ${get('p0')})`)} ${set('v1', `(v128.load ${get('p1')})`)}
      ${set('v2', `(v128.load ${get('p2')})`)} ${set('v3', `(v128.load ${get('p3')})`)}
      ${transposed}
      ${inc('p0', 16)} ${inc('p1', 16)} ${inc('p2', 16)} ${inc('p3', 16)} ${inc('d', W * 16)} ${inc('k', 4)}`)}
    ${whileLoop('k1', `(i32.lt_s ${get('k')} ${get('kc')})`, `
      (f32.store offset=0 ${get('d')} (f32.mul ${get('alpha')} (f32.load ${get('p0')})))
      (f32.store offset=4 ${get('d')} (f32.mul ${get('alpha')} (f32.load ${get('p1')})))
      (f32.store offset=8 ${get('d')} (f32.mul ${get('alpha')} (f32.load ${get('p2')})))
      (f32.store offset=12 ${get('d')} (f32.mul ${get('alpha')} (f32.load ${get('p3')})))
      ${inc('p0', 4)} ${inc('p1', 4)} ${inc('p2', 4)} ${inc('p3', 4)} ${inc('d', W * 4)} ${inc('k', 1)}`)}
    ${inc('r', 4)}`)}
  ${whileLoop('pairs', `(i32.le_s ${add(get('r'), c32(2))} ${get('rows')})`, `
    ${set('p0', add(get('src'), mul(get('r'), get('ld'))))}
    ${set('p1', add(get('p0'), get('ld')))}
    ${set('d', add(get('dst'), mul(get('r'), c32(4))))}
    ${set('k', c32(0))}
    ${whileLoop('k4p', `(i32.le_s ${add(get('k'), c32(4))} ${get('kc')})`, `
      ${set('v0', `(v128.load ${get('p0')})`)} ${set('v1', `(v128.load ${get('p1')})`)}
      ${set('t0', `(f32x4.mul ${get('va')} ${shuffle(get('v0'), get('v1'), 0, 4, 1, 5)})`)}
      ${set('t1', `(f32x4.mul ${get('va')} ${shuffle(get('v0'), get('v1'), 2, 6, 3, 7)})`)}
      ${pairStores(W)}
      ${inc('p0', 16)} ${inc('p1', 16)} ${inc('d', W * 16)} ${inc('k', 4)}`)}
    ${whileLoop('k1p', `(i32.lt_s ${get('k')} ${get('kc')})`, `
      (f32.store offset=0 ${get('d')} (f32.mul ${get('alpha')} (f32.load ${get('p0')})))
      (f32.store offset=4 ${get('d')} (f32.mul ${get('alpha')} (f32.load ${get('p1')})))
      ${inc('p0', 4)} ${inc('p1', 4)} ${inc('d', W * 4)} ${inc('k', 1)}`)}
    ${inc('r', 2)}`)}
  ${whileLoop('tail', `(i32.lt_s ${get('r')} ${get('rows')})`, `
    ${set('p', add(get('src'), mul(get('r'), get('ld'))))}
    ${set('d', add(get('dst'), mul(get('r'), c32(4))))}
    ${forLoop('k', c32(0), get('kc'), 1, `
      (f32.store ${get('d')} (f32.mul ${get('alpha')} (f32.load ${get('p')})))
      ${inc('p', 4)} ${inc('d', W * 4)}`)}
    ${inc('r', 1)}`)}
  ${whileLoop('zero', `(i32.lt_s ${get('r')} ${c32(W)})`, `
    ${set('d', add(get('dst'), mul(get('r'), c32(4))))}
    ${forLoop('k', c32(0), get('kc'), 1, `(f32.store ${get('d')} (f32.const 0)) ${inc('d', W * 4)}`)}
    ${inc('r', 1)}`)})`;
}

/**
 * Packs kc vectors that lie `ld` bytes apart, each with `cols` (≤ W) contiguous floats, into a
 * k-major panel dst[k·W + j] (columns ≥ `cols` are zero), times alpha.
 */
function packContiguous(name: string, W: number): string {
    let full = '';
    for (let v = 0; v < Math.floor(W / 4); v++) full += `(v128.store offset=${v * 16} ${get('d')} (f32x4.mul ${get('va')} (v128.load offset=${v * 16} ${get('p')})))`;
    const at = Math.floor(W / 4) * 16;
    if (W % 4 >= 2) full += `(v128.store64_lane offset=${at} 0 ${get('d')} (f32x4.mul ${get('va')} (v128.load64_zero offset=${at} ${get('p')})))`;
    if (W % 2 === 1) full += `(f32.store offset=${at + (W % 4 >= 2 ? 8 : 0)} ${get('d')} (f32.mul ${get('alpha')} (f32.load offset=${at + (W % 4 >= 2 ? 8 : 0)} ${get('p')})))`;
    return `(func $${name} ${params('i32', 'src', 'ld', 'cols', 'kc', 'dst')} (param $alpha f32)
  ${locals('i32', 'k', 'j', 'p', 'd')} (local $va v128)
  ${set('va', `(f32x4.splat ${get('alpha')})`)}
  ${set('p', get('src'))} ${set('d', get('dst'))}
  (if (i32.eq ${get('cols')} ${c32(W)})
    (then ${forLoop('k', c32(0), get('kc'), 1, `${full} ${inc('p', get('ld'))} ${inc('d', W * 4)}`)})
    (else ${forLoop('k', c32(0), get('kc'), 1, `
      ${forLoop('j', c32(0), get('cols'), 1, `(f32.store ${add(get('d'), mul(get('j'), c32(4)))} (f32.mul ${get('alpha')} (f32.load ${add(get('p'), mul(get('j'), c32(4)))})))`)}
      ${forLoop('j', get('cols'), c32(W), 1, `(f32.store ${add(get('d'), mul(get('j'), c32(4)))} (f32.const 0))`)}
      ${inc('p', get('ld'))} ${inc('d', W * 4)}`)})))`;
}


const geo = (field: keyof typeof CONV) => `(i32.load offset=${CONV[field] * 4} ${get('geo')})`;

/** Loads the geometry words a conv packer needs into locals of the same names. */
const loadGeometry = (...fields: (keyof typeof CONV)[]) => fields.map(f => set(f, geo(f))).join(' ');

/**
 * `h = value / div` when exact and in [0, limit): sets `ok` (i32 0/1) and `h`. `div` is 1 for
 * forward convolutions, so the division is skipped there.
 */
const sourceCoordinate = (h: string, ok: string, value: string, div: string, limit: string) => `
  ${set(h, value)}
  (if (i32.eq ${get(div)} ${c32(1)})
    (then ${set(ok, `(i32.lt_u ${get(h)} ${get(limit)})`)})
    (else
      ${set(ok, `(i32.eqz (i32.rem_s ${get(h)} ${get(div)}))`)}
      ${set(h, `(i32.div_s ${get(h)} ${get(div)})`)}
      ${set(ok, `(i32.and ${get(ok)} (i32.lt_u ${get(h)} ${get(limit)}))`)}))`;

/**
 * Packs op(A) rows i0..i0+mc (output positions), patch elements p0..p0+kc, of an implicit
 * im2col matrix into MR-row panels. Along k, (kh, kw) is fixed over runs of channels that are
 * contiguous in the source: each run is copied for the MR rows at once (4×4 transposes), rows
 * whose pixel falls in the padding reading from the zero buffer instead.
 */
function packIm2col(): string {
    const rowSetup = Array.from({ length: MR }, (_, r) => `
      ${set('row', add(get('i0'), add(get('ip'), c32(r))))}
      ${set(`ok${r}`, `(i32.lt_s ${c32(r)} ${get('rows')})`)}
      ${set(`n${r}`, `(i32.div_u ${get('row')} ${get('plane')})`)}
      ${set('rem', `(i32.rem_u ${get('row')} ${get('plane')})`)}
      ${set(`hb${r}`, add(mul(`(i32.div_u ${get('rem')} ${get('RW')})`, get('mulH')), get('offH')))}
      ${set(`wb${r}`, add(mul(`(i32.rem_u ${get('rem')} ${get('RW')})`, get('mulW')), get('offW')))}`).join('');
    const pointers = Array.from({ length: MR }, (_, r) => `
        ${sourceCoordinate('h', 'okh', add(get(`hb${r}`), mul(get('kmulH'), get('kh'))), 'divH', 'Hs')}
        ${sourceCoordinate('w', 'okw', add(get(`wb${r}`), mul(get('kmulW'), get('kw'))), 'divW', 'Ws')}
        ${set(`q${r}`, `(select ${add(get('src'), mul(add(mul(add(mul(add(mul(get(`n${r}`), get('Hs')), get('h')), get('Ws')), get('w')), get('Cs')), get('c')), c32(4)))} ${get('zero')} (i32.and ${get(`ok${r}`)} (i32.and ${get('okh')} ${get('okw')})))`)}`).join('');
    const q = Array.from({ length: MR }, (_, r) => `q${r}`);
    const scalarCopy = q.map((name, r) => `(f32.store offset=${r * 4} ${get('d')} (f32.load ${get(name)})) ${inc(name, 4)}`).join(' ');
    return `(func $pack_a_im2col ${params('i32', 'geo', 'src', 'i0', 'mc', 'p0', 'kc', 'dst', 'zero')}
  ${locals('i32', 'Hs', 'Ws', 'Cs', 'RH', 'RW', 'KW', 'mulH', 'kmulH', 'offH', 'divH', 'mulW', 'kmulW', 'offW', 'divW')}
  ${locals('i32', 'plane', 'ip', 'rows', 'row', 'rem', 'k', 'c', 'kh', 'kw', 'run', 'j', 'd', 'h', 'w', 'okh', 'okw', 't')}
  ${locals('i32', ...Array.from({ length: MR }, (_, r) => [`ok${r}`, `n${r}`, `hb${r}`, `wb${r}`, `q${r}`]).flat())}
  ${locals('v128', 'v0', 'v1', 'v2', 'v3', 't0', 't1', 't2', 't3')}
  ${loadGeometry('Hs', 'Ws', 'Cs', 'RH', 'RW', 'KW', 'mulH', 'kmulH', 'offH', 'divH', 'mulW', 'kmulW', 'offW', 'divW')}
  ${set('plane', mul(get('RH'), get('RW')))}
  ${forLoop('ip', c32(0), get('mc'), MR, `
    ${set('rows', min(c32(MR), sub(get('mc'), get('ip'))))}
    ${rowSetup}
    ${set('c', `(i32.rem_u ${get('p0')} ${get('Cs')})`)}
    ${set('t', `(i32.div_u ${get('p0')} ${get('Cs')})`)}
    ${set('kw', `(i32.rem_u ${get('t')} ${get('KW')})`)}
    ${set('kh', `(i32.div_u ${get('t')} ${get('KW')})`)}
    ${set('k', c32(0))}
    ${whileLoop('runs', `(i32.lt_s ${get('k')} ${get('kc')})`, `
      ${set('run', min(sub(get('Cs'), get('c')), sub(get('kc'), get('k'))))}
      ${pointers}
      ${set('d', add(get('dst'), mul(get('k'), c32(MR * 4))))}
      ${set('j', c32(0))}
      ${whileLoop('j4', `(i32.le_s ${add(get('j'), c32(4))} ${get('run')})`, `
        ${q.map((n, r) => set(`v${r}`, `(v128.load ${get(n)})`)).join(' ')}
        ${MR === 4 ? `
        ${set('t0', shuffle(get('v0'), get('v1'), 0, 4, 1, 5))}
        ${set('t1', shuffle(get('v0'), get('v1'), 2, 6, 3, 7))}
        ${set('t2', shuffle(get('v2'), get('v3'), 0, 4, 1, 5))}
        ${set('t3', shuffle(get('v2'), get('v3'), 2, 6, 3, 7))}
        (v128.store offset=0 ${get('d')} ${shuffle(get('t0'), get('t2'), 0, 1, 4, 5)})
        (v128.store offset=16 ${get('d')} ${shuffle(get('t0'), get('t2'), 2, 3, 6, 7)})
        (v128.store offset=32 ${get('d')} ${shuffle(get('t1'), get('t3'), 0, 1, 4, 5)})
        (v128.store offset=48 ${get('d')} ${shuffle(get('t1'), get('t3'), 2, 3, 6, 7)})` : `
        (v128.store offset=0 ${get('d')} ${shuffle(get('v0'), get('v1'), 0, 4, 1, 5)})
        (v128.store offset=16 ${get('d')} ${shuffle(get('v0'), get('v1'), 2, 6, 3, 7)})`}
        ${q.map(n => inc(n, 16)).join(' ')} ${inc('d', MR * 16)} ${inc('j', 4)}`)}
      ${whileLoop('j1', `(i32.lt_s ${get('j')} ${get('run')})`, `${scalarCopy} ${inc('d', MR * 4)} ${inc('j', 1)}`)}
      ${inc('k', get('run'))}
      ${set('c', c32(0))}
      ${inc('kw', 1)}
      (if (i32.eq ${get('kw')} ${get('KW')}) (then ${set('kw', c32(0))} ${inc('kh', 1)}))`)}
    ${inc('dst', mul(get('kc'), c32(MR * 4)))}`)})`;
}

/**
 * Packs the transposed im2col matrix: rows i0..i0+mc are patch elements (kh, kw, c), columns
 * p0..p0+kc output positions. When the channels are a multiple of MR, no panel straddles two
 * taps (kh, kw): for each tap and position the source pixel's channels are copied into all the
 * tap's panels at once (one coordinate computation for Cs values). Otherwise row by row, along
 * runs of positions in one image row (a 1-channel image's tap reads contiguous pixels).
 */
function packIm2colT(): string {
    const advance = `${inc('ow', 1)}
        (if (i32.eq ${get('ow')} ${get('RW')}) (then ${set('ow', c32(0))} ${inc('oh', 1)}
          (if (i32.eq ${get('oh')} ${get('RH')}) (then ${set('oh', c32(0))} ${inc('n', 1)}))))`;
    const decodePosition = `
    ${set('n', `(i32.div_u ${get('p0')} ${get('plane')})`)}
    ${set('rem', `(i32.rem_u ${get('p0')} ${get('plane')})`)}
    ${set('oh', `(i32.div_u ${get('rem')} ${get('RW')})`)}
    ${set('ow', `(i32.rem_u ${get('rem')} ${get('RW')})`)}`;
    const address = (c: string) => add(get('src'), mul(add(mul(add(mul(add(mul(get('n'), get('Hs')), get('h')), get('Ws')), get('w')), get('Cs')), c), c32(4)));
    const piece = MR === 4 ? 'v128' : 'i64';
    const zeroPiece = MR === 4 ? '(v128.const i32x4 0 0 0 0)' : '(i64.const 0)';
    return `(func $pack_a_im2colT ${params('i32', 'geo', 'src', 'i0', 'mc', 'p0', 'kc', 'dst', 'zero')}
  ${locals('i32', 'Hs', 'Ws', 'Cs', 'RH', 'RW', 'KW', 'mulH', 'kmulH', 'offH', 'divH', 'mulW', 'kmulW', 'offW', 'divW')}
  ${locals('i32', 'plane', 'ip', 'rows', 'row', 'rem', 'k', 'd', 'h', 'w', 'okh', 'okw', 't', 'n', 'oh', 'ow', 'hk', 'wk')}
  ${locals('i32', 'ca', 'cb', 'c', 'sp', 'q', 'stride', 'end', 'r')}
  ${loadGeometry('Hs', 'Ws', 'Cs', 'RH', 'RW', 'KW', 'mulH', 'kmulH', 'offH', 'divH', 'mulW', 'kmulW', 'offW', 'divW')}
  ${set('plane', mul(get('RH'), get('RW')))}
  ${set('stride', mul(get('kc'), c32(MR * 4)))}
  (if (i32.eqz (i32.rem_u ${get('Cs')} ${c32(MR)}))
    (then
      ${set('row', get('i0'))}
      ${set('end', add(get('i0'), get('mc')))}
      ${whileLoop('taps', `(i32.lt_s ${get('row')} ${get('end')})`, `
        ${set('ca', `(i32.rem_u ${get('row')} ${get('Cs')})`)}
        ${set('t', `(i32.div_u ${get('row')} ${get('Cs')})`)}
        ${set('cb', min(get('Cs'), add(get('ca'), sub(get('end'), get('row')))))}
        ${set('hk', add(mul(`(i32.div_u ${get('t')} ${get('KW')})`, get('kmulH')), get('offH')))}
        ${set('wk', add(mul(`(i32.rem_u ${get('t')} ${get('KW')})`, get('kmulW')), get('offW')))}
        ${set('d', add(get('dst'), mul(`(i32.div_u ${sub(get('row'), get('i0'))} ${c32(MR)})`, get('stride'))))}
        ${decodePosition}
        ${forLoop('k', c32(0), get('kc'), 1, `
          ${sourceCoordinate('h', 'okh', add(mul(get('oh'), get('mulH')), get('hk')), 'divH', 'Hs')}
          ${sourceCoordinate('w', 'okw', add(mul(get('ow'), get('mulW')), get('wk')), 'divW', 'Ws')}
          ${set('q', get('d'))}
          (if (i32.and ${get('okh')} ${get('okw')})
            (then
              ${set('sp', address(get('ca')))}
              ${forLoop('c', get('ca'), get('cb'), MR, `(${piece}.store ${get('q')} (${piece}.load ${get('sp')})) ${inc('sp', MR * 4)} ${inc('q', get('stride'))}`)})
            (else
              ${forLoop('c', get('ca'), get('cb'), MR, `(${piece}.store ${get('q')} ${zeroPiece}) ${inc('q', get('stride'))}`)}))
          ${inc('d', MR * 4)}
          ${advance}`)}
        ${inc('row', sub(get('cb'), get('ca')))}`)}
      (return)))
  ;; Channels not a multiple of MR: row by row, along runs of positions that share (n, oh).
  ${forLoop('ip', c32(0), get('mc'), MR, `
    ${set('rows', min(c32(MR), sub(get('mc'), get('ip'))))}
    ${forLoop('r', c32(0), c32(MR), 1, `
      ${set('d', add(get('dst'), mul(get('r'), c32(4))))}
      (if (i32.ge_s ${get('r')} ${get('rows')})
        (then ${forLoop('k', c32(0), get('kc'), 1, `(f32.store ${get('d')} (f32.const 0)) ${inc('d', MR * 4)}`)})
        (else
          ${set('row', add(get('i0'), add(get('ip'), get('r'))))}
          ${set('c', `(i32.rem_u ${get('row')} ${get('Cs')})`)}
          ${set('t', `(i32.div_u ${get('row')} ${get('Cs')})`)}
          ${set('hk', add(mul(`(i32.div_u ${get('t')} ${get('KW')})`, get('kmulH')), get('offH')))}
          ${set('wk', add(mul(`(i32.rem_u ${get('t')} ${get('KW')})`, get('kmulW')), get('offW')))}
          ${decodePosition}
          ${set('k', c32(0))}
          ${whileLoop('run', `(i32.lt_s ${get('k')} ${get('kc')})`, `
            ${set('end', add(get('k'), min(sub(get('RW'), get('ow')), sub(get('kc'), get('k')))))}
            ${sourceCoordinate('h', 'okh', add(mul(get('oh'), get('mulH')), get('hk')), 'divH', 'Hs')}
            ${whileLoop('pos', `(i32.lt_s ${get('k')} ${get('end')})`, `
              ${sourceCoordinate('w', 'okw', add(mul(get('ow'), get('mulW')), get('wk')), 'divW', 'Ws')}
              (f32.store ${get('d')} (f32.load (select ${address(get('c'))} ${get('zero')} (i32.and ${get('okh')} ${get('okw')}))))
              ${inc('d', MR * 4)} ${inc('ow', 1)} ${inc('k', 1)}`)}
            (if (i32.eq ${get('ow')} ${get('RW')}) (then ${set('ow', c32(0))} ${inc('oh', 1)}
              (if (i32.eq ${get('oh')} ${get('RH')}) (then ${set('oh', c32(0))} ${inc('n', 1)}))))`)}))`)}
    ${inc('dst', get('stride'))}`)})`;}

/**
 * Packs the block op(A)[i0 .. i0+mc, p0 .. p0+kc] into MR-row panels. `mode` is an A_MODE;
 * `lda` in floats; the convolution modes read `geo` and ignore lda and alpha.
 */
const packA = `(func $pack_a ${params('i32', 'mode', 'a', 'lda', 'i0', 'mc', 'p0', 'kc')} (param $alpha f32) ${params('i32', 'dst', 'geo', 'zero')}
  (local $ip i32)
  (if (i32.eq ${get('mode')} ${c32(A_MODE.im2col)})
    (then (call $pack_a_im2col ${get('geo')} ${get('a')} ${get('i0')} ${get('mc')} ${get('p0')} ${get('kc')} ${get('dst')} ${get('zero')}) (return)))
  (if (i32.eq ${get('mode')} ${c32(A_MODE.im2colT)})
    (then (call $pack_a_im2colT ${get('geo')} ${get('a')} ${get('i0')} ${get('mc')} ${get('p0')} ${get('kc')} ${get('dst')} ${get('zero')}) (return)))
  ${forLoop('ip', c32(0), get('mc'), MR, `
    (if ${get('mode')}
      (then (call $pack_a_contiguous ${add(get('a'), mul(add(mul(get('p0'), get('lda')), add(get('i0'), get('ip'))), c32(4)))} ${mul(get('lda'), c32(4))}
              ${min(c32(MR), sub(get('mc'), get('ip')))} ${get('kc')} ${get('dst')} ${get('alpha')}))
      (else (call $pack_a_strided ${add(get('a'), mul(add(mul(add(get('i0'), get('ip')), get('lda')), get('p0')), c32(4)))} ${mul(get('lda'), c32(4))}
              ${min(c32(MR), sub(get('mc'), get('ip')))} ${get('kc')} ${get('dst')} ${get('alpha')})))
    ${inc('dst', mul(get('kc'), c32(MR * 4)))}`)})`;

/** Packs the block op(B)[p0 .. p0+kc, j0 .. j0+nc] into NR-column panels. `ldb` in floats. */
const packB = `(func $pack_b ${params('i32', 'tb', 'b', 'ldb', 'p0', 'kc', 'j0', 'nc', 'dst')}
  (local $jp i32)
  ${forLoop('jp', c32(0), get('nc'), NR, `
    (if ${get('tb')}
      (then (call $pack_b_strided ${add(get('b'), mul(add(mul(add(get('j0'), get('jp')), get('ldb')), get('p0')), c32(4)))} ${mul(get('ldb'), c32(4))}
              ${min(c32(NR), sub(get('nc'), get('jp')))} ${get('kc')} ${get('dst')} (f32.const 1)))
      (else (call $pack_b_contiguous ${add(get('b'), mul(add(mul(get('p0'), get('ldb')), add(get('j0'), get('jp'))), c32(4)))} ${mul(get('ldb'), c32(4))}
              ${min(c32(NR), sub(get('nc'), get('jp')))} ${get('kc')} ${get('dst')} (f32.const 1))))
    ${inc('dst', mul(get('kc'), c32(NR * 4)))}`)})`;

/** Copies an mr × nr corner of C (ldc floats) to or from the NR-wide edge tile. */
const tileCopy = (name: string, toTile: boolean) => `(func $${name} ${params('i32', 'c', 'ldc', 'mr', 'nr', 'tile')}
  ${locals('i32', 'r', 'j', 'cp', 'tp')}
  ${forLoop('r', c32(0), get('mr'), 1, `
    ${set('cp', add(get('c'), mul(mul(get('r'), get('ldc')), c32(4))))}
    ${set('tp', add(get('tile'), mul(get('r'), c32(NR * 4))))}
    ${forLoop('j', c32(0), get('nr'), 1, toTile
        ? `(f32.store ${add(get('tp'), mul(get('j'), c32(4)))} (f32.load ${add(get('cp'), mul(get('j'), c32(4)))}))`
        : `(f32.store ${add(get('cp'), mul(get('j'), c32(4)))} (f32.load ${add(get('tp'), mul(get('j'), c32(4)))}))`)}`)})`;

/** C[m0..m1, n0..n1] = beta · C, with exact zeros when beta is 0 (C may hold garbage). */
const scaleC = `(func $scale_c ${params('i32', 'c', 'ldc', 'm0', 'm1', 'n0', 'n1')} (param $beta f32)
  ${locals('i32', 'i', 'j', 'p')}
  ${forLoop('i', get('m0'), get('m1'), 1, `
    ${forLoop('j', get('n0'), get('n1'), 1, `
      ${set('p', add(get('c'), mul(add(mul(get('i'), get('ldc')), get('j')), c32(4))))}
      (f32.store ${get('p')} (select (f32.mul ${get('beta')} (f32.load ${get('p')})) (f32.const 0) (f32.ne ${get('beta')} (f32.const 0))))`)}`)})`;

/** The register-tile loops over one packed A block (rows ic.., mc) and B panels at `bpanels`. */
const tiles = `
        ${forLoop('jr', c32(0), get('nc'), NR, `
          ${set('nr', min(c32(NR), sub(get('nc'), get('jr'))))}
          ${set('bpan', add(get('bpanels'), mul(mul(get('jr'), get('kc')), c32(4))))}
          ${forLoop('ir', c32(0), get('mc'), MR, `
            ${set('mr', min(c32(MR), sub(get('mc'), get('ir'))))}
            ${set('apan', add(get('ap'), mul(mul(get('ir'), get('kc')), c32(4))))}
            ${set('cp', add(get('c'), mul(add(mul(add(get('ic'), get('ir')), get('ldc')), add(get('jc'), get('jr'))), c32(4))))}
            (if (i32.and (i32.eq ${get('mr')} ${c32(MR)}) (i32.eq ${get('nr')} ${c32(NR)}))
              (then (call $micro ${get('kc')} ${get('apan')} ${get('bpan')} ${get('cp')} ${mul(get('ldc'), c32(4))} ${get('acc')}))
              (else
                (if ${get('acc')} (then (call $tile_in ${get('cp')} ${get('ldc')} ${get('mr')} ${get('nr')} ${get('tile')})))
                (call $micro ${get('kc')} ${get('apan')} ${get('bpan')} ${get('tile')} ${c32(NR * 4)} ${get('acc')})
                (call $tile_out ${get('cp')} ${get('ldc')} ${get('mr')} ${get('nr')} ${get('tile')})))`)}`)}`;

/**
 * C[m0..m1, n0..n1] = alpha · op(A)[.., k0..K] · op(B)[k0..K, ..] + beta · C for one matrix
 * (k0 a multiple of KC: a chunk of a split K, else 0); `ws` is this thread's
 * workspace, `ta` an A_MODE (with `geo` for the convolution modes). Leading dimensions in
 * floats, pointers in bytes.
 *
 * Two loop orders with the same arithmetic: when all of op(B)'s columns n0..n1 fit the B
 * workspace it is packed once and the loops run row block by row block, so a tall C (a
 * convolution's output) is finished block by block in cache; otherwise BLIS's order (column
 * block, K block, row block), which keeps the packed B block for all rows.
 */
const gemm = `(func $gemm ${params('i32', 'ta', 'tb', 'K', 'a', 'lda', 'b', 'ldb', 'c', 'ldc')} (param $alpha f32) (param $beta f32)
    ${params('i32', 'm0', 'm1', 'n0', 'n1', 'k0', 'ws', 'geo')}
  ${locals('i32', 'jc', 'nc', 'pc', 'kc', 'ic', 'mc', 'jr', 'nr', 'ir', 'mr', 'acc', 'ap', 'bp', 'tile', 'zero', 'cp', 'apan', 'bpan', 'bpanels', 'npad')}
  ${set('ap', add(get('ws'), c32(WS.a)))}
  ${set('bp', add(get('ws'), c32(WS.b)))}
  ${set('tile', add(get('ws'), c32(WS.tile)))}
  ${set('zero', add(get('ws'), c32(WS.zeros)))}
  (if (i32.and (f32.ne ${get('beta')} (f32.const 1)) (i32.or (f32.ne ${get('beta')} (f32.const 0)) (i32.eq ${get('K')} ${get('k0')})))
    (then (call $scale_c ${get('c')} ${get('ldc')} ${get('m0')} ${get('m1')} ${get('n0')} ${get('n1')} ${get('beta')})))
  ${set('npad', `(i32.and ${add(sub(get('n1'), get('n0')), c32(NR - 1))} ${c32(-NR)})`)}
  (if (i64.le_u (i64.mul (i64.extend_i32_u ${sub(get('K'), get('k0'))}) (i64.extend_i32_u ${get('npad')})) (i64.const ${KC * NC}))
    (then
      ;; B resident: pack op(B)[all K, n0..n1] once, K block after K block.
      ${set('jc', get('n0'))}
      ${set('nc', sub(get('n1'), get('n0')))}
      ${forLoop('pc', get('k0'), get('K'), KC, `
        ${set('kc', min(c32(KC), sub(get('K'), get('pc'))))}
        (call $pack_b ${get('tb')} ${get('b')} ${get('ldb')} ${get('pc')} ${get('kc')} ${get('jc')} ${get('nc')} ${add(get('bp'), mul(mul(sub(get('pc'), get('k0')), get('npad')), c32(4)))})`)}
      ${forLoop('ic', get('m0'), get('m1'), MC, `
        ${set('mc', min(c32(MC), sub(get('m1'), get('ic'))))}
        ${forLoop('pc', get('k0'), get('K'), KC, `
          ${set('kc', min(c32(KC), sub(get('K'), get('pc'))))}
          ${set('acc', `(i32.or (i32.gt_s ${get('pc')} ${get('k0')}) (f32.ne ${get('beta')} (f32.const 0)))`)}
          (call $pack_a ${get('ta')} ${get('a')} ${get('lda')} ${get('ic')} ${get('mc')} ${get('pc')} ${get('kc')} ${get('alpha')} ${get('ap')} ${get('geo')} ${get('zero')})
          ${set('bpanels', add(get('bp'), mul(mul(sub(get('pc'), get('k0')), get('npad')), c32(4))))}
          ${tiles}`)}`)})
    (else
      ${forLoop('jc', get('n0'), get('n1'), NC, `
        ${set('nc', min(c32(NC), sub(get('n1'), get('jc'))))}
        ${forLoop('pc', get('k0'), get('K'), KC, `
          ${set('kc', min(c32(KC), sub(get('K'), get('pc'))))}
          ${set('acc', `(i32.or (i32.gt_s ${get('pc')} ${get('k0')}) (f32.ne ${get('beta')} (f32.const 0)))`)}
          (call $pack_b ${get('tb')} ${get('b')} ${get('ldb')} ${get('pc')} ${get('kc')} ${get('jc')} ${get('nc')} ${get('bp')})
          ${set('bpanels', get('bp'))}
          ${forLoop('ic', get('m0'), get('m1'), MC, `
            ${set('mc', min(c32(MC), sub(get('m1'), get('ic'))))}
            (call $pack_a ${get('ta')} ${get('a')} ${get('lda')} ${get('ic')} ${get('mc')} ${get('pc')} ${get('kc')} ${get('alpha')} ${get('ap')} ${get('geo')} ${get('zero')})
            ${tiles}`)}`)}`)})))`;

/**
 * C[m0..m1, n0..n1] = act(C + bias[j]) for the activations done here (linear, relu, relu6,
 * prelu with per-column weights, leakyrelu). NaN propagates (f32 max/min), so a diverging run
 * still shows a NaN loss.
 */
function epilogue(): string {
    const vact = (x: string) => `(if (i32.eq ${get('act')} ${c32(ACTIVATION.relu)}) (then ${set(x, `(f32x4.max ${get(x)} (v128.const f32x4 0 0 0 0))`)}))
      (if (i32.eq ${get('act')} ${c32(ACTIVATION.relu6)}) (then ${set(x, `(f32x4.min (f32x4.max ${get(x)} (v128.const f32x4 0 0 0 0)) (v128.const f32x4 6 6 6 6))`)}))
      (if (i32.eq ${get('act')} ${c32(ACTIVATION.leakyrelu)}) (then ${set(x, `(v128.bitselect (f32x4.mul ${get(x)} ${get('va')}) ${get(x)} (f32x4.lt ${get(x)} (v128.const f32x4 0 0 0 0)))`)}))
      (if (i32.eq ${get('act')} ${c32(ACTIVATION.prelu)}) (then ${set(x, `(v128.bitselect (f32x4.mul ${get(x)} (v128.load ${add(get('prelu'), mul(get('j'), c32(4)))})) ${get(x)} (f32x4.lt ${get(x)} (v128.const f32x4 0 0 0 0)))`)}))`;
    const sact = (x: string) => `(if (i32.eq ${get('act')} ${c32(ACTIVATION.relu)}) (then ${set(x, `(f32.max ${get(x)} (f32.const 0))`)}))
      (if (i32.eq ${get('act')} ${c32(ACTIVATION.relu6)}) (then ${set(x, `(f32.min (f32.max ${get(x)} (f32.const 0)) (f32.const 6))`)}))
      (if (i32.eq ${get('act')} ${c32(ACTIVATION.leakyrelu)}) (then ${set(x, `(select (f32.mul ${get(x)} ${get('alpha')}) ${get(x)} (f32.lt ${get(x)} (f32.const 0)))`)}))
      (if (i32.eq ${get('act')} ${c32(ACTIVATION.prelu)}) (then ${set(x, `(select (f32.mul ${get(x)} (f32.load ${add(get('prelu'), mul(get('j'), c32(4)))})) ${get(x)} (f32.lt ${get(x)} (f32.const 0)))`)}))`;
    return `(func $epilogue ${params('i32', 'c', 'ldc', 'm0', 'm1', 'n0', 'n1', 'bias', 'act')} (param $alpha f32) (param $prelu i32)
  ${locals('i32', 'i', 'j', 'row', 'p')} (local $x v128) (local $s f32) (local $va v128)
  ${set('va', `(f32x4.splat ${get('alpha')})`)}
  ${forLoop('i', get('m0'), get('m1'), 1, `
    ${set('row', add(get('c'), mul(mul(get('i'), get('ldc')), c32(4))))}
    ${set('j', get('n0'))}
    ${whileLoop('vec', `(i32.le_s ${add(get('j'), c32(4))} ${get('n1')})`, `
      ${set('p', add(get('row'), mul(get('j'), c32(4))))}
      ${set('x', `(v128.load ${get('p')})`)}
      (if ${get('bias')} (then ${set('x', `(f32x4.add ${get('x')} (v128.load ${add(get('bias'), mul(get('j'), c32(4)))}))`)}))
      ${vact('x')}
      (v128.store ${get('p')} ${get('x')})
      ${inc('j', 4)}`)}
    ${whileLoop('one', `(i32.lt_s ${get('j')} ${get('n1')})`, `
      ${set('p', add(get('row'), mul(get('j'), c32(4))))}
      ${set('s', `(f32.load ${get('p')})`)}
      (if ${get('bias')} (then ${set('s', `(f32.add ${get('s')} (f32.load ${add(get('bias'), mul(get('j'), c32(4)))}))`)}))
      ${sact('s')}
      (f32.store ${get('p')} ${get('s')})
      ${inc('j', 1)}`)}`)})`;
}


/**
 * Max-pool gradient for samples n0..n1 (NHWC): each window's first maximum in row-major order
 * (strictly greater, as tfjs picks it) receives dy; dx starts at zero and overlapping windows
 * add up. Four channels at a time, the argmax kept as byte offsets per lane.
 */
function maxPoolGrad(): string {
    const P = POOL_JOB;
    const field = (name: keyof typeof P) => set(name, `(i32.load offset=${P[name] * 4} ${get('job')})`);
    const scatterLane = (lane: number) => `
          ${set('at', `(i32x4.extract_lane ${lane} ${get('idx')})`)}
          (if (i32.ge_s ${get('at')} ${c32(0)}) (then
            (f32.store ${add(get('dx'), get('at'))} (f32.add (f32.load ${add(get('dx'), get('at'))}) (f32x4.extract_lane ${lane} ${get('g')})))))`;
    return `(func $max_pool_grad ${params('i32', 'job', 'n0', 'n1')}
  ${locals('i32', 'x', 'dy', 'dx', 'H', 'W', 'C', 'OH', 'OW', 'KH', 'KW', 'sh', 'sw', 'top', 'left')}
  ${locals('i32', 'n', 'oh', 'ow', 'h', 'w', 'h0', 'h1', 'w0', 'w1', 'c', 'p', 'end', 'at', 'off', 'dyp', 'sbest')}
  ${locals('v128', 'best', 'idx', 'v', 'm', 'g')} (local $s f32) (local $sb f32)
  ${(Object.keys(P) as (keyof typeof P)[]).map(field).join(' ')}
  ;; Windows that tile the image exactly (no overlap, no padding, nothing left over): every dx
  ;; element is written once, with dy or 0, so no zeroing pass and no scatter.
  (if (i32.and (i32.and (i32.eq ${get('sh')} ${get('KH')}) (i32.eq ${get('sw')} ${get('KW')}))
        (i32.and (i32.and (i32.eqz ${get('top')}) (i32.eqz ${get('left')}))
          (i32.and (i32.eq ${mul(get('OH'), get('KH'))} ${get('H')}) (i32.eq ${mul(get('OW'), get('KW'))} ${get('W')}))))
    (then (call $max_pool_grad_tiled ${get('job')} ${get('n0')} ${get('n1')}) (return)))
  ;; dx = 0 for these samples
  ${set('p', add(get('dx'), mul(mul(get('n0'), mul(mul(get('H'), get('W')), get('C'))), c32(4))))}
  ${set('end', add(get('dx'), mul(mul(get('n1'), mul(mul(get('H'), get('W')), get('C'))), c32(4))))}
  ${whileLoop('zv', `(i32.le_u ${add(get('p'), c32(16))} ${get('end')})`, `(v128.store ${get('p')} (v128.const i32x4 0 0 0 0)) ${inc('p', 16)}`)}
  ${whileLoop('zs', `(i32.lt_u ${get('p')} ${get('end')})`, `(f32.store ${get('p')} (f32.const 0)) ${inc('p', 4)}`)}
  ${forLoop('n', get('n0'), get('n1'), 1, `
    ${forLoop('oh', c32(0), get('OH'), 1, `
      ${set('h0', sub(mul(get('oh'), get('sh')), get('top')))}
      ${set('h1', min(add(get('h0'), get('KH')), get('H')))}
      (if (i32.lt_s ${get('h0')} ${c32(0)}) (then ${set('h0', c32(0))}))
      ${forLoop('ow', c32(0), get('OW'), 1, `
        ${set('w0', sub(mul(get('ow'), get('sw')), get('left')))}
        ${set('w1', min(add(get('w0'), get('KW')), get('W')))}
        (if (i32.lt_s ${get('w0')} ${c32(0)}) (then ${set('w0', c32(0))}))
        ${set('dyp', add(get('dy'), mul(mul(add(mul(add(mul(get('n'), get('OH')), get('oh')), get('OW')), get('ow')), get('C')), c32(4))))}
        ${set('c', c32(0))}
        ${whileLoop('cv', `(i32.le_s ${add(get('c'), c32(4))} ${get('C')})`, `
          ${set('best', '(v128.const f32x4 -inf -inf -inf -inf)')}
          ${set('idx', '(v128.const i32x4 -1 -1 -1 -1)')}
          ${forLoop('h', get('h0'), get('h1'), 1, forLoop('w', get('w0'), get('w1'), 1, `
            ${set('off', mul(add(mul(add(mul(add(mul(get('n'), get('H')), get('h')), get('W')), get('w')), get('C')), get('c')), c32(4)))}
            ${set('v', `(v128.load ${add(get('x'), get('off'))})`)}
            ${set('m', `(f32x4.gt ${get('v')} ${get('best')})`)}
            ${set('best', `(v128.bitselect ${get('v')} ${get('best')} ${get('m')})`)}
            ${set('idx', `(v128.bitselect (i32x4.add (i32x4.splat ${get('off')}) (v128.const i32x4 0 4 8 12)) ${get('idx')} ${get('m')})`)}`))}
          ${set('g', `(v128.load ${add(get('dyp'), mul(get('c'), c32(4)))})`)}
          ${[0, 1, 2, 3].map(scatterLane).join('')}
          ${inc('c', 4)}`)}
        ${whileLoop('cs', `(i32.lt_s ${get('c')} ${get('C')})`, `
          ${set('sb', '(f32.const -inf)')}
          ${set('sbest', c32(-1))}
          ${forLoop('h', get('h0'), get('h1'), 1, forLoop('w', get('w0'), get('w1'), 1, `
            ${set('off', mul(add(mul(add(mul(add(mul(get('n'), get('H')), get('h')), get('W')), get('w')), get('C')), get('c')), c32(4)))}
            ${set('s', `(f32.load ${add(get('x'), get('off'))})`)}
            (if (f32.gt ${get('s')} ${get('sb')}) (then ${set('sb', get('s'))} ${set('sbest', get('off'))}))`))}
          (if (i32.ge_s ${get('sbest')} ${c32(0)}) (then
            (f32.store ${add(get('dx'), get('sbest'))} (f32.add (f32.load ${add(get('dx'), get('sbest'))}) (f32.load ${add(get('dyp'), mul(get('c'), c32(4)))})))))
          ${inc('c', 1)}`)}`)}`)}`)})`;
}


/** maxPoolGrad's case of windows that tile the image: see the caller. */
function maxPoolGradTiled(): string {
    const P = POOL_JOB;
    const field = (name: keyof typeof P) => set(name, `(i32.load offset=${P[name] * 4} ${get('job')})`);
    const windowLoop = (body: string) =>
        `${set('kidx', c32(0))} ${forLoop('kh', c32(0), get('KH'), 1, forLoop('kw', c32(0), get('KW'), 1, `
            ${set('off', mul(add(mul(add(mul(add(mul(get('n'), get('H')), add(get('h0'), get('kh'))), get('W')), add(get('w0'), get('kw'))), get('C')), get('c')), c32(4)))}
            ${body}
            ${inc('kidx', 1)}`))}`;
    return `(func $max_pool_grad_tiled ${params('i32', 'job', 'n0', 'n1')}
  ${locals('i32', 'x', 'dy', 'dx', 'H', 'W', 'C', 'OH', 'OW', 'KH', 'KW', 'sh', 'sw', 'top', 'left')}
  ${locals('i32', 'n', 'oh', 'ow', 'h0', 'w0', 'kh', 'kw', 'kidx', 'c', 'off', 'dyp', 'sbest')}
  ${locals('v128', 'best', 'idx', 'v', 'm', 'g')} (local $s f32) (local $sb f32) (local $sg f32)
  ${(Object.keys(P) as (keyof typeof P)[]).map(field).join(' ')}
  ${forLoop('n', get('n0'), get('n1'), 1, `
    ${forLoop('oh', c32(0), get('OH'), 1, `
      ${set('h0', mul(get('oh'), get('KH')))}
      ${forLoop('ow', c32(0), get('OW'), 1, `
        ${set('w0', mul(get('ow'), get('KW')))}
        ${set('dyp', add(get('dy'), mul(mul(add(mul(add(mul(get('n'), get('OH')), get('oh')), get('OW')), get('ow')), get('C')), c32(4))))}
        ${set('c', c32(0))}
        ${whileLoop('cv', `(i32.le_s ${add(get('c'), c32(4))} ${get('C')})`, `
          ${set('best', '(v128.const f32x4 -inf -inf -inf -inf)')}
          ${set('idx', '(v128.const i32x4 -1 -1 -1 -1)')}
          ${windowLoop(`
            ${set('v', `(v128.load ${add(get('x'), get('off'))})`)}
            ${set('m', `(f32x4.gt ${get('v')} ${get('best')})`)}
            ${set('best', `(v128.bitselect ${get('v')} ${get('best')} ${get('m')})`)}
            ${set('idx', `(v128.bitselect (i32x4.splat ${get('kidx')}) ${get('idx')} ${get('m')})`)}`)}
          ${set('g', `(v128.load ${add(get('dyp'), mul(get('c'), c32(4)))})`)}
          ${windowLoop(`(v128.store ${add(get('dx'), get('off'))} (v128.and ${get('g')} (i32x4.eq ${get('idx')} (i32x4.splat ${get('kidx')}))))`)}
          ${inc('c', 4)}`)}
        ${whileLoop('cs', `(i32.lt_s ${get('c')} ${get('C')})`, `
          ${set('sb', '(f32.const -inf)')}
          ${set('sbest', c32(-1))}
          ${windowLoop(`
            ${set('s', `(f32.load ${add(get('x'), get('off'))})`)}
            (if (f32.gt ${get('s')} ${get('sb')}) (then ${set('sb', get('s'))} ${set('sbest', get('kidx'))}))`)}
          ${set('sg', `(f32.load ${add(get('dyp'), mul(get('c'), c32(4)))})`)}
          ${windowLoop(`(f32.store ${add(get('dx'), get('off'))} (select ${get('sg')} (f32.const 0) (i32.eq ${get('sbest')} ${get('kidx')})))`)}
          ${inc('c', 1)}`)}`)}`)}`)})`;
}

/**
 * out[c0..c1] = column sums of x (rows × cols), accumulated in float64 in `acc` (this thread's
 * packed-A area) a row at a time, so x is read once, in order.
 */
function columnSum(): string {
    const S = COLUMN_SUM_JOB;
    const CHUNK = (MC * KC) / 2; // doubles that fit the packed-A area
    return `(func $column_sum ${params('i32', 'job', 'c0', 'c1', 'acc')}
  ${locals('i32', 'x', 'out', 'rows', 'cols', 'lo', 'hi', 'r', 'c', 'row', 'a')} (local $v v128)
  ${set('x', `(i32.load offset=${S.x * 4} ${get('job')})`)} ${set('out', `(i32.load offset=${S.out * 4} ${get('job')})`)}
  ${set('rows', `(i32.load offset=${S.rows * 4} ${get('job')})`)} ${set('cols', `(i32.load offset=${S.cols * 4} ${get('job')})`)}
  ${forLoop('lo', get('c0'), get('c1'), CHUNK, `
    ${set('hi', min(add(get('lo'), c32(CHUNK)), get('c1')))}
    ${forLoop('c', get('lo'), get('hi'), 1, `(f64.store ${add(get('acc'), mul(sub(get('c'), get('lo')), c32(8)))} (f64.const 0))`)}
    ${forLoop('r', c32(0), get('rows'), 1, `
      ${set('row', add(get('x'), mul(mul(get('r'), get('cols')), c32(4))))}
      ${set('c', get('lo'))}
      ${whileLoop('v4', `(i32.le_s ${add(get('c'), c32(4))} ${get('hi')})`, `
        ${set('v', `(v128.load ${add(get('row'), mul(get('c'), c32(4)))})`)}
        ${set('a', add(get('acc'), mul(sub(get('c'), get('lo')), c32(8))))}
        (v128.store offset=0 ${get('a')} (f64x2.add (v128.load offset=0 ${get('a')}) (f64x2.promote_low_f32x4 ${get('v')})))
        (v128.store offset=16 ${get('a')} (f64x2.add (v128.load offset=16 ${get('a')}) (f64x2.promote_low_f32x4 ${shuffle(get('v'), get('v'), 2, 3, 0, 1)})))
        ${inc('c', 4)}`)}
      ${whileLoop('v1', `(i32.lt_s ${get('c')} ${get('hi')})`, `
        ${set('a', add(get('acc'), mul(sub(get('c'), get('lo')), c32(8))))}
        (f64.store ${get('a')} (f64.add (f64.load ${get('a')}) (f64.promote_f32 (f32.load ${add(get('row'), mul(get('c'), c32(4)))}))))
        ${inc('c', 1)}`)}`)}
    ${forLoop('c', get('lo'), get('hi'), 1, `(f32.store ${add(get('out'), mul(get('c'), c32(4)))} (f32.demote_f64 (f64.load ${add(get('acc'), mul(sub(get('c'), get('lo')), c32(8)))})))`)}`)})`;
}

/** out[e0..e1] = Σ_j parts[j][e0..e1] in order j (the partial products of a split K). */
function reduce(): string {
    const R = REDUCE_JOB;
    return `(func $reduce ${params('i32', 'job', 'e0', 'e1')}
  ${locals('i32', 'parts', 'count', 'stride', 'out', 'e', 'j', 'p')} (local $v v128) (local $s f32)
  ${set('parts', `(i32.load offset=${R.parts * 4} ${get('job')})`)} ${set('count', `(i32.load offset=${R.count * 4} ${get('job')})`)}
  ${set('stride', `(i32.load offset=${R.stride * 4} ${get('job')})`)} ${set('out', `(i32.load offset=${R.out * 4} ${get('job')})`)}
  ${set('e', get('e0'))}
  ${whileLoop('v4', `(i32.le_s ${add(get('e'), c32(4))} ${get('e1')})`, `
    ${set('p', add(get('parts'), mul(get('e'), c32(4))))}
    ${set('v', `(v128.load ${get('p')})`)}
    ${forLoop('j', c32(1), get('count'), 1, `${inc('p', get('stride'))} ${set('v', `(f32x4.add ${get('v')} (v128.load ${get('p')}))`)}`)}
    (v128.store ${add(get('out'), mul(get('e'), c32(4)))} ${get('v')})
    ${inc('e', 4)}`)}
  ${whileLoop('v1', `(i32.lt_s ${get('e')} ${get('e1')})`, `
    ${set('p', add(get('parts'), mul(get('e'), c32(4))))}
    ${set('s', `(f32.load ${get('p')})`)}
    ${forLoop('j', c32(1), get('count'), 1, `${inc('p', get('stride'))} ${set('s', `(f32.add ${get('s')} (f32.load ${get('p')}))`)}`)}
    (f32.store ${add(get('out'), mul(get('e'), c32(4)))} ${get('s')})
    ${inc('e', 1)}`)})`;
}

const word = (base: string, index: number) => `(i32.load offset=${index * 4} ${base})`;
const fword = (base: string, index: number) => `(f32.load offset=${index * 4} ${base})`;

/** One thread's share of a job: the batches b0..b1 of output rows m0..m1 and columns n0..n1. */
function run(): string {
    const J = GEMM_JOB;
    const job = get('job');
    const share = (i: number) => word(get('share'), i);
    return `(func (export "run") ${params('i32', 'job', 'chunk', 'ws')}
  ${locals('i32', 'share', 'bi', 'b1', 'm0', 'm1', 'n0', 'n1', 'c', 'ldc', 'partial')} (local $beta f32)
  ${set('share', add(job, add(c32(SHARE_OFFSET), mul(get('chunk'), c32(SHARE_BYTES)))))}
  (if (i32.eq ${word(job, J.kind)} ${c32(JOB.maxPoolGrad)})
    (then (call $max_pool_grad ${job} ${share(0)} ${share(1)}) (return)))
  (if (i32.eq ${word(job, J.kind)} ${c32(JOB.columnSum)})
    (then (call $column_sum ${job} ${share(0)} ${share(1)} ${add(get('ws'), c32(WS.a))}) (return)))
  (if (i32.eq ${word(job, J.kind)} ${c32(JOB.reduce)})
    (then (call $reduce ${job} ${share(0)} ${share(1)}) (return)))
  (if (i32.eq ${word(job, J.kind)} ${c32(JOB.gemm)}) (then
    ${set('b1', share(1))} ${set('m0', share(2))} ${set('m1', share(3))} ${set('n0', share(4))} ${set('n1', share(5))}
    ${set('partial', share(8))}
    ${forLoop('bi', share(0), get('b1'), 1, `
      ;; A chunk of a split K writes its own partial product (batch 1, beta 0, no epilogue).
      (if ${get('partial')}
        (then ${set('c', get('partial'))} ${set('ldc', share(9))} ${set('beta', '(f32.const 0)')})
        (else ${set('c', add(word(job, J.c), mul(get('bi'), word(job, J.strideC))))} ${set('ldc', word(job, J.ldc))} ${set('beta', fword(job, J.beta))}))
      (call $gemm ${word(job, J.transA)} ${word(job, J.transB)} ${share(7)}
        ${add(word(job, J.a), mul(`(i32.rem_u ${get('bi')} ${word(job, J.batchA)})`, word(job, J.strideA)))} ${word(job, J.lda)}
        ${add(word(job, J.b), mul(`(i32.rem_u ${get('bi')} ${word(job, J.batchB)})`, word(job, J.strideB)))} ${word(job, J.ldb)}
        ${get('c')} ${get('ldc')} ${fword(job, J.alpha)} ${get('beta')}
        ${get('m0')} ${get('m1')} ${get('n0')} ${get('n1')} ${share(6)} ${get('ws')} ${add(job, c32(GEMM_JOB.geometry * 4))})
      (if (i32.and (i32.eqz ${get('partial')}) (i32.or (i32.ne ${word(job, J.bias)} ${c32(0)}) (i32.ne ${word(job, J.activation)} ${c32(ACTIVATION.linear)})))
        (then (call $epilogue ${get('c')} ${get('ldc')} ${get('m0')} ${get('m1')} ${get('n0')} ${get('n1')}
          ${word(job, J.bias)} ${word(job, J.activation)} ${fword(job, J.activationAlpha)} ${word(job, J.prelu)})))`)})))`;
}


/** The whole module. Memory is imported ("env" "memory"): shared between threads, or plain. */
export function generateWat(o: ModuleOptions): string {
    const memory = o.shared ? '(memory 1 65536 shared)' : '(memory 1)';
    return `(module
(import "env" "memory" ${memory})
${microKernel(o)}
${packStrided('pack_a_strided', MR)}
${packContiguous('pack_a_contiguous', MR)}
${packStrided('pack_b_strided', NR)}
${packContiguous('pack_b_contiguous', NR)}
${packIm2col()}
${packIm2colT()}
${packA}
${packB}
${tileCopy('tile_in', true)}
${tileCopy('tile_out', false)}
${scaleC}
${gemm}
${epilogue()}
${maxPoolGrad()}
${maxPoolGradTiled()}
${columnSum()}
${reduce()}
${run()}
)`;
}
