// Before a task writes anything, make sure the model endpoint answers at all: an unreachable
// endpoint is bad input (exit 2, nothing written), not a failed task.
export async function checkEndpointReachable(baseUrl: string, signal?: AbortSignal, timeoutMs = 10_000): Promise<void> {
  const url = baseUrl.replace(/\/+$/, '') + '/models';
  const shown = (() => {
    const u = new URL(baseUrl);
    return `${u.protocol}//${u.host}${u.pathname}`;
  })();
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    // Any HTTP answer (even 401 or 404) proves the server is there; the key is not sent here.
    const res = await fetch(url, { method: 'GET', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await res.body?.cancel();
  } catch (err) {
    const c = (err as { cause?: { code?: string; message?: string } }).cause;
    const cause = c?.code ?? c?.message ?? (timeout.aborted ? 'no answer within ' + timeoutMs / 1000 + ' s' : (err as Error).name);
    throw new Error(`cannot reach the model endpoint at ${shown} (${cause}): check --base-url and that the server is running.`);
  }
}
