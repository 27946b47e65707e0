import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { current, isActive, isRetryable, isTerminal, loadMeta } from '../../main/resources/META-INF/resources/js/meta.js';

const meta = JSON.parse(readFileSync(new URL('./meta.json', import.meta.url), 'utf8'));

test('asking before the codes are loaded is a bug, said as such', () => {
  assert.throws(current, /has not been loaded/);
});

test('what each job state allows comes from the api', async () => {
  let calls = 0;
  await loadMeta(async () => { calls += 1; return meta; });
  assert.equal(calls, 1);
  assert.equal(current(), meta);
  const states = meta.job_states.map((state) => state.name);
  assert.deepEqual(states.filter(isActive), ['queued', 'running', 'retrying']);
  assert.deepEqual(states.filter(isTerminal), ['completed', 'failed', 'cancelled', 'discarded']);
  assert.deepEqual(states.filter(isRetryable), ['failed', 'cancelled']);
  assert.equal(isTerminal('a state from a newer api'), false);
});
