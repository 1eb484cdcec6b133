import type { ErrorCode } from 'yaml';

/**
 * What each of the `yaml` library's error codes means, in our own words. The library's messages
 * can quote the file (an undefined alias's name, an unknown tag, a snippet of the line under
 * `prettyErrors`), and a file that did not parse may not be YAML at all: a link to `.git/config`,
 * or a credential pasted by mistake. So a parse error says where and what kind, never the text.
 */
const MEANINGS: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'an alias carries a tag or an anchor, which YAML does not allow',
  BAD_ALIAS: 'an alias refers to an anchor that is not defined before it',
  BAD_DIRECTIVE: 'a % directive is not one YAML knows',
  BAD_DQ_ESCAPE: 'a double-quoted string holds an escape that YAML does not know',
  BAD_INDENT: 'the indentation does not line up with the lines around it',
  BAD_PROP_ORDER: 'an anchor or tag is in a place YAML does not allow',
  BAD_SCALAR_START: 'a plain value starts with a character YAML reserves; quote the value',
  BLOCK_AS_IMPLICIT_KEY: 'a block value is used as a key',
  BLOCK_IN_FLOW: 'a block collection sits inside a flow collection ([…] or {…})',
  DUPLICATE_KEY: 'a key is written twice in one mapping',
  IMPOSSIBLE: 'the parser could not continue',
  KEY_OVER_1024_CHARS: 'a key without a "?" is longer than 1,024 characters',
  MISSING_CHAR: 'a closing quote, bracket or brace is missing',
  MULTILINE_IMPLICIT_KEY: 'a key runs over more than one line',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_DOCS: 'there is more than one document where one is expected',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'a key is not a string',
  RESOURCE_EXHAUSTION: 'expanding its aliases would take too much memory',
  TAB_AS_INDENT: 'a tab is used for indentation, where YAML allows only spaces',
  TAG_RESOLVE_FAILED: 'a tag is unknown, or its value does not fit it',
  UNEXPECTED_TOKEN: 'something appears where YAML does not allow it',
  BAD_COLLECTION_TYPE: 'a collection does not match its tag',
};

/** The kind of a YAML syntax error, from its code alone (never from the message, which quotes). */
export function yamlErrorMeaning(code: string): string {
  return Object.hasOwn(MEANINGS, code) ? MEANINGS[code as ErrorCode] : 'it has a syntax error';
}
