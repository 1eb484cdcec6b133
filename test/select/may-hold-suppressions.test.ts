import { describe, expect, it } from 'vitest';
import { readForeignDirectives } from '../../src/select/foreign-directives.js';
import { mayHoldSuppressions, readSuppressionComments } from '../../src/select/suppression-comments.js';

const targets = { hadolint: new Map([['DL3007', ['image-latest-tag']]]), buildkit: new Map([['JSONArgsRecommended', ['dockerfile-shell-form-cmd']]]) };

describe('which files a scan keeps the text of, for their suppressions', () => {
  it.each([
    ['a Containment comment', 'services:\n  web: # containment: ignore[container-privileged] lab only\n    privileged: true\n'],
    ['a hadolint comment', 'FROM alpine\n# hadolint ignore=DL3007\nFROM nginx:latest\n'],
    ['a BuildKit check directive', '# check=skip=JSONArgsRecommended\nFROM alpine\nCMD sh\n'],
    ['a BuildKit check directive in capitals', '# CHECK = skip=JSONArgsRecommended\nFROM alpine\nCMD sh\n'],
  ])('keeps a file with %s', (_what, text) => {
    expect(mayHoldSuppressions(text)).toBe(true);
  });

  it('drops a file with none, which holds nothing either reader finds', () => {
    const text = 'FROM alpine:3.20\n# a comment\nRUN apk add --no-cache curl # containment\nCMD ["sh"]\n';
    expect(mayHoldSuppressions(text)).toBe(false);
    expect(readSuppressionComments(text)).toEqual([]);
    expect(readForeignDirectives(text, targets).comments).toEqual([]);
  });
});
