import { describe, expect, it } from 'vitest';
import { pullRequestGate } from './pull-request-gate.js';

// GitHub refuses a check run's summary over 65,535 bytes of UTF-8 (github/docs#35252), and the
// report's rows carry four-byte emoji: a summary fitted in characters had no check run exactly
// when it was needed, with more annotations than a step may write (helper-42).

const CLEAN = 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n';
const services = (count: number, name: (i: number) => string) =>
  `services:\n${Array.from({ length: count }, (_, i) => `  ${name(i)}:\n    image: nginx:latest\n    privileged: true\n`).join('')}`;

describe('the check run summary fits in bytes', () => {
  const gate = pullRequestGate(21);
  it.each([
    ['ASCII names', (i: number) => `service${i}`],
    ['names of three-byte characters', (i: number) => `服务服务服务服务${i}`],
  ])('%s', async (_, name) => {
    const before = gate.github().checkRuns.length;
    const run = await gate({ base: { 'compose.yaml': CLEAN }, head: { 'compose.yaml': services(300, name) }, inputs: { annotations: 'check-run' } });
    expect(run.code).toBe(1);
    const created = gate.github().checkRuns.slice(before);
    expect(created).toHaveLength(1);
    const summary = created[0]!.summary;
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(65_535);
    expect(summary).toContain('container\\-privileged');
    expect(created[0]!.annotations.length).toBeGreaterThan(50);
  }, 180_000);
});
