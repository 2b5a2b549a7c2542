// The reference server people would otherwise run: @y/websocket-server's stock connection
// handler with its plain in-memory setup. Started as a child process by the sync bench.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const server = http.createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, request) => setupWSConnection(ws, request));
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
