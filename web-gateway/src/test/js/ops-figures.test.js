// The operations page's words for the api's figures, with the worker registry's documented shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRate, formatSeconds, workerCells } from '../../main/resources/META-INF/resources/js/ops-figures.js';

test('seconds read as a person says them, from a tenth of a second to hours', () => {
  assert.equal(formatSeconds(0.214), '0.21 s');
  assert.equal(formatSeconds(4.25), '4.3 s');
  assert.equal(formatSeconds(38.4), '38 s');
  assert.equal(formatSeconds(185), '3 min 05 s');
  assert.equal(formatSeconds(3720), '1 h 02 min');
  assert.equal(formatSeconds(null), '–', 'nothing measured');
});

test('a failure rate is a percentage, or a dash when no job ended', () => {
  assert.equal(formatRate(0.125), '12.5 %');
  assert.equal(formatRate(0), '0.0 %');
  assert.equal(formatRate(null), '–');
});

test('each worker of GET /admin/workers becomes a row in the api order', () => {
  const sample = {
    workers: [
      { id: 'w-1', host: 'node-1', version: '0.1.0', started_at: '2026-12-02T11:00:00Z', uptime_seconds: 3595,
        jobs_done: 40, jobs_failed: 2, running: 3, concurrency: 64, last_heartbeat: '2026-12-02T11:59:55Z', state: 'alive' },
      { id: 'w-2', host: null, version: null, started_at: '2026-12-02T10:00:00Z', uptime_seconds: 600,
        jobs_done: 0, jobs_failed: 0, running: 0, concurrency: 8, last_heartbeat: '2026-12-02T10:10:00Z', state: 'dead' },
    ],
    generated_at: '2026-12-02T12:00:00Z',
  };
  const rows = workerCells(sample.workers, Date.parse(sample.generated_at));
  assert.deepEqual(rows.map((r) => r.id), ['w-1', 'w-2']);
  assert.deepEqual(rows[0].cells, ['w-1', 'node-1', '0.1.0', 'alive', '5.0 s ago', '59 min 55 s', '3 / 64', '40', '2']);
  assert.equal(rows[1].cells[1], '', 'no host reported');
  assert.equal(rows[1].cells[3], 'dead (no heartbeat)');
  assert.equal(rows[1].cells[4], '1 h 50 min ago');
});
