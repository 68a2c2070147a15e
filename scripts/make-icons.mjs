#!/usr/bin/env node
/**
 * Draws the Teams app icons (appPackage/color.png 192x192, appPackage/outline.png 32x32): two
 * overlapping figures, a mentor and a mentee, on NHS blue. Drawn from geometry rather than kept as a
 * design file so anyone can regenerate them without an image editor: `node scripts/make-icons.mjs`.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'appPackage');

const NHS_BLUE = [0x00, 0x5e, 0xb8];
const NHS_LIGHT_BLUE = [0x41, 0xb6, 0xe6];
const WHITE = [0xff, 0xff, 0xff];

/** Shapes in a unit square; a "figure" is a round head over rounded shoulders cut off flat. */
const BACK = { head: [0.37, 0.35, 0.11], body: [0.37, 0.79, 0.22], bottom: 0.76 };
const FRONT = { head: [0.6, 0.42, 0.12], body: [0.6, 0.88, 0.24], bottom: 0.82 };
/** Clear space around the front figure, so the two read as two people at 32 px. */
const GAP = 0.045;

const inCircle = (x, y, [cx, cy, r], grow) => (x - cx) ** 2 + (y - cy) ** 2 <= (r + grow) ** 2;
const inFigure = (x, y, f, grow = 0) =>
  inCircle(x, y, f.head, grow) || (inCircle(x, y, f.body, grow) && y <= f.bottom + grow);

/** Which part of the mark a point falls in: 'front', 'back' or null. */
function classify(x, y) {
  if (inFigure(x, y, FRONT)) return 'front';
  if (inFigure(x, y, BACK) && !inFigure(x, y, FRONT, GAP)) return 'back';
  return null;
}

/** Inside a square with rounded corners (radius r), the tile the colour icon sits on. */
function inRoundedSquare(x, y, r) {
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

/**
 * Renders by supersampling: `paint(x, y)` gives [r, g, b, a] for a point of the unit square; each pixel
 * averages n×n samples (premultiplied, so edges blend without dark fringes).
 */
function render(size, n, paint) {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return PNG.sync.write(png);
}

const color = render(192, 4, (x, y) => {
  if (!inRoundedSquare(x, y, 0.2)) return [0, 0, 0, 0];
  const part = classify(x, y);
  return [...(part === 'front' ? WHITE : part === 'back' ? NHS_LIGHT_BLUE : NHS_BLUE), 1];
});

// Teams requires the outline icon to be white on transparent only: coverage goes into alpha.
const outline = render(32, 8, (x, y) => [...WHITE, classify(x, y) ? 1 : 0]);

writeFileSync(join(OUT, 'color.png'), color);
writeFileSync(join(OUT, 'outline.png'), outline);
console.log(`wrote ${join(OUT, 'color.png')} and ${join(OUT, 'outline.png')}`);
