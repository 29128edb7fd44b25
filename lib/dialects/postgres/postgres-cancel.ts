import { connect, type Socket } from "node:net";

/** PostgreSQL's CancelRequest code: 1234 in the high 16 bits, 5678 in the low. */
const CANCEL_REQUEST_CODE = 80877102;

export interface CancelTarget {
  readonly host: string;
  readonly port: number;
  readonly processID: number;
  readonly secretKey: number;
}

/**
 * Ask the server to cancel what a backend is running: a fresh connection
 * carrying only a CancelRequest (protocol 3.0, section "Canceling Requests in
 * Progress"), which the server reads and then closes. It needs no login and
 * is answered by nothing: resolves once the request was written, rejects
 * when the server cannot be reached within `timeoutMillis`. Written here, a
 * few lines over node:net, because pg's own Client.cancel() gives no way to
 * learn that it failed and leaves an 'error' event unheard when it does.
 */
export function sendCancelRequest(target: CancelTarget, timeoutMillis: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: Socket = target.host.startsWith("/")
      ? connect(`${target.host}/.s.PGSQL.${target.port}`)
      : connect(target.port, target.host);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`The cancel request to ${target.host}:${target.port} got no connection within ${timeoutMillis} ms.`));
    }, timeoutMillis);
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once("connect", () => {
      const packet = Buffer.alloc(16);
      packet.writeInt32BE(16, 0);
      packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
      packet.writeInt32BE(target.processID, 8);
      packet.writeInt32BE(target.secretKey, 12);
      socket.end(packet, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  });
}
