// Reads one uploaded or fetched file into the schema on a worker thread, so that a long PDF or
// page never holds up the live sync of everyone else. Plain JavaScript: a worker starts without
// the parent's TypeScript loader, so it registers tsx itself (as bin/crosswalk.js does).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { readSource, SourceError } = await import('../core/text/index.ts');
try {
  const { format, doc, front } = await readSource(workerData);
  parentPort.postMessage({ ok: true, format, doc: doc.toJSON(), front });
} catch (error) {
  if (error instanceof SourceError) parentPort.postMessage({ ok: false, message: error.message, status: error.status });
  else parentPort.postMessage({ ok: false, message: 'the file could not be read', status: 400, internal: String(error?.stack ?? error) });
}
