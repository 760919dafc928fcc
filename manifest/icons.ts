/**
 * The Teams app icons, drawn from code so they can be regenerated and reviewed like any other source:
 *
 *   color.png    192x192, the mark in white on the accent colour (Teams rounds the corners itself)
 *   outline.png   32x32, the same mark in white on a transparent background (Teams tints it)
 *
 * The mark: two router ports (the customer edge on the left, the Microsoft edge on the right) joined by a
 * circuit that carries a pulse — "the health of the link between them", which is what the bot diagnoses.
 *
 * Rendering is a tiny deterministic rasteriser: every shape is a signed distance function, and each pixel's
 * coverage is the fraction of an N×N grid of sample points that fall inside the shape (anti-aliasing by
 * supersampling). Plain arithmetic only, no randomness, no fonts, no system libraries: the same code gives
 * the same pixels on every machine. `npx tsx manifest/icons.ts` rewrites both PNGs next to this file.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

/** The icon background, and the manifest's `accentColor` (the build checks that both agree). */
export const ACCENT_COLOR = '#0B5CAB';

export type Rgba = readonly [number, number, number, number];

/** A shape: signed distance from (x, y) to its edge, negative inside, in the units of its canvas. */
export type Shape = (x: number, y: number) => number;

export interface Layer {
  shape: Shape;
  color: Rgba;
}

export interface Image {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, rows top to bottom. */
  data: Uint8Array;
}

// ---- shapes ---------------------------------------------------------------------------------------------

/** sqrt is correctly rounded (IEEE 754), so the same on every machine; Math.hypot's last bit need not be. */
function len(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

export function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => len(x - cx, y - cy) - r;
}

/** A round-capped line from a to b, `width` wide. */
export function segment(ax: number, ay: number, bx: number, by: number, width: number): Shape {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  return (x, y) => {
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    return len(x - (ax + t * dx), y - (ay + t * dy)) - width / 2;
  };
}

/** A stroked polyline with round joins and caps. */
export function polyline(points: ReadonlyArray<readonly [number, number]>, width: number): Shape {
  const parts: Shape[] = [];
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    parts.push(segment(ax, ay, bx, by, width));
  }
  return union(...parts);
}

export function union(...shapes: Shape[]): Shape {
  return (x, y) => {
    let d = Infinity;
    for (const s of shapes) d = Math.min(d, s(x, y));
    return d;
  };
}

/** `a` with `b` cut out of it. */
export function subtract(a: Shape, b: Shape): Shape {
  return (x, y) => Math.max(a(x, y), -b(x, y));
}

/** Places a shape drawn around (ox, oy) so that point lands on (cx, cy), scaled by k pixels per unit. */
export function placed(shape: Shape, ox: number, oy: number, k: number, cx: number, cy: number): Shape {
  return (x, y) => shape((x - cx) / k + ox, (y - cy) / k + oy) * k;
}

// ---- rasteriser -----------------------------------------------------------------------------------------

/**
 * Paints the layers in order over `background` ("source over" compositing, straight alpha). Coverage of a
 * pixel = share of its samples × samples sub-pixel points inside the shape.
 */
export function rasterize(width: number, height: number, layers: readonly Layer[], background: Rgba, samples = 8): Image {
  const data = new Uint8Array(width * height * 4);
  const n = samples * samples;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      // Straight-alpha colour accumulated in floating point, 0..1.
      let r = background[0] / 255;
      let g = background[1] / 255;
      let b = background[2] / 255;
      let a = background[3] / 255;
      for (const layer of layers) {
        let inside = 0;
        for (let sy = 0; sy < samples; sy++) {
          const y = py + (sy + 0.5) / samples;
          for (let sx = 0; sx < samples; sx++) {
            if (layer.shape(px + (sx + 0.5) / samples, y) <= 0) inside++;
          }
        }
        if (inside === 0) continue;
        const srcA = (inside / n) * (layer.color[3] / 255);
        const outA = srcA + a * (1 - srcA);
        if (outA > 0) {
          r = ((layer.color[0] / 255) * srcA + r * a * (1 - srcA)) / outA;
          g = ((layer.color[1] / 255) * srcA + g * a * (1 - srcA)) / outA;
          b = ((layer.color[2] / 255) * srcA + b * a * (1 - srcA)) / outA;
        }
        a = outA;
      }
      const i = (py * width + px) * 4;
      data[i] = Math.round(r * 255);
      data[i + 1] = Math.round(g * 255);
      data[i + 2] = Math.round(b * 255);
      data[i + 3] = Math.round(a * 255);
    }
  }
  return { width, height, data };
}

export function encodePng(image: Image): Buffer {
  const png = new PNG({ width: image.width, height: image.height, colorType: 6, inputColorType: 6, bitDepth: 8 });
  png.data = Buffer.from(image.data);
  return PNG.sync.write(png, { colorType: 6, inputColorType: 6, bitDepth: 8, deflateLevel: 9 });
}

export function decodePng(bytes: Buffer): Image {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

// ---- the mark -------------------------------------------------------------------------------------------

export function hexColor(hex: string, alpha = 255): Rgba {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16), alpha];
}

interface MarkStyle {
  /** Stroke width of the link. */
  trace: number;
  /** Outer and inner radius of the two ports (rings). */
  portOuter: number;
  portInner: number;
  /** Height of the pulse above and below the link. */
  up: number;
  down: number;
  /** Horizontal stretch of the pulse (1 = as drawn). */
  spread: number;
}

/**
 * The mark on a 96-unit canvas, centred on (48, 48): two ports (rings) at x = 14 and x = 82 joined by a link
 * that carries an ECG-style pulse in the middle (a small dip, a tall spike, a deep trough, back to level).
 */
function mark(style: MarkStyle): Shape {
  const L = 14;
  const R = 82;
  const y = 48;
  const link = polyline(
    [
      [L, y],
      [48 - 14 * style.spread, y],
      [48 - 9 * style.spread, y + style.down * 0.3],
      [48 - 2.5 * style.spread, y - style.up],
      [48 + 4.5 * style.spread, y + style.down],
      [48 + 10.5 * style.spread, y],
      [R, y],
    ],
    style.trace,
  );
  const ports = union(circle(L, y, style.portOuter), circle(R, y, style.portOuter));
  const holes = union(circle(L, y, style.portInner), circle(R, y, style.portInner));
  // The ports are rings: the link stops at their outer edge, the centres stay open.
  return subtract(union(link, ports), holes);
}

export function colorIcon(): Image {
  const size = 192;
  const ink = mark({ trace: 8, portOuter: 12, portInner: 5.5, up: 24, down: 22, spread: 1.1 });
  // Teams shows the colour icon cropped to a rounded square or a circle: the mark (about 130 x 76 px) stays
  // inside the central circle.
  return rasterize(size, size, [{ shape: placed(ink, 48, 48, 1.4, size / 2, size / 2), color: [255, 255, 255, 255] }], hexColor(ACCENT_COLOR), 8);
}

export function outlineIcon(): Image {
  const size = 32;
  // Heavier strokes and a taller, wider pulse than a straight scale-down: at 32 px (shown at 20 px) thin
  // lines turn to grey mush and the spike's two strokes would merge.
  const ink = mark({ trace: 7.5, portOuter: 12.5, portInner: 5.5, up: 28, down: 26, spread: 1.5 });
  // White everywhere; only alpha carries the shape (Teams tints the outline icon).
  return rasterize(size, size, [{ shape: placed(ink, 48, 48, 0.34, size / 2, size / 2), color: [255, 255, 255, 255] }], [255, 255, 255, 0], 16);
}

export const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;

export function writeIcons(dir: string): { color: string; outline: string } {
  const color = join(dir, ICON_FILES.color);
  const outline = join(dir, ICON_FILES.outline);
  writeFileSync(color, encodePng(colorIcon()));
  writeFileSync(outline, encodePng(outlineIcon()));
  return { color, outline };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = writeIcons(dirname(fileURLToPath(import.meta.url)));
  process.stdout.write(`wrote ${out.color}\nwrote ${out.outline}\n`);
}
