import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { ORIGINAL_RAW_ARGUMENTS } from '../../src/documents/dockerfile-model.js';

/**
 * src/documents/dockerfile-model.ts memoizes dockerfile-ast's `Instruction.getRawArguments` on
 * fields the library does not export. These fail when an upgrade renames those fields or changes
 * what the method returns, instead of letting the memo silently return stale arguments.
 */
const DOCKERFILES = [
  'FROM node:22 AS build\nRUN npm ci && \\\n    npm run build\nCOPY --from=build --chown=app /out /srv\nUSER app\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN powershell -Command `\n    Write-Host hi\nENV A=1 B="two words"\n',
  'FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\nHEALTHCHECK --interval=5s CMD ["wget", "-qO-", "http://localhost/"]\n',
];

describe('the getRawArguments memo', () => {
  it('is installed, and reads fields every instruction still has', () => {
    const proto = Instruction.prototype as unknown as Record<PropertyKey, unknown>;
    expect(typeof proto[ORIGINAL_RAW_ARGUMENTS]).toBe('function');
    for (const text of DOCKERFILES) {
      for (const instruction of DockerfileParser.parse(text).getInstructions()) {
        const fields = instruction as unknown as { document: unknown; escapeChar: unknown };
        expect(typeof fields.document).toBe('object');
        expect(typeof fields.escapeChar).toBe('string');
      }
    }
  });

  it('returns what the library itself returns, for every instruction, every time', () => {
    const original = (Instruction.prototype as unknown as Record<PropertyKey, () => unknown>)[ORIGINAL_RAW_ARGUMENTS]!;
    for (const text of DOCKERFILES) {
      for (const instruction of DockerfileParser.parse(text).getInstructions()) {
        const expected = JSON.stringify(original.call(instruction));
        // The method is private in the library's types; it is what the memo replaces.
        const memoized = instruction as unknown as { getRawArguments(): unknown };
        expect(JSON.stringify(memoized.getRawArguments())).toBe(expected);
        expect(JSON.stringify(memoized.getRawArguments())).toBe(expected);
      }
    }
  });
});
