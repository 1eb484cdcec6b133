import type { DocumentKind, SourceDocument } from '../core/source-document.js';
import { type ComposeEnvFile, type HostLinks, parseCompose } from './compose-document.js';
import { parseDockerfile } from './dockerfile-document.js';
import { parseWorkflow } from './workflow-document.js';

/**
 * Parses one file into its document. Parsers report problems instead of throwing; should one
 * throw anyway, the file becomes a located problem and the rest of the scan goes on. `env` is the
 * `.env` file beside a Compose file (its variables are interpolated) and `envFiles` the services'
 * `env_file:` files by path as written (their variables reach the containers), and `hostLink`
 * where a repository path leads on the host through a link (a bind mount's source); other kinds
 * ignore them.
 */
export function parseDocument(
  kind: DocumentKind,
  path: string,
  text: string,
  env?: ComposeEnvFile,
  envFiles?: ReadonlyMap<string, string>,
  hostLink?: HostLinks,
): SourceDocument {
  // A byte-order mark is invisible to people and to Compose; dropping it keeps columns right.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    switch (kind) {
      case 'compose':
        return parseCompose(path, source, env, envFiles, hostLink);
      case 'dockerfile':
        return parseDockerfile(path, source);
      case 'workflow':
      case 'action':
        return parseWorkflow(path, source, kind, hostLink);
    }
  } catch (error) {
    const range = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };
    return {
      kind,
      path,
      text: source,
      subjects: [],
      problems: [{ ruleId: 'parse-error', message: `Containment could not read this file (an internal ${error instanceof Error ? error.name : typeof error}), so nothing in it was checked. Please report this as a bug.`, range }],
      locate: () => range,
    };
  }
}
