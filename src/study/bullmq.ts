import type { Runner } from "./runners.js";
export async function bullmqRunner(o: { url: string }): Promise<Runner> {
  throw new Error(`not yet: ${o.url}`);
}
