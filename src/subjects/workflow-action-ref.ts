import type { ActionRef } from './action-ref.js';

const SHA = /^[0-9a-f]{40}$/i;

/**
 * Reads a `uses:` value the way GitHub resolves it
 * (https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsuses):
 * `docker://image`, `./path` in the workspace, `$/path` in the workflow's own repository at the
 * commit that is running (the self-repository syntax, GitHub changelog 2026-07-30, "Reference
 * same-repository actions with self-repository syntax": pinned by definition), or
 * `owner/repo[/path]@ref`. Only a full 40-hex commit SHA is an immutable pin; a tag or branch can
 * be moved under the workflow.
 */
export function parseActionRef(uses: string, isWorkflow: boolean): ActionRef {
  const text = uses.trim();
  const base = { uses: text, isSha: false, isLocal: false, isDocker: false, isWorkflow };
  if (text.startsWith('docker://')) return { ...base, isDocker: true };
  if (text.startsWith('./') || text.startsWith('.\\') || text.startsWith('$/')) {
    const path = text.slice(2);
    return { ...base, isLocal: true, ...(path ? { path } : {}) };
  }
  const at = text.indexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  const ref = at < 0 ? undefined : text.slice(at + 1);
  const [owner, repo, ...rest] = name.split('/');
  return {
    ...base,
    ...(owner ? { owner } : {}),
    ...(repo ? { repo } : {}),
    ...(rest.length ? { path: rest.join('/') } : {}),
    ...(ref ? { ref } : {}),
    isSha: ref !== undefined && SHA.test(ref),
  };
}
