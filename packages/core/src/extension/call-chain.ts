/** Runs a list of wrappers around a final step, outermost first, each allowed one `next()`. */

/**
 * Calls `layers[0]`, whose `next` calls `layers[1]`, … and the last `next` calls `end`. A
 * layer that never calls `next` short-circuits with its own result; one that calls it twice
 * gets an error naming it.
 */
export function callChain<T>(layers: readonly { name: string; call: (next: () => Promise<T>) => Promise<T> }[], end: () => Promise<T>): Promise<T> {
  const step = (i: number): Promise<T> => {
    if (i === layers.length) return end();
    const layer = layers[i]!;
    let called = false;
    return layer.call(() => {
      if (called) return Promise.reject(new Error(`middleware ${layer.name} called next() twice`));
      called = true;
      return step(i + 1);
    });
  };
  return step(0);
}
