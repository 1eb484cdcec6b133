import type { Problem, Range } from '../core/source-document.js';
import type { UnresolvedVariable } from './compose-interpolate.js';
import { type InterpolatedTree, withWrittenText } from './compose-interpolate-tree.js';
import { castErrorMessage, composeSchemaErrors } from './compose-schema.js';

/**
 * The problems of an interpolated Compose file: variables left unknown (each once), values
 * Compose refuses to convert, structure the Compose Specification forbids, and `version:`.
 */
export function composeProblems(tree: InterpolatedTree, envPath: string | undefined, locate: (pointer: string) => Range): Problem[] {
  const problems: Problem[] = tree.unresolved.map(({ variable, pointer }) => ({
    ruleId: 'compose-variable-unset',
    message: unsetMessage(variable, envPath),
    range: locate(pointer),
  }));
  const seen = new Set<string>();
  for (const { pointer, text, cast } of tree.castErrors) {
    seen.add(pointer);
    problems.push({ ruleId: 'compose-schema', message: castErrorMessage(pointer, text, cast), range: locate(pointer) });
  }
  for (const error of composeSchemaErrors(withWrittenText(tree), tree.unknowns.keys())) {
    if (seen.has(error.pointer)) continue;
    seen.add(error.pointer);
    problems.push({ ruleId: 'compose-schema', message: error.message, range: locate(error.pointer) });
  }
  const top = tree.value;
  if (top !== null && typeof top === 'object' && !Array.isArray(top) && 'version' in top) {
    problems.push({
      ruleId: 'compose-version-obsolete',
      message:
        'The top-level `version:` is obsolete: Compose ignores it (and warns) since the Compose Specification replaced the numbered file formats. Remove the line; the file means the same without it.',
      range: locate('/version'),
    });
  }
  // In file order, as a reviewer reads them.
  return problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
}

function unsetMessage(variable: UnresolvedVariable, envPath: string | undefined): string {
  const where = envPath ? `in ${envPath}` : 'in a `.env` file beside this Compose file';
  switch (variable.reason) {
    case 'required':
      return `\`${variable.name}\` is required here (\`:?\`/\`?\`${variable.detail ? `: "${variable.detail}"` : ''}) but is not set ${where}, so Compose would refuse to start and this value was not checked. Define ${variable.name} ${where} if you want it checked.`;
    case 'invalid':
      return `\`${variable.detail ?? variable.name}\` is not a variable reference Compose understands (write \`\${NAME}\`, \`\${NAME:-default}\`, or \`$$\` for a literal \`$\`), so this value was not checked.`;
    default:
      return `\`${variable.name}\` is not set ${where}, so values that use it are unknown and were not checked (the deployment's environment may set it; the CI runner's environment is not used). Define ${variable.name} ${where}, or give it a default with \`\${${variable.name}:-value}\`, to have them checked.`;
  }
}
