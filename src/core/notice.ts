/** Something the user should know that is not a finding: a skipped file, a limit that triggered. */
export interface Notice {
  level: 'warning' | 'notice';
  message: string;
  path?: string;
  /**
   * Set on a notice about a file of a kind Containment judges that it did not read (over the size
   * limit, a link it must not follow, a name it cannot show, not a regular file). The scan turns
   * each into a located `scan-incomplete` finding: what such a file asks for is unknown, and an
   * unknown never passes as safe.
   */
  unread?: true;
}
