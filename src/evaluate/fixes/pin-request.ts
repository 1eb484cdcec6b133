import { isScalar } from 'yaml';
import type { FixRequest } from '../../core/fix.js';
import { parsePointer } from '../../core/json-pointer.js';
import type { RuleFix } from '../../policy/fix-kinds.js';
import { dockerfileModel } from './dockerfile-fixes.js';
import type { FixContext } from './fix-context.js';
import { toTextEdits } from './text-edits.js';
import { nodeAt, yamlTree } from './yaml-edit.js';

/** Where a reference is written: its text and offsets in the finding's document. */
interface Written {
  text: string;
  start: number;
  end: number;
  /** Inside quotes: a comment after the pin would land inside them. */
  quoted?: boolean;
}

/** The reference's text at the finding's place: a YAML scalar, or a Dockerfile stage's FROM image. */
function writtenAt(context: Omit<FixContext, 'params'>): Written | undefined {
  const { document, pointer } = context;
  if (document.kind === 'dockerfile') {
    const [head, index] = parsePointer(pointer);
    const model = dockerfileModel(document);
    if (!model || head !== 'stages' || index === undefined) return undefined;
    const from = model.instructions.filter((instruction) => instruction.keyword === 'FROM')[Number(index)];
    const arg = from?.args[0];
    return arg ? { text: document.text.slice(arg.start, arg.end), start: arg.start, end: arg.end } : undefined;
  }
  const tree = yamlTree(document);
  // The finding may point below the reference (`/uses/isSha`, `/image/digest`): the reference is the scalar above.
  let node = tree && nodeAt(tree, pointer);
  if (tree && !isScalar(node)) node = nodeAt(tree, pointer.slice(0, pointer.lastIndexOf('/')));
  if (!isScalar(node) || !node.range || typeof node.value !== 'string') return undefined;
  // A block scalar's range starts at its `|`/`>` indicator, so its text is not its value: not pinned.
  if (node.type !== 'PLAIN' && node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') return undefined;
  // Only a plain scalar's value is its text; a quoted one is edited inside its quotes.
  const raw = document.text.slice(node.range[0], node.range[1]);
  const quoted = raw.startsWith('"') || raw.startsWith("'");
  if (quoted && raw.slice(1, -1) !== node.value) return undefined;
  const start = node.range[0] + (quoted ? 1 : 0);
  return { text: node.value, start, end: start + node.value.length, quoted };
}

/**
 * The request for a pin (`image-pin-digest`, `action-pin-sha`), or why none can be made: only a
 * reference written literally (no variable, no alias) is pinned, since a pin next to a variable
 * would say nothing about what the variable expands to.
 */
export function pinRequest(declared: RuleFix, context: Omit<FixContext, 'params'>): { request: FixRequest } | { note: string } {
  const written = writtenAt(context);
  if (!written) return { note: 'The reference is not written as a plain value here (inside a script, an alias or a merged block), so it is not pinned.' };
  if (/\s/.test(written.text.trim())) return { note: 'The reference is written inside a script, so it is not pinned automatically; pin it by hand.' };
  if (written.text.includes('$')) return { note: 'The reference is built from a variable, so pinning its text would not pin what it expands to.' };
  const value = context.subject.value as Record<string, unknown>;
  const lineEnd = context.document.text.indexOf('\n', written.end);
  const rest = context.document.text.slice(written.end, lineEnd < 0 ? undefined : lineEnd);
  const trailingComment = context.document.kind !== 'dockerfile' && !written.quoted && rest.trim() === '';
  const range = toTextEdits(context.document, [{ start: written.start, end: written.end, text: '' }])[0]!.range;
  const base = { label: declared.label, check: declared.check, written: written.text, range, trailingComment };
  if (declared.kind === 'image-pin-digest') {
    const { registry, repository, tag, digest } = value as { registry?: string; repository?: string; tag?: string; digest?: string };
    if (!registry || !repository || digest) return { note: 'The image has a digest that is not a sha256 pin, or no registry and repository; pin it by hand.' };
    if (written.text.replace(/^docker:\/\//, '') !== value['ref']) return { note: 'The image is written differently from how it is read, so it is not pinned automatically.' };
    return { request: { ...base, kind: 'image-pin-digest', image: { registry, repository, tag: tag ?? 'latest' } } };
  }
  const { owner, repo, ref } = value as { owner?: string; repo?: string; ref?: string };
  if (!owner || !repo || !ref) return { note: 'The action reference has no owner, repository or ref to resolve.' };
  // Only a tag or branch name is resolved. A short commit SHA may name a commit that exists only in
  // a fork (GitHub's commits API answers for those too), and `refs/…` or a second `@` is not a
  // name the pin could keep: pinning them would turn a reference that does not run into one that
  // runs whatever they name.
  if (/^[0-9a-f]{4,40}$/i.test(ref)) return { note: 'The ref looks like a commit SHA, which may name a commit of a fork; pin to the full SHA of a release by hand.' };
  if (ref.includes('@') || ref.startsWith('refs/') || /\s/.test(ref)) return { note: 'The ref is not a plain tag or branch name, so it is not resolved.' };
  if (written.text !== value['uses']) return { note: 'The action reference is written differently from how it is read, so it is not pinned automatically.' };
  return { request: { ...base, kind: 'action-pin-sha', action: { owner, repo, ref } } };
}
