import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The GitHub Marketplace's limits for an action's metadata (docs.github.com, "Metadata syntax for
 * GitHub Actions" and "Publishing actions in GitHub Marketplace"): a name, a description of at most
 * 125 characters, and branding with one of the Feather icons GitHub accepts and one of its colours.
 */
const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
  name?: string;
  description?: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string };
};
const ICONS = new Set(
  readFileSync(new URL('./branding-icons.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#')),
);
const COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];

describe('action.yml meets the Marketplace limits', () => {
  it('has a name and a description of at most 125 characters', () => {
    expect(action.name?.trim()).toBeTruthy();
    expect(action.description?.trim()).toBeTruthy();
    expect(action.description!.trim().length).toBeLessThanOrEqual(125);
  });

  it("brands with an icon from GitHub's Feather list and a Marketplace colour", () => {
    // The list is GitHub's own: Feather's icons without the 13 it omits (shield is one it keeps).
    expect(ICONS.size).toBe(273);
    expect(ICONS.has('coffee')).toBe(false);
    expect(ICONS.has(action.branding?.icon ?? '')).toBe(true);
    expect(COLORS).toContain(action.branding?.color);
  });

  it('documents every input and output', () => {
    const inputs = Object.entries(action.inputs ?? {});
    const outputs = Object.entries(action.outputs ?? {});
    expect(inputs.length).toBeGreaterThan(0);
    expect(outputs.length).toBeGreaterThan(0);
    for (const [name, input] of [...inputs, ...outputs]) expect(input.description?.trim().length, name).toBeGreaterThan(10);
  });

  it('runs the bundle on node24, whose runner minimum the README states', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('2.327.1');
  });
});
