import * as React from "react";
import { Button } from "azure-devops-ui/Button";

/** A labelled group of toggle buttons (aria-pressed): one choice, keyboard-usable, no callout to open. */
export function ChoiceGroup<T extends string>(props: {
  label: string;
  choices: readonly { id: T; text: string }[];
  selected: T;
  onChange(id: T): void;
}): JSX.Element {
  return (
    <div className="qt-choice-group flex-row flex-center flex-wrap" role="group" aria-label={props.label}>
      <span className="qt-choice-label secondary-text" aria-hidden="true">
        {props.label}:
      </span>
      {props.choices.map((c) => (
        <Button
          key={c.id}
          text={c.text}
          subtle={c.id !== props.selected}
          primary={c.id === props.selected}
          ariaPressed={c.id === props.selected}
          onClick={() => props.onChange(c.id)}
        />
      ))}
    </div>
  );
}
