import { describe, expect, it } from 'vitest';
import { compileLinear, lazyLinearRegExp } from '../../src/core/linear-regex.js';

describe('the lazy engine of the precompiled validators', () => {
  it('matches exactly as the eager engine does', () => {
    const pattern = '^(?:docker\\.io/)?library/[a-z]+(?<!_FILE)$';
    const lazy = lazyLinearRegExp(pattern, 'u');
    for (const value of ['library/nginx', 'docker.io/library/redis', 'library/X', 'library/a_FILE', 'other/nginx']) {
      expect(lazy.test(value)).toBe(compileLinear(pattern).test(value));
    }
    expect(String(lazy)).toBe(`re2:${pattern}`);
  });

  it('compiles on first use, not when the bundle creates it', () => {
    // A backreference RE2 refuses: creating the lazy form must not compile it, using it must.
    const lazy = lazyLinearRegExp('(a)\\1', 'u');
    expect(() => lazy.test('aa')).toThrow(/invalid|unsupported/i);
  });
});
