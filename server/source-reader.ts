import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { schema } from '../core/index.js';
import type { ReadSource, SourceFile } from '../core/text/index.js';
import { SourceError } from '../core/text/source-error.js';

/** A file is given this long to become a document before its worker is stopped. */
export const READ_TIMEOUT_MS = 60_000;

const WorkerReply = z.union([
  z.object({ ok: z.literal(true), format: z.enum(['html', 'pdf', 'text', 'markdown']), doc: z.unknown(), front: z.record(z.string(), z.unknown()) }),
  z.object({ ok: z.literal(false), message: z.string(), status: z.number(), internal: z.string().optional() }),
]);

/**
 * Reads a source as core/text's readSource does, on a worker thread with its own memory limit:
 * parsing a 300-page PDF takes seconds of CPU, which on the main thread would stall every
 * room's sync. Throws SourceError for a file that cannot be read, too slow included.
 */
export function readSourceOffThread(file: SourceFile, timeoutMs = READ_TIMEOUT_MS): Promise<ReadSource> {
  // One file at a time: each reader may take hundreds of megabytes, and imports are rare.
  const turn = queue.then(() => readInWorker(file, timeoutMs));
  queue = turn.catch(() => undefined);
  return turn;
}

let queue: Promise<unknown> = Promise.resolve();

function readInWorker(file: SourceFile, timeoutMs: number): Promise<ReadSource> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./source-reader-worker.mjs', import.meta.url), {
      workerData: file,
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new SourceError('reading the file took too long; try a smaller file or paste its text', 422));
    }, timeoutMs);
    const settle = (run: () => void) => {
      clearTimeout(timer);
      run();
      void worker.terminate();
    };
    worker.once('message', (message: unknown) => {
      const reply = WorkerReply.safeParse(message);
      settle(() => {
        if (!reply.success) return reject(new Error('the source reader replied with something unexpected'));
        const data = reply.data;
        if (!data.ok) return reject(data.internal ? new Error(data.internal) : new SourceError(data.message, data.status));
        resolve({ format: data.format, doc: schema.nodeFromJSON(data.doc), front: data.front });
      });
    });
    // Out of memory or a crash: the file is what broke it.
    worker.once('error', (error) => settle(() => reject(new SourceError(`the file could not be read (${error.message})`))));
    worker.once('exit', (code) => settle(() => reject(new SourceError(`the file could not be read (the reader stopped with code ${code})`))));
  });
}
