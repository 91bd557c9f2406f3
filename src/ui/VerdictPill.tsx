/**
 * A verdict as a pill: text, a symbol and a colour, so it never relies on colour alone. The colour is the pill's
 * solid fill in both themes, and the library picks white or black text for it: each fill keeps that text at 4.5:1 or
 * more (WCAG AA; white on the grey is 5.5, on the green 5.4, on the red 4.5, black on the amber 8.9).
 */
import * as React from "react";
import { Pill, PillSize, PillVariant } from "azure-devops-ui/Pill";
import { IColor } from "azure-devops-ui/Utilities/Color";
import { VERDICT_LABELS, Verdict } from "../core/assessment";

const VERDICT_STYLE: Readonly<Record<Verdict, { color: IColor; glyph: string }>> = {
  "cannot-assess": { color: { red: 105, green: 105, blue: 105 }, glyph: "?" },
  "not-ready": { color: { red: 205, green: 74, blue: 69 }, glyph: "✕" },
  "ready-to-submit": { color: { red: 214, green: 160, blue: 0 }, glyph: "◔" },
  "exit-criteria-met": { color: { red: 16, green: 124, blue: 16 }, glyph: "✓" },
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
