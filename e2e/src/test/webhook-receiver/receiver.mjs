// WebhooksIT's receiver: every POST is verified with the reference Standard Webhooks library
// (npm standardwebhooks), which no one at opad wrote. The first two tries of each webhook-id are
// answered 500, later ones 200 (a request that fails verification gets 400). Every request is
// recorded: GET /log answers the records as JSON.
//
// The test controls one more thing, to put a sender's crash exactly between a 2xx and its record:
//   POST /control/hold     the next request that would be answered 200 is kept waiting, unanswered
//   GET  /control/held     {"id": <its webhook-id>} once one is waiting (404 until then)
//   POST /control/release  answers it 200 now; {"id", "open": whether its connection was still open}
//
//   WEBHOOK_SECRET=whsec_... PORT=0 node receiver.mjs   → prints "listening <port>" once it listens on 127.0.0.1
import http from "node:http";
import { Webhook } from "standardwebhooks";

const FAILED_TRIES = 2;
const webhook = new Webhook(process.env.WEBHOOK_SECRET);
/** @type {{id: string, attempt: number, verified: boolean, error: string|null, status: number, job_id: string|null, at: number, held: boolean}[]} */
const records = [];
/** @type {Map<string, number>} */
const triesById = new Map();
let holdNext = false;
/** @type {{id: string, request: http.IncomingMessage, response: http.ServerResponse}|null} */
let held = null;

/** @param {http.ServerResponse} response @param {number} status @param {unknown} body */
function json(response, status, body) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** @param {http.IncomingMessage} request @param {http.ServerResponse} response @returns {boolean} whether it was a control call */
function control(request, response) {
  if (request.method === "GET" && request.url === "/log") {
    json(response, 200, records);
  } else if (request.method === "POST" && request.url === "/control/hold") {
    holdNext = true;
    json(response, 200, { holding: true });
  } else if (request.method === "GET" && request.url === "/control/held") {
    json(response, held ? 200 : 404, held ? { id: held.id } : { id: null });
  } else if (request.method === "POST" && request.url === "/control/release") {
    if (!held) {
      json(response, 409, { id: null, open: false });
      return true;
    }
    const { id, request: waiting, response: answer } = held;
    held = null;
    // A sender that gave up (its try's deadline) has closed the connection: then no 2xx reached it.
    const open = !waiting.socket.destroyed && !answer.destroyed;
    answer.writeHead(200, { "content-type": "text/plain" });
    answer.end("ok");
    json(response, 200, { id, open });
  } else {
    return false;
  }
  return true;
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    if (control(request, response)) {
      return;
    }
    const body = Buffer.concat(chunks).toString("utf8");
    const id = String(request.headers["webhook-id"] ?? "");
    const attempt = (triesById.get(id) ?? 0) + 1;
    triesById.set(id, attempt);
    let verified = false;
    let error = null;
    let jobId = null;
    try {
      const event = webhook.verify(body, request.headers);
      verified = true;
      jobId = event?.data?.job_id ?? null;
    } catch (e) {
      error = String(e?.message ?? e);
    }
    const status = !verified ? 400 : attempt <= FAILED_TRIES ? 500 : 200;
    const hold = status === 200 && holdNext;
    records.push({ id, attempt, verified, error, status, job_id: jobId, at: Date.now(), held: hold });
    if (hold) {
      holdNext = false;
      held = { id, request, response };
      return;
    }
    response.writeHead(status, { "content-type": "text/plain" });
    response.end(status === 200 ? "ok" : verified ? "try again" : "signature rejected");
  });
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);
});
