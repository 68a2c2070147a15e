import type { PoolContext } from './exclusions';
import { MinHeap } from './solver';
import { TERMS } from './score';

/**
 * Matching by classes of identical profiles, for pools where many people are copies of a few profiles.
 *
 * Two mentees whose score-relevant attributes are all equal score the same against every mentor (and
 * likewise two mentors), so a pool of a few profiles repeated is a tiny transportation problem between
 * classes: each mentee class supplies its size, each mentor class its places. On such pools the
 * person-by-person search is at its worst (every search wades through thousands of equally good
 * alternatives), while the class problem has a few thousand arcs.
 *
 * Exclusions and same-person pairs are per pair, so the class problem leaves them out: it is a
 * relaxation, and its dual prices (u per mentee class, v per mentor class) bound every pair of the
 * real problem. The class flows are then realized person by person, using only allowed pairs. If that
 * works, the realized matching has the relaxation's value with prices that still satisfy every
 * optimality condition for the real problem, so it is optimal for it too; if an exclusion gets in the
 * way, the caller falls back to the person-by-person engine. Returns undefined when the pool has too
 * few copies to gain from classes, or when the flows cannot be realized.
 */
export function solveByClasses(ctx: PoolContext): ClassSolution | undefined {
  const { tables } = ctx;
  const L = tables.kernel.mentees;
  const nL = L.n;
  const nR = tables.kernel.mentors.n;
  if (nL === 0 || nR === 0) return undefined;
  const mentees = groups(
    nL,
    (i) =>
      `${tables.classes[0].menteeClass[i]} ${tables.classes[1].menteeClass[i]} ${tables.classes[2].menteeClass[i]} ${tables.classes[3].menteeClass[i]} ${L.day[i]}`,
  );
  if (mentees.count > nL * MAX_CLASS_SHARE) return undefined;
  const codes = tables.codes;
  const mentors = groups(nR, (j) => {
    const q = j * TERMS;
    return `${codes[q]} ${codes[q + 1]} ${codes[q + 2]} ${codes[q + 3]} ${codes[q + 4]}`;
  });
  if (mentors.count > nR * MAX_CLASS_SHARE || mentees.count * mentors.count > MAX_CLASS_ARCS) return undefined;
  const nA = mentees.count;
  const nB = mentors.count;
  const supply = new Float64Array(nA);
  for (let i = 0; i < nL; i++) supply[mentees.of[i]]++;
  const places = new Float64Array(nB);
  const members = new Int32Array(nB);
  for (let j = 0; j < nR; j++) {
    places[mentors.of[j]] += ctx.capacity[j];
    members[mentors.of[j]]++;
  }
  const k = tables.kernel;
  // Weight bigM + score of each class pair reaching the minimum, −1 for the rest.
  const weight = new Float64Array(nA * nB);
  for (let a = 0; a < nA; a++) {
    for (let b = 0; b < nB; b++) {
      const i = mentees.first[a];
      const j = mentors.first[b];
      const s = tables.score(i, j);
      // A class pair of one mentee and one mentor is a single pair: its exclusion can be honoured exactly.
      const barred =
        supply[a] === 1 && members[b] === 1 && (k.mentees.person[i] === k.mentors.person[j] || ctx.excluded.has(i, j));
      weight[a * nB + b] = s >= ctx.minScore && !barred ? ctx.bigM + s : -1;
    }
  }
  const t = transport(supply, places, weight);
  if (!t) return undefined;
  const solution = realize(ctx, mentees, mentors, t);
  if (solution) solution.arcs = nA * nB;
  return solution;
}

/** A matching with dual prices, person by person, from the class problem. */
export interface ClassSolution {
  matchOf: Int32Array;
  menteePrice: Float64Array;
  mentorPrice: Float64Array;
  /** Whether mentee i has any allowed mentor at all (for the unmatched reason). */
  hasAllowed: (i: number) => boolean;
  /** Class pairs considered. */
  arcs: number;
}

/** Classes are used only when they are at most this share of each side. */
const MAX_CLASS_SHARE = 0.25;
/** Past this many class pairs the class problem is no longer small. */
const MAX_CLASS_ARCS = 3_000_000;

interface Groups {
  count: number;
  /** Class of each person. */
  of: Int32Array;
  /** First (lowest-index) person of each class. */
  first: number[];
}

function groups(n: number, key: (k: number) => string): Groups {
  const codes = new Map<string, number>();
  const first: number[] = [];
  const of = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const id = key(k);
    let c = codes.get(id);
    if (c === undefined) codes.set(id, (c = first.push(k) - 1));
    of[k] = c;
  }
  return { count: first.length, of, first };
}

/** Optimal class flows and prices: flow[a * nB + b], prices u (mentee classes) and v (mentor classes). */
interface Transport {
  flow: Int32Array;
  u: Float64Array;
  v: Float64Array;
}

/**
 * The transportation problem: maximise Σ weight × flow with at most supply[a] out of mentee class a and
 * places[b] into mentor class b (weight −1 marks a pair that is not allowed). Solved balanced, as a
 * minimum-cost flow: a dummy mentor class D takes the mentees left unmatched (weight 0) and a dummy
 * mentee class E fills the places left free (weight 0, and E → D), so every supply and every place is
 * used. Successive shortest paths with potentials: one source class at a time, a Dijkstra on reduced
 * costs finds the cheapest way to a class with room and the path carries as many units as it can.
 * Prices come from the potentials, shifted so that u ≥ 0 with u = 0 for a class with unmatched
 * mentees, and v ≥ 0 with v = 0 for a class with free places. All values are integers below 2^53.
 */
function transport(supply: Float64Array, places: Float64Array, weight: Float64Array): Transport | undefined {
  const nA = supply.length;
  const nB = places.length;
  // Left nodes 0 … nA − 1 and E = nA; right nodes 0 … nB − 1 and D = nB; cost c = −weight, 0 for the dummies.
  const cols = nB + 1;
  const E = nA;
  const D = nB;
  const cost = new Float64Array((nA + 1) * cols);
  let totalSupply = 0;
  let totalPlaces = 0;
  for (let a = 0; a < nA; a++) totalSupply += supply[a];
  for (let b = 0; b < nB; b++) totalPlaces += places[b];
  for (let a = 0; a < nA; a++) {
    for (let b = 0; b < nB; b++) cost[a * cols + b] = weight[a * nB + b] < 0 ? Infinity : -weight[a * nB + b];
    cost[a * cols + D] = 0;
  }
  for (let b = 0; b <= nB; b++) cost[E * cols + b] = 0;
  const left = Float64Array.from({ length: nA + 1 }, (_, a) => (a < nA ? supply[a] : totalPlaces));
  const right = Float64Array.from({ length: nB + 1 }, (_, b) => (b < nB ? places[b] : totalSupply));
  const flow = new Int32Array((nA + 1) * cols);
  /** The left nodes with flow into each right node: the arcs a path may take backwards. */
  const carriers: number[][] = Array.from({ length: nB + 1 }, () => []);
  // The dummy E starts with every place (E → b carries places[b]), so no real class has room and every
  // path ends at D; potentials 0 on the right and on E, and each mentee class its best weight, make every
  // residual arc's reduced cost non-negative (E's arcs are tight). A mentee class then takes a place by
  // pushing E's unit on to D, a path of reduced cost 0 found after two row scans. (Routing E last, by
  // searches of its own, settled about 900 classes a search at 2,568 × 1,050: most of the time.)
  for (let b = 0; b < nB; b++) {
    flow[E * cols + b] = places[b];
    if (places[b] > 0) carriers[b].push(E);
    right[b] = 0;
  }
  left[E] = 0;
  const p = new Float64Array(nA + 1);
  const q = new Float64Array(nB + 1);
  for (let a = 0; a < nA; a++) {
    let m = 0;
    for (let b = 0; b < nB; b++) if (weight[a * nB + b] > m) m = weight[a * nB + b];
    p[a] = m;
  }
  // The super sink t behind every right node with room left (arcs of cost 0): paths are compared by
  // their true cost only through one sink potential.
  const qt = 0;
  const distL = new Float64Array(nA + 1).fill(Infinity);
  const distR = new Float64Array(nB + 1).fill(Infinity);
  const doneL = new Uint8Array(nA + 1);
  const doneR = new Uint8Array(nB + 1);
  const predL = new Int32Array(nA + 1);
  const predR = new Int32Array(nB + 1);
  const settledL: number[] = [];
  const settledR: number[] = [];
  const heap = new MinHeap();
  // Heap ids: D first and E next among equal keys (a path through them ends the search at once), then
  // the left classes, then the right ones.
  const ofL = (a: number): number => (a === E ? 1 : 2 + a);
  const ofR = (b: number): number => (b === D ? 0 : 2 + E + b);
  // Successive shortest paths, one source class at a time (the dummy E last): a Dijkstra on reduced
  // costs c + p − q from the source stops at the nearest class with room (through the sink t), moves
  // the potentials of the nodes it settled, and the path takes as many units as it can carry.
  for (let src = 0; src < nA; src++) {
    while (left[src] > 0) {
      heap.clear();
      distL[src] = 0;
      heap.push(0, ofL(src));
      let distT = Infinity;
      let sink = -1;
      while (heap.size > 0 && heap.topKey() < distT) {
        const key = heap.topKey();
        const id = heap.pop();
        if (id === 1 || (id >= 2 && id < 2 + E)) {
          const a = id === 1 ? E : id - 2;
          if (doneL[a] || key > distL[a]) continue;
          doneL[a] = 1;
          settledL.push(a);
          const base = key + p[a];
          for (let b = 0, e = a * cols; b <= nB; b++, e++) {
            if (doneR[b]) continue;
            const d = base + cost[e] - q[b];
            if (d < distR[b]) {
              distR[b] = d;
              predR[b] = a;
              heap.push(d, ofR(b));
            }
          }
        } else {
          const b = id === 0 ? D : id - 2 - E;
          if (doneR[b] || key > distR[b]) continue;
          doneR[b] = 1;
          settledR.push(b);
          if (right[b] > 0 && key + q[b] - qt < distT) {
            distT = key + q[b] - qt;
            sink = b;
          }
          const from = carriers[b];
          for (let x = 0; x < from.length; x++) {
            const a = from[x];
            if (!doneL[a] && key < distL[a]) {
              distL[a] = key;
              predL[a] = b;
              heap.push(key, ofL(a));
            }
          }
        }
      }
      if (sink < 0) return undefined; // cannot happen: every class reaches D, and E every place
      const delta = distT;
      // Potentials of the settled nodes move by their distance less delta (the rest keep theirs, which
      // differs from moving everyone by min(distance, delta) only by a constant).
      for (const a of settledL) p[a] += distL[a] - delta;
      for (const b of settledR) q[b] += distR[b] - delta;
      let amount = Math.min(left[src], right[sink]);
      for (let b = sink, a = predR[b]; a !== src; b = predL[a], a = predR[b])
        amount = Math.min(amount, flow[a * cols + predL[a]]);
      for (let b = sink, a = predR[b]; ; b = predL[a], a = predR[b]) {
        if (flow[a * cols + b] === 0) carriers[b].push(a);
        flow[a * cols + b] += amount;
        if (a === src) break;
        const back = predL[a];
        flow[a * cols + back] -= amount;
        if (flow[a * cols + back] === 0) {
          const list = carriers[back];
          list[list.indexOf(a)] = list[list.length - 1];
          list.pop();
        }
      }
      left[src] -= amount;
      right[sink] -= amount;
      for (const a of settledL) {
        distL[a] = Infinity;
        doneL[a] = 0;
      }
      for (let b = 0; b <= nB; b++) {
        distR[b] = Infinity;
        doneR[b] = 0;
      }
      for (let a = 0; a <= nA; a++) distL[a] = Infinity;
      settledL.length = 0;
      settledR.length = 0;
    }
  }
  const out = new Int32Array(nA * nB);
  for (let a = 0; a < nA; a++) for (let b = 0; b < nB; b++) out[a * nB + b] = flow[a * cols + b];
  const u = Float64Array.from({ length: nA }, (_, a) => p[a] - q[D]);
  const v = Float64Array.from({ length: nB }, (_, b) => q[D] - q[b]);
  // The conditions the realized matching's certificate rests on, checked on the classes (cheap).
  for (let a = 0; a < nA; a++) {
    if (u[a] < 0 || (flow[a * cols + D] > 0 && u[a] !== 0)) return undefined;
    for (let b = 0; b < nB; b++) {
      const w = weight[a * nB + b];
      if (w >= 0 && (u[a] + v[b] < w || (out[a * nB + b] > 0 && u[a] + v[b] !== w))) return undefined;
    }
  }
  for (let b = 0; b < nB; b++) if (v[b] < 0 || (flow[E * cols + b] > 0 && v[b] !== 0)) return undefined;
  return { flow: out, u, v };
}

/**
 * Realizes the class flows person by person: for each mentee class, its flow to each mentor class goes
 * to members of that class with room, skipping excluded and same-person pairs. Fails (undefined) when
 * some flow cannot be placed; the caller then solves person by person.
 */
function realize(ctx: PoolContext, mentees: Groups, mentors: Groups, t: Transport): ClassSolution | undefined {
  const k = ctx.tables.kernel;
  const nL = k.mentees.n;
  const nR = k.mentors.n;
  const nA = mentees.count;
  const nB = mentors.count;
  const membersOf = (g: Groups, n: number): { start: Int32Array; list: Int32Array } => {
    const start = new Int32Array(g.count + 1);
    for (let x = 0; x < n; x++) start[g.of[x] + 1]++;
    for (let c = 0; c < g.count; c++) start[c + 1] += start[c];
    const fill = start.slice(0, g.count);
    const list = new Int32Array(n);
    for (let x = 0; x < n; x++) list[fill[g.of[x]]++] = x;
    return { start, list };
  };
  const A = membersOf(mentees, nL);
  const B = membersOf(mentors, nR);
  const room = Int32Array.from(ctx.capacity);
  // Per mentor class, the first member that may still have room (members before it are full).
  const open = B.start.slice(0, nB);
  const matchOf = new Int32Array(nL).fill(-1);
  const allowed = (i: number, j: number): boolean =>
    k.mentees.person[i] !== k.mentors.person[j] && !ctx.excluded.has(i, j);
  // Small mentor classes first: a class of one or two mentors has no alternative when the mentees left
  // for it happen to be excluded with them, while a large class almost always has a member free.
  const order = Int32Array.from({ length: nB }, (_, b) => b).sort(
    (x, y) => B.start[x + 1] - B.start[x] - (B.start[y + 1] - B.start[y]) || x - y,
  );
  for (let a = 0; a < nA; a++) {
    const from = A.start[a];
    const to = A.start[a + 1];
    let next = from; // members before `next` are placed, or were skipped and wait in `waiting`
    const waiting: number[] = [];
    for (const b of order) {
      let need = t.flow[a * nB + b];
      if (need === 0) continue;
      const stillWaiting: number[] = [];
      const place = (i: number): boolean => {
        while (open[b] < B.start[b + 1] && room[B.list[open[b]]] === 0) open[b]++;
        for (let x = open[b]; x < B.start[b + 1]; x++) {
          const j = B.list[x];
          if (room[j] > 0 && allowed(i, j)) {
            room[j]--;
            matchOf[i] = j;
            return true;
          }
        }
        return false;
      };
      for (const i of waiting) {
        if (need > 0 && place(i)) need--;
        else stillWaiting.push(i);
      }
      while (need > 0 && next < to) {
        const i = A.list[next++];
        if (place(i)) need--;
        else stillWaiting.push(i);
      }
      if (need > 0) return undefined;
      waiting.length = 0;
      waiting.push(...stillWaiting);
    }
  }
  const menteePrice = new Float64Array(nL);
  const mentorPrice = new Float64Array(nR);
  for (let i = 0; i < nL; i++) menteePrice[i] = t.u[mentees.of[i]];
  for (let j = 0; j < nR; j++) mentorPrice[j] = t.v[mentors.of[j]];
  const hasAllowed = (i: number): boolean => {
    for (let b = 0; b < nB; b++) {
      if (ctx.tables.score(i, mentors.first[b]) < ctx.minScore) continue;
      for (let x = B.start[b]; x < B.start[b + 1]; x++) if (allowed(i, B.list[x])) return true;
    }
    return false;
  };
  return { matchOf, menteePrice, mentorPrice, hasAllowed, arcs: 0 };
}
