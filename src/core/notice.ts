/** Something the user should know that is not a finding: a skipped file, a limit that triggered. */
export interface Notice {
  level: 'warning' | 'notice';
  message: string;
  path?: string;
}
