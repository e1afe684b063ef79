/**
 * Colour differences for the palette tests: CIE ΔE*ab (1976) between two sRGB colours, for normal
 * vision or after simulating a full dichromacy (Machado, Oliveira & Fernandes 2009, severity 1).
 */

type Vision = 'normal' | 'deuteranopia' | 'protanopia';

const SIMULATE: Record<Exclude<Vision, 'normal'>, number[][]> = {
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
};

function linear(hex: string): number[] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
}

function lab(hex: string, vision: Vision): number[] {
  let [r, g, b] = linear(hex) as [number, number, number];
  if (vision !== 'normal') {
    const m = SIMULATE[vision];
    const [x0, x1, x2] = [r, g, b];
    [r, g, b] = m.map((row) => {
      const [a0, a1, a2] = row as [number, number, number];
      return Math.min(1, Math.max(0, a0 * x0 + a1 * x1 + a2 * x2));
    }) as [number, number, number];
  }
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** ΔE*ab between two `#rrggbb` colours as seen with `vision`. */
export function deltaE(a: string, b: string, vision: Vision = 'normal'): number {
  const [l1, a1, b1] = lab(a, vision) as [number, number, number];
  const [l2, a2, b2] = lab(b, vision) as [number, number, number];
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** The closest pair of `colors` under each kind of vision, with its ΔE. */
export function closestPairs(
  colors: readonly string[],
): Record<Vision, { a: string; b: string; delta: number }> {
  const out = {} as Record<Vision, { a: string; b: string; delta: number }>;
  for (const vision of ['normal', 'deuteranopia', 'protanopia'] as const) {
    let best = { a: '', b: '', delta: Number.POSITIVE_INFINITY };
    colors.forEach((a, i) => {
      for (const b of colors.slice(i + 1)) {
        const delta = deltaE(a, b, vision);
        if (delta < best.delta) best = { a, b, delta };
      }
    });
    out[vision] = best;
  }
  return out;
}
