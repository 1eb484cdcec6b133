import type { CST } from 'yaml';

/**
 * How deep collections may nest in a YAML file. Compose files and workflows nest about ten levels.
 * yaml's composer and every later stage recurse once per level, and where the call stack runs out
 * depends on what V8 has optimised so far: on a loaded machine a 1,000-deep file was read in one
 * run and refused in the next (measured: unoptimised code overflowed at about 660 levels), so the
 * same file gave different findings. A fixed limit, checked on the parser's output before anything
 * recurses, makes the answer the same on every run.
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * The offset of the first collection nested deeper than `max` in a parsed document token, or
 * undefined. Iterative: the token tree of a hostile file can be thousands of levels deep.
 */
export function tooDeepOffset(token: CST.Token, max = MAX_NESTING_DEPTH): number | undefined {
  const stack: Array<[CST.Token | null | undefined, number]> = [[token, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node) continue;
    switch (node.type) {
      case 'document':
        stack.push([node.value, depth]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > max) return node.offset;
        // Later items first, so the first too-deep collection in the text is the one found.
        for (const item of [...node.items].reverse()) {
          stack.push([item.value, depth + 1]);
          if ('key' in item) stack.push([item.key, depth + 1]);
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}
