import { ConnectionLost } from '@sshkit/ssh-transport';

/**
 * Races `promise` against a timer; on expiry calls `onTimeout` and rejects
 * with ConnectionLost. The timer never keeps Node alive.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new ConnectionLost(`${what} timed out after ${ms} ms`));
    }, ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
