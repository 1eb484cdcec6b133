/** Where a shell command is written. */
export type CommandOrigin = 'dockerfile' | 'workflow' | 'action';

/**
 * The value of a `command` subject: one simple command of a shell script (a Dockerfile `RUN`, a
 * workflow or composite-action `run:`), split at `&&`, `||`, `;` and `|`.
 */
export interface CommandValue {
  /** The program, after a leading `sudo` (and its flags) is taken off. */
  name: string;
  /** The words after the program, variables left as written. */
  args: string[];
  /** The program this command's output is piped into (`curl … | sh` → `sh`). */
  pipedTo?: string;
  /** Run through `sudo`. */
  sudo: boolean;
  origin: CommandOrigin;
}
