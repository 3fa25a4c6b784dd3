/**
 * The one rule for how long a burglary raises the risk (pure; shared by the zones, the letter
 * and the web app): D calendar days in Europe/Amsterdam, counting the date of the event time.
 *
 * - riskExpiry: the same Amsterdam wall-clock time D calendar days after the event (so a window
 *   across a DST change is 23 or 25 hours longer or shorter, never a date more or less);
 * - lastRiskDate: the last date on which the zone is shown (reference = end of that date): the
 *   day before the expiry's date. The zone label says "t/m <lastRiskDate>", the letter "tot en
 *   met <lastRiskDate>";
 * - riskDaysLeft: the dates from the reference's date through lastRiskDate, both included.
 *
 * Calendar days match the Knox test, which measures lags in local day numbers.
 * date-fns with @date-fns/tz (TZDate) does the calendar arithmetic in the time zone.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, addMilliseconds, format, startOfDay, subDays } from 'date-fns';

export const RISK_TIME_ZONE = 'Europe/Amsterdam';
const DAY_MS = 86_400_000;

const inZone = (t: Date | string | number): TZDate => new TZDate(new Date(t).getTime(), RISK_TIME_ZONE);

/** End of the raised risk of an event at `eventTime`: `days` calendar days later, same local time. */
export function riskExpiry(eventTime: Date, days: number): Date {
  const whole = Math.floor(days);
  const end = addMilliseconds(addDays(inZone(eventTime), whole), Math.round((days - whole) * DAY_MS));
  return new Date(end.getTime());
}

/** Last Europe/Amsterdam date (YYYY-MM-DD) on which a risk ending at `expiresAt` is still shown. */
export function lastRiskDate(expiresAt: Date | string | number): string {
  return format(subDays(startOfDay(inZone(expiresAt)), 1), 'yyyy-MM-dd');
}

/** Day number of a YYYY-MM-DD date (days since 1970-01-01), for counting dates. */
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / DAY_MS;
}

/** Dates left from the reference's Amsterdam date through lastRiskDate(expiresAt), both included. */
export function riskDaysLeft(ref: Date, expiresAt: Date | string | number): number {
  return dayNumber(lastRiskDate(expiresAt)) - dayNumber(format(inZone(ref), 'yyyy-MM-dd')) + 1;
}
