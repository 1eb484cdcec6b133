import type { MessagePart } from '../core/finding.js';

/** One Dockerfile instruction as a rule sees it. */
export interface DockerfileInstruction {
  /** Upper case: `RUN`, `COPY`, `USER`, … */
  keyword: string;
  /** Arguments after flags, variables left as written. */
  args: string[];
  /** `--mount=type=secret` → `{ mount: ["type=secret"] }`; a flag without a value maps to `[""]`. */
  flags: Record<string, string[]>;
  /** `json` for exec form (`["a","b"]`), `shell` otherwise; absent for instructions without forms. */
  form?: 'json' | 'shell';
  /**
   * An `ONBUILD` trigger, run in every build that starts `FROM` this image: the other fields are
   * those of the instruction it wraps (https://docs.docker.com/reference/dockerfile/#onbuild).
   */
  onbuild?: true;
}

/** One variable an `ARG` or `ENV` declares. */
export interface DockerfileVariable {
  keyword: 'ARG' | 'ENV';
  name: string;
  /** As Docker reads it (quotes removed); absent for `ARG NAME` without a default. */
  value?: string;
  /** Declared by an `ONBUILD` trigger. */
  onbuild?: true;
}

/** The value of a `dockerfile.stage` subject: one build stage. */
export interface DockerfileStage {
  index: number;
  /** The `AS` name, absent when the stage has none. */
  name?: string;
  /** The image or stage this one starts from, after `ARG` expansion. */
  from: string;
  /** Set when `from` names an earlier stage of this file. */
  fromStage?: number;
  platform?: string;
  /**
   * The user the stage runs as: its last `USER`, else the user of the stage it starts from, else
   * absent (the base image's default, which is root unless the image says otherwise).
   */
  user?: string;
  isFinal: boolean;
  instructions: DockerfileInstruction[];
  /**
   * The variables the stage's `ARG` and `ENV` instructions declare (and those its `ONBUILD ARG` /
   * `ONBUILD ENV` triggers will), in file order: a rule judges a name and its value together.
   */
  variables: DockerfileVariable[];
  /** The stage's effective HEALTHCHECK (`NONE` disables), absent when none is set. */
  healthcheck?: { test: string[]; disable: boolean };
  expose: string[];
}

/**
 * How a message names a stage (`{{origin.stage}}`, `{{origin.Stage}}` at a sentence's start):
 * `stage build` for `FROM … AS build`, with the name as a value from the file; `stage 0` for a
 * stage without a name. Messages write this rather than "stage {{name}}", which said "stage
 * stage 0" for the second.
 */
export function stageWording(stage: Pick<DockerfileStage, 'index' | 'name'>): { stage: MessagePart[]; Stage: MessagePart[] } {
  const named = (noun: string): MessagePart[] => (stage.name === undefined ? [{ text: `${noun} ${stage.index}` }] : [{ text: `${noun} ` }, { value: stage.name }]);
  return { stage: named('stage'), Stage: named('Stage') };
}
