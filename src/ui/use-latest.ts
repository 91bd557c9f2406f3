import * as React from "react";

/**
 * A ref holding the value of the latest render, so an effect or callback can read it without depending on it: a
 * clock function, a callback prop or a draft that must not restart a read each time it changes identity.
 */
export function useLatest<T>(value: T): React.MutableRefObject<T> {
  const ref = React.useRef(value);
  ref.current = value;
  return ref;
}
