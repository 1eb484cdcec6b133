import type { DocumentKind } from '../core/source-document.js';

// The names Docker Compose looks for by default (compose.yaml, then docker-compose.yaml) plus the
// override and per-environment variants teams commit beside them and pass with `-f`:
// `compose.prod.yaml`, `compose-monitoring.yaml`, `compose_dev.yml`, `docker-compose-ci.yml`.
const COMPOSE = /^(?:compose(?:[._-][^/]+)?|docker-compose[^/]*)\.ya?ml$/;
// `docker build` reads `Dockerfile` (BuildKit also accepts `dockerfile`); `-f` lets teams use
// `Dockerfile.prod` or `api.Dockerfile`; Podman and Buildah read `Containerfile`.
const DOCKERFILE = /^(?:Dockerfile|Containerfile)(?:\.[^/]+)?$|^dockerfile$|^[^/]+\.[Dd]ockerfile$/;
// A suffix that names another format is documentation, data or code about a Dockerfile
// (`Dockerfile.md`, `dockerfile.schema.json`), and `<name>.dockerignore` is an ignore file.
const NOT_A_DOCKERFILE = /\.(?:dockerignore|json|ya?ml|toml|md|markdown|rst|txt|html?|sh|bash|ps1|py|js|mjs|cjs|ts|go|rb|java|lock|orig|rej|bak|swp|patch|diff)$/i;
// GitHub only runs workflow files placed directly in .github/workflows.
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const ACTION = /^action\.ya?ml$/;

/** The kinds of file a scan judges, in words, for messages that say what it looked for. */
export const JUDGED_FILES =
  'Compose files (compose.yaml, docker-compose.yml and their variants), Dockerfiles (Dockerfile, *.Dockerfile, Containerfile), GitHub workflows (.github/workflows/*.yml) and actions (action.yml)';

/**
 * The kind of a file from its repository-relative POSIX path, or `undefined` when Containment
 * does not read it. A workflow folder's files are workflows even when named `action.yml`.
 */
export function classify(path: string): DocumentKind | undefined {
  if (WORKFLOW.test(path)) return 'workflow';
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (COMPOSE.test(name)) return 'compose';
  if (DOCKERFILE.test(name) && !NOT_A_DOCKERFILE.test(name)) return 'dockerfile';
  if (ACTION.test(name)) return 'action';
  return undefined;
}
