import type { CheckoutState } from './checkout-check.js';

/**
 * What the step says when the checkout is not the pull request's code (`kind: 'other'`): no
 * verdict, since nothing of the pull request was read. One line for the log and the failed step,
 * and markdown for the comment and the job summary. The step fails on this, not on findings: a
 * required check must not turn green for code it never saw, and the base branch's findings are
 * not the pull request's to answer for.
 */
export function notJudgedLine(state: Extract<CheckoutState, { kind: 'other' }>, pullNumber: number): string {
  return (
    `Containment did not judge pull request #${pullNumber}: the checked-out commit ${state.checkedOut.slice(0, 12)} is neither its head ` +
    `${state.head.slice(0, 12)} nor a merge commit of it, so none of its files were read. ${HOW_TO_FIX}`
  );
}

const HOW_TO_FIX =
  'On pull_request_target, actions/checkout checks out the base branch unless told otherwise: run Containment on pull_request, ' +
  'or check out the head (ref: ${{ github.event.pull_request.head.sha }}, persist-credentials: false) and run nothing from it.';

export function notJudgedMarkdown(state: Extract<CheckoutState, { kind: 'other' }>, pullNumber: number): string {
  return [
    '## ⚠️ Containment: this pull request was not judged',
    '',
    `The checked-out commit \`${state.checkedOut.slice(0, 12)}\` is neither the head of pull request \\#${pullNumber} ` +
      `(\`${state.head.slice(0, 12)}\`) nor a merge commit of it. **The pull request's code was not checked out, and nothing was judged**: ` +
      'no finding is reported, and this is not a pass.',
    '',
    'On `pull_request_target`, `actions/checkout` checks out the base branch unless told otherwise. Run Containment on ' +
      '`pull_request`, or check out the head (`ref: ${{ github.event.pull_request.head.sha }}` with `persist-credentials: false`) ' +
      'and run nothing from it.',
    '',
  ].join('\n');
}
