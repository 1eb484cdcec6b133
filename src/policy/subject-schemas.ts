import type { ErrorObject } from 'ajv';
import type { SubjectType } from '../core/subject.js';
import actionRef from '../subjects/schemas/action-ref.schema.json' with { type: 'json' };
import command from '../subjects/schemas/command.schema.json' with { type: 'json' };
import compose from '../subjects/schemas/compose.schema.json' with { type: 'json' };
import container from '../subjects/schemas/container.schema.json' with { type: 'json' };
import dockerfile from '../subjects/schemas/dockerfile.schema.json' with { type: 'json' };
import dockerfileStage from '../subjects/schemas/dockerfile-stage.schema.json' with { type: 'json' };
import image from '../subjects/schemas/image.schema.json' with { type: 'json' };
import workflow from '../subjects/schemas/workflow.schema.json' with { type: 'json' };
import workflowJob from '../subjects/schemas/workflow-job.schema.json' with { type: 'json' };
import workflowStep from '../subjects/schemas/workflow-step.schema.json' with { type: 'json' };
import { compileOnce } from './ajv-factory.js';

/**
 * The part of JSON Schema (2020-12) the subject schemas use: enough for the docs renderer to walk
 * them. Each schema is a standalone file (no `$ref`), so that a pack author can read one alone.
 */
export interface SubjectSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SubjectSchema>;
  required?: string[];
  additionalProperties?: boolean | SubjectSchema;
  items?: SubjectSchema;
  minItems?: number;
  minimum?: number;
}

/**
 * The value shape of every subject type (DESIGN.md §2), published in `src/subjects/schemas/`:
 * the contract for anyone writing a custom pack, checked against every parser's output by the
 * test suite, and rendered into docs/subjects.md. Imported as JSON so the bundle carries them.
 */
export const SUBJECT_SCHEMAS: Readonly<Record<SubjectType, SubjectSchema>> = {
  container: container as SubjectSchema,
  image: image as SubjectSchema,
  command: command as SubjectSchema,
  dockerfile: dockerfile as SubjectSchema,
  'dockerfile.stage': dockerfileStage as SubjectSchema,
  compose: compose as SubjectSchema,
  workflow: workflow as SubjectSchema,
  'workflow.job': workflowJob as SubjectSchema,
  'workflow.step': workflowStep as SubjectSchema,
  'action-ref': actionRef as SubjectSchema,
};

/** Every subject type, in the order the docs present them. */
export const SUBJECT_TYPES = Object.keys(SUBJECT_SCHEMAS) as SubjectType[];

/** The outcome of checking a subject value against its type's schema. */
export type SubjectValidation = { valid: true } | { valid: false; errors: ErrorObject[] };

/**
 * Checks `value` against the published schema of `type`, with the process's one Ajv (each schema
 * is compiled once). A failure is a parser producing something the contract does not promise.
 */
export function validateSubjectValue(type: SubjectType, value: unknown): SubjectValidation {
  const validate = compileOnce(SUBJECT_SCHEMAS[type]);
  if (validate(value)) return { valid: true };
  return { valid: false, errors: [...(validate.errors ?? [])] };
}

/** One ajv error as a line: `/volumes/0 must have required property 'target'`. */
export function formatSchemaError(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` ('${String(error.params['additionalProperty'])}')` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}
