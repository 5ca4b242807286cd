/** What the server has done, for `GET /stats` and the orchestration benchmark. */
export interface ServerStats {
  readonly requests: number;
  /** Requests being handled now. */
  readonly inFlight: number;
  /** Wall time with at least one request in flight: the server's share of a benchmark's wall time. */
  readonly busyMs: number;
  /** Sum over requests of arrival → reply ready (the `x-selfplay-processing-ms` header). */
  readonly processingMs: number;
  /** CPU time of the whole server process (user + system), meaningful when it runs alone in its process. */
  readonly cpuMs: number;
}

export interface StatsRecorder {
  /** Marks a request's arrival; call the returned function once when its reply is ready. */
  begin(): () => number;
  snapshot(): ServerStats;
}

export function createStatsRecorder(now: () => number = performance.now.bind(performance)): StatsRecorder {
  let requests = 0;
  let inFlight = 0;
  let busyMs = 0;
  let busySince = 0;
  let processingMs = 0;
  return {
    begin: () => {
      const start = now();
      requests++;
      if (inFlight++ === 0) busySince = start;
      let ended = false;
      return () => {
        const end = now();
        if (ended) return end - start;
        ended = true;
        processingMs += end - start;
        if (--inFlight === 0) busyMs += end - busySince;
        return end - start;
      };
    },
    snapshot: () => ({
      requests,
      inFlight,
      busyMs: busyMs + (inFlight > 0 ? now() - busySince : 0),
      processingMs,
      cpuMs: cpuMs(),
    }),
  };
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
