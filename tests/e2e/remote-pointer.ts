/**
 * Prints where the X pointer is, as JSON ({"x":…,"y":…}), on the display named by DISPLAY. Run as a
 * child (nut-js segfaults a process that loads it without a display; a child cannot take the test
 * runner down with it). Used by the remote-session e2e to check where a control click landed.
 */
import { loadNut } from '../../src/device/nut';

void loadNut()
  .then((nut) => nut.mouse.getPosition())
  .then((p) => {
    process.stdout.write(`${JSON.stringify({ x: p.x, y: p.y })}\n`);
    process.exit(0);
  });
