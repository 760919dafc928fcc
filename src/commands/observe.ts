/** One read, kept as data: its value, or the typed failure (a failed read must not hide what did succeed). */
import { AzureError } from '../azure/errors.ts';
import type { Observed } from '../diagnosis/observations.ts';

export async function observe<T>(read: () => Promise<T>): Promise<Observed<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    if (e instanceof AzureError) {
      return { ok: false, failure: { kind: e.kind, message: e.message, ...(e.missingPermission ? { missingPermission: e.missingPermission } : {}) } };
    }
    throw e;
  }
}
