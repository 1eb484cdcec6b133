import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { NO_RELATED } from '../../src/core/finding.js';
import type { GitHubClient } from '../../src/report/github/client.js';
import { alignWithHead } from '../../src/report/github/head-lines.js';

// Outside a git repository (a shallow checkout without the head's objects), the head comes from the contents API.
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'containment-head-lines-'));
  await writeFile(join(root, 'Dockerfile'), '# 1\n# 2\nFROM alpine:3.20\nADD a /a\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const suggestion = (line: number): Finding => ({
  ruleId: 'dockerfile-add-instead-of-copy',
  severity: 'low',
  title: 'ADD',
  message: 'ADD copies',
  path: 'Dockerfile',
  pointer: '/instructions/1',
  range: { start: { line, column: 1 }, end: { line, column: 9 } },
  fingerprint: `f${line}`,
  related: NO_RELATED,
  novelty: 'new',
  fixOnAddedLines: true,
  fix: { label: 'safe', description: 'COPY', check: 'nothing', edits: [], lines: { start: line, end: line, text: 'COPY a /a' } },
});

const client = (answer: (ref: string) => string): GitHubClient =>
  ({
    rest: {
      repos: {
        getContent: async ({ ref }: { ref: string }) => ({ data: answer(ref) }),
      },
    },
  }) as unknown as GitHubClient;

describe('alignWithHead', () => {
  const source = (answer: (ref: string) => string) => ({ root, headSha: 'c'.repeat(40), client: client(answer), owner: 'o', repo: 'r' });

  it('keeps a suggestion whose lines read the same at the head, asking the API for the head at its commit', async () => {
    const refs: string[] = [];
    const { findings, heldBack } = await alignWithHead([suggestion(4)], source((ref) => {
      refs.push(ref);
      return '# 1\n# 2\nFROM alpine:3.20\nADD a /a\n';
    }));
    expect(heldBack).toBe(0);
    expect(findings[0]!.fixOnAddedLines).toBe(true);
    expect(refs).toEqual(['c'.repeat(40)]);
  });

  it('holds back one whose line is another line at the head, or past its end', async () => {
    const { findings, heldBack } = await alignWithHead([suggestion(4)], source(() => 'FROM alpine:3.20\nADD a /a\n'));
    expect(heldBack).toBe(1);
    expect(findings[0]!.fixOnAddedLines).toBe(false);
    // The finding and its fix stay: only the suggestion is held back.
    expect(findings[0]!.fix?.lines?.text).toBe('COPY a /a');
  });

  it('holds back all when the head cannot be read', async () => {
    const failing = { root, headSha: 'c'.repeat(40), client: { rest: { repos: { getContent: async () => Promise.reject(new Error('502')) } } } as unknown as GitHubClient, owner: 'o', repo: 'r' };
    expect((await alignWithHead([suggestion(4)], failing)).heldBack).toBe(1);
  });
});
