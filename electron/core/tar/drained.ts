/**
 * Waits until a writable takes more data, or closes. Both listeners are
 * removed when either fires: leaving the other behind on every backpressure
 * wait piles up listeners for the life of the stream (Node then warns of a
 * leak after ten).
 */
type Emitter = {
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
};

export function drained(sink: Emitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      sink.off('drain', done);
      sink.off('close', done);
      resolve();
    };
    sink.once('drain', done);
    sink.once('close', done);
  });
}
