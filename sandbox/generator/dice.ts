import { seededRandom } from "../rng";

/**
 * Seeded random draws for the generator. Each part of the programme draws from its own stream, derived from the
 * seed and a label (`dice(seed, "defects", "ABCD-X")`), so changing one part (or the scale) never reshuffles the
 * others.
 */
export interface Dice {
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One of the keys, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** A uniform factor in [1 - spread, 1 + spread]. */
  jitter(spread: number): number;
  /** A copy of the items in a random order. */
  shuffle<T>(items: readonly T[]): T[];
}

interface CompiledWeights {
  keys: string[];
  cumulative: number[];
}

/** Weight tables are module constants: compile each once. */
const compiledWeights = new WeakMap<object, CompiledWeights>();

function compile(weights: Readonly<Record<string, number>>): CompiledWeights {
  let table = compiledWeights.get(weights);
  if (!table) {
    let sum = 0;
    const keys = Object.keys(weights);
    table = { keys, cumulative: keys.map((k) => (sum += weights[k])) };
    compiledWeights.set(weights, table);
  }
  return table;
}

/** FNV-1a over the labels, mixed with the seed: a 32-bit stream seed per label. */
function streamSeed(seed: number, labels: readonly (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (const label of labels) {
    const text = `${String(label)}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h;
}

export function dice(seed: number, ...labels: (string | number)[]): Dice {
  const next = seededRandom(streamSeed(seed, labels));
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
      const { keys, cumulative } = compile(weights);
      const roll = next() * cumulative[cumulative.length - 1];
      let i = 0;
      while (i < keys.length - 1 && roll >= cumulative[i]) i++;
      return keys[i] as K;
    },
    jitter: (spread) => 1 - spread + next() * 2 * spread,
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}
