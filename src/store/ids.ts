import { randomBytes } from 'node:crypto';

let last = 0;
let counter = 0;

/**
 * An id that sorts by creation time (and by call order within this process), for rows the domain gives no
 * id to: audit entries listed "in order" must keep their order when two share a timestamp.
 */
export function sortableId(): string {
  const now = Date.now();
  counter = now === last ? counter + 1 : 0;
  last = now;
  return `${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomBytes(6).toString('hex')}`;
}
