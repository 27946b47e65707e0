// The producer half of queue-throughput.mjs: <concurrency> Queue.add calls in flight until <jobs> are added.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';

const [port, name, jobs, concurrency] = process.argv.slice(2);
const queue = new Queue(name, { connection: { host: '127.0.0.1', port: Number(port) } });
const userId = randomUUID();
let next = 0;

async function addLoop() {
  while (next < Number(jobs)) {
    next++;
    await queue.add('article', { articleId: randomUUID(), userId });
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, addLoop));
await queue.close();
process.exit(0);
