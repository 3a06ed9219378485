import { loadNut } from './nut';

export type MouseButton = 'left' | 'right' | 'middle';

/** Mouse and keyboard on the device, through nut-js (loaded only when a display answers). */
export interface InputControl {
  moveMouse(x: number, y: number): Promise<void>;
  mousePosition(): Promise<{ x: number; y: number }>;
  click(button?: MouseButton): Promise<void>;
  /** Types text as keystrokes. */
  type(text: string): Promise<void>;
}

/** Opens input control; throws DisplayUnavailableError (with why) on a machine without a display. */
export async function openInputControl(): Promise<InputControl> {
  const nut = await loadNut();
  const buttons = { left: nut.Button.LEFT, right: nut.Button.RIGHT, middle: nut.Button.MIDDLE };
  return {
    moveMouse: async (x, y) => {
      await nut.mouse.setPosition(new nut.Point(Math.round(x), Math.round(y)));
    },
    mousePosition: async () => {
      const p = await nut.mouse.getPosition();
      return { x: p.x, y: p.y };
    },
    click: async (button = 'left') => {
      await nut.mouse.click(buttons[button]);
    },
    type: async (text) => {
      await nut.keyboard.type(text);
    },
  };
}
