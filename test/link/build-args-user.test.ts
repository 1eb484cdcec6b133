import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/documents/parse-document.js';
import { link } from '../../src/link/link.js';

// A Compose service's build.args over the variables its Dockerfile's USER is written with (helper-29).
describe('the user a service built with build.args runs as', () => {
  it('expands the Dockerfile\'s USER with the service\'s build args, a list or a map; one from the environment stays unknown', () => {
    const compose = [
      'services:',
      '  web: { build: { context: ., args: { APP_USER: app } } }',
      '  admin: { build: { context: ., args: ["APP_USER=root"] } }',
      '  env: { build: { context: ., args: [APP_USER] } }',
      '  plain: { build: . }',
      '',
    ].join('\n');
    const documents = link([parseDocument('compose', 'compose.yaml', compose), parseDocument('dockerfile', 'Dockerfile', 'FROM debian:12\nARG APP_USER=nobody\nUSER ${APP_USER}\n')]);
    const users = Object.fromEntries(documents.flatMap((document) => document.subjects.filter((subject) => subject.type === 'container').map((subject) => [subject.name, (subject.value as { user?: string }).user])));
    expect(users).toEqual({ web: 'app', admin: 'root', env: '${APP_USER}', plain: 'nobody' });
  });
});
