import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Hostile and broken repository content, built at test time (nothing binary or large is
 * committed). Each case is a folder of its own, so one tree can hold all of them at once and a
 * test can also scan a single case.
 */

/** A privileged service: the "good" finding every case keeps beside its hostile file. */
export const PRIVILEGED = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';

/** "Billion laughs": nine levels of nine aliases, 9^9 nodes once expanded. */
export function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let level = 1; level < names.length; level++) {
    const name = names[level]!;
    const previous = names[level - 1]!;
    lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
  }
  lines.push('services:', '  web:', '    image: nginx:1.27', '    environment:', '      X: *i', '');
  return lines.join('\n');
}

export const DEPTH = 5000;

/** `services: {web: {x: [[[[…]]]]}}`, 5,000 flow sequences deep. */
export function deepFlow(depth = DEPTH): string {
  return `services: {web: {image: "nginx:1.27", labels: ${'['.repeat(depth)}1${']'.repeat(depth)}}}\n`;
}

/** 5,000 block sequences deep, in compact form (`- - - …`), so the file stays small. */
export function deepBlock(depth = DEPTH): string {
  return `services:\n  web:\n    image: nginx:1.27\n    labels:\n      ${'- '.repeat(depth)}x\n`;
}

/** 5,000 block mappings deep, each one space further in: the indentation a person would write. */
export function deepBlockMaps(depth = 1000): string {
  const lines = ['services:', '  web:', '    image: nginx:1.27', '    x-deep:'];
  for (let level = 0; level < depth; level++) lines.push(`${' '.repeat(5 + level)}k${level}:`);
  lines.push(`${' '.repeat(5 + depth)}v`);
  return `${lines.join('\n')}\n`;
}

/** A RUN continued over 5,000 lines. */
export function dockerfileContinuations(count = DEPTH): string {
  const continued = Array.from({ length: count }, (_, i) => `    echo ${i} && \\`).join('\n');
  return `FROM alpine:3.20\nRUN set -e && \\\n${continued}\n    true\nUSER root\n`;
}

/** Shell nesting 5,000 deep inside one RUN: `$( $( … ) )` and `( ( … ) )`. */
export function dockerfileDeepShell(depth = DEPTH): string {
  return `FROM alpine:3.20\nRUN echo ${'$('.repeat(depth)}x${')'.repeat(depth)}\nRUN ${'('.repeat(depth)}true${')'.repeat(depth)}\n`;
}

/** One line of `bytes` characters: a long YAML comment after a real finding. */
export function longLineCompose(bytes: number): string {
  const head = PRIVILEGED;
  return `${head}# ${'x'.repeat(Math.max(0, bytes - head.length - 3))}\n`;
}

/** A `docker run` with 100,000 `-v` flags in a workflow step: quadratic before the flag lists were appended in place. */
export function longDockerRunWorkflow(flags = 100_000): string {
  return `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run ${'-v a:b '.repeat(flags)}--privileged x\n`;
}

/** One long line inside a Dockerfile RUN. */
export function longLineDockerfile(bytes: number): string {
  const head = 'FROM alpine:3.20\nRUN echo ';
  return `${head}${'a '.repeat(Math.max(0, Math.floor((bytes - head.length - 10) / 2)))}\nUSER root\n`;
}

/** Deterministic noise with NUL bytes: what a binary file looks like. */
export function binaryBytes(size = 4096): Buffer {
  const bytes = Buffer.alloc(size);
  let state = 0x2545f491;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  bytes[7] = 0;
  return bytes;
}

/** A Compose file whose image carries bytes that are not UTF-8; the privileged service must still be found. */
export function invalidUtf8Compose(): Buffer {
  return Buffer.concat([Buffer.from('services:\n  web:\n    image: "nginx:1.27'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"\n    privileged: true\n')]);
}

export const CRLF_COMPOSE = 'services:\r\n  web:\r\n    image: nginx:1.27\r\n    privileged: true\r\n';
export const BOM_DOCKERFILE = '\uFEFFFROM alpine:3.20\nUSER root\n';

export const DUPLICATE_KEYS = 'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n    privileged: true\n';

/** A second YAML document, where Compose would find a service the first document does not show. */
export const MULTI_DOCUMENT = 'services:\n  web:\n    image: nginx:1.27\n---\nservices:\n  hidden:\n    image: nginx:1.27\n    privileged: true\n';

/** A syntax error on line 5 of 8. */
export const BROKEN_MIDDLE = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n  bad: [unclosed, {\n  other:\n    image: nginx:1.27\n    privileged: true\n';

/** A service name and a file name that try to be markdown, HTML, a mention and workflow commands. */
export const HOSTILE_NAME = '@everyone <img src=x onerror=alert(1)> [click](https://evil.example) **bold** | ::error::pwned';
export const HOSTILE_FILE_DIR = 'x\n::error file=a,line=1::injected\n@everyone <b>[a](b)</b> |';

export function hostileNamesCompose(): string {
  return `services:\n  ${JSON.stringify(`${HOSTILE_NAME}\n::error::second-line`)}:\n    image: "evil.example/x:1"\n    privileged: true\n`;
}

export interface HostileTree {
  root: string;
  /** Where the symlinks point outside the root (a folder with a secret file in it). */
  outside: string;
}

/**
 * Every case at once, each in its own folder under one root. `cases` keeps only those top-level
 * folders; `tenth` writes the two inputs that are large to prove a parser linear (the
 * 100,000-flag docker run and the 1 MB line, together most of a scan's time) at a tenth of their
 * size, for runs that check what is reported rather than how long it takes.
 */
export async function writeHostileTree(options: { cases?: readonly string[]; tenth?: boolean } = {}): Promise<HostileTree> {
  const scale = options.tenth ? 0.1 : 1;
  const root = await mkdtemp(join(tmpdir(), 'containment-hostile-'));
  const outside = await mkdtemp(join(tmpdir(), 'containment-outside-'));
  await writeFile(join(outside, 'compose.yaml'), 'services:\n  secret:\n    image: secret.example/outside:1\n    privileged: true\n');
  await writeFile(join(outside, 'Dockerfile'), 'FROM secret.example/outside:1\n');
  const files: Record<string, string | Buffer> = {
    'good/compose.yaml': PRIVILEGED,
    'alias-bomb/compose.yaml': aliasBomb(),
    'deep-flow/compose.yaml': deepFlow(),
    'deep-block/compose.yaml': deepBlock(),
    'deep-maps/compose.yaml': deepBlockMaps(),
    '.github/workflows/deep.yml': `on: push\njobs: {build: {runs-on: ubuntu-latest, steps: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}\n`,
    '.github/workflows/docker-run.yml': longDockerRunWorkflow(100_000 * scale),
    'deep-dockerfile/Dockerfile': dockerfileContinuations(),
    'deep-shell/Dockerfile': dockerfileDeepShell(),
    'long-line-under/compose.yaml': longLineCompose(1000 * 1000),
    'long-line-over/compose.yaml': longLineCompose(3 * 1000 * 1000),
    'long-line-dockerfile/Dockerfile': longLineDockerfile(1000 * 1000 * scale),
    'binary/Dockerfile': binaryBytes(),
    'binary/compose.yaml': binaryBytes(),
    '.github/workflows/binary.yml': binaryBytes(),
    'invalid-utf8/compose.yaml': invalidUtf8Compose(),
    'crlf/compose.yaml': CRLF_COMPOSE,
    'bom/Dockerfile': BOM_DOCKERFILE,
    'duplicate-keys/compose.yaml': DUPLICATE_KEYS,
    'multi-document/compose.yaml': MULTI_DOCUMENT,
    'broken-middle/compose.yaml': BROKEN_MIDDLE,
    'broken-middle/beside/compose.yaml': PRIVILEGED,
    'hostile-names/compose.yaml': hostileNamesCompose(),
    [`hostile-names/${HOSTILE_FILE_DIR}/compose.yaml`]: PRIVILEGED,
  };
  const wanted = (path: string) => !options.cases || options.cases.includes(path.split('/')[0]!);
  for (const [path, content] of Object.entries(files)) {
    if (!wanted(path)) continue;
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  const links: Array<[string, string]> = [
    ['symlink-passwd/compose.yaml', '/etc/passwd'],
    ['symlink-passwd/Dockerfile', '/etc/passwd'],
    ['symlink-outside/linked', outside],
    ['symlink-outside/compose.yaml', join(outside, 'compose.yaml')],
    ['symlink-loop/compose.yaml', 'compose.yaml'],
    ['symlink-loop/a.yml', 'b.yml'],
    ['symlink-loop/b.yml', 'a.yml'],
    ['symlink-loop/up', '..'],
    ['symlink-loop/self', '.'],
  ];
  for (const [path, target] of links) {
    if (!wanted(path)) continue;
    await mkdir(dirname(join(root, path)), { recursive: true });
    await symlink(target, join(root, path));
  }
  if (wanted('symlink-loop/Dockerfile')) await writeFile(join(root, 'symlink-loop/Dockerfile'), 'FROM alpine:3.20\nUSER root\n');
  return { root, outside };
}
