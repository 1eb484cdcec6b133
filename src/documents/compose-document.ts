import { normalizeService } from '../subjects/compose-service.js';
import { parseImageRef } from '../subjects/image-ref.js';
import type { Subject } from '../subjects/subject.js';
import { joinPointer } from './json-pointer.js';
import type { Problem, SourceDocument } from './source-document.js';
import { readYaml } from './yaml-source.js';

/**
 * A Compose file: one `container` subject and (when it names one) one `image` subject per service,
 * and one `compose` subject for the file's top level.
 */
export function parseCompose(path: string, text: string): SourceDocument {
  const yaml = readYaml(text);
  const subjects: Subject[] = [];
  const problems: Problem[] = [...yaml.problems];
  const document: SourceDocument = { kind: 'compose', path, text, subjects, problems, locate: yaml.locate };
  if (yaml.broken) return document;
  const root = yaml.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    problems.push({
      ruleId: 'parse-error',
      message: 'This file is named like a Compose file but is not a YAML mapping with a "services" key, so it was not checked.',
      range: yaml.locate(''),
    });
    return document;
  }
  const top = root as Record<string, unknown>;
  const services = top['services'];
  subjects.push({
    type: 'compose',
    name: path,
    document,
    pointer: '',
    value: {
      services: isMapping(services) ? Object.keys(services) : [],
      ...(top['version'] !== undefined ? { version: String(top['version']) } : {}),
      networks: isMapping(top['networks']) ? top['networks'] : {},
      volumes: isMapping(top['volumes']) ? top['volumes'] : {},
      secrets: isMapping(top['secrets']) ? top['secrets'] : {},
      configs: isMapping(top['configs']) ? top['configs'] : {},
    },
  });
  if (!isMapping(services)) return document;
  for (const [name, raw] of Object.entries(services)) {
    if (!isMapping(raw)) continue;
    const pointer = joinPointer('/services', name);
    const { value, anchors } = normalizeService(raw, pointer);
    subjects.push({ type: 'container', name, document, pointer, value, anchors });
    // With `build:`, `image:` names the image being built here, not one pulled from a registry:
    // tag and digest rules do not apply to it (the Dockerfile's FROM lines are judged instead).
    if (typeof raw['image'] === 'string' && raw['build'] === undefined) {
      subjects.push({
        type: 'image',
        name,
        document,
        pointer: joinPointer(pointer, 'image'),
        value: parseImageRef(raw['image'], 'compose-service'),
      });
    }
  }
  return document;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
