/**
 * One send at a time on the notebook kernel's sockets.
 *
 * tslab 1.0.22 publishes every output (stream text, display data, status)
 * with zeromq 6's `socket.send` without waiting for the previous send on
 * the same socket to finish. zeromq 6 refuses a second send while one is in
 * progress, synchronously, with "Socket is busy writing; only one send
 * operation may be in progress at any time" (EBUSY; zeromq.js issue #427).
 * On a busy machine a send takes long enough for the next output to hit
 * it: the error is thrown inside the cell's display call, the cell fails,
 * the sends that would print the error fail the same way, and the kernel
 * answers `execute_reply` with status "error", no error name and no output
 * — Run All stops "silently" (the sweep cell, whose progress bar updated
 * after every solved day, was the usual victim; worker threads only made
 * the updates come faster). A lost "idle" status is also why nbconvert
 * warns "Timeout waiting for IOPub output".
 *
 * {@link serializeKernelSends} makes every send on a socket wait for the
 * previous one (a promise chain per socket), so the error cannot occur.
 * It patches the zeromq module the kernel itself loaded, once, and only
 * inside tslab's kernel; a `Session` installs it when created.
 */
import { createRequire } from "node:module";
import { realpathSync } from "node:fs";
import { insideKernel } from "../analysis/sweep-pool.js";

interface SendingSocket {
  send(message: unknown): Promise<void>;
}
interface ZmqModule {
  Socket: { prototype: SendingSocket };
}

const PATCHED = Symbol.for("p2p-cvpp.serialisedSend");

/**
 * Serialises sends on every zeromq socket of this tslab kernel (see the
 * module comment). Returns true when the kernel's sends are serialised
 * (now or already), false outside a kernel or when tslab's zeromq cannot
 * be found (then nothing is changed).
 * @example serializeKernelSends() // true in the notebook, false under node
 */
export function serializeKernelSends(argv: readonly string[] = process.argv): boolean {
  if (!insideKernel(process.env, argv)) return false;
  const bin = argv.find((a) => /tslab/.test(a));
  if (!bin) return false;
  let zmq: ZmqModule;
  try {
    zmq = createRequire(realpathSync(bin))("zeromq") as ZmqModule;
  } catch {
    return false;
  }
  const proto = zmq.Socket?.prototype as (SendingSocket & { [PATCHED]?: true }) | undefined;
  if (!proto || typeof proto.send !== "function") return false;
  if (proto[PATCHED]) return true;
  const send = proto.send;
  const last = new WeakMap<object, Promise<unknown>>();
  function serialisedSend(this: SendingSocket, message: unknown): Promise<void> {
    const next = (last.get(this) ?? Promise.resolve()).then(() => send.call(this, message));
    // the chain goes on after a failed send; the caller (tslab) does not wait for sends, so a failure must not be unhandled
    last.set(
      this,
      next.catch(() => undefined),
    );
    return next;
  }
  try {
    // a native method: not writable, but configurable
    Object.defineProperty(proto, "send", {
      value: serialisedSend,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    Object.defineProperty(proto, PATCHED, { value: true });
  } catch {
    return false;
  }
  return true;
}
