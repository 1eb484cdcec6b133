import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileRead, SourceTree } from '../../src/discover/source-tree.js';
import { workingTree } from '../../src/discover/working-tree.js';
import { readProject } from '../../src/pipeline/read-project.js';
import { scan } from '../../src/pipeline/scan.js';
import { escapeMarkdown, messageMarkdown } from '../../src/report/markdown-escape.js';
import type { Notice } from '../../src/select/scan-result.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function repo(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'containment-project-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const privileged = (name: string) => `services:\n  ${name}:\n    image: alpine:3.20\n    privileged: true\n`;
const at = (f: { path: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }) =>
  `${f.path}:${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`;

describe('Compose files reached through include and extends.file', () => {
  it('judges a service in an included file whatever its name', async () => {
    repo({ 'compose.yaml': 'include:\n  - services/common.yml\n', 'services/common.yml': privileged('hidden') });
    const result = await scan({ root });
    const found = result.findings.filter((f) => f.ruleId === 'container-privileged');
    expect(found.map(at)).toEqual(['services/common.yml:4:5-4:21']);
  });

  it('follows the long include syntax, a list of paths, and includes of includes', async () => {
    repo({
      'compose.yaml': 'include:\n  - path:\n      - a/one.yml\n      - a/two.yml\n',
      'a/one.yml': 'include: [../b/three.txt]\nservices: {}\n',
      'a/two.yml': privileged('two'),
      'b/three.txt': privileged('three'),
    });
    const result = await scan({ root });
    const paths = result.findings.filter((f) => f.ruleId === 'container-privileged').map((f) => f.path);
    expect(paths.sort()).toEqual(['a/two.yml', 'b/three.txt']);
  });

  it('reads an extends.file with any name, so an inherited privileged: true is found', async () => {
    repo({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: shared/base-services.yml\n      service: base\n',
      'shared/base-services.yml': privileged('base'),
    });
    const result = await scan({ root });
    const found = result.findings.filter((f) => f.ruleId === 'container-privileged');
    // Inherited by web (anchored where it is written) and judged in base-services.yml itself.
    expect(found.map((f) => f.path)).toEqual(['shared/base-services.yml', 'shared/base-services.yml']);
    expect(new Set(found.map((f) => f.range.start.line))).toEqual(new Set([4]));
  });

  it('reports a reference it cannot follow at the line that writes it, failing at high', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'containment-outside-'));
    try {
      writeFileSync(join(outside, 'x.yml'), privileged('x'));
      repo({
        'compose.yaml': [
          'include:',
          '  - ../elsewhere/x.yml', // leaves the folder
          '  - https://example.com/x.yml', // a URL
          '  - missing.yml', // does not exist
          '  - linked.yml', // a link out of the folder
          '  - ${UNSET_VAR}', // unknown after interpolation
          'services: {}',
          '',
        ].join('\n'),
      });
      symlinkSync(join(outside, 'x.yml'), join(root, 'linked.yml'));
      const result = await scan({ root });
      const unresolved = result.findings.filter((f) => f.ruleId === 'compose-reference-unresolved');
      expect(unresolved.map((f) => f.range.start.line)).toEqual([2, 3, 4, 5, 6]);
      expect(unresolved.every((f) => f.severity === 'high')).toBe(true);
      expect(unresolved[2]!.message).toContain('does not exist');
      expect(result.failed).toBe(true);
      expect(result.findings.some((f) => f.ruleId === 'container-privileged')).toBe(false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reports a value inherited from an excluded file at the service that inherits it', async () => {
    repo({
      '.github/containment.yml': 'exclude:\n  - shared/**\n',
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: shared/base.yml\n      service: base\n',
      'shared/base.yml': privileged('base'),
    });
    const result = await scan({ root });
    const found = result.findings.filter((f) => f.ruleId === 'container-privileged');
    expect(found.map((f) => `${f.path}:${f.range.start.line}`)).toEqual(['compose.yaml:2']);
    expect(found[0]!.message).toContain('Inherited from shared/base.yml, which the config excludes');
    expect(found[0]!.related[0]).toMatchObject({ path: 'shared/base.yml', range: { start: { line: 4 } } });
    expect(result.failed).toBe(true);
  });

  it('shows the excluded file it names in an inherited message as a value from a file, escaped in markdown', async () => {
    repo({
      '.github/containment.yml': 'exclude:\n  - shared/**\n',
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: shared/*x*_@team.yml\n      service: base\n',
      'shared/*x*_@team.yml': privileged('base'),
    });
    const result = await scan({ root });
    const found = result.findings.find((f) => f.ruleId === 'container-privileged')!;
    expect(found.message).toContain('(Inherited from shared/*x*_@team.yml, which the config excludes.)');
    const markdown = messageMarkdown(found);
    expect(markdown).toContain(`(Inherited from ${escapeMarkdown('shared/*x*_@team.yml')}, which the config excludes.)`);
    expect(markdown).not.toContain('*x*');
    // The rule's own text before it is still rendered as the rule wrote it.
    expect(markdown.indexOf(escapeMarkdown("shared/*x*_@team.yml"))).toBeGreaterThan(0);
  });

  it('reports an extends.file that leaves the folder at its file: key', async () => {
    repo({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: ../base.yml\n      service: base\n' });
    const result = await scan({ root });
    expect(result.findings.filter((f) => f.ruleId === 'compose-reference-unresolved').map(at)).toEqual(['compose.yaml:5:7-5:24']);
  });

  it('reads each referenced file once, through the tree it is given', async () => {
    const reads: string[] = [];
    const tree: SourceTree = {
      describe: 'a test tree',
      files: async () => ({ files: [{ path: 'compose.yaml', kind: 'compose', size: 1 }], notices: [] }),
      read: async (path): Promise<FileRead> => {
        reads.push(path);
        const texts: Record<string, string> = {
          'compose.yaml': 'include: [x.yml, x.yml]\nservices:\n  a:\n    image: a:1\n    extends: { file: x.yml, service: b }\n',
          'x.yml': 'services:\n  b:\n    image: b:1\n',
        };
        return texts[path] === undefined ? { missing: true } : { text: texts[path]! };
      },
    };
    const notices: Notice[] = [];
    const { documents } = await readProject(tree, notices);
    expect(documents.map((d) => d.path)).toEqual(['compose.yaml', 'x.yml']);
    expect(reads.filter((p) => p === 'x.yml')).toHaveLength(1);
  });

  it('is the working tree by default', () => {
    expect(workingTree('/tmp').describe).toBe('the working tree');
  });
});
