import type { ControlMessage } from '../../shared/remote/channels';
import type { loadNut } from '../nut';
import type { SessionContext } from './context';
import { MODIFIER_KEYS, nutKeyName } from './keymap';
import type { ClipboardAccess } from './clipboard';

type Nut = Awaited<ReturnType<typeof loadNut>>;
type Area = { x: number; y: number; width: number; height: number };

/** How often the device's clipboard is looked at for a change to send to the console. */
const CLIPBOARD_POLL_MS = 1500;
/** The largest clipboard text that goes either way (the control schema's limit). */
const MAX_CLIPBOARD_CHARS = 1024 * 1024;

/**
 * The control channel: the agent's pointer and keys injected with nut-js, and the clipboard both
 * ways. The control right is checked here again for every message (the person at the device may
 * have taken control back a moment ago). Actions run one after another in arrival order; keys
 * held down are released when control is taken back or the session ends, so none stays stuck.
 */
export class ControlService {
  private queue: Promise<void> = Promise.resolve();
  private readonly held = new Set<number>();
  private clipboardTimer: NodeJS.Timeout | null = null;
  private lastClipboard: string | null = null;
  private toldClipboardUnavailable = false;
  /** What the clipboard held when the session started (private to the person at the device). */
  private baseline: Promise<string> = Promise.resolve('');
  /** Whether the clipboard changed since the session started (then it is shared). */
  private clipboardChanged = false;

  constructor(
    private readonly ctx: SessionContext,
    private readonly nut: Nut,
    private readonly area: () => Area,
    private readonly clipboard: ClipboardAccess,
  ) {}

  /**
   * Starts sending clipboard changes (while control is held). What is on the clipboard now is the
   * person's own from before the session: it is remembered as the baseline and never sent, neither
   * by the poll nor when the agent asks; what is copied from here on is shared.
   */
  start(): void {
    if (!this.clipboard.available || this.clipboardTimer) return;
    const { clipboard } = this.clipboard;
    this.baseline = clipboard.read().then((text) => {
      this.lastClipboard ??= text;
      return text;
    });
    this.clipboardTimer = setInterval(() => {
      if (!this.ctx.connected() || !this.ctx.rights().includes('control')) return;
      void this.readShared().then((text) => {
        if (text === null || text === this.lastClipboard) return;
        this.lastClipboard = text;
        if (text && text.length <= MAX_CLIPBOARD_CHARS) this.ctx.send('control', { t: 'clipboard', text });
      });
    }, CLIPBOARD_POLL_MS);
  }

  /** The clipboard now, or null while it still holds what was there before the session. */
  private async readShared(): Promise<string | null> {
    if (!this.clipboard.available) return null;
    const baseline = await this.baseline;
    const text = await this.clipboard.clipboard.read();
    if (!this.clipboardChanged && text === baseline) return null;
    this.clipboardChanged = true;
    return text;
  }

  handle(message: ControlMessage): void {
    if (!this.ctx.rights().includes('control')) {
      this.ctx.log.warn(
        { sessionId: this.ctx.sessionId, t: message.t },
        'control message without the control right dropped',
      );
      return;
    }
    this.queue = this.queue.then(
      () => this.apply(message),
      () => this.apply(message),
    );
    this.queue.catch((err: Error) =>
      this.ctx.log.warn({ err: err.message, t: message.t }, 'input not injected'),
    );
  }

  /** Releases every key still held (control taken back, session over). */
  releaseAll(): Promise<void> {
    const keys = [...this.held];
    this.held.clear();
    this.queue = this.queue.then(async () => {
      if (keys.length) await this.nut.keyboard.releaseKey(...keys);
    });
    return this.queue.catch(() => {});
  }

  close(): Promise<void> {
    if (this.clipboardTimer) clearInterval(this.clipboardTimer);
    this.clipboardTimer = null;
    return this.releaseAll();
  }

  private point(x: number, y: number) {
    const a = this.area();
    return new this.nut.Point(Math.round(a.x + x * (a.width - 1)), Math.round(a.y + y * (a.height - 1)));
  }

  private key(name: string): number | null {
    const key = (this.nut.Key as unknown as Record<string, number>)[name];
    return typeof key === 'number' ? key : null;
  }

  private async apply(message: ControlMessage): Promise<void> {
    // Checked again when it runs: a view-only switch may have come while it waited.
    if (!this.ctx.rights().includes('control')) return;
    const { mouse, keyboard, Button } = this.nut;
    switch (message.t) {
      case 'move':
        return void (await mouse.setPosition(this.point(message.x, message.y)));
      case 'button': {
        const button = { left: Button.LEFT, right: Button.RIGHT, middle: Button.MIDDLE }[message.button];
        await mouse.setPosition(this.point(message.x, message.y));
        if (message.action === 'down') await mouse.pressButton(button);
        else if (message.action === 'up') await mouse.releaseButton(button);
        else if (message.action === 'double') await mouse.doubleClick(button);
        else await mouse.click(button);
        return;
      }
      case 'wheel':
        if (message.dy > 0) await mouse.scrollDown(message.dy);
        else if (message.dy < 0) await mouse.scrollUp(-message.dy);
        if (message.dx > 0) await mouse.scrollRight(message.dx);
        else if (message.dx < 0) await mouse.scrollLeft(-message.dx);
        return;
      case 'key': {
        const name = nutKeyName(message.code);
        const key = name ? this.key(name) : null;
        if (key === null)
          return void this.ctx.log.info({ code: message.code }, 'key with no mapping ignored');
        if (message.action === 'down') {
          this.held.add(key);
          return void (await keyboard.pressKey(key));
        }
        if (message.action === 'up') {
          this.held.delete(key);
          return void (await keyboard.releaseKey(key));
        }
        const mods = message.modifiers
          .map((m) => this.key(MODIFIER_KEYS[m]))
          .filter((k): k is number => k !== null);
        await keyboard.pressKey(...mods, key);
        await keyboard.releaseKey(...mods, key);
        return;
      }
      case 'type':
        return void (await keyboard.type(message.text));
      case 'clipboard':
        if (!this.clipboard.available) return this.clipboardUnavailable('set', this.clipboard.reason);
        try {
          await this.clipboard.clipboard.write(message.text);
        } catch (err) {
          this.ctx.log.warn({ err: (err as Error).message }, 'clipboard not written');
          return void this.ctx.send('control', { t: 'clipboard_status', op: 'set', ok: false, message: 'The text could not be put on the device’s clipboard.' });
        }
        this.lastClipboard = message.text;
        this.clipboardChanged = true;
        return void this.ctx.send('control', { t: 'clipboard_status', op: 'set', ok: true });
      case 'clipboard_get': {
        if (!this.clipboard.available) return this.clipboardUnavailable('get', this.clipboard.reason);
        const text = await this.readShared();
        const refuse = (why: string) => void this.ctx.send('control', { t: 'clipboard_status', op: 'get', ok: false, message: why });
        if (text === null) return refuse('Nothing was copied on the device since the session started (what was on its clipboard before stays private).');
        this.lastClipboard = text;
        if (!text) return refuse('The device’s clipboard holds no text.');
        if (text.length > MAX_CLIPBOARD_CHARS) return refuse('The device’s clipboard holds more than 1 MB of text, too much to bring over.');
        return void this.ctx.send('control', { t: 'clipboard', text });
      }
      case 'clipboard_status':
        return; // the console does not send these; the schema allows it both ways
    }
  }

  /** Answers a clipboard request when neither xclip nor xsel is there (logged once). */
  private clipboardUnavailable(op: 'set' | 'get', reason: string): void {
    if (!this.toldClipboardUnavailable) {
      this.toldClipboardUnavailable = true;
      this.ctx.log.warn({}, reason);
    }
    this.ctx.send('control', { t: 'clipboard_status', op, ok: false, message: reason });
  }
}
