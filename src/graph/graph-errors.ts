import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import { CalendarError } from '../services/calendar.port';
import { TIMEOUT_ERROR, TOKEN_REFUSED } from './graph-client';

/**
 * Graph's errors as CalendarErrors, so the meetings flow never sees Graph types. Messages name the call,
 * the HTTP status, Graph's error code and request id (for Microsoft support) and nothing from the request:
 * never a subject, body, comment or address, and never Graph's own wording, which can quote them.
 */

const SAFE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

function detail(e: GraphError): string {
  const parts = [
    e.statusCode > 0 ? String(e.statusCode) : '',
    typeof e.code === 'string' && SAFE_CODE.test(e.code) ? e.code : '',
  ];
  const id = typeof e.requestId === 'string' && SAFE_CODE.test(e.requestId) ? `, request-id ${e.requestId}` : '';
  return `${parts.filter(Boolean).join(' ') || 'no status'}${id}`;
}

function retryAfter(e: GraphError): string {
  const value = e.headers?.get('Retry-After');
  return value && /^\d+$/.test(value.trim()) ? `; Graph asks to wait ${value.trim()} s` : '';
}

/**
 * The CalendarError for a failed Graph call. `what` says which call, in words safe to log (e.g.
 * "Creating the event for meeting m-1").
 */
export function calendarError(e: unknown, what: string, timeoutMs: number): CalendarError {
  if (e instanceof CalendarError) return e;
  if (!(e instanceof GraphError)) {
    const name =
      e instanceof GraphClientError
        ? 'the Graph client refused the request'
        : e instanceof Error
          ? e.name
          : 'unknown error';
    return new CalendarError('unavailable', `${what}: Microsoft Graph could not be asked (${name})`);
  }
  const status = e.statusCode;
  if (e.code === TIMEOUT_ERROR || e.code === 'TimeoutError' || e.code === 'AbortError') {
    return new CalendarError('timeout', `${what}: Microsoft Graph did not answer within ${timeoutMs} ms`);
  }
  if (e.code === TOKEN_REFUSED) {
    return new CalendarError(
      'forbidden',
      `${what}: no Graph token for this tenant (${e.message.slice(0, 20)}); the tenant's administrator has not consented to the app, or its credentials are wrong`,
    );
  }
  if (status === 401 || status === 403) {
    return new CalendarError(
      'forbidden',
      `${what}: Microsoft Graph refused access (${detail(e)}). The app lacks admin consent in this tenant (Calendars.ReadBasic, Calendars.ReadWrite), or the mailbox is outside the app's Exchange RBAC scope; ask the tenant's Microsoft 365 administrator`,
      status,
    );
  }
  if (status === 404) {
    return new CalendarError(
      'not-found',
      `${what}: Microsoft Graph found no such user or event (${detail(e)}); the person may have left the organisation, or the event was deleted in Outlook`,
      status,
    );
  }
  if (status === 429) {
    return new CalendarError(
      'throttled',
      `${what}: Microsoft Graph is still throttling the app after the retries made (${detail(e)})${retryAfter(e)}`,
      status,
    );
  }
  if (status >= 500)
    return new CalendarError(
      'unavailable',
      `${what}: Microsoft Graph is unavailable (${detail(e)}); try again later`,
      status,
    );
  if (status > 0)
    return new CalendarError('unavailable', `${what}: Microsoft Graph rejected the request (${detail(e)})`, status);
  return new CalendarError('unavailable', `${what}: Microsoft Graph could not be reached (${detail(e)})`);
}

/** Whether a failed call was a 404 (an event already gone counts as cancelled). */
export function isNotFound(e: unknown): boolean {
  return e instanceof GraphError && e.statusCode === 404;
}
