// P6 anchor: Redis bytes BullMQ 5 spends per queued job, on the same Redis as opad's figures.
//
//   node job-memory.mjs <redis-port> <jobs>
//
// Adds <jobs> jobs carrying what opad's status key carries about a job's identity (an article id
// and a user id), with BullMQ's defaults, and no worker. Reports MEMORY USAGE (all samples) of one
// job's hash, of the wait list per job, and the growth of used_memory per job; then runs them with
// a no-op worker and reports a completed job's hash (BullMQ keeps completed jobs by default).
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { put, note } from './results.mjs';

const [port, jobs] = process.argv.slice(2).map(Number);
const connection = { host: '127.0.0.1', port };
const redis = new IORedis(connection);
const name = `bench-p6-${Date.now()}`;
const queue = new Queue(name, { connection });
await queue.waitUntilReady();

const usedMemory = async () => Number((await redis.info('memory')).match(/used_memory:(\d+)/)[1]);
const usage = async (key) => Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));

const userId = randomUUID();
await queue.add('article', { articleId: randomUUID(), userId }); // the queue's own keys exist before counting
const before = await usedMemory();
const ids = [];
for (let i = 0; i < jobs; i++) {
  ids.push((await queue.add('article', { articleId: randomUUID(), userId })).id);
}
const after = await usedMemory();
const jobKey = `bull:${name}:${ids[0]}`;
const hash = await usage(jobKey);
const waitKeys = (await redis.keys(`bull:${name}:wait`));
const waitBytes = waitKeys.length ? await usage(waitKeys[0]) : 0;
note(`P6 BullMQ queued job hash ${jobKey}: ${JSON.stringify(await redis.hgetall(jobKey))}`);
put('p6.bullmq.job_hash_bytes', hash);
put('p6.bullmq.wait_list_bytes_per_job', waitBytes / (jobs + 1));
put('p6.bullmq.used_memory_per_job', (after - before) / jobs);

let completed = 0;
const done = new Promise((resolve) => {
  const worker = new Worker(name, async () => {}, { connection, concurrency: 50 });
  worker.on('completed', () => { if (++completed === jobs + 1) resolve(worker); });
});
const timeLimit = new Promise((resolve) => setTimeout(() => resolve(null), 60_000).unref());
const worker = await Promise.race([done, timeLimit]);
if (worker) {
  put('p6.bullmq.completed_job_hash_bytes', await usage(jobKey));
  await worker.close();
} else {
  note('P6 BullMQ: the jobs did not complete within 60 s');
}
await queue.obliterate({ force: true });
await queue.close();
await redis.quit();
process.exit(0);
