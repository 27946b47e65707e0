// Figures go to stdout and, one "key value" line each, to the file named by BENCH_RESULTS.
import { appendFileSync } from 'node:fs';

export function put(key, value) {
  const line = `${key} ${typeof value === 'number' ? value.toFixed(3) : value}`;
  console.log(`result: ${line}`);
  if (process.env.BENCH_RESULTS) appendFileSync(process.env.BENCH_RESULTS, `${line}\n`);
}

export function note(text) {
  console.log(`bench: ${text}`);
}
