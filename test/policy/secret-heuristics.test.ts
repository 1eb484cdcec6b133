import { describe, expect, it } from 'vitest';
import { compileLinear } from '../../src/core/linear-regex.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';

// "Is this variable a secret" is decided by one set of params, declared alike by every rule that
// judges variables (Dockerfile ARG/ENV, Compose and `docker run` environments, workflow
// containers), so a Compose file and a Dockerfile never disagree about the same name.
const SHARED = ['secretNames', 'notSecretNames', 'switchValues', 'publicKeyIdNames', 'publicKeyIdValues', 'credentialUrl'];
const RULES = ['dockerfile-secret-in-arg-or-env', 'container-secret-in-environment', 'workflow-container-literal-secret'];
const rules = loadBuiltinPacks()
  .flatMap((pack) => pack.rules)
  .filter((rule) => RULES.includes(rule.id));
const [first] = rules;
const param = (name: string) => compileLinear(String(first!.params[name]));

describe('secret heuristics', () => {
  it('are declared identically (default, schema, description) by every rule that judges variables', () => {
    expect(rules.map((rule) => rule.id).sort()).toEqual([...RULES].sort());
    for (const rule of rules) {
      for (const name of SHARED) {
        expect([rule.id, rule.params[name]]).toEqual([rule.id, first!.params[name]]);
        expect([rule.id, rule.paramSchemas?.[name]]).toEqual([rule.id, first!.paramSchemas?.[name]]);
      }
    }
  });

  it('find secret names, like BuildKit and beyond it', () => {
    const secret = (name: string) => param('secretNames').test(name) && !param('notSecretNames').test(name);
    const secrets = ['API_TOKEN', 'MYAPIKEY', 'POSTGRES_PWD', 'SESSION_SALT', 'AWS_SECRET_ACCESS_KEY', 'NPM_TOKEN', 'DB_PASSWORD', 'password', 'Auth', 'GITHUB_PAT_TOKEN', 'CREDENTIALS', 'PRIVATE_KEY', 'mysqlPassword'];
    const not = ['AUTH_MODULE_VERSION', 'TOKEN_LIB_VERSION', 'POSTGRES_PASSWORD_FILE', 'SSL_KEY_PATH', 'PUBLIC_API_KEY', 'STRIPE_PUBLIC_KEY', 'MONKEY', 'KEYCLOAK_URL', 'TOKENIZER', 'AWS_ACCESS_KEY_ID', 'PASSWORDLESS', 'SSH_AUTH_SOCK', 'NODE_ENV'];
    expect(secrets.filter((name) => !secret(name))).toEqual([]);
    expect(not.filter(secret)).toEqual([]);
  });

  it('know values that hold no secret', () => {
    expect(['yes', 'no', 'true', 'false', 'TRUE', 'on', 'off', '1', '0', 'y', 'N', 'enabled', 'Disabled'].filter((v) => !param('switchValues').test(v))).toEqual([]);
    expect(['hunter2', '10', 'yes please', 'truely'].filter((v) => param('switchValues').test(v))).toEqual([]);
    const keyIds = param('publicKeyIdValues');
    expect(keyIds.test('A035C8C19219BA821ECEA86B64E628F8D684696D')).toBe(true);
    expect(keyIds.test('7169605F62C751356D054A26A821E680E5FA6305 1A4E8B7277C42E53DBA9C7B9BCAA30EA9C0D5763')).toBe(true);
    expect(keyIds.test('0x36D3B4F4F3F5F1F2')).toBe(true);
    expect(keyIds.test('ghp_0123456789abcdef0123456789abcdef0123')).toBe(false);
    expect(param('publicKeyIdNames').test('GPG_KEYS')).toBe(true);
    expect(param('publicKeyIdNames').test('API_KEY')).toBe(false);
  });

  it('find a password inside a URL under any name, but not a variable standing for it', () => {
    const url = param('credentialUrl');
    expect(['postgres://app:s3cret@db:5432/app', 'redis://:pw@cache:6379', 'jdbc:mysql://root:toor@db/app', 'amqp://guest:guest@rabbit:5672/'].filter((v) => !url.test(v))).toEqual([]);
    expect(['postgres://app:${DB_PASSWORD}@db/app', 'https://user@example.com/', 'http://host:8080/path@x', 'postgres://app@db/app', 'postgres://app:${{ secrets.P }}@db'].filter((v) => url.test(v))).toEqual([]);
  });
});
