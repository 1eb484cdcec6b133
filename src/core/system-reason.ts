/** The file system's reason for a failed read or write, in words, without a stack (for a message to the user). */
export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is a file, not a folder',
    // mkdir -p meets a file where a folder should be.
    EEXIST: 'a part of the path is a file, not a folder',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    ELOOP: 'too many symbolic links',
    // Node's permission model (`node --permission` without `--allow-fs-write` for the path).
    ERR_ACCESS_DENIED: "Node's permission model refused it",
  };
  return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}
