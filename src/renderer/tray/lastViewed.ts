/** When the user last opened each of their requests (ISO time), per user, in localStorage. */
const key = (userId: string) => `tandem.tray.lastViewed.${userId}`;

function read(userId: string): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(key(userId)) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/** The time the user last opened a request ('' if never). */
export const lastViewedOf = (userId: string, ticketId: string): string => read(userId)[ticketId] ?? '';

/** Records that the user has seen a request up to `at`. */
export function markViewed(userId: string, ticketId: string, at: string): void {
  const all = read(userId);
  if ((all[ticketId] ?? '') >= at) return;
  all[ticketId] = at;
  localStorage.setItem(key(userId), JSON.stringify(all));
}
