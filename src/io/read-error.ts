/** A file that cannot be read, as one line. */
import { InputError, echo } from "../errors/errors.js";
import * as message from "../errors/messages.js";

const WHY: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "a part of the path is a file",
  EPERM: "operation not permitted",
  ENAMETOOLONG: "the path is too long",
  ELOOP: "too many symbolic links",
};

/**
 * The error for a file that cannot be read: an {@link InputError} naming
 * the path and the reason (exit code 2).
 * @example readError("x.csv", Object.assign(new Error(), { code: "ENOENT" })).message // => "x.csv: cannot be read (ENOENT: no such file)"
 */
export function readError(path: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return new InputError(
    echo(path),
    message.cannotBeRead(
      code ? `${code}${WHY[code] ? `: ${WHY[code]}` : ""}` : echo((e as Error).message ?? String(e)),
    ),
  );
}
