/**
 * A labelled single-choice Dropdown whose value is controlled (it comes from the URL): the selection follows
 * `value`, and choosing calls `onChange` with the option's id ("" for "all").
 */
import * as React from "react";
import { Dropdown } from "azure-devops-ui/Dropdown";
import { IListBoxItem } from "azure-devops-ui/ListBox";
import { getSafeId } from "azure-devops-ui/Util";
import { DropdownSelection } from "azure-devops-ui/Utilities/DropdownSelection";
import { Option } from "./portfolio-model";

export interface FilterDropdownProps {
  id: string;
  label: string;
  options: Option[];
  value: string | undefined;
  onChange(value: string | undefined): void;
  width?: number;
}

// ListBox items need non-empty ids; "" (all) travels as this one.
const ALL = "__all";
const toItemId = (id: string) => (id === "" ? ALL : id);

function syncSelection(selection: DropdownSelection, options: Option[], value: string | undefined): void {
  const index = options.findIndex((o) => o.id === (value ?? ""));
  if (index >= 0) {
    if (!selection.selected(index)) selection.select(index);
  } else selection.clear();
}

export function FilterDropdown({ id, label, options, value, onChange, width }: FilterDropdownProps): JSX.Element {
  const [selection] = React.useState(() => {
    const s = new DropdownSelection();
    syncSelection(s, options, value);
    return s;
  });
  React.useEffect(() => syncSelection(selection, options, value), [selection, options, value]);
  const items = React.useMemo<IListBoxItem[]>(
    () => options.map((o) => ({ id: toItemId(o.id), text: o.text })),
    [options],
  );
  const labelId = `${id}-label`;
  return (
    <div className="qt-filter" style={width ? { width } : undefined}>
      {/* azure-devops-ui prefixes the ids it is given (getSafeId): the label's id must match what it writes. */}
      <span id={getSafeId(labelId)} className="qt-filter-label">
        {label}
      </span>
      <Dropdown
        ariaLabelledBy={labelId}
        className="qt-filter-dropdown"
        items={items}
        selection={selection}
        placeholder={options[0]?.text}
        onSelect={(_event, item) => onChange(item.id === ALL ? undefined : item.id)}
      />
    </div>
  );
}
