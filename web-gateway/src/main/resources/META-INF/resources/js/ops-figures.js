// The operations page's figures in words: pure functions of the api's answers, so node tests can
// check them without a page (GET /admin/stats, GET /admin/workers).

/** "0.21 s", "4.2 s", "38 s", "3 min 05 s", "1 h 02 min"; "–" when nothing was measured. */
export function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return '–';
  const s = Number(seconds);
  if (s < 1) return `${s.toFixed(2)} s`;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) {
    const whole = Math.round(s);
    return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  }
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "12.5 %"; "–" when no job ended in the window. */
export function formatRate(rate) {
  return rate === null || rate === undefined ? '–' : `${(Number(rate) * 100).toFixed(1)} %`;
}

const STATE_WORDS = { alive: 'alive', late: 'late (a beat missed)', dead: 'dead (no heartbeat)', stopped: 'stopped' };

/**
 * One row of cell values per worker of GET /admin/workers, in the api's order (alive first).
 * @param {any[]} workers
 * @param {number} now ms since the epoch, the answer's generated_at
 */
export function workerCells(workers, now) {
  return workers.map((worker) => ({
    id: worker.id,
    state: worker.state,
    cells: [
      worker.id,
      worker.host ?? '',
      worker.version ?? '',
      STATE_WORDS[worker.state] ?? worker.state,
      `${formatSeconds(Math.max(0, (now - Date.parse(worker.last_heartbeat)) / 1000))} ago`,
      formatSeconds(worker.uptime_seconds),
      `${worker.running} / ${worker.concurrency}`,
      String(worker.jobs_done),
      String(worker.jobs_failed),
    ],
  }));
}
