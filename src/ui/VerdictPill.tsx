/**
 * A verdict as a pill: text, a symbol and a colour, so it never relies on colour alone. The colour is a tint the
 * pill blends over the theme's background, so it reads in light and dark themes.
 */
import * as React from "react";
import { Pill, PillSize, PillVariant } from "azure-devops-ui/Pill";
import { IColor } from "azure-devops-ui/Utilities/Color";
import { VERDICT_LABELS, Verdict } from "../core/assessment";

const VERDICT_STYLE: Readonly<Record<Verdict, { color: IColor; glyph: string }>> = {
  "cannot-assess": { color: { red: 128, green: 128, blue: 128 }, glyph: "?" },
  "not-ready": { color: { red: 205, green: 74, blue: 69 }, glyph: "✕" },
  "ready-to-submit": { color: { red: 214, green: 160, blue: 0 }, glyph: "◔" },
  "exit-criteria-met": { color: { red: 52, green: 147, blue: 67 }, glyph: "✓" },
};

export interface VerdictPillProps {
  verdict: Verdict;
  size?: PillSize;
  className?: string;
}

export function VerdictPill({ verdict, size, className }: VerdictPillProps): JSX.Element {
  const style = VERDICT_STYLE[verdict];
  return (
    <Pill
      className={`qt-verdict-pill qt-verdict-${verdict}${className ? ` ${className}` : ""}`}
      color={style.color}
      variant={PillVariant.colored}
      size={size ?? PillSize.compact}
    >
      {/* A shape as well as a colour; a plain character, as the icon font's subset lacks status glyphs. */}
      <span className="qt-verdict-glyph" aria-hidden="true">
        {style.glyph}
      </span>
      {VERDICT_LABELS[verdict]}
    </Pill>
  );
}
