/**
 * A small PNG decoder for tests: checks the signature and every chunk's
 * CRC, inflates the image data and undoes the row filters, so a PNG that
 * decodes here is a real, complete image. 8-bit greyscale/RGB/RGBA only
 * (what resvg writes).
 */
import { inflateSync } from "node:zlib";

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface DecodedPng {
  width: number;
  height: number;
  /** bytes per pixel */
  channels: number;
  /** unfiltered pixel bytes, row after row */
  pixels: Uint8Array;
}

/** Decodes `data` or throws saying what is wrong. */
export function decodePng(data: Uint8Array): DecodedPng {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  SIGNATURE.forEach((b, i) => {
    if (buf[i] !== b) throw new Error("not a PNG (bad signature)");
  });
  let pos = 8,
    width = 0,
    height = 0,
    channels = 0;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos < buf.length && !ended) {
    const len = buf.readUInt32BE(pos),
      type = buf.toString("latin1", pos + 4, pos + 8);
    if (pos + 12 + len > buf.length) throw new Error(`chunk ${type} runs past the end`);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (crc32(buf.subarray(pos + 4, pos + 8 + len)) !== buf.readUInt32BE(pos + 8 + len))
      throw new Error(`bad CRC in chunk ${type}`);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8],
        color = body[9],
        interlace = body[12];
      if (depth !== 8 || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, interlace ${interlace}`);
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[color] ?? 0;
      if (!channels) throw new Error(`unsupported colour type ${color}`);
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") ended = true;
    pos += 12 + len;
  }
  if (!ended) throw new Error("no IEND chunk");
  if (!width || !height) throw new Error("no IHDR chunk");
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1))
    throw new Error(`image data is ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)],
      src = y * (stride + 1) + 1,
      dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[dst + x - channels] : 0,
        b = y > 0 ? px[dst - stride + x] : 0;
      const c = x >= channels && y > 0 ? px[dst - stride + x - channels] : 0;
      let pred: number;
      switch (f) {
        case 0:
          pred = 0;
          break;
        case 1:
          pred = a;
          break;
        case 2:
          pred = b;
          break;
        case 3:
          pred = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c,
            pa = Math.abs(p - a),
            pb = Math.abs(p - b),
            pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`bad filter ${f} on row ${y}`);
      }
      px[dst + x] = (raw[src + x] + pred) & 0xff;
    }
  }
  return { width, height, channels, pixels: px };
}

/** Number of distinct pixel values (colours) in a decoded PNG. */
export function distinctColours(png: DecodedPng): number {
  const seen = new Set<number>();
  const { pixels, channels } = png;
  for (let i = 0; i < pixels.length; i += channels) {
    let v = 0;
    for (let k = 0; k < channels; k++) v = v * 256 + pixels[i + k];
    seen.add(v);
  }
  return seen.size;
}
