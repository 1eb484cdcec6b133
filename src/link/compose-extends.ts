import { posix } from 'node:path';
import { composeModel } from '../core/compose-model.js';
import { joinPointer } from '../core/json-pointer.js';
import type { SourceDocument } from '../core/source-document.js';
import { besideCompose } from '../documents/compose-paths.js';
import { mergeContainers } from '../subjects/compose-merge.js';
import type { ContainerSpec } from '../subjects/container.js';
import { host, layerOf } from './compose-services.js';
import type { Linker } from './link.js';

/**
 * Resolves `extends` (https://docs.docker.com/compose/how-tos/multiple-compose-files/extends/):
 * a service inherits the service it extends, in the same file or in the Compose file named by
 * `file:` (relative to this file's folder), merged with the same rules as override files, the
 * extending service's own values winning. Chains resolve base first. Inherited values keep
 * anchors into the extended service, so a `privileged: true` inherited from `base.yaml` is
 * reported there.
 *
 * A loop, or a service that does not exist in a file that was read, is a `compose-extends`
 * problem (Compose refuses both). Every `file:` inside the scanned folder has been read whatever its
 * name (`src/pipeline/read-project.ts`); one that could not be is already a located
 * `compose-reference-unresolved` problem, so here it is simply skipped.
 */
export const linkComposeExtends: Linker = (state) => {
  const byPath = new Map(state.documents.filter((d) => d.kind === 'compose').map((d) => [d.path, d]));
  const done = new Set<string>();

  const resolve = (document: SourceDocument, name: string, chain: Array<{ document: SourceDocument; name: string }>): boolean => {
    const key = `${document.path}\0${name}`;
    if (done.has(key)) return true;
    const model = composeModel(document)?.services.get(name);
    const target = model?.extends;
    if (!model || !target) {
      done.add(key);
      return true;
    }
    const loop = chain.findIndex((link) => link.document === document && link.name === name);
    if (loop >= 0) {
      const members = chain.slice(loop);
      const last = members[members.length - 1]!;
      const names = [...members.map((m) => m.name), name].map((n) => `\`${n}\``).join(' → ');
      state.addProblem(last.document, {
        ruleId: 'compose-extends',
        message: `\`extends\` loops back on itself (${names}), so Compose refuses this file and none of these services' inherited settings were checked. Make one of them stop extending the others.`,
        range: last.document.locate(extendsPointer(last.document, last.name)),
      });
      for (const member of members) done.add(`${member.document.path}\0${member.name}`);
      return false;
    }
    const file = target.file === undefined ? document : besideCompose(document.path, target.file);
    const other = typeof file === 'string' ? byPath.get(file) : file;
    done.add(key);
    if (!other) return true; // not read: already reported by readProject
    const baseModel = composeModel(other)?.services.get(target.service);
    if (!baseModel) {
      state.addProblem(document, {
        ruleId: 'compose-extends',
        message: `\`${name}\` extends \`${target.service}\`, which ${other === document ? 'this file' : other.path} does not define, so Compose refuses this file. Name an existing service.`,
        range: document.locate(extendsPointer(document, name)),
      });
      return false;
    }
    done.delete(key);
    const ok = resolve(other, target.service, [...chain, { document, name }]);
    done.add(key);
    if (!ok) return false;
    const base = layerOf(state, other, target.service);
    const local = layerOf(state, document, name);
    if (!base || !local) return true;
    const merged = mergeContainers(base, local);
    rebaseBuild(merged.value, other, document, local.subject.value.build);
    host(state, local.subject, merged, base.subject.evidence);
    state.setRaw(model, merged.raw);
    return true;
  };

  for (const document of byPath.values()) {
    for (const name of composeModel(document)?.services.keys() ?? []) resolve(document, name, []);
  }
};

function extendsPointer(document: SourceDocument, name: string): string {
  const pointer = composeModel(document)?.services.get(name)?.pointer ?? joinPointer('/services', name);
  return joinPointer(pointer, 'extends');
}

/**
 * A build context inherited from a service in another folder's file is relative to that file's
 * folder, as Compose resolves the extended file's paths before it merges
 * (https://docs.docker.com/compose/how-tos/multiple-compose-files/extends/#relative-paths):
 * rewritten relative to the extending file, so the link stage looks for the Dockerfile where
 * Compose builds it. A context the extending service writes itself is its own; one that writes
 * only `dockerfile:` keeps the inherited context, and that Dockerfile is looked for there.
 */
function rebaseBuild(value: ContainerSpec, from: SourceDocument, to: SourceDocument, own: ContainerSpec['build']): void {
  const build = value.build;
  if (!build || build.unknown || own?.context !== undefined || posix.dirname(from.path) === posix.dirname(to.path)) return;
  const inherited = besideCompose(from.path, build.context ?? '.');
  if (inherited === undefined) return;
  const relative = posix.relative(posix.dirname(to.path), inherited || '.') || '.';
  value.build = { ...build, context: relative };
}
