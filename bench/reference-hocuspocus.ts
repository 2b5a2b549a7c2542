// The other server people run: Hocuspocus 3.x with its plain in-memory setup, as a child process.
import { Server } from '@hocuspocus/server';

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: true });
await server.listen();
console.log(`listening on http://127.0.0.1:${server.address.port}`);
