import type { RuleInfo } from '../policy/rule.js';

/**
 * Rules for problems with the files themselves, reported by the parsers rather than judged by a
 * schema. They are listed, configured and reported like every other rule.
 */
export const PROBLEM_RULES: RuleInfo[] = [
  {
    id: 'parse-error',
    pack: 'core',
    title: 'File cannot be parsed',
    severity: 'high',
    rationale:
      'A file that does not parse cannot be checked, so whatever it asks for (a privileged service, a mounted Docker socket) goes unreviewed. Docker Compose, the Docker builder and GitHub Actions would reject or misread it too.',
    remediation: 'Fix the syntax error at the reported position; the message quotes what the parser expected.',
    references: [{ framework: 'url', url: 'https://docs.docker.com/reference/compose-file/' }],
  },
  {
    id: 'duplicate-key',
    pack: 'core',
    title: 'Key written twice in one mapping',
    severity: 'medium',
    rationale:
      'When a YAML mapping repeats a key, only the last value counts. A reviewer reading the first one (say `privileged: false`) is misled about what runs.',
    remediation: 'Keep one of the two keys, with the value you mean.',
    references: [{ framework: 'url', url: 'https://yaml.org/spec/1.2.2/#mapping' }],
  },
];
