/**
 * The y axis of a count chart: a top value and ticks on round steps (1, 2, 5 × 10ⁿ), whole
 * numbers only, with at most `maxTicks` steps above zero.
 */
export function countAxis(max: number, maxTicks = 4): { top: number; ticks: number[] } {
  const m = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const found = [1, 2, 5].map((f) => f * magnitude).find((s) => Math.ceil(m / s) <= maxTicks);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  const top = step * Math.ceil(m / step);
  return { top, ticks: Array.from({ length: top / step + 1 }, (_, i) => i * step) };
}

/** Which of `n` points get a label on the x axis: about `wanted` of them, evenly apart, always the first and the last. */
export function labelledIndexes(n: number, wanted = 6): number[] {
  if (n <= 0) return [];
  if (n <= wanted) return Array.from({ length: n }, (_, i) => i);
  const every = Math.ceil((n - 1) / (wanted - 1));
  const picked: number[] = [];
  for (let i = 0; i < n - 1; i += every) picked.push(i);
  // The last day always shows; one too close before it gives way.
  if (picked.length > 1 && n - 1 - picked.at(-1)! < every / 2) picked.pop();
  picked.push(n - 1);
  return picked;
}
