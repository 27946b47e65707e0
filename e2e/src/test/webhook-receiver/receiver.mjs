// WebhooksIT's receiver: every POST is verified with the reference Standard Webhooks library
// (npm standardwebhooks), which no one at opad wrote. The first two tries of each webhook-id are
// answered 500, later ones 200 (a request that fails verification gets 400). Every request is
// recorded: GET /log answers the records as JSON.
//   WEBHOOK_SECRET=whsec_... node receiver.mjs   → prints "listening <port>" once it listens on 127.0.0.1
import http from "node:http";
import { Webhook } from "standardwebhooks";

const FAILED_TRIES = 2;
const webhook = new Webhook(process.env.WEBHOOK_SECRET);
/** @type {{id: string, attempt: number, verified: boolean, error: string|null, status: number, job_id: string|null, at: number}[]} */
const records = [];
/** @type {Map<string, number>} */
const triesById = new Map();

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    if (request.method === "GET" && request.url === "/log") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(records));
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
    records.push({ id, attempt, verified, error, status, job_id: jobId, at: Date.now() });
    response.writeHead(status, { "content-type": "text/plain" });
    response.end(status === 200 ? "ok" : verified ? "try again" : "signature rejected");
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);
});
