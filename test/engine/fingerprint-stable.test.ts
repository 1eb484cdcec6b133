import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/evaluate/fingerprint.js';

describe('fingerprints stay what baselines recorded', () => {
  it('is the first 32 hex digits of SHA-256 over rule, path and logical pointer, NUL-separated', () => {
    // Computed once with createHash('sha256'): a baseline written by any earlier version holds it.
    expect(fingerprint('container-privileged', 'compose.yaml', 'container:web/privileged')).toBe('795a1640d9a5ea40b7c067817101a8ea');
  });

  it('differs when any part differs, and cannot be forged by moving a separator', () => {
    const base = fingerprint('a', 'b', 'c');
    expect(new Set([base, fingerprint('a', 'b', 'd'), fingerprint('a', 'x', 'c'), fingerprint('x', 'b', 'c'), fingerprint('a\0b', '', 'c')]).size).toBe(5);
  });
});
