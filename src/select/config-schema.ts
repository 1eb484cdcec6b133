import { SEVERITIES } from '../core/severity.js';
import { SUPPRESSION_LIMITS } from './suppression-policy.js';

const ruleSetting = {
  anyOf: [
    { const: 'off' },
    { enum: [...SEVERITIES] },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        severity: { enum: [...SEVERITIES] },
        params: { type: 'object' },
        exclude: { type: 'array', items: { type: 'string' } },
      },
    },
  ],
};

/** The published shape of `.github/containment.yml`. */
export const CONFIG_SCHEMA = {
  $id: 'https://containment.dev/schemas/config.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    'fail-on': { enum: [...SEVERITIES, 'none'] },
    'min-severity': { enum: [...SEVERITIES] },
    exclude: { type: 'array', items: { type: 'string' } },
    packs: { type: 'object', additionalProperties: { type: 'boolean' } },
    rules: { type: 'object', additionalProperties: ruleSetting },
    suppressions: {
      type: 'object',
      additionalProperties: false,
      properties: { 'in-pull-request': { enum: [...SUPPRESSION_LIMITS] } },
    },
  },
} as const;
