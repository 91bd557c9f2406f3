/**
 * The theme the host hands a page: a flat map of CSS variables (no leading `--`), as Azure DevOps sends in the
 * handshake's `themeData` and in a later `themeChanged` event. azure-devops-ui reads these with fallbacks; the
 * `palette-*` entries are `r, g, b` triplets (used as `rgba(var(--palette-neutral-8), 1)`), the rest colours.
 */
import { HostTheme } from "./contributions";

type ThemeData = Record<string, string>;

const NEUTRAL_STEPS = [0, 2, 4, 6, 8, 10, 20, 30, 60, 70, 80, 100] as const;

function neutrals(dark: boolean): ThemeData {
  const out: ThemeData = {};
  for (const step of NEUTRAL_STEPS) {
    // Light: neutral-0 is white, neutral-100 black. Dark reverses the ramp over a dark grey base.
    const light = Math.round(255 - (255 * step) / 100);
    const value = dark ? Math.round(30 + ((255 - 30) * step) / 100) : light;
    out[`palette-neutral-${step}`] = `${value}, ${value}, ${value}`;
  }
  return out;
}

const LIGHT: ThemeData = {
  ...neutrals(false),
  "palette-primary": "0, 120, 212",
  "palette-primary-shade-10": "16, 110, 190",
  "palette-primary-shade-20": "0, 90, 158",
  "palette-primary-shade-30": "0, 69, 120",
  "palette-primary-tint-10": "43, 136, 216",
  "palette-primary-tint-20": "199, 224, 244",
  "palette-primary-tint-30": "222, 236, 249",
  "palette-primary-tint-40": "239, 246, 252",
  "palette-primary-darkened-6": "0, 103, 181",
  "palette-primary-darkened-10": "0, 91, 161",
  "palette-black-alpha-6": "rgba(0, 0, 0, 0.06)",
  "palette-black-alpha-10": "rgba(0, 0, 0, 0.10)",
  "palette-black-alpha-20": "rgba(0, 0, 0, 0.20)",
  "background-color": "rgba(255, 255, 255, 1)",
  "callout-background-color": "rgba(255, 255, 255, 1)",
  "text-primary-color": "rgba(0, 0, 0, .9)",
  "text-secondary-color": "rgba(0, 0, 0, .55)",
  "text-disabled-color": "rgba(0, 0, 0, .38)",
  "communication-foreground": "rgba(0, 90, 158, 1)",
  "communication-background": "rgba(0, 120, 212, 1)",
  "text-on-communication-background": "rgba(255, 255, 255, 1)",
  "focus-border-color": "rgba(0, 120, 212, 1)",
  "status-error-text": "rgba(177, 19, 58, 1)",
  "status-error-background": "rgba(249, 235, 235, 1)",
  "status-warning-text": "rgba(140, 78, 0, 1)",
  "status-warning-background": "rgba(251, 242, 236, 1)",
  "status-success-background": "rgba(223, 246, 221, 1)",
};

const DARK: ThemeData = {
  ...neutrals(true),
  "palette-primary": "40, 156, 235",
  "palette-primary-shade-10": "45, 140, 210",
  "palette-primary-shade-20": "31, 118, 184",
  "palette-primary-shade-30": "23, 91, 143",
  "palette-primary-tint-10": "77, 170, 235",
  "palette-primary-tint-20": "26, 53, 79",
  "palette-primary-tint-30": "21, 40, 59",
  "palette-primary-tint-40": "17, 30, 43",
  "palette-primary-darkened-6": "36, 145, 222",
  "palette-primary-darkened-10": "33, 134, 207",
  "palette-black-alpha-6": "rgba(255, 255, 255, 0.06)",
  "palette-black-alpha-10": "rgba(255, 255, 255, 0.10)",
  "palette-black-alpha-20": "rgba(255, 255, 255, 0.20)",
  "background-color": "rgba(30, 30, 30, 1)",
  "callout-background-color": "rgba(37, 37, 37, 1)",
  "text-primary-color": "rgba(255, 255, 255, .9)",
  "text-secondary-color": "rgba(255, 255, 255, .6)",
  "text-disabled-color": "rgba(255, 255, 255, .38)",
  "communication-foreground": "rgba(79, 172, 240, 1)",
  "communication-background": "rgba(40, 156, 235, 1)",
  "text-on-communication-background": "rgba(0, 0, 0, .9)",
  "focus-border-color": "rgba(79, 172, 240, 1)",
  "status-error-text": "rgba(241, 112, 123, 1)",
  "status-error-background": "rgba(68, 39, 38, 1)",
  "status-warning-text": "rgba(252, 225, 0, 1)",
  "status-warning-background": "rgba(67, 53, 25, 1)",
  "status-success-background": "rgba(57, 61, 27, 1)",
};

export function themeData(theme: HostTheme): ThemeData {
  return { ...(theme === "dark" ? DARK : LIGHT) };
}
