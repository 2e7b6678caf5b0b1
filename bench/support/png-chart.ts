// A line chart written as a PNG with nothing but node:zlib: the e2e benchmark plots its time
// series into docs/ without a charting dependency. No text is drawn; the Markdown next to the
// image says what each colour is and what the axes' maxima are.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

export interface Series {
  /** RGB, 0–255 each. */
  color: [number, number, number];
  /** [x, y] points; x and y in the chart's units. */
  points: [number, number][];
  /** Plotted against the right axis (its own scale) instead of the left. */
  right?: boolean;
}

export interface ChartOptions {
  width?: number;
  height?: number;
  /** Grid lines drawn every `xStep` on x (default: none). */
  xStep?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGB pixels (row-major, 3 bytes each) as a PNG. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Draws the series on a white canvas with axes and writes the PNG to `file`; returns the axis maxima. */
export function writeLineChart(file: string, series: Series[], options: ChartOptions = {}): { xMax: number; leftMax: number; rightMax: number } {
  const width = options.width ?? 800;
  const height = options.height ?? 360;
  const margin = 24;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const set = (x: number, y: number, [r, g, b]: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (Math.round(y) * width + Math.round(x)) * 3;
    rgb[i] = r;
    rgb[i + 1] = g;
    rgb[i + 2] = b;
  };
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map(([x]) => x));
  const niceMax = (values: number[]) => {
    const max = Math.max(1, ...values);
    const magnitude = 10 ** Math.floor(Math.log10(max));
    return Math.ceil(max / magnitude) * magnitude;
  };
  const leftMax = niceMax(series.filter((s) => !s.right).flatMap((s) => s.points.map(([, y]) => y)));
  const rightMax = niceMax(series.filter((s) => s.right).flatMap((s) => s.points.map(([, y]) => y)));
  const px = (x: number) => margin + (x / xMax) * (width - 2 * margin);
  const py = (y: number, right?: boolean) => height - margin - (y / (right ? rightMax : leftMax)) * (height - 2 * margin);
  // Grid: quarters of each axis, and every xStep.
  const grey: [number, number, number] = [225, 225, 225];
  for (let q = 1; q <= 4; q++) for (let x = margin; x < width - margin; x++) set(x, py((leftMax * q) / 4), grey);
  if (options.xStep) for (let x = options.xStep; x < xMax; x += options.xStep) for (let y = margin; y < height - margin; y++) set(px(x), y, grey);
  const black: [number, number, number] = [40, 40, 40];
  for (let x = margin; x <= width - margin; x++) set(x, height - margin, black);
  for (let y = margin; y <= height - margin; y++) {
    set(margin, y, black);
    set(width - margin, y, black);
  }
  for (const s of series) {
    for (let i = 1; i < s.points.length; i++) {
      const [x0, y0] = s.points[i - 1]!;
      const [x1, y1] = s.points[i]!;
      const steps = Math.max(1, Math.ceil(Math.hypot(px(x1) - px(x0), py(y1, s.right) - py(y0, s.right))));
      for (let t = 0; t <= steps; t++) {
        const x = px(x0 + ((x1 - x0) * t) / steps);
        const y = py(y0 + ((y1 - y0) * t) / steps, s.right);
        set(x, y, s.color);
        set(x, y + 1, s.color);
      }
    }
  }
  writeFileSync(file, encodePng(width, height, rgb));
  return { xMax, leftMax, rightMax };
}
