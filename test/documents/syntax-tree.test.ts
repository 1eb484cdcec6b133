import { describe, expect, it } from 'vitest';
import { isMap } from 'yaml';
import { parseDocument } from '../../src/documents/parse-document.js';
import { dockerfileSyntax, yamlSyntax } from '../../src/documents/syntax-tree.js';
import { yamlTree } from '../../src/evaluate/fixes/yaml-edit.js';

describe('the parser shares its syntax tree with fixes', () => {
  it('gives a Compose file its composed YAML tree, the one fixes edit by', () => {
    const text = 'x-d: &d\n  restart: always\nservices:\n  web:\n    <<: *d\n    image: nginx:1.27\n';
    const document = parseDocument('compose', 'compose.yaml', text);
    const tree = yamlSyntax(document);
    expect(tree).toBeTruthy();
    expect(yamlTree(document)).toBe(tree);
    const services = tree!.get('services');
    expect(isMap(services)).toBe(true);
    // Offsets are the file's: the image value starts where the text writes it.
    const image = (tree!.getIn(['services', 'web', 'image'], true) as { range: number[] }).range;
    expect(text.slice(image[0], image[1])).toBe('nginx:1.27');
  });

  it('gives no tree to a file of several YAML documents or a broken one, so no edit is proposed there', () => {
    expect(yamlSyntax(parseDocument('compose', 'compose.yaml', 'services:\n  a: {image: x}\n---\nservices:\n  b: {image: y}\n'))).toBeNull();
    expect(yamlSyntax(parseDocument('workflow', '.github/workflows/ci.yml', 'on: [push\njobs: {}\n'))).toBeNull();
    expect(yamlSyntax(parseDocument('workflow', '.github/workflows/ci.yml', 'on: push\njobs: {}\n'))).toBeTruthy();
  });

  it('gives a Dockerfile its instructions with spans and heredocs, without the AST', () => {
    const text = 'FROM alpine:3.20\nRUN <<EOF\necho hi\nEOF\nCMD ["sh"]\n';
    const model = dockerfileSyntax(parseDocument('dockerfile', 'Dockerfile', text));
    expect(model?.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'CMD']);
    expect(model?.instructions[1]?.heredocs).toEqual([{ name: 'EOF', content: expect.objectContaining({ start: expect.any(Number) }) }]);
    expect(model?.instructions.some((i) => 'ast' in i)).toBe(false);
    expect(yamlSyntax(parseDocument('dockerfile', 'Dockerfile', text))).toBeUndefined();
  });

  it('gives no Dockerfile model to a binary file', () => {
    expect(dockerfileSyntax(parseDocument('dockerfile', 'Dockerfile', 'FROM a\0'))).toBeUndefined();
  });
});
