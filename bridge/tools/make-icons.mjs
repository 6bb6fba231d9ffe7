// Renders the app icons (PNG 192/512 and an SVG) from one tiny vector description:
// a dark rounded square with a rising price line and its moving average. Run once; output is committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const BG = [15, 20, 25];
const PRICE = [79, 163, 255];
const AVG = [255, 179, 71];
const price = [[0.14, 0.7], [0.3, 0.55], [0.42, 0.62], [0.56, 0.38], [0.7, 0.45], [0.86, 0.22]];
const avg = [[0.14, 0.74], [0.35, 0.63], [0.56, 0.52], [0.86, 0.34]];

function distToSeg(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
function distToLine(px, py, pts) {
  let d = Infinity;
  for (let i = 1; i < pts.length; i++) d = Math.min(d, distToSeg(px, py, pts[i - 1], pts[i]));
  return d;
}

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const r = 0.2; // corner radius (fraction)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size, v = (y + 0.5) / size;
      const cx = Math.min(Math.max(u, r), 1 - r), cy = Math.min(Math.max(v, r), 1 - r);
      const inside = Math.hypot(u - cx, v - cy) <= r ? 1 : 0;
      let col = BG;
      const w = 0.035;
      const dp = distToLine(u, v, price), da = distToLine(u, v, avg);
      const ap = Math.max(0, Math.min(1, (w - dp) * size * 0.5 + 0.5));
      const aa = Math.max(0, Math.min(1, (w * 0.8 - da) * size * 0.5 + 0.5));
      col = col.map((c, i) => c * (1 - aa) + AVG[i] * aa);
      col = col.map((c, i) => c * (1 - ap) + PRICE[i] * ap);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = col[0]; raw[o + 1] = col[1]; raw[o + 2] = col[2]; raw[o + 3] = inside ? 255 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../../app/public/icons/', import.meta.url);
for (const size of [192, 512]) writeFileSync(new URL(`icon-${size}.png`, out), png(size));
const poly = (pts) => pts.map(([x, y]) => `${(x * 100).toFixed(1)},${(y * 100).toFixed(1)}`).join(' ');
writeFileSync(new URL('icon.svg', out), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="20" fill="rgb(${BG})"/><polyline points="${poly(avg)}" fill="none" stroke="rgb(${AVG})" stroke-width="5.6" stroke-linecap="round" stroke-linejoin="round"/><polyline points="${poly(price)}" fill="none" stroke="rgb(${PRICE})" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/></svg>\n`);
console.log('icons written');
