import { expressionSpans } from '../languages/shell-words.js';

/**
 * Contexts whose values whoever opens an issue, a pull request, a comment or a branch can write,
 * so that expanding them into a script lets them run code (GitHub, "Security hardening for GitHub
 * Actions: understanding the risk of script injections"; zizmor's and CodeQL's lists of
 * attacker-controlled contexts served as a check). `*` is one path segment (an array index).
 */
const UNTRUSTED = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.pull_request.head.repo.description',
  'github.event.pull_request.head.repo.homepage',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.commits.*.committer.email',
  'github.event.commits.*.committer.name',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.head_commit.committer.email',
  'github.event.head_commit.committer.name',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.head_repository.description',
  'github.event.workflow_run.pull_requests.*.head.ref',
  'github.event.check_suite.head_branch',
  'github.event.check_run.check_suite.head_branch',
  'github.event.merge_group.head_commit.message',
  'github.event.release.name',
  'github.event.release.body',
].map((pattern) => pattern.split('.'));

/** A `github…` context reference inside an expression: dotted names and `[…]` indexes. */
const REFERENCE = /(?<![\w.-])github(?![\w-])(?:\s*\.\s*[A-Za-z_][\w-]*|\s*\.\s*\*|\s*\[[^\]]*\])*/g;

/**
 * The attacker-controlled contexts that `${{ … }}` expressions in `text` expand, normalized to
 * dotted form with `*` for indexes (`github.event.commits[0].message` →
 * `github.event.commits.*.message`), each once, in order. A whole object that contains such a
 * value (`toJSON(github.event)`) counts too; string literals inside expressions are skipped.
 */
export function untrustedExpressions(text: string): string[] {
  const found: string[] = [];
  for (const span of expressionSpans(text)) {
    // `x['name']` is a property, other string literals are text: quoted names are not references.
    const expression = text
      .slice(span.start, span.end)
      .replace(/\[\s*'([\w-]+)'\s*\]/g, '.$1')
      .replace(/'(?:[^']|'')*'/g, "''");
    for (const match of expression.matchAll(REFERENCE)) {
      const path = normalize(match[0]);
      if (isUntrusted(path.split('.')) && !found.includes(path)) found.push(path);
    }
  }
  return found;
}

function normalize(reference: string): string {
  return reference
    .replace(/\s+/g, '')
    .replace(/\[[^\]]*\]/g, '.*')
    .replace(/\.\d+(?=\.|$)/g, '.*');
}

/** A reference is untrusted when it names a listed context, something inside one, or an object holding one. */
function isUntrusted(segments: string[]): boolean {
  return UNTRUSTED.some((pattern) => {
    const shared = Math.min(pattern.length, segments.length);
    for (let i = 0; i < shared; i++) if (pattern[i] !== '*' && segments[i] !== '*' && pattern[i] !== segments[i]) return false;
    return true;
  });
}

/**
 * Expressions that name the head of a pull request (the contributor's code) rather than the base
 * branch: `github.event.pull_request.head.sha|ref`, `github.head_ref`, the merge commit,
 * `refs/pull/N/…`, and the head of the run a `workflow_run` follows.
 */
const PR_HEAD =
  /github\.event\.pull_request\.(?:head\.(?:sha|ref|repo\.full_name)|merge_commit_sha)|github\.head_ref|github\.event\.workflow_run\.(?:head_sha|head_branch|head_repository\.full_name)|refs\/pull\/|\bpull\/[^/\s]+\/(?:head|merge)/;

/** True when a checkout `ref:`/`repository:` value or a git argument names a pull request's head. */
export function namesPrHead(text: string): boolean {
  return PR_HEAD.test(text);
}
