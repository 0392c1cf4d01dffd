// Draws the extension icon (icon.png, 128×128): a small network, three layers of nodes joined by
// edges, on a rounded square. `node scripts/make-icon.mjs` rewrites it; nothing else is needed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // supersampling per axis
const px = new Float32Array(SIZE * SIZE * 4);

const layers = [[40, 64, 88], [28, 52, 76, 100], [52, 76]];
const xs = [28, 64, 100];
const nodes = layers.flatMap((ys, i) => ys.map(y => [xs[i], y]));
const edges = [];
for (let i = 0; i + 1 < layers.length; i++) for (const a of layers[i]) for (const b of layers[i + 1]) edges.push([xs[i], a, xs[i + 1], b]);

const bg = [30, 36, 52], edge = [120, 170, 255], node = [255, 200, 80], ring = [255, 255, 255];
function segmentDistance(x, y, [x0, y0, x1, y1]) {
    const dx = x1 - x0, dy = y1 - y0;
    const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
}
function colour(x, y) {
    const r = 22, inside = (Math.max(Math.abs(x - 64) - (64 - r), 0) ** 2 + Math.max(Math.abs(y - 64) - (64 - r), 0) ** 2) <= r * r;
    if (!inside) return null;
    for (const [nx, ny] of nodes) {
        const d = Math.hypot(x - nx, y - ny);
        if (d <= 7) return node;
        if (d <= 9) return ring;
    }
    for (const e of edges) if (segmentDistance(x, y, e) <= 1.3) return edge;
    return bg;
}
for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
        const sum = [0, 0, 0, 0];
        for (let j = 0; j < SS; j++) for (let i = 0; i < SS; i++) {
            const c = colour(x + (i + 0.5) / SS, y + (j + 0.5) / SS);
            if (!c) continue;
            sum[0] += c[0]; sum[1] += c[1]; sum[2] += c[2]; sum[3] += 255;
        }
        const n = SS * SS, o = (y * SIZE + x) * 4;
        const a = sum[3] / n;
        px[o] = a ? (sum[0] * 255) / sum[3] : 0; px[o + 1] = a ? (sum[1] * 255) / sum[3] : 0; px[o + 2] = a ? (sum[2] * 255) / sum[3] : 0; px[o + 3] = a;
    }
}
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE * 4; x++) raw[y * (SIZE * 4 + 1) + 1 + x] = Math.round(px[y * SIZE * 4 + x]);
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = buf => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4); ihdr[8] = 8; ihdr[9] = 6;
writeFileSync(new URL('../icon.png', import.meta.url), Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
