/** How many of the newest tickets the queue shows while the whole set is still being read. */
export const FIRST_PAINT_ROWS = 200;
