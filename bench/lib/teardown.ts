import { log } from './report';

/**
 * What a benchmark started and must stop (sshd, Xvfb, peers, PTYs, temp folders), undone in
 * reverse order whether the run ends well, throws, or is interrupted (Ctrl-C, SIGTERM from the
 * runner). Each undo runs once; one that fails is logged and the rest still run.
 */
export class Teardown {
  private readonly undos: { what: string; undo: () => unknown }[] = [];
  private running: Promise<void> | null = null;

  constructor() {
    const onSignal = (signal: NodeJS.Signals) => {
      log(`${signal}: cleaning up`);
      void this.run().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  /** Registers `undo`; answers `value` so a start can be wrapped in one line. */
  add<T>(what: string, value: T, undo: (value: T) => unknown): T {
    this.undos.push({ what, undo: () => undo(value) });
    return value;
  }

  /** Runs `undo` now (and not again at the end), e.g. to stop an sshd between two measurements. */
  async now(what: string): Promise<void> {
    const i = this.undos.findIndex((u) => u.what === what);
    if (i < 0) return;
    const [u] = this.undos.splice(i, 1);
    await this.safely(u!);
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.undos.length) await this.safely(this.undos.pop()!);
    })();
    return this.running;
  }

  private async safely(u: { what: string; undo: () => unknown }) {
    try {
      await Promise.race([u.undo(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    } catch (err) {
      log(`cleanup of ${u.what} failed: ${(err as Error).message}`);
    }
  }
}

/** Runs `body` with a Teardown that is always run after, then ends the process (wrtc keeps it alive otherwise). */
export async function withTeardown(body: (t: Teardown) => Promise<void>): Promise<void> {
  const t = new Teardown();
  let failed = false;
  try {
    await body(t);
  } catch (err) {
    failed = true;
    log(`failed: ${(err as Error).stack ?? String(err)}`);
  } finally {
    await t.run();
  }
  // @roamhq/wrtc's threads can keep the event loop alive after every peer is closed.
  process.exit(failed ? 1 : 0);
}
