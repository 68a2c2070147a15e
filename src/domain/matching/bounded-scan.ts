import { fullScan, type PairScan } from './candidates';

/** Placeholder until the bounded scan lands: every pair. */
export const boundedScan: PairScan = fullScan;
