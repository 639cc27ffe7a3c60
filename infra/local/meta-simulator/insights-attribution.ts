import { malformedParameter } from './ad-object-errors';
import { jsonArrayParam } from './ad-object-params';
import { invalidParameter } from './graph-error';

/**
 * An ad set's attribution setting (`attribution_spec`): how many days after a click, and after
 * a view, a purchase still counts. Meta offers 1 or 7 days after a click and 0 or 1 day after a
 * view; `7d_view` and `28d_view` are gone since 2026-01-12 (META-API.md "Insights").
 */
export interface AttributionSetting {
  clickDays: 1 | 7;
  viewDays: 0 | 1;
}

/** The windows the simulator measures purchases in (Meta's `action_attribution_windows` names). */
export const ATTRIBUTION_WINDOWS = ['1d_click', '7d_click', '1d_view'] as const;
export type AttributionWindow = (typeof ATTRIBUTION_WINDOWS)[number];

/** What an ad set gets without `attribution_spec`, and what a read without the unified flag counts. */
export const DEFAULT_ATTRIBUTION: AttributionSetting = { clickDays: 7, viewDays: 1 };

/** The windows whose purchases a setting adds up (click and view purchases never overlap here). */
export function windowsOf(setting: AttributionSetting): AttributionWindow[] {
  const windows: AttributionWindow[] = [setting.clickDays === 1 ? '1d_click' : '7d_click'];
  if (setting.viewDays === 1) windows.push('1d_view');
  return windows;
}

/** `[{"event_type":"CLICK_THROUGH","window_days":7},{"event_type":"VIEW_THROUGH","window_days":1}]` */
export function attributionSpecOf(
  setting: AttributionSetting,
): { event_type: string; window_days: number }[] {
  const spec: { event_type: string; window_days: number }[] = [
    { event_type: 'CLICK_THROUGH', window_days: setting.clickDays },
  ];
  if (setting.viewDays > 0) spec.push({ event_type: 'VIEW_THROUGH', window_days: setting.viewDays });
  return spec;
}

/**
 * Reads `attribution_spec` of an ad set create as Meta takes it; undefined when absent. A
 * window Meta no longer offers (7- or 28-day view) or an unknown event type is refused (100).
 */
export function attributionParam(params: URLSearchParams): AttributionSetting | undefined {
  const entries = jsonArrayParam(params, 'attribution_spec');
  if (entries === undefined) return undefined;
  let clickDays: 1 | 7 | undefined;
  let viewDays: 0 | 1 = 0;
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null)
      throw malformedParameter('attribution_spec', 'an array of {event_type, window_days}');
    const { event_type: eventType, window_days: windowDays } = entry as Record<string, unknown>;
    if (eventType === 'CLICK_THROUGH' && (windowDays === 1 || windowDays === 7)) clickDays = windowDays;
    else if (eventType === 'VIEW_THROUGH' && windowDays === 1) viewDays = 1;
    else
      throw invalidParameter(
        `(#100) attribution_spec: ${String(eventType)} with window_days ${String(windowDays)} is not a supported attribution window`,
      );
  }
  if (clickDays === undefined)
    throw invalidParameter('(#100) attribution_spec must include a CLICK_THROUGH window of 1 or 7 days');
  return { clickDays, viewDays };
}
