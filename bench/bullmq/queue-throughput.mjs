// P1 anchor: BullMQ 5 with no-op jobs on the same Redis, the same concurrency, the same job count.
//
//   node queue-throughput.mjs <redis-port> <concurrency> <jobs> <max-seconds>
//
// As in opad's run (QueueCoreBench): a worker with the given concurrency runs a no-op processor,
// while a separate producer process (the api's role) keeps <concurrency> Queue.add calls in
// flight. Each job carries what opad's status key does: an article id and a user id. BullMQ's
// defaults otherwise (completed jobs are kept). A warm-up round of a fifth of the jobs goes first.
// Jobs/s = jobs completed (the worker's 'completed' event, after moveToFinished) / time from the
// producer's start to the last completion.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { put, note } from './results.mjs';

const [port, concurrency, jobs, maxSeconds] = process.argv.slice(2).map(Number);
const connection = { host: '127.0.0.1', port };
const producerScript = fileURLToPath(new URL('./produce.mjs', import.meta.url));

async function round(count, key) {
  const name = `bench-p1-c${concurrency}-${Date.now()}`;
  let completed = 0;
  let failed = 0;
  let finish;
  const allDone = new Promise((resolve) => { finish = resolve; });
  const worker = new Worker(name, async () => {}, { connection, concurrency });
  worker.on('completed', () => { if (++completed === count) finish(); });
  worker.on('failed', () => { failed++; });
  worker.on('error', (e) => note(`BullMQ worker error: ${e.message}`));
  await worker.waitUntilReady();
  const started = process.hrtime.bigint();
  const producer = fork(producerScript, [String(port), name, String(count), String(concurrency)]);
  const timeLimit = new Promise((resolve) => setTimeout(resolve, maxSeconds * 1000).unref());
  await Promise.race([allDone, timeLimit]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  producer.kill();
  await worker.close(true);
  const perSecond = completed / seconds;
  note(`P1 BullMQ c=${concurrency}: ${completed} of ${count} jobs in ${seconds.toFixed(2)} s = ${perSecond.toFixed(0)} jobs/s`
    + `${completed < count ? ' (time limit reached)' : ''} (failed ${failed})`);
  if (key) {
    put(`${key}.jobs_per_s`, perSecond);
    put(`${key}.errors`, failed);
  }
}

await round(Math.max(1, Math.floor(jobs / 5)), null);
await round(jobs, `p1.bullmq.c${concurrency}`);
process.exit(0);
