import * as core from '@actions/core';
import { logLine, shownText } from '../plain-text.js';
import type { AnnotationProperties, AnnotationSink } from './annotations.js';

/**
 * The Action's log, as @actions/core writes it, with every message made one safe line first
 * (`logLine`): notices, API errors and warnings quote paths and names from the pull request, and
 * `core.info` only ends the line. `core.warning`, `core.error` and `core.notice` write
 * `::warning::message`, which the runner parses as that command before it looks for a legacy
 * `##[…]` in the line, so the message could not start another one; it is cleaned all the same, so
 * that no line of this log depends on which parser the runner tries first. Nothing in the Action
 * writes to its log except through here (and `actionAnnotations`).
 */
export const actionLog = {
  info: (message: string) => core.info(logLine(message)),
  debug: (message: string) => core.debug(logLine(message)),
  warning: (message: string) => core.warning(logLine(message)),
  error: (message: string) => core.error(logLine(message)),
  notice: (message: string) => core.notice(logLine(message)),
  /** Fails the step with one error annotation (core.setFailed). */
  setFailed: (message: string) => core.setFailed(logLine(message)),
};

/**
 * Annotations through @actions/core, the message cleaned line by line (a merged annotation lists
 * its findings on separate lines, which core escapes as `%0A`). The file stays as it is, or the
 * annotation would not be on it: core escapes a property's `:` and `,`, so a path cannot end the
 * `::error file=…::` command that it is part of, and the runner parses that command whole.
 */
export const actionAnnotations: AnnotationSink = {
  error: (message: string, properties?: AnnotationProperties) => core.error(annotationText(message), properties),
  warning: (message: string, properties?: AnnotationProperties) => core.warning(annotationText(message), properties),
  notice: (message: string, properties?: AnnotationProperties) => core.notice(annotationText(message), properties),
};

/** Each line shown as text (`shownText`); a line may start with `::`, being data after the command's own `::`. */
function annotationText(message: string): string {
  return message.split(/\r\n|\r|\n/).map(shownText).join('\n');
}
