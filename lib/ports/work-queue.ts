// Fan-out of work items (a sweep's shards) to a queue whose consumer processes them independently.

export interface WorkQueue<M> {
  /** Sends every message (in batches); resolves once all are accepted, throws if some never were. */
  sendAll(messages: readonly M[]): Promise<{ sent: number }>;
}

/** In-memory twin for app tests: keeps what was sent. */
export function memoryWorkQueue<M>(): WorkQueue<M> & { sent: M[] } {
  const sent: M[] = [];
  return {
    sent,
    async sendAll(messages) {
      sent.push(...structuredClone(messages as M[]));
      return { sent: messages.length };
    },
  };
}
