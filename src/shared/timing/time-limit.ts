/**
 * `pending`, or a rejection with `onTimeout()`'s error once `timeoutMs` have
 * passed first. The one timer race behind every time limit of the package (Redis
 * calls, order-store calls, broker connections); the timer never keeps a process
 * alive, and is cleared as soon as either side settles.
 * @internal
 */
export async function withTimeLimit<T>(
  pending: Promise<T>,
  timeoutMs: number,
  onTimeout: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(onTimeout());
    }, timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
  }
}
