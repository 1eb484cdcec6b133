/**
 * Whether a git argument names a ref chosen at run time: an expression or a pull request ref
 * (`refs/pull/…`, `pull/N/head`). Only the shape is read here; which refs are a pull request's
 * head is the `prHeadRefs` param of the rule that judges them, its one home.
 */
export function namesPrHead(text: string): boolean {
  return /\$\{\{|refs\/pull\/|\bpull\/[^/\s]+\/(?:head|merge)/.test(text);
}
