import { joinPointer } from '../core/json-pointer.js';
import type { SourceDocument } from '../core/source-document.js';
import type { Subject } from '../core/subject.js';
import { expandArgs, type GlobalArgs } from '../subjects/dockerfile-args.js';
import type { ImageOrigin } from '../subjects/image.js';
import { parseImageRef } from '../subjects/image-ref.js';
import type { StageNode } from './dockerfile-stages.js';

/**
 * The images a stage pulls besides its `FROM`: `COPY --from=<image>` and `RUN --mount=from=<image>`
 * name an image when the value is neither a stage's `AS` name (case-insensitively) nor a stage
 * index (https://docs.docker.com/reference/dockerfile/#copy---from,
 * https://docs.docker.com/reference/dockerfile/#run---mount). Each is an `image` subject,
 * judged by the image rules like a `FROM`, named `<stage>/COPY --from <n>` or
 * `<stage>/RUN --mount <n>` (counted within the stage, so fingerprints survive edits elsewhere)
 * and located at the flag. Values are expanded with the global ARGs, as `FROM` is.
 */
export function pulledImageSubjects(document: SourceDocument, stages: readonly StageNode[], args: GlobalArgs): Subject[] {
  const stageNames = new Set(stages.flatMap((stage) => (stage.name === undefined ? [] : [stage.name.toLowerCase()])));
  const isImage = (value: string): boolean => value !== '' && !/^\d+$/.test(value) && !stageNames.has(value.toLowerCase()) && value.toLowerCase() !== 'scratch';
  const subjects: Subject[] = [];
  for (const stage of stages) {
    const counts = { copy: 0, mount: 0 };
    const add = (kind: 'copy' | 'mount', raw: string, pointer: string): void => {
      const ref = expandArgs(raw, args);
      if (!isImage(ref)) return;
      counts[kind]++;
      const origin: ImageOrigin = kind === 'copy' ? 'dockerfile-copy-from' : 'dockerfile-mount-from';
      const name = `${stage.label}/${kind === 'copy' ? 'COPY --from' : 'RUN --mount'} ${counts[kind]}`;
      subjects.push({ type: 'image', name, document, pointer, value: parseImageRef(ref, origin) });
    };
    for (const instruction of stage.instructions) {
      const keyword = instruction.trigger?.keyword ?? instruction.keyword;
      let mounts = 0;
      for (const flag of instruction.flags) {
        if (keyword === 'COPY' && flag.name === 'from') add('copy', flag.value, joinPointer('/instructions', instruction.index, 'flags', 'from'));
        if (keyword === 'RUN' && flag.name === 'mount') {
          const from = mountFrom(flag.value);
          if (from !== undefined) add('mount', from, joinPointer('/instructions', instruction.index, 'flags', 'mount', mounts));
          mounts++;
        }
      }
    }
  }
  return subjects;
}

/** The `from=` option of a `--mount` value (`type=bind,from=golang:1.23,source=/usr/local/go`). */
function mountFrom(value: string): string | undefined {
  for (const option of value.split(',')) {
    const eq = option.indexOf('=');
    if (eq > 0 && option.slice(0, eq).trim().toLowerCase() === 'from') return option.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}
