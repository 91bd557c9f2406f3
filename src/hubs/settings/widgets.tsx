/** Small labelled inputs shared by the settings sections: every control has a visible label and its errors. */
import * as React from "react";
import { FormItem } from "azure-devops-ui/FormItem";
import { TextField } from "azure-devops-ui/TextField";
import { SettingsError } from "../../core/validate-settings";
import "../../ui/visually-hidden.css";

let nextId = 0;
export function useId(prefix: string): string {
  const ref = React.useRef<string>("");
  if (ref.current === "") ref.current = `${prefix}-${++nextId}`;
  return ref.current;
}

/** The errors at `path` or below it. */
export function errorsAt(errors: readonly SettingsError[], path: string): SettingsError[] {
  return errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`));
}

export function ErrorText(props: { errors: readonly SettingsError[]; warning?: boolean }): JSX.Element | null {
  if (props.errors.length === 0) return null;
  return (
    <ul className={props.warning ? "sh-field-warnings" : "sh-field-errors"}>
      {props.errors.map((e, i) => (
        <li key={i}>
          {e.message} <span className="sh-fix">{e.fix}</span>
        </li>
      ))}
    </ul>
  );
}

export function Text(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors?: readonly SettingsError[];
  placeholder?: string;
  hideLabel?: boolean;
  multiline?: boolean;
  rows?: number;
  className?: string;
}): JSX.Element {
  const errors = props.errors ?? [];
  const id = useId("sh-text");
  if (props.hideLabel) {
    return (
      <div className={props.className}>
        <TextField
          inputId={id}
          ariaLabel={props.label}
          value={props.value}
          placeholder={props.placeholder}
          onChange={(_, v) => props.onChange(v)}
          ariaInvalid={errors.length > 0}
          multiline={props.multiline}
          rows={props.rows}
        />
        <ErrorText errors={errors} />
      </div>
    );
  }
  return (
    <FormItem label={props.label} error={errors.length > 0} className={props.className}>
      <TextField
        inputId={id}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(_, v) => props.onChange(v)}
        ariaInvalid={errors.length > 0}
        ariaLabel={props.label}
        multiline={props.multiline}
        rows={props.rows}
      />
      <ErrorText errors={errors} />
    </FormItem>
  );
}

export interface Option {
  value: string;
  text: string;
}

/** A native select (keyboard and screen-reader behaviour for free), themed like the library's inputs. */
export function Select(props: {
  label: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
  errors?: readonly SettingsError[];
  hideLabel?: boolean;
  testId?: string;
}): JSX.Element {
  const id = useId("sh-select");
  const errors = props.errors ?? [];
  const options = props.options.some((o) => o.value === props.value)
    ? props.options
    : [{ value: props.value, text: props.value === "" ? "(none)" : `${props.value} (not found)` }, ...props.options];
  return (
    <div className="sh-select">
      <label htmlFor={id} className={props.hideLabel ? "qt-visually-hidden" : "sh-label"}>
        {props.label}
      </label>
      <select
        id={id}
        data-testid={props.testId}
        value={props.value}
        aria-invalid={errors.length > 0}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
      <ErrorText errors={errors} />
    </div>
  );
}

export function Pill(props: { tone: "good" | "bad" | "warn" | "info"; children: React.ReactNode }): JSX.Element {
  return <span className={`sh-pill sh-pill-${props.tone}`}>{props.children}</span>;
}
