import { SEMVER_PATTERN } from '../schema/semver-pattern.js';

export type Semver = readonly [number, number, number];

export function parseSemver(version: string): Semver | undefined {
  const match = SEMVER_PATTERN.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}
